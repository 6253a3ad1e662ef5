"""WinNAT cmdlets: New/Get/Set/Remove-NetNat, Get/Set-NetNatGlobal, Get-NetNatSession."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, Example, Impact, Param
from netnat.cmdlets.common import (
    apply_change,
    check_local,
    cim_not_found,
    input_source,
    select,
    win32_error,
)
from netnat.model import ipam, present
from netnat.model.enums import FilteringBehaviorType, HairpinningMode
from netnat.model.objects import NetNat, NetNatGlobal
from netnat.record import replace

QUERY, INPUT = "Query (cdxml)", "InputObject (cdxml)"
NAT_OBJECTS = t.objects("Microsoft.Management.Infrastructure.CimInstance[]", "MSFT_NetNat")
# [inf] ShouldProcess texts: only Remove-NetNat's prompt body was observed (spec §1.2)
SP_NEW = "Performing operation Create on Target {name} PolicyStore Local"
SP_SET = "Performing operation Modify on Target {name} PolicyStore Local"
SP_REMOVE = "Performing operation Delete on Target {name} PolicyStore Local"
SP_GLOBAL = "Performing operation Modify on Target NetNatGlobal PolicyStore Local"


def _nats(ctx: CmdletContext, bound: Bound) -> list[NetNat]:
    """NATs named by -Name (wildcards allowed) or given as -InputObject."""
    if bound.has("InputObject"):
        return input_source(bound, "InputObject", NetNat)
    return select(
        ctx,
        bound,
        ctx.state.nats,
        bound.strs("Name"),
        lambda n: n.Name,
        lambda name: cim_not_found(bound, "MSFT_NetNat", "Name", name),
    )


def new_netnat(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    name = str(bound.get("Name"))
    internal = bound.str_("InternalIPInterfaceAddressPrefix") or ""
    external = bound.str_("ExternalIPInterfaceAddressPrefix") or ""
    nat = NetNat(
        Name=name,
        InternalIPInterfaceAddressPrefix=internal,
        ExternalIPInterfaceAddressPrefix=external,
        InternalRoutingDomainId=bound.str_("InternalRoutingDomainId") or "",
    )
    if not ctx.should_process(SP_NEW.format(name=name)):
        return
    for prefix in (internal, external):
        if prefix and ipam.parse_prefix(prefix) is None:
            ctx.write_error(win32_error(bound, 87, "MSFT_NetNat"))
            return
    if apply_change(ctx, bound, ctx.state.with_(nats=(*ctx.state.nats, nat))):
        yield present.netnat(nat)


def get_netnat(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for nat in _nats(ctx, bound):
        yield present.netnat(nat)


SETTABLE = (
    "IcmpQueryTimeout",
    "TcpEstablishedConnectionTimeout",
    "TcpTransientConnectionTimeout",
    "TcpFilteringBehavior",
    "UdpFilteringBehavior",
    "UdpIdleSessionTimeout",
    "UdpInboundRefresh",
)


def set_netnat(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    changes = {k: bound.get(k) for k in SETTABLE if bound.has(k)}
    for nat in _nats(ctx, bound):
        if not ctx.should_process(SP_SET.format(name=nat.Name)):
            continue
        current = ctx.state.nat(nat.Name) or nat
        changed = replace(current, **changes)
        nats = tuple(changed if n is current else n for n in ctx.state.nats)
        if apply_change(ctx, bound, ctx.state.with_(nats=nats)) and bound.flag("PassThru"):
            yield present.netnat(changed)


def remove_netnat(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Removes the NAT with its mappings and external addresses; switches and IPs stay."""
    check_local(bound)
    for nat in _nats(ctx, bound):
        if not ctx.should_process(SP_REMOVE.format(name=nat.Name)):
            continue
        key = nat.Name.lower()
        state = ctx.state
        ctx.state = state.with_(
            nats=tuple(n for n in state.nats if n.Name.lower() != key),
            mappings=tuple(m for m in state.mappings if m.NatName.lower() != key),
            external_addresses=tuple(
                e for e in state.external_addresses if e.NatName.lower() != key
            ),
        )
        if bound.flag("PassThru"):
            yield present.netnat(nat)


def get_netnatglobal(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    yield present.nat_global(ctx.state.nat_global)


def set_netnatglobal(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    if not ctx.should_process(SP_GLOBAL):
        return
    mode = bound.get("InterRoutingDomainHairpinningMode")
    assert isinstance(mode, HairpinningMode)
    new = NetNatGlobal(InterRoutingDomainHairpinningMode=mode)
    ctx.state = ctx.state.with_(nat_global=new)
    if bound.flag("PassThru"):
        yield present.nat_global(new)


def get_netnatsession(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for nat in ctx.state.nats:
        yield from ctx.nat_sessions(nat)


def _name(mandatory: bool, sets: tuple[str, ...] = ()) -> Param:
    return Param(
        "Name",
        t.STRING_ARRAY,
        position=0,
        mandatory=mandatory,
        sets=sets,
        by_property_name=True,
        help="The name of the NAT (wildcards allowed).",
    )


def _input(sets: tuple[str, ...], mandatory: bool = True) -> Param:
    return Param("InputObject", NAT_OBJECTS, mandatory=mandatory, sets=sets, by_value=True)


_PASSTHRU = Param("PassThru", t.SWITCH, help="Output the affected object.")
_U32 = t.UINT32
CMDLETS = (
    Cmdlet(
        "New-NetNat",
        new_netnat,
        (
            Param("Name", t.STRING, position=0, mandatory=True, help="The name of the new NAT."),
            Param("ExternalIPInterfaceAddressPrefix", t.STRING),
            Param(
                "InternalIPInterfaceAddressPrefix",
                t.STRING,
                help="The internal prefix the NAT translates, e.g. 192.168.0.0/24.",
            ),
            Param("InternalRoutingDomainId", t.STRING),
        ),
        should_process=True,
        changes_state=True,
        synopsis="Creates a NAT object (WinNAT) that translates an internal prefix.",
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24",
                "Creates the NAT that the VMs behind the VMNAT switch share.",
            ),
        ),
        output_type="MSFT_NetNat",
    ),
    Cmdlet(
        "Get-NetNat",
        get_netnat,
        (_name(False),),
        synopsis="Gets the NAT objects of the host.",
        examples=(Example("Get-NetNat"), Example('Get-NetNat -Name "VM*"')),
        output_type="MSFT_NetNat",
    ),
    Cmdlet(
        "Set-NetNat",
        set_netnat,
        (
            _name(True, (QUERY,)),
            _input((INPUT,)),
            Param("IcmpQueryTimeout", _U32),
            Param("TcpEstablishedConnectionTimeout", _U32),
            Param("TcpTransientConnectionTimeout", _U32),
            Param("TcpFilteringBehavior", t.enum_of(FilteringBehaviorType)),
            Param("UdpFilteringBehavior", t.enum_of(FilteringBehaviorType)),
            Param("UdpIdleSessionTimeout", _U32),
            Param("UdpInboundRefresh", t.BOOL),
            _PASSTHRU,
        ),
        default_set=QUERY,
        should_process=True,
        changes_state=True,
        synopsis="Changes the timeouts and filtering of a NAT.",
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
                "Set-NetNat -Name VMNAT -UdpIdleSessionTimeout 300"
            ),
        ),
        output_type="MSFT_NetNat",
    ),
    Cmdlet(
        "Remove-NetNat",
        remove_netnat,
        (_name(False, (QUERY,)), _input((INPUT,)), _PASSTHRU),
        default_set=QUERY,
        should_process=True,
        confirm_impact=Impact.HIGH,
        changes_state=True,
        synopsis="Removes NAT objects (all of them when no name is given); switches and "
        "addresses stay.",
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
                "Remove-NetNat -Name VMNAT -Confirm:$false"
            ),
            Example("Get-NetNat | Remove-NetNat -Confirm:$false"),
        ),
        output_type="MSFT_NetNat",
    ),
    Cmdlet(
        "Get-NetNatGlobal",
        get_netnatglobal,
        synopsis="Gets the host's global NAT settings.",
        examples=(Example("Get-NetNatGlobal"),),
        output_type="MSFT_NetNatGlobal",
    ),
    Cmdlet(
        "Set-NetNatGlobal",
        set_netnatglobal,
        (
            Param("InterRoutingDomainHairpinningMode", t.enum_of(HairpinningMode), mandatory=True),
            Param(
                "InputObject",
                t.objects("Microsoft.Management.Infrastructure.CimInstance[]", "MSFT_NetNatGlobal"),
                by_value=True,
            ),
            _PASSTHRU,
        ),
        should_process=True,
        changes_state=True,
        synopsis="Changes the host's global NAT settings.",
        examples=(Example("Set-NetNatGlobal -InterRoutingDomainHairpinningMode Local"),),
        output_type="MSFT_NetNatGlobal",
    ),
    Cmdlet(
        "Get-NetNatSession",
        get_netnatsession,
        observes=True,
        synopsis="Gets the live translated connections of the NATs (from the backend).",
        examples=(Example("Get-NetNatSession"),),
        output_type="MSFT_NetNatSession",
    ),
)
