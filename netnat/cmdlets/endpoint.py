"""netnat's own cmdlets for who holds which address on a shared NAT.

Container endpoints (Add/Get/Remove-ContainerNetworkEndpoint): what `docker run --network`
does through HNS, a container attached to a network with an address from its pool; on
`linux` a veth pair into the network namespace `nnc-<container>`. VM guest addresses
(Add/Get/Remove-VMGuestIPAddress): what an admin configured inside a VM, so that HNS never
hands it out and, in strict mode, VMs stay out of the container prefix (the blog's
"difference set")."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.common import input_source, name_matches, virtualization_error
from netnat.cmdlets.core_common import item_error
from netnat.errors import CmdletError
from netnat.model import hns, ipam, present_host
from netnat.model.containers import ContainerEndpoint, GuestAddress
from netnat.model.objects import VMNetworkAdapter

SP_ATTACH = 'Attach container "{container}" to container network "{network}".'
SP_DETACH = 'Detach container "{container}" from container network "{network}".'
SP_GUEST_ADD = 'Give address {ip} to VM "{vm}".'
SP_GUEST_REMOVE = 'Take address {ip} from VM "{vm}".'
_REFUSALS = {  # HnsError kind -> (error id, category)
    "exists": ("AddressInUse", "ResourceExists"),
    "attached": ("AlreadyAttached", "ResourceExists"),
    "parameter": ("InvalidArgument", "InvalidArgument"),
    "unspecified": ("PoolExhausted", "LimitsExceeded"),
}


def _error(bound: Bound, message: str, error_id: str, category: str, target: object) -> CmdletError:
    return item_error(bound, message, error_id, category, "ArgumentException", target)


# ---- container endpoints -----------------------------------------------------------------


def add_endpoint(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    container = str(bound.get("ContainerName"))
    network = str(bound.get("NetworkName"))
    if not hns.CONTAINER_NAME.fullmatch(container):
        message = (
            f"The container name '{container}' is not valid: use letters, digits, '_', '.' and "
            "'-', at most 63 characters, starting with a letter or digit."
        )
        ctx.write_error(
            _error(bound, message, "InvalidContainerName", "InvalidArgument", container)
        )
        return
    nets = hns.networks_named(ctx.state, network)
    if not nets:
        message = f"There is no container network named '{network}'."
        ctx.write_error(_error(bound, message, "NetworkNotFound", "ObjectNotFound", network))
        return
    if not ctx.should_process(SP_ATTACH.format(container=container, network=nets[0].Name)):
        return
    try:
        state, ep = hns.attach(ctx.state, container, nets[0], bound.str_("IPAddress") or "")
    except hns.HnsError as refused:
        error_id, category = _REFUSALS[refused.kind]
        message = refused.detail[:1].upper() + refused.detail[1:] + "."
        ctx.write_error(_error(bound, message, error_id, category, container))
        return
    ctx.state = state
    yield present_host.endpoint(ctx.state, ep)


def _endpoints(ctx: CmdletContext, bound: Bound) -> list[ContainerEndpoint]:
    if bound.has("InputObject"):
        return input_source(bound, "InputObject", ContainerEndpoint)
    containers = bound.strs("ContainerName")
    networks = bound.strs("NetworkName")
    found = []
    for ep in ctx.state.endpoints:
        net = hns.network_by_id(ctx.state, ep.NetworkId)
        net_name = net.Name if net else ""
        if containers is not None and not any(
            name_matches(c, ep.ContainerName) for c in containers
        ):
            continue
        if networks is not None and not any(name_matches(n, net_name) for n in networks):
            continue
        found.append(ep)
    return found


def get_endpoint(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    for ep in _endpoints(ctx, bound):
        yield present_host.endpoint(ctx.state, ep)


def remove_endpoint(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    found = _endpoints(ctx, bound)
    if not found and not bound.has("InputObject"):
        who = str(bound.get("ContainerName"))
        on = (
            f" on container network '{bound.get('NetworkName')}'"
            if bound.has("NetworkName")
            else ""
        )
        message = f"Container '{who}' has no endpoint{on}."
        ctx.write_error(_error(bound, message, "EndpointNotFound", "ObjectNotFound", who))
    for ep in found:
        net = hns.network_by_id(ctx.state, ep.NetworkId)
        text = SP_DETACH.format(container=ep.ContainerName, network=net.Name if net else "?")
        if ctx.should_process(text):
            ctx.state = hns.detach(ctx.state, ep)
    return iter(())


# ---- VM guest addresses ------------------------------------------------------------------


def _vm_nics(ctx: CmdletContext, bound: Bound) -> list[VMNetworkAdapter] | None:
    vm = str(bound.get("VMName"))
    nics = [v for v in ctx.state.vm_adapters if not v.IsManagementOs and name_matches(vm, v.VMName)]
    wanted = bound.str_("VMNetworkAdapterName")
    if wanted is not None:
        nics = [v for v in nics if name_matches(wanted, v.Name)]
    if not nics:
        ctx.write_error(
            virtualization_error(
                bound, f'Hyper-V was unable to find a virtual machine with name "{vm}".'
            )
        )
        return None
    return nics


def add_guest(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    nics = _vm_nics(ctx, bound)
    if nics is None:
        return
    nic, text = nics[0], str(bound.get("IPAddress"))
    parsed = ipam.parse_address(text)
    problem = hns.guest_conflict(ctx.state, text)
    if problem is not None or parsed is None:
        message = (
            f"The address {text} cannot be given to VM {nic.VMName}: {problem}. Give VMs "
            "addresses from the difference set of the shared prefix and the container prefix."
        )
        ctx.write_error(_error(bound, message, "AddressNotAvailable", "ResourceUnavailable", text))
        return
    length = bound.get("PrefixLength")
    guest = GuestAddress(
        nic.Id, str(parsed), length if isinstance(length, int) else _length(ctx, text)
    )
    if not ctx.should_process(SP_GUEST_ADD.format(ip=guest.IPAddress, vm=nic.VMName)):
        return
    ctx.state = ctx.state.with_(guest_addresses=(*ctx.state.guest_addresses, guest))
    yield present_host.guest_address(ctx.state, guest)


def _length(ctx: CmdletContext, address: str) -> int:
    """The prefix length of the NAT that holds the address (24 when none does)."""
    parsed = ipam.parse_address(address)
    for nat in ctx.state.nats:
        prefix = ipam.parse_prefix(nat.InternalIPInterfaceAddressPrefix)
        if prefix is not None and parsed is not None and ipam.contains(prefix, parsed):
            return prefix.prefixlen
    return 24


def _guests(ctx: CmdletContext, bound: Bound) -> list[GuestAddress]:
    vm = bound.str_("VMName")
    ips = bound.strs("IPAddress")
    labels = {v.Id: v.VMName for v in ctx.state.vm_adapters}
    return [
        g
        for g in hns.live_guest_addresses(ctx.state)
        if (vm is None or name_matches(vm, labels.get(g.AdapterId, "")))
        and (ips is None or g.IPAddress in ips)
    ]


def get_guest(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    for guest in _guests(ctx, bound):
        yield present_host.guest_address(ctx.state, guest)


def remove_guest(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    if _vm_nics(ctx, bound) is None:
        return iter(())
    for guest in _guests(ctx, bound):
        vm = hns.vm_label(ctx.state, guest)
        if ctx.should_process(SP_GUEST_REMOVE.format(ip=guest.IPAddress, vm=vm)):
            ctx.state = ctx.state.with_(
                guest_addresses=tuple(g for g in ctx.state.guest_addresses if g != guest)
            )
    return iter(())


# ---- declarations ------------------------------------------------------------------------

_OWN = CmdletKind.FUNCTION
_ENDPOINTS = t.objects("NetNat.ContainerNetworkEndpoint[]", "ContainerNetworkEndpoint")
_CONTAINER = Param(
    "ContainerName",
    t.STRING,
    position=0,
    mandatory=True,
    help="The container (on linux: the network namespace nnc-<name>).",
)
_NETWORK = Param("NetworkName", t.STRING, position=1, mandatory=True, help="The network's name.")
_VM = Param("VMName", t.STRING, position=0, mandatory=True, help="The VM (its adapters).")
_ADAPTER = Param(
    "VMNetworkAdapterName", t.STRING, help="One of the VM's adapters (default: the first)."
)
CMDLETS = (
    Cmdlet(
        "Add-ContainerNetworkEndpoint",
        add_endpoint,
        (
            _CONTAINER,
            _NETWORK,
            Param("IPAddress", t.STRING, help="A given address (default: the pool's next)."),
        ),
        kind=_OWN,
        should_process=True,
        changes_state=True,
        synopsis="netnat's own: attaches a container to a network with an address from its "
        "pool (on linux: a veth pair into the namespace nnc-<container>).",
        examples=(
            Example(
                "New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 192.168.1.0/24\n"
                "Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat"
            ),
        ),
        output_type="ContainerNetworkEndpoint",
    ),
    Cmdlet(
        "Get-ContainerNetworkEndpoint",
        get_endpoint,
        (
            Param(
                "ContainerName", t.STRING_ARRAY, position=0, help="Containers (wildcards allowed)."
            ),
            Param("NetworkName", t.STRING_ARRAY, help="Networks (wildcards allowed)."),
        ),
        kind=_OWN,
        synopsis="netnat's own: lists container endpoints: who holds which address.",
        examples=(Example("Get-ContainerNetworkEndpoint"),),
        output_type="ContainerNetworkEndpoint",
    ),
    Cmdlet(
        "Remove-ContainerNetworkEndpoint",
        remove_endpoint,
        (
            Param("ContainerName", t.STRING, position=0, mandatory=True, sets=("Name",)),
            Param("NetworkName", t.STRING, position=1, sets=("Name",)),
            Param("InputObject", _ENDPOINTS, mandatory=True, sets=("InputObject",), by_value=True),
        ),
        kind=_OWN,
        default_set="Name",
        should_process=True,
        changes_state=True,
        synopsis="netnat's own: detaches a container from its networks (or one network); the "
        "address goes back to the pool.",
        examples=(Example("Get-ContainerNetworkEndpoint | Remove-ContainerNetworkEndpoint"),),
    ),
    Cmdlet(
        "Add-VMGuestIPAddress",
        add_guest,
        (
            _VM,
            Param("IPAddress", t.STRING, position=1, mandatory=True),
            Param("PrefixLength", t.BYTE),
            _ADAPTER,
        ),
        kind=_OWN,
        should_process=True,
        changes_state=True,
        synopsis="netnat's own: records the address an admin set inside a VM; refused when a "
        "host, container or VM holds it, or (strict) when it is in a container prefix.",
        examples=(
            Example(
                "New-VMSwitch -SwitchName VMs -SwitchType Internal\n"
                "Add-VMNetworkAdapter -VMName web1 -SwitchName VMs\n"
                "Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10 -PrefixLength 16"
            ),
        ),
        output_type="VMGuestIPAddress",
    ),
    Cmdlet(
        "Get-VMGuestIPAddress",
        get_guest,
        (Param("VMName", t.STRING, position=0), Param("IPAddress", t.STRING_ARRAY)),
        kind=_OWN,
        synopsis="netnat's own: lists the addresses admins gave to VMs.",
        examples=(Example("Get-VMGuestIPAddress"),),
        output_type="VMGuestIPAddress",
    ),
    Cmdlet(
        "Remove-VMGuestIPAddress",
        remove_guest,
        (_VM, Param("IPAddress", t.STRING_ARRAY, position=1), _ADAPTER),
        kind=_OWN,
        should_process=True,
        changes_state=True,
        synopsis="netnat's own: forgets addresses of a VM (all of them without -IPAddress).",
        examples=(
            Example(
                "New-VMSwitch -SwitchName VMs -SwitchType Internal\n"
                "Add-VMNetworkAdapter -VMName web1 -SwitchName VMs\n"
                "Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10 | Out-Null\n"
                "Remove-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10"
            ),
        ),
    ),
)
