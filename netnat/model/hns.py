"""HNS: container networks and endpoints, and the IPAM that hands out their addresses.

A NAT network is an internal switch (same Id as the network) whose host vNIC carries the
gateway, plus a NetNat over the network's prefix. Addresses come from the prefix in order,
gateway first, never one that a host adapter, a container or a VM already holds.
"""

from __future__ import annotations

import re

from netnat.model import hostops, ipam
from netnat.model.containers import ContainerEndpoint, ContainerNetwork, GuestAddress, NetworkMode
from netnat.model.enums import VMSwitchType
from netnat.model.objects import NetIPAddress, NetNat, VMSwitch
from netnat.model.state import Mode, RuleViolation, State
from netnat.record import dataclass, replace

# Docker's rule for container names; it also keeps them safe as network namespace names.
CONTAINER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")


class HnsError(Exception):
    """HNS refused: `kind` picks the Windows text (exists, parameter, unspecified; attached:
    a container already on that network)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    name: str
    mode: NetworkMode
    prefix: str = ""
    gateway: str = ""
    dns_servers: str = ""
    dns_suffix: str = ""
    adapter: str = ""


def nat_name(network_id: str) -> str:
    """The NetNat HNS creates for a NAT network (`NAT3A7C7061-...`, spec §4.2)."""
    return "NAT" + network_id.upper()


def networks_named(state: State, name: str) -> list[ContainerNetwork]:
    wanted = name.lower()
    return [n for n in state.container_networks if n.Name.lower() == wanted]


def network_by_id(state: State, network_id: str) -> ContainerNetwork | None:
    return next((n for n in state.container_networks if n.Id == network_id), None)


def endpoints_of(state: State, network: ContainerNetwork) -> list[ContainerEndpoint]:
    return [e for e in state.endpoints if e.NetworkId == network.Id]


# ---- networks ------------------------------------------------------------------------------


def create_network(state: State, spec: NetworkSpec) -> tuple[State, ContainerNetwork]:
    """A new network and everything it owns; HnsError when HNS would refuse."""
    net = ContainerNetwork(
        Id=hostops.new_guid(),
        Name=spec.name,
        Mode=spec.mode,
        DNSServers=spec.dns_servers,
        DNSSuffix=spec.dns_suffix,
        NetworkAdapterName=spec.adapter,
    )
    if spec.mode is NetworkMode.NAT:
        return _create_nat(state, net, spec)
    return _create_external(state, net, spec)


def _subnet(state: State, spec: NetworkSpec) -> tuple[str, str, int]:
    """(prefix, gateway, prefix length) for a new network, checked against the host."""
    prefix = ipam.parse_prefix(spec.prefix)
    if prefix is None or prefix.version != 4 or prefix.num_addresses < 4:
        raise HnsError("parameter", f"'{spec.prefix}' is not an IPv4 subnet prefix")
    gateway = ipam.parse_address(spec.gateway) if spec.gateway else next(prefix.hosts())
    if gateway is None or not ipam.contains(prefix, gateway) or gateway in _ends(prefix):
        raise HnsError("parameter", f"the gateway {spec.gateway} is not a host address of {prefix}")
    for other in state.container_networks:
        theirs = ipam.parse_prefix(other.SubnetPrefix)
        if theirs is not None and ipam.overlaps(prefix, theirs):
            raise HnsError("parameter", f"{prefix} overlaps network {other.Name} ({theirs})")
    if any(a.IPAddress == str(gateway) for a in state.addresses):
        raise HnsError("parameter", f"the gateway {gateway} is already on a host adapter")
    return str(prefix), str(gateway), prefix.prefixlen


def _ends(prefix: ipam.Network) -> tuple[ipam.Address, ipam.Address]:
    return prefix.network_address, prefix.broadcast_address


def _create_nat(
    state: State, net: ContainerNetwork, spec: NetworkSpec
) -> tuple[State, ContainerNetwork]:
    if state.settings.mode is Mode.STRICT and state.nats:
        raise HnsError("exists", f"NAT {state.nats[0].Name} already holds this host")
    prefix, gateway, length = _subnet(state, spec)
    switch = VMSwitch(Id=net.Id, Name=net.Name, SwitchType=VMSwitchType.Internal)
    new = hostops.add_vnic(state.with_(switches=(*state.switches, switch)), switch, net.Name)
    vnic = new.adapters[-1]
    address = NetIPAddress(IPAddress=gateway, InterfaceIndex=vnic.ifIndex, PrefixLength=length)
    net = replace(
        net,
        SubnetPrefix=prefix,
        GatewayAddress=gateway,
        SwitchId=switch.Id,
        NatName=nat_name(net.Id),
        SourceMac=vnic.MacAddress,
    )
    nat = NetNat(Name=net.NatName, InternalIPInterfaceAddressPrefix=prefix)
    new = new.with_(
        addresses=(*new.addresses, address),
        nats=(*new.nats, nat),
        container_networks=(*new.container_networks, net),
    )
    try:
        new.validate(state)
    except RuleViolation as broken:
        raise HnsError("parameter", broken.detail) from None
    return new, net


def _create_external(
    state: State, net: ContainerNetwork, spec: NetworkSpec
) -> tuple[State, ContainerNetwork]:
    """Transparent / L2Bridge / L2Tunnel: an External switch on the named physical adapter."""
    physical = state.adapter_by_alias(spec.adapter) if spec.adapter else None
    if physical is None or physical.VMNetworkAdapterId:
        raise HnsError("unspecified", f"no physical network adapter named '{spec.adapter}'")
    if any(s.NetAdapterName.lower() == physical.Name.lower() for s in state.switches):
        raise HnsError("unspecified", f"{physical.Name} is already bound to a virtual switch")
    prefix, gateway = "", ""
    if spec.prefix:
        prefix, gateway, _ = _subnet(state, spec)
    switch = VMSwitch(
        Id=net.Id,
        Name=net.Name,
        SwitchType=VMSwitchType.External,
        NetAdapterName=physical.Name,
        NetAdapterInterfaceDescription=physical.InterfaceDescription,
    )
    new = hostops.add_vnic(state.with_(switches=(*state.switches, switch)), switch, net.Name)
    vnic = new.adapters[-1]
    new = hostops.move_addresses(new, physical.ifIndex, vnic.ifIndex)
    net = replace(
        net,
        SubnetPrefix=prefix,
        GatewayAddress=gateway,
        SwitchId=switch.Id,
        NetworkAdapterName=physical.Name,
        SourceMac=vnic.MacAddress,
    )
    return new.with_(container_networks=(*new.container_networks, net)), net


def remove_network(state: State, net: ContainerNetwork) -> State:
    """Remove a network with its endpoints, its NetNat and its switch. A Transparent/L2
    network whose switch is gone cannot be removed (hcsshim issue #99)."""
    switch = state.switch(net.SwitchId) if net.SwitchId else None
    if switch is None and net.Mode is not NetworkMode.NAT:
        raise HnsError("parameter", f"the switch of network {net.Name} no longer exists")
    state = state.with_(
        container_networks=tuple(n for n in state.container_networks if n.Id != net.Id),
        endpoints=tuple(e for e in state.endpoints if e.NetworkId != net.Id),
    )
    if net.NatName:
        state = drop_nat(state, net.NatName)
    return hostops.remove_switch(state, switch) if switch is not None else state


def drop_nat(state: State, name: str) -> State:
    """Remove a NetNat with its static mappings and external addresses (as Remove-NetNat)."""
    key = name.lower()
    return state.with_(
        nats=tuple(n for n in state.nats if n.Name.lower() != key),
        mappings=tuple(m for m in state.mappings if m.NatName.lower() != key),
        external_addresses=tuple(e for e in state.external_addresses if e.NatName.lower() != key),
    )


# ---- IPAM ------------------------------------------------------------------------------------


def holders(state: State, prefix_text: str) -> dict[str, str]:
    """Every address in use inside a prefix -> who holds it (host adapter, container, VM)."""
    prefix = ipam.parse_prefix(prefix_text)
    if prefix is None:
        return {}
    found: dict[str, str] = {}

    def take(address: str, holder: str) -> None:
        parsed = ipam.parse_address(address)
        if parsed is not None and ipam.contains(prefix, parsed):
            found.setdefault(str(parsed), holder)

    aliases = {a.ifIndex: a.Name for a in state.adapters}
    for ip in state.addresses:
        take(ip.IPAddress, f"host adapter {aliases.get(ip.InterfaceIndex, '?')}")
    for ep in state.endpoints:
        take(ep.IPAddress, f"container {ep.ContainerName}")
    for guest in live_guest_addresses(state):
        take(guest.IPAddress, f"VM {vm_label(state, guest)}")
    return found


def allocate(state: State, net: ContainerNetwork) -> str | None:
    """The next free address of a network's pool (None: the pool is used up)."""
    prefix = ipam.parse_prefix(net.SubnetPrefix)
    if prefix is None:
        return None
    taken = holders(state, net.SubnetPrefix)
    taken.setdefault(net.GatewayAddress, "gateway")
    return next((str(a) for a in ipam.free_addresses(prefix, taken)), None)


def attach(
    state: State, container: str, net: ContainerNetwork, wanted: str = ""
) -> tuple[State, ContainerEndpoint]:
    """A new endpoint of `container` on `net` with a pool address (or the `wanted` one)."""
    if not net.SubnetPrefix:
        raise HnsError("parameter", f"network {net.Name} has no subnet to take an address from")
    prefix = ipam.parse_prefix(net.SubnetPrefix)
    assert prefix is not None
    if any(e.ContainerName.lower() == container.lower() for e in endpoints_of(state, net)):
        raise HnsError("attached", f"container {container} is already on network {net.Name}")
    address = _requested(state, net, prefix, wanted) if wanted else allocate(state, net)
    if address is None:
        raise HnsError("unspecified", f"no free address is left in {net.SubnetPrefix}")
    endpoint_id = hostops.new_guid()
    endpoint = ContainerEndpoint(
        Id=endpoint_id,
        ContainerName=container,
        NetworkId=net.Id,
        IPAddress=address,
        PrefixLength=prefix.prefixlen,
        MacAddress=_mac(endpoint_id),
    )
    return state.with_(endpoints=(*state.endpoints, endpoint)), endpoint


def _requested(state: State, net: ContainerNetwork, prefix: ipam.Network, wanted: str) -> str:
    parsed = ipam.parse_address(wanted)
    if parsed is None or not ipam.contains(prefix, parsed) or parsed in _ends(prefix):
        raise HnsError("parameter", f"{wanted} is not a host address of {net.SubnetPrefix}")
    holder = holders(state, net.SubnetPrefix).get(str(parsed))
    if str(parsed) == net.GatewayAddress:
        holder = holder or "the gateway"
    if holder is not None:
        raise HnsError("exists", f"{parsed} is in use by {holder}")
    return str(parsed)


def _mac(endpoint_id: str) -> str:
    """A MAC from Hyper-V's 00-15-5D range, the last three octets from the endpoint's Id."""
    tail = endpoint_id.replace("-", "")[-6:].upper()
    return f"00-15-5D-{tail[0:2]}-{tail[2:4]}-{tail[4:6]}"


def detach(state: State, endpoint: ContainerEndpoint) -> State:
    return state.with_(endpoints=tuple(e for e in state.endpoints if e.Id != endpoint.Id))


# ---- VM addresses ----------------------------------------------------------------------------


def live_guest_addresses(state: State) -> list[GuestAddress]:
    """Guest addresses whose VM network adapter still exists."""
    nics = {v.Id for v in state.vm_adapters if not v.IsManagementOs}
    return [g for g in state.guest_addresses if g.AdapterId in nics]


def vm_label(state: State, guest: GuestAddress) -> str:
    nic = next((v for v in state.vm_adapters if v.Id == guest.AdapterId), None)
    return f"{nic.VMName} ({nic.Name})" if nic else "?"


def guest_conflict(state: State, address: str) -> str | None:
    """Why a VM may not take `address`: in use, or (strict) in a container network's pool."""
    parsed = ipam.parse_address(address)
    if parsed is None:
        return f"'{address}' is not an IP address"
    holder = holders(state, f"{parsed}/{parsed.max_prefixlen}").get(str(parsed))
    if holder is not None:
        return f"{parsed} is in use by {holder}"
    for net in state.container_networks:
        prefix = ipam.parse_prefix(net.SubnetPrefix)
        if prefix is None or not ipam.contains(prefix, parsed):
            continue
        if str(parsed) == net.GatewayAddress:
            return f"{parsed} is the gateway of network {net.Name}"
        if net.Mode is NetworkMode.NAT and state.settings.mode is Mode.STRICT:
            return (
                f"{parsed} is in {net.SubnetPrefix}, the pool from which HNS gives addresses to "
                f'the containers of network "{net.Name}"'
            )
    return None
