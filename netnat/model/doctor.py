"""The troubleshooter's checks (the blog's troubleshooting list and more): each finding names
the problem and the command that fixes it. Pure: the kernel's drift is added by the cmdlet."""

from __future__ import annotations

import ipaddress

from netnat.model import dockerd, hns, ipam, winhost
from netnat.model.containers import NetworkMode, ServiceStartMode, ServiceStatus
from netnat.model.enums import VMSwitchType
from netnat.model.objects import NetNat
from netnat.model.state import Mode, State
from netnat.record import dataclass

PRIVATE = ("192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8")


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    problem: str
    fix: str


def findings(state: State) -> list[Finding]:
    """Every problem found in the store, in the blog's order."""
    return [
        *_multiple_nats(state),
        *_duplicate_switches(state),
        *_container_nat_networks(state),
        *_stale_gateways(state),
        *_host_overlap(state),
        *_collisions(state),
        *_orphan_mappings(state),
        *_networks_without_switch(state),
        *_docker_start(state),
    ]


def _multiple_nats(state: State) -> list[Finding]:
    if len(state.nats) < 2 or state.settings.mode is not Mode.STRICT:
        return []
    names = ", ".join(n.Name for n in state.nats)
    fix = "; ".join(f"Remove-NetNat -Name {n.Name} -Confirm:$false" for n in state.nats[1:])
    problem = f"There are {len(state.nats)} NATs ({names}); WinNAT allows one per host."
    return [Finding("MultipleNats", problem, fix)]


def _duplicate_switches(state: State) -> list[Finding]:
    found: list[Finding] = []
    seen: dict[str, int] = {}
    for sw in state.switches:
        seen[sw.Name.lower()] = seen.get(sw.Name.lower(), 0) + 1
    for sw in state.switches:
        count = seen.pop(sw.Name.lower(), 0)
        if count > 1:
            problem = f"There are {count} virtual switches named '{sw.Name}'."
            fix = f"Get-VMSwitch -Name '{sw.Name}' | Select-Object -Skip 1 | Remove-VMSwitch -Force"
            found.append(Finding("DuplicateSwitches", problem, fix))
    return found


def _container_nat_networks(state: State) -> list[Finding]:
    nets = [n for n in state.container_networks if n.Mode is NetworkMode.NAT]
    if len(nets) < 2:
        return []
    problem = (
        f"There are {len(nets)} container NAT networks ({', '.join(n.Name for n in nets)}), "
        "each with an internal switch; containers need one."
    )
    fix = (
        "Stop-Service docker; Get-ContainerNetwork | Remove-ContainerNetwork -Force; "
        "Start-Service docker"
    )
    return [Finding("MultipleNatNetworks", problem, fix)]


def _internal_vnics(state: State) -> dict[int, str]:
    """ifIndex -> alias of the host vNICs of Internal switches."""
    internal = {s.Id for s in state.switches if s.SwitchType is VMSwitchType.Internal}
    vnics = {v.Id for v in state.vm_adapters if v.IsManagementOs and v.SwitchId in internal}
    return {a.ifIndex: a.Name for a in state.adapters if a.VMNetworkAdapterId in vnics}


def _translated(state: State, address: ipam.Address) -> bool:
    for nat in state.nats:
        prefix = ipam.parse_prefix(nat.InternalIPInterfaceAddressPrefix)
        if prefix is not None and ipam.contains(prefix, address):
            return True
    return False


def _stale_gateways(state: State) -> list[Finding]:
    vnics = _internal_vnics(state)
    found = []
    for ip in state.addresses:
        alias = vnics.get(ip.InterfaceIndex)
        parsed = ipam.parse_address(ip.IPAddress)
        if alias is None or parsed is None or parsed.version != 4 or parsed.is_link_local:
            continue
        if not _translated(state, parsed):
            problem = (
                f"{alias} still has {ip.IPAddress}/{ip.PrefixLength}, which no NAT translates "
                "(the gateway of an old NAT?)."
            )
            fix = (
                f"Remove-NetIPAddress -InterfaceAlias '{alias}' -IPAddress {ip.IPAddress} "
                "-Confirm:$false"
            )
            found.append(Finding("StaleGatewayAddress", problem, fix))
    return found


def _host_overlap(state: State) -> list[Finding]:
    found = []
    strict = state.settings.mode is Mode.STRICT
    for nat in state.nats[:1] if strict else state.nats:  # strict: the others are removed
        prefix = ipam.parse_prefix(nat.InternalIPInterfaceAddressPrefix)
        if prefix is None:
            continue
        for address in state.external_host_addresses():
            parsed = ipam.parse_address(address.IPAddress)
            if parsed is None or not ipam.contains(prefix, parsed):
                continue
            problem = (
                f"The internal prefix {prefix} of NAT {nat.Name} holds the host address "
                f"{address.IPAddress} (a roaming host joined a network inside the NAT's prefix)."
            )
            found.append(Finding("PrefixHoldsHostAddress", problem, _renumber(state, nat)))
            break
    return found


def _renumber(state: State, nat: NetNat) -> str:
    """Commands that move a NAT (and the gateway on its vNIC) to a free private prefix."""
    old = ipam.parse_prefix(nat.InternalIPInterfaceAddressPrefix)
    assert old is not None
    new = ipaddress.ip_network(free_prefix(state, nat, old.prefixlen), strict=False)
    steps = [f"Remove-NetNat -Name {nat.Name} -Confirm:$false"]
    vnics = _internal_vnics(state)
    for ip in state.addresses:
        parsed = ipam.parse_address(ip.IPAddress)
        alias = vnics.get(ip.InterfaceIndex)
        if alias is None or parsed is None or not ipam.contains(old, parsed):
            continue
        steps += [
            f"Remove-NetIPAddress -InterfaceAlias '{alias}' -IPAddress {ip.IPAddress} "
            "-Confirm:$false",
            f"New-NetIPAddress -InterfaceAlias '{alias}' -IPAddress {next(new.hosts())} "
            f"-PrefixLength {new.prefixlen}",
        ]
    steps.append(f"New-NetNat -Name {nat.Name} -InternalIPInterfaceAddressPrefix {new}")
    return "; ".join(steps)


def free_prefix(state: State, nat: NetNat, length: int) -> str:
    """A private prefix of `length` that holds no host address and overlaps no other NAT."""
    taken = [ipam.parse_address(a.IPAddress) for a in state.addresses]
    others = [ipam.parse_prefix(n.InternalIPInterfaceAddressPrefix) for n in state.nats if n != nat]
    for base_text in PRIVATE:
        base = ipaddress.ip_network(base_text)
        if length < base.prefixlen:
            continue
        for candidate in base.subnets(new_prefix=length):
            if any(a is not None and ipam.contains(candidate, a) for a in taken):
                continue
            if any(o is not None and ipam.overlaps(candidate, o) for o in others):
                continue
            return str(candidate)
    return "192.0.2.0/24"  # nothing free (TEST-NET-1 as the placeholder)


def _collisions(state: State) -> list[Finding]:
    found = []
    for ep in state.endpoints:
        others = [
            holder
            for address, holder in _all_holders(state, exclude=ep.Id)
            if address == ep.IPAddress
        ]
        if others:
            net = hns.network_by_id(state, ep.NetworkId)
            name = net.Name if net else "?"
            problem = f"Container {ep.ContainerName} and {others[0]} both have {ep.IPAddress}."
            fix = (
                f"Remove-ContainerNetworkEndpoint -ContainerName {ep.ContainerName} -NetworkName "
                f"{name}; Add-ContainerNetworkEndpoint -ContainerName {ep.ContainerName} "
                f"-NetworkName {name}"
            )
            found.append(Finding("AddressCollision", problem, fix))
    found += _vm_in_pool(state)
    return found


def _all_holders(state: State, exclude: str) -> list[tuple[str, str]]:
    aliases = {a.ifIndex: a.Name for a in state.adapters}
    held = [
        (ip.IPAddress, f"host adapter {aliases.get(ip.InterfaceIndex, '?')}")
        for ip in state.addresses
    ]
    held += [
        (e.IPAddress, f"container {e.ContainerName}") for e in state.endpoints if e.Id != exclude
    ]
    held += [(g.IPAddress, f"VM {hns.vm_label(state, g)}") for g in hns.live_guest_addresses(state)]
    return held


def _vm_in_pool(state: State) -> list[Finding]:
    found = []
    for guest in hns.live_guest_addresses(state):
        parsed = ipam.parse_address(guest.IPAddress)
        for net in state.container_networks:
            prefix = ipam.parse_prefix(net.SubnetPrefix)
            if net.Mode is not NetworkMode.NAT or prefix is None or parsed is None:
                continue
            if ipam.contains(prefix, parsed):
                vm = hns.vm_label(state, guest)
                problem = (
                    f"VM {vm} has {guest.IPAddress}, inside the container prefix {prefix} of "
                    f"network {net.Name}: VMs take addresses from the rest of the shared prefix."
                )
                name = vm.split(" (")[0]
                fix = f"Remove-VMGuestIPAddress -VMName {name} -IPAddress {guest.IPAddress}"
                found.append(Finding("AddressCollision", problem, fix))
    return found


def _orphan_mappings(state: State) -> list[Finding]:
    found = []
    for m in state.mappings:
        parsed = ipam.parse_address(m.InternalIPAddress)
        if parsed is not None and _translated(state, parsed):
            continue
        problem = (
            f"Static mapping {m.StaticMappingID} ({m.Protocol} {m.ExternalPort}) forwards to "
            f"{m.InternalIPAddress}, which is in no NAT's internal prefix."
        )
        fix = f"Remove-NetNatStaticMapping -StaticMappingID {m.StaticMappingID} -Confirm:$false"
        found.append(Finding("MappingOutsideNat", problem, fix))
    return found


def _networks_without_switch(state: State) -> list[Finding]:
    found = []
    for net in state.container_networks:
        if net.SwitchId and state.switch(net.SwitchId) is not None:
            continue
        problem = f"Container network {net.Name} has lost its switch; HNS drops it at restart."
        found.append(Finding("NetworkWithoutSwitch", problem, "Restart-Computer"))
    return found


def _docker_start(state: State) -> list[Finding]:
    docker = winhost.service(state, "docker")
    if docker is None or docker.Status is ServiceStatus.Running:
        return []
    if docker.StartType is ServiceStartMode.Disabled:
        return []
    try:
        dockerd.start(state)
    except dockerd.DaemonError as fatal:
        problem = f"The docker service would not start: {str(fatal).rstrip('.')}."
        fix = (
            "Set-DockerDaemon -Bridge none (no default nat network), or remove the NAT that "
            "holds the host: Get-NetNat | Remove-NetNat -Confirm:$false"
            if "HNS failed" in str(fatal)
            else "Set-DockerDaemon -Reset"
        )
        return [Finding("DockerWillNotStart", problem, fix)]
    return []
