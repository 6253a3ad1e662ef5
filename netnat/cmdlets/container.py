"""Containers module (TP5 / WS2016): New/Get/Remove-ContainerNetwork over HNS (spec §4.1).

A NAT network brings an internal switch, the gateway on its host vNIC and a NetNat; removing
the network removes all three. HNS errors are VirtualizationExceptions with Windows' texts.
"""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Impact, Param
from netnat.cmdlets.common import check_local, input_source, name_matches, virtualization_error
from netnat.errors import CmdletError
from netnat.model import hns, present_host
from netnat.model.containers import ContainerNetwork, NetworkMode
from netnat.model.dockerd import DEFAULT_NETWORK_SPACE
from netnat.record import replace

NS = "Microsoft.Containers.PowerShell.Cmdlets."
NETWORK_OBJECTS = t.objects(
    "Microsoft.Containers.PowerShell.Objects.ContainerNetwork[]", "ContainerNetwork"
)
SP_NEW = 'New-ContainerNetwork will create a new container network "{name}".'  # [inf]
SP_REMOVE = 'Remove-ContainerNetwork will remove the container network "{name}".'  # [obs]
# HNS failure kind -> the message Windows prints ([obs]: docker/for-win #178, hcsshim #95, #99)
HNS_MESSAGES = {
    "exists": "Object already exists",
    "parameter": "The parameter is incorrect.",
    "unspecified": "Unspecified error",
}


def hns_error(bound: Bound, failure: hns.HnsError) -> CmdletError:
    """`OperationFailed,Microsoft.Containers.PowerShell.Cmdlets.<Class>`, InvalidOperation."""
    return virtualization_error(
        bound, HNS_MESSAGES[failure.kind], error_id="OperationFailed", category="InvalidOperation"
    )


def find_networks(ctx: CmdletContext, bound: Bound) -> list[ContainerNetwork]:
    """Networks given as -InputObject, or named by -Name (wildcards; no match: nothing) [inf]."""
    if bound.has("InputObject"):
        return input_source(bound, "InputObject", ContainerNetwork)
    patterns = bound.strs("Name")
    if patterns is None:
        return list(ctx.state.container_networks)
    return [
        n for n in ctx.state.container_networks if any(name_matches(p, n.Name) for p in patterns)
    ]


def new_network(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    mode = bound.get("Mode", NetworkMode.NAT)
    assert isinstance(mode, NetworkMode)
    spec = hns.NetworkSpec(
        name=str(bound.get("Name")),
        mode=mode,
        prefix=(bound.strs("SubnetPrefix") or [""])[0],
        gateway=(bound.strs("GatewayAddress") or [""])[0],
        dns_servers=",".join(bound.strs("DNSServers") or []),
        dns_suffix=bound.str_("DNSSuffix") or "",
        adapter=bound.str_("NetworkAdapterName") or "",
    )
    if mode is NetworkMode.NAT and not spec.prefix:
        spec = replace(spec, prefix=DEFAULT_NETWORK_SPACE)  # TP5's default internal prefix
    if not ctx.should_process(SP_NEW.format(name=spec.name)):
        return
    try:
        state, net = hns.create_network(ctx.state, spec)
    except hns.HnsError as failed:
        ctx.write_verbose(f"HNS: {failed.detail}")
        ctx.write_error(hns_error(bound, failed))
        return
    ctx.state = state
    yield present_host.container_network(ctx.state, net)


def get_network(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for net in find_networks(ctx, bound):
        yield present_host.container_network(ctx.state, net)


def remove_network(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for net in find_networks(ctx, bound):
        current = hns.network_by_id(ctx.state, net.Id)
        if current is None:
            continue
        text = SP_REMOVE.format(name=current.Name)
        if not ctx.should_process(text, force=bound.flag("Force"), query=text):
            continue
        try:
            ctx.state = hns.remove_network(ctx.state, current)
        except hns.HnsError as failed:
            ctx.write_verbose(f"HNS: {failed.detail}")
            ctx.write_error(hns_error(bound, failed))
    return iter(())


_NAME_ARRAY = Param(
    "Name",
    t.STRING_ARRAY,
    position=0,
    sets=("Name",),
    by_property_name=True,
    help="Network names (wildcards allowed).",
)
_INPUT = Param("InputObject", NETWORK_OBJECTS, mandatory=True, sets=("InputObject",), by_value=True)
_BIN = CmdletKind.BINARY
CMDLETS = (
    Cmdlet(
        "New-ContainerNetwork",
        new_network,
        (
            Param("Name", t.STRING, position=0, mandatory=True, help="The network's name."),
            Param(
                "Mode",
                t.enum_of(NetworkMode),
                help="NAT (an internal switch and a NetNat), Transparent, L2Bridge, L2Tunnel.",
            ),
            Param(
                "SubnetPrefix",
                t.STRING_ARRAY,
                help="The prefix HNS hands container addresses out of (gateway first).",
            ),
            Param("GatewayAddress", t.STRING_ARRAY),
            Param("DNSServers", t.STRING_ARRAY),
            Param("DNSSuffix", t.STRING),
            Param(
                "NetworkAdapterName",
                t.STRING,
                help="The physical adapter a Transparent/L2 network binds.",
            ),
            Param("ComputerName", t.STRING_ARRAY),
        ),
        kind=_BIN,
        dotnet_class=NS + "NewContainerNetwork",
        should_process=True,
        changes_state=True,
        synopsis="Creates a container network; NAT mode brings an internal switch and a NetNat "
        "(one NAT network per host in strict mode).",
        examples=(
            Example(
                "New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 192.168.1.0/24",
                "The blog's container network: switch nat, gateway 192.168.1.1, a NetNat.",
            ),
        ),
        output_type="ContainerNetwork",
    ),
    Cmdlet(
        "Get-ContainerNetwork",
        get_network,
        (_NAME_ARRAY, Param("ComputerName", t.STRING_ARRAY)),
        kind=_BIN,
        dotnet_class=NS + "GetContainerNetwork",
        default_set="Name",
        synopsis="Gets the container (HNS) networks; `Endpoints` lists who holds which address.",
        examples=(
            Example("Get-ContainerNetwork"),
            Example("Get-ContainerNetwork | Format-List Name, SubnetPrefix, Gateways, Endpoints"),
        ),
        output_type="ContainerNetwork",
    ),
    Cmdlet(
        "Remove-ContainerNetwork",
        remove_network,
        (
            Param(
                "Name",
                t.STRING_ARRAY,
                position=0,
                mandatory=True,
                sets=("Name",),
                by_property_name=True,
            ),
            _INPUT,
            Param("Force", t.SWITCH, help="Do not ask for confirmation."),
            Param("ComputerName", t.STRING_ARRAY),
        ),
        kind=_BIN,
        dotnet_class=NS + "RemoveContainerNetwork",
        default_set="Name",
        should_process=True,
        confirm_impact=Impact.HIGH,
        changes_state=True,
        synopsis="Removes container networks with their switch, NetNat and endpoints; asks "
        "unless -Force.",
        examples=(Example("Get-ContainerNetwork | Remove-ContainerNetwork -Force"),),
    ),
)
