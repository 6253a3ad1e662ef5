"""WinNAT static mappings and external addresses: Add/Get/Remove-NetNatStaticMapping and
Add/Get/Remove-NetNatExternalAddress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

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
from netnat.model.enums import Protocol
from netnat.model.objects import ZERO_ROUTING_DOMAIN, ExternalAddress, StaticMapping
from netnat.model.psobject import PSObject
from netnat.record import dataclass

QUERY, INPUT, BYNAME = "Query (cdxml)", "InputObject (cdxml)", "ByName"
CIM_ARRAY = "Microsoft.Management.Infrastructure.CimInstance[]"
# [inf] ShouldProcess texts for these cmdlets were not observed (spec §6)
SP_ADD_MAP = "Performing operation Create on Target {nat} {proto} {ext}:{port} PolicyStore Local"
SP_DEL_MAP = "Performing operation Delete on Target {nat} StaticMappingID {id} PolicyStore Local"
SP_ADD_EXT = "Performing operation Create on Target {nat} {ip} PolicyStore Local"
SP_DEL_EXT = "Performing operation Delete on Target {nat} ExternalAddressID {id} PolicyStore Local"


def _external_ip(text: str) -> str | None:
    """`0.0.0.0/24` is kept as `0.0.0.0` (observed); None when not an address."""
    address = ipam.parse_address(text.split("/", 1)[0])
    return None if address is None else str(address)


def _int(bound: Bound, name: str, default: int = 0) -> int:
    value = bound.get(name, default)
    return value if isinstance(value, int) else default


def add_mapping(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    nat_name = str(bound.get("NatName"))
    external = _external_ip(str(bound.get("ExternalIPAddress")))
    internal = ipam.parse_address(str(bound.get("InternalIPAddress")))
    remote = bound.str_("RemoteExternalIPAddressPrefix") or "0.0.0.0/0"
    port = _int(bound, "ExternalPort")
    protocol = bound.get("Protocol")
    assert isinstance(protocol, Protocol)
    text = SP_ADD_MAP.format(nat=nat_name, proto=protocol, ext=external, port=port)
    if not ctx.should_process(text):
        return
    nat = ctx.state.nat(nat_name)
    if nat is None or external is None or internal is None or ipam.parse_prefix(remote) is None:
        ctx.write_error(win32_error(bound, 87, "MSFT_NetNatStaticMapping"))  # [inf] no NAT
        return
    mapping_id, state = ctx.state.allocate("next_mapping_id")
    mapping = StaticMapping(
        StaticMappingID=mapping_id,
        NatName=nat.Name,
        Protocol=protocol,
        ExternalIPAddress=external,
        ExternalPort=port,
        InternalIPAddress=str(internal),
        InternalPort=_int(bound, "InternalPort", port),
        RemoteExternalIPAddressPrefix=remote,
        InternalRoutingDomainId=bound.str_("InternalRoutingDomainId") or ZERO_ROUTING_DOMAIN,
    )
    if apply_change(ctx, bound, state.with_(mappings=(*state.mappings, mapping))):
        yield present.static_mapping(mapping)


@dataclass(frozen=True)
class _Kind:
    """What Get-/Remove- of mappings and external addresses differ in."""

    attr: str  # the State field
    cls: type[StaticMapping] | type[ExternalAddress]
    id_param: str
    cim_class: str
    show: Callable[[Any], PSObject]
    delete_text: str

    def ident(self, item: Any) -> int:
        value: int = getattr(item, self.id_param)
        return value


MAPPINGS = _Kind(
    "mappings",
    StaticMapping,
    "StaticMappingID",
    "MSFT_NetNatStaticMapping",
    present.static_mapping,
    SP_DEL_MAP,
)
EXTERNALS = _Kind(
    "external_addresses",
    ExternalAddress,
    "ExternalAddressID",
    "MSFT_NetNatExternalAddress",
    present.external_address,
    SP_DEL_EXT,
)


def _chosen(ctx: CmdletContext, bound: Bound, kind: _Kind) -> list[Any]:
    """Items picked by -InputObject, or by -NatName and the id filter together."""
    if bound.has("InputObject"):
        return input_source(bound, "InputObject", kind.cls)
    chosen = select(
        ctx,
        bound,
        getattr(ctx.state, kind.attr),
        bound.strs("NatName"),
        lambda i: i.NatName,
        lambda name: cim_not_found(bound, kind.cim_class, "NatName", name),
    )
    ids = bound.ints(kind.id_param)
    if ids is None:
        return chosen
    wanted = set(ids)
    hits = [i for i in chosen if kind.ident(i) in wanted]
    for missing in sorted(wanted - {kind.ident(i) for i in hits}):
        ctx.write_error(cim_not_found(bound, kind.cim_class, kind.id_param, missing))
    return hits


def _get(kind: _Kind, ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for item in _chosen(ctx, bound, kind):
        yield kind.show(item)


def _remove(kind: _Kind, ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for item in _chosen(ctx, bound, kind):
        ident = kind.ident(item)
        if not ctx.should_process(kind.delete_text.format(nat=item.NatName, id=ident)):
            continue
        kept = tuple(x for x in getattr(ctx.state, kind.attr) if kind.ident(x) != ident)
        ctx.state = ctx.state.with_(**{kind.attr: kept})
        if bound.flag("PassThru"):
            yield kind.show(item)


get_mapping = partial(_get, MAPPINGS)
remove_mapping = partial(_remove, MAPPINGS)
get_external = partial(_get, EXTERNALS)
remove_external = partial(_remove, EXTERNALS)


def add_external(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    nat_name = str(bound.get("NatName"))
    address = ipam.parse_address(str(bound.get("IPAddress")))
    if not ctx.should_process(SP_ADD_EXT.format(nat=nat_name, ip=bound.get("IPAddress"))):
        return
    nat = ctx.state.nat(nat_name)
    start, end = _int(bound, "PortStart"), _int(bound, "PortEnd")
    if nat is None or address is None or start > end:
        ctx.write_error(win32_error(bound, 87, "MSFT_NetNatExternalAddress"))
        return
    ext_id, state = ctx.state.allocate("next_external_address_id")
    ext = ExternalAddress(ext_id, nat.Name, str(address), start, end)
    ctx.state = state.with_(external_addresses=(*state.external_addresses, ext))
    yield present.external_address(ext)


def _nat_name(mandatory: bool, sets: tuple[str, ...] = ()) -> Param:
    typ = t.STRING if mandatory else t.STRING_ARRAY
    return Param(
        "NatName",
        typ,
        position=0,
        mandatory=mandatory,
        sets=sets,
        by_property_name=not mandatory,
        help="The name of the NAT.",
    )


def _input(cim_class: str) -> Param:
    return Param(
        "InputObject", t.objects(CIM_ARRAY, cim_class), mandatory=True, sets=(INPUT,), by_value=True
    )


_PASSTHRU = Param("PassThru", t.SWITCH, help="Output the removed object.")
_MAP_IDS = Param("StaticMappingID", t.UINT32_ARRAY, sets=(QUERY,), by_property_name=True)
_EXT_IDS = Param("ExternalAddressID", t.UINT32_ARRAY, sets=(BYNAME,), by_property_name=True)
CMDLETS = (
    Cmdlet(
        "Add-NetNatStaticMapping",
        add_mapping,
        (
            _nat_name(True),
            Param("Protocol", t.enum_of(Protocol), mandatory=True),
            Param(
                "ExternalIPAddress",
                t.STRING,
                mandatory=True,
                help="The host address to listen on; 0.0.0.0 means any host address.",
            ),
            Param("ExternalPort", t.UINT16, mandatory=True),
            Param("InternalIPAddress", t.STRING, mandatory=True),
            Param("InternalPort", t.UINT16, help="Defaults to the external port."),
            Param("RemoteExternalIPAddressPrefix", t.STRING),
            Param("InternalRoutingDomainId", t.STRING),
        ),
        should_process=True,
        changes_state=True,
        synopsis="Forwards an external port of the host to an internal address and port.",
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
                "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0"
                " -ExternalPort 8080 -InternalIPAddress 192.168.0.10 -InternalPort 80",
                "Publishes the web server of a VM on port 8080 of every host address.",
            ),
        ),
        output_type="MSFT_NetNatStaticMapping",
    ),
    Cmdlet(
        "Get-NetNatStaticMapping",
        get_mapping,
        (_nat_name(False), Param("StaticMappingID", t.UINT32_ARRAY, by_property_name=True)),
        synopsis="Gets the static mappings of the NATs.",
        examples=(Example("Get-NetNatStaticMapping"),),
        output_type="MSFT_NetNatStaticMapping",
    ),
    Cmdlet(
        "Remove-NetNatStaticMapping",
        remove_mapping,
        (_MAP_IDS, _nat_name(False, (QUERY,)), _input("MSFT_NetNatStaticMapping"), _PASSTHRU),
        default_set=QUERY,
        should_process=True,
        confirm_impact=Impact.HIGH,  # [inf] same provider as Remove-NetNat
        changes_state=True,
        synopsis="Removes static mappings (all of them when nothing is named).",
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
                "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0"
                " -ExternalPort 8080 -InternalIPAddress 192.168.0.10 -InternalPort 80\n"
                "Remove-NetNatStaticMapping -NatName VMNAT -Confirm:$false"
            ),
        ),
        output_type="MSFT_NetNatStaticMapping",
    ),
    Cmdlet(
        "Add-NetNatExternalAddress",
        add_external,
        (
            _nat_name(True),
            Param("IPAddress", t.STRING, mandatory=True),
            Param("PortStart", t.UINT16),
            Param("PortEnd", t.UINT16),
        ),
        should_process=True,
        changes_state=True,
        synopsis="Adds an external address (and its port range) to a NAT.",
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
                "Add-NetNatExternalAddress -NatName VMNAT -IPAddress 10.10.50.20"
                " -PortStart 5000 -PortEnd 6000"
            ),
        ),
        output_type="MSFT_NetNatExternalAddress",
    ),
    Cmdlet(
        "Get-NetNatExternalAddress",
        get_external,
        (_nat_name(False), Param("ExternalAddressID", t.UINT32_ARRAY, by_property_name=True)),
        synopsis="Gets the external addresses of the NATs.",
        examples=(Example("Get-NetNatExternalAddress"),),
        output_type="MSFT_NetNatExternalAddress",
    ),
    Cmdlet(
        "Remove-NetNatExternalAddress",
        remove_external,
        (_EXT_IDS, _nat_name(False, (BYNAME,)), _input("MSFT_NetNatExternalAddress"), _PASSTHRU),
        default_set=BYNAME,
        should_process=True,
        confirm_impact=Impact.HIGH,  # [inf]
        changes_state=True,
        synopsis="Removes external addresses from NATs.",
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
                "Add-NetNatExternalAddress -NatName VMNAT -IPAddress 10.10.50.20\n"
                "Remove-NetNatExternalAddress -NatName VMNAT -Confirm:$false"
            ),
        ),
        output_type="MSFT_NetNatExternalAddress",
    ),
)
