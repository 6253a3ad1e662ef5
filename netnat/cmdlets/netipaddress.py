"""NetTCPIP and NetAdapter cmdlets: Get/New/Remove/Set-NetIPAddress, Get-NetIPInterface and
Get-NetAdapter."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, Example, Impact, Param
from netnat.cmdlets.common import (
    check_local,
    cim_not_found,
    cim_query_not_found,
    has_wildcard,
    input_source,
    name_matches,
    select,
    win32_error,
)
from netnat.errors import CmdletError, ErrorRecord
from netnat.model import ipam, present
from netnat.model.enums import (
    AddressFamily,
    AddressState,
    IPAddressType,
    PrefixOrigin,
    SuffixOrigin,
)
from netnat.model.objects import NetAdapter, NetIPAddress, NetRoute
from netnat.model.state import State
from netnat.record import replace

QUERY, INPUT = "Query (cdxml)", "InputObject (cdxml)"
BY_NAME, BY_ID, BY_IFINDEX = "ByName", "ByInstanceID", "ByIfIndex"
CIM_ARRAY = "Microsoft.Management.Infrastructure.CimInstance[]"
BY_ALIAS, BY_INDEX = "ByInterfaceAlias", "ByInterfaceIndex"
STORES = (
    ("Active", "ActiveStore", AddressState.Tentative),
    ("Persistent", "PersistentStore", AddressState.Invalid),
)
SP_ADDRESS = (
    'Performing operation "{verb}" on Target '
    '"NetIPAddress -{fam}Address {ip} -InterfaceIndex {idx} -Store {store}"'
)
SP_ROUTE = (
    'Performing operation "{verb}" on Target "NetRoute -DestinationPrefix {dest} '
    '-InterfaceIndex {idx} -NextHop {gw} -Store {store}"'
)


def _family(ip: str) -> str:
    return "IPv6" if ":" in ip else "IPv4"


def _sp(verb: str, ip: NetIPAddress, store: str) -> str:
    return SP_ADDRESS.format(
        verb=verb, fam=_family(ip.IPAddress), ip=ip.IPAddress, idx=ip.InterfaceIndex, store=store
    )


def _interface(ctx: CmdletContext, bound: Bound) -> NetAdapter | None:
    """The adapter -InterfaceAlias / -InterfaceIndex names."""
    if bound.has("InterfaceIndex"):
        index = int(bound.get("InterfaceIndex"))  # type: ignore[call-overload]
        adapter = ctx.state.adapter_by_index(index)
        prop, value = "InterfaceIndex", str(index)
    else:
        value = str(bound.get("InterfaceAlias"))
        adapter = ctx.state.adapter_by_alias(value)
        prop = "InterfaceAlias"
    if adapter is None:
        ctx.write_error(cim_not_found(bound, "MSFT_NetIPInterface", prop, value))  # [inf]
    return adapter


def _exists(bound: Bound) -> CmdletError:
    return CmdletError(
        ErrorRecord(
            message="Instance MSFT_NetIPAddress already exists",
            category="InvalidArgument",
            fqid=f"Windows System Error 87,{bound.cmdlet.name}",
            activity=bound.cmdlet.name,
            reason="CimException",
            target_name="MSFT_NetIPAddress",
            target_type="ROOT/StandardCimv2/MSFT_NetIPAddress",
        )
    )


def new_ipaddress(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    adapter = _interface(ctx, bound)
    if adapter is None:
        return
    parsed = ipam.parse_address(str(bound.get("IPAddress")))
    family = (
        AddressFamily.IPv6 if parsed is not None and parsed.version == 6 else AddressFamily.IPv4
    )
    length = bound.get("PrefixLength", 128 if family is AddressFamily.IPv6 else 32)
    assert isinstance(length, int)
    ip = NetIPAddress(
        IPAddress=str(parsed) if parsed else str(bound.get("IPAddress")),
        InterfaceIndex=adapter.ifIndex,
        PrefixLength=length,
        Type=bound.get("Type", IPAddressType.Unicast),  # type: ignore[arg-type]
        SkipAsSource=bool(bound.get("SkipAsSource", False)),
    )
    gateway = bound.str_("DefaultGateway")
    approved = [s for s in _stores(bound) if _approve(ctx, ip, s[0], gateway)]
    if not approved:
        return
    if (
        parsed is None
        or length > parsed.max_prefixlen
        or (gateway and ipam.parse_address(gateway) is None)
    ):
        ctx.write_error(win32_error(bound, 87, "MSFT_NetIPAddress"))
        return
    if any(a.IPAddress == ip.IPAddress for a in ctx.state.addresses):
        ctx.write_error(_exists(bound))
        return
    state = ctx.state.with_(addresses=(*ctx.state.addresses, ip))
    if gateway:
        dest = "::/0" if family is AddressFamily.IPv6 else "0.0.0.0/0"
        state = state.with_(routes=(*state.routes, NetRoute(dest, gateway, adapter.ifIndex)))
    ctx.state = state
    for _, store, addr_state in approved:
        yield present.ip_address(ctx.state, ip, store, addr_state)


def _stores(bound: Bound) -> list[tuple[str, str, AddressState]]:
    """-PolicyStore ActiveStore/PersistentStore limits the stores; default both."""
    wanted = (bound.str_("PolicyStore") or "").lower()
    return [s for s in STORES if not wanted or s[1].lower() == wanted]


def _approve(ctx: CmdletContext, ip: NetIPAddress, store: str, gateway: str | None) -> bool:
    ok = ctx.should_process(_sp("New", ip, store))
    if ok and gateway:
        dest = "::/0" if ":" in ip.IPAddress else "0.0.0.0/0"
        ok = ctx.should_process(
            SP_ROUTE.format(verb="New", dest=dest, idx=ip.InterfaceIndex, gw=gateway, store=store)
        )
    return ok


FILTERS: tuple[tuple[str, str, Callable[[State, NetIPAddress], object]], ...] = (
    ("IPAddress", "IPAddress", lambda s, ip: ip.IPAddress),
    ("InterfaceIndex", "InterfaceIndex", lambda s, ip: ip.InterfaceIndex),
    ("InterfaceAlias", "InterfaceAlias", lambda s, ip: _alias(s, ip)),
    ("AddressFamily", "AddressFamily", lambda s, ip: AddressFamily[_family(ip.IPAddress)]),
    ("Type", "Type", lambda s, ip: ip.Type),
    ("PrefixLength", "PrefixLength", lambda s, ip: ip.PrefixLength),
    ("PrefixOrigin", "PrefixOrigin", lambda s, ip: ip.PrefixOrigin),
    ("SuffixOrigin", "SuffixOrigin", lambda s, ip: ip.SuffixOrigin),
    ("SkipAsSource", "SkipAsSource", lambda s, ip: ip.SkipAsSource),
)


def _alias(state: State, ip: NetIPAddress) -> str:
    adapter = state.adapter_by_index(ip.InterfaceIndex)
    return adapter.Name if adapter else ""


def _matches(value: object, wanted: object) -> bool:
    if isinstance(wanted, str) and isinstance(value, str):
        return name_matches(wanted, value)
    return value == wanted


def _query(ctx: CmdletContext, bound: Bound, settable: tuple[str, ...] = ()) -> list[NetIPAddress]:
    """Addresses matching every given filter; a literal query that finds nothing is an error."""
    if bound.has("InputObject"):
        return input_source(bound, "InputObject", NetIPAddress)
    found = list(ctx.state.addresses)
    used: list[tuple[str, list[object]]] = []
    for param, _, getter in FILTERS:
        value = bound.get(param)
        if value is None or param in settable:
            continue
        wanted = value if isinstance(value, list) else [value]
        used.append((param, wanted))
        found = [ip for ip in found if any(_matches(getter(ctx.state, ip), w) for w in wanted)]
    literal = used and not any(isinstance(w, str) and has_wildcard(w) for _, ws in used for w in ws)
    if not found and literal:
        ctx.write_error(_not_found(bound, used))
    return found


def _not_found(bound: Bound, used: list[tuple[str, list[object]]]) -> CmdletError:
    if len(used) == 1 and len(used[0][1]) == 1:
        return cim_not_found(bound, "MSFT_NetIPAddress", used[0][0], used[0][1][0])
    clauses = []
    for param, values in used:
        parts = [
            f"{param} LIKE '{v}'" if isinstance(v, str) else f"{param} = {int(v)}"  # type: ignore[call-overload]
            for v in values
        ]
        clauses.append(") OR (".join(parts))
    return cim_query_not_found(bound, "MSFT_NetIPAddress", clauses)


def get_ipaddress(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for ip in _query(ctx, bound):
        yield present.ip_address(ctx.state, ip)


def remove_ipaddress(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Asks once per store (Active, then Persistent), as Windows does."""
    check_local(bound)
    for ip in _query(ctx, bound):
        answers = [ctx.should_process(_sp("Remove", ip, store)) for store, _, _ in STORES]
        if not any(answers):
            continue
        ctx.state = ctx.state.with_(addresses=tuple(a for a in ctx.state.addresses if a != ip))
        if bound.flag("PassThru"):
            yield present.ip_address(ctx.state, ip)


SETTABLE = ("PrefixLength", "SkipAsSource")


def set_ipaddress(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    changes = {k: bound.get(k) for k in SETTABLE if bound.has(k)}
    for ip in _query(ctx, bound, SETTABLE):
        if not ctx.should_process(_sp("Modify", ip, "Active")):
            continue
        new = replace(ip, **changes)
        ctx.state = ctx.state.with_(
            addresses=tuple(new if a == ip else a for a in ctx.state.addresses)
        )
        if bound.flag("PassThru"):
            yield present.ip_address(ctx.state, new)


def get_ipinterface(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    adapters = _adapters(ctx, bound, "InterfaceAlias", "MSFT_NetIPInterface")
    families = bound.get("AddressFamily")
    wanted = (
        set(families) if isinstance(families, list) else {AddressFamily.IPv6, AddressFamily.IPv4}
    )
    for family in (AddressFamily.IPv6, AddressFamily.IPv4):
        if family in wanted:
            for adapter in adapters:
                yield present.ip_interface(ctx.state, adapter, family)


def _adapters(
    ctx: CmdletContext, bound: Bound, name_param: str, cim_class: str
) -> list[NetAdapter]:
    state = ctx.state
    if bound.has("InterfaceIndex"):
        indexes = bound.ints("InterfaceIndex") or []
        chosen = [a for a in state.adapters if a.ifIndex in indexes]
        for missing in [i for i in indexes if state.adapter_by_index(i) is None]:
            ctx.write_error(cim_not_found(bound, cim_class, "InterfaceIndex", missing))
        return chosen
    if bound.has("InterfaceDescription"):
        return select(
            ctx,
            bound,
            state.adapters,
            bound.strs("InterfaceDescription"),
            lambda a: a.InterfaceDescription,
            lambda d: cim_not_found(bound, cim_class, "InterfaceDescription", d),
        )
    return select(
        ctx,
        bound,
        state.adapters,
        bound.strs(name_param),
        lambda a: a.Name,
        lambda n: cim_not_found(bound, cim_class, name_param, n),
    )


def get_netadapter(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    adapters = _adapters(ctx, bound, "Name", "MSFT_NetAdapter")
    if bound.flag("Physical"):
        adapters = [a for a in adapters if not a.VMNetworkAdapterId]
    for adapter in adapters:
        yield present.net_adapter(adapter)


def _filters(sets: tuple[str, ...], settable: bool = False) -> tuple[Param, ...]:
    """The query filters of Get/Remove/Set-NetIPAddress (Set takes PrefixLength as a value)."""
    return (
        Param(
            "IPAddress",
            t.STRING_ARRAY,
            ("LocalAddress",),
            position=0,
            sets=sets,
            by_property_name=True,
        ),
        Param("InterfaceIndex", t.UINT32_ARRAY, ("ifIndex",), sets=sets, by_property_name=True),
        Param(
            "InterfaceAlias",
            t.STRING_ARRAY,
            ("ifAlias",),
            sets=sets,
            by_property_name=True,
            help='The adapter, e.g. "vEthernet (VMNAT)".',
        ),
        Param("AddressFamily", t.enum_of(AddressFamily, array=True), sets=sets),
        Param("Type", t.enum_of(IPAddressType, array=True), sets=sets),
        Param("PrefixLength", t.BYTE if settable else t.BYTE_ARRAY, sets=() if settable else sets),
        Param("PrefixOrigin", t.enum_of(PrefixOrigin, array=True), sets=sets),
        Param("SuffixOrigin", t.enum_of(SuffixOrigin, array=True), sets=sets),
        Param("AddressState", t.enum_of(AddressState, array=True), sets=sets),
        Param("SkipAsSource", t.BOOL if settable else t.BOOL_ARRAY, sets=() if settable else sets),
        Param("PolicyStore", t.STRING, sets=sets),
        Param("IncludeAllCompartments", t.SWITCH, sets=sets),
    )


def _input(mandatory: bool = True) -> Param:
    return Param(
        "InputObject",
        t.objects(CIM_ARRAY, "MSFT_NetIPAddress"),
        mandatory=mandatory,
        sets=(INPUT,),
        by_value=True,
    )


_PASSTHRU = Param("PassThru", t.SWITCH)
_GW = "New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias Ethernet"
CMDLETS = (
    Cmdlet(
        "New-NetIPAddress",
        new_ipaddress,
        (
            Param(
                "IPAddress",
                t.STRING,
                ("LocalAddress",),
                position=0,
                mandatory=True,
                by_property_name=True,
                help="The address to add.",
            ),
            Param(
                "InterfaceAlias",
                t.STRING,
                ("ifAlias",),
                mandatory=True,
                sets=(BY_ALIAS,),
                by_property_name=True,
                help='The adapter, e.g. "vEthernet (VMNAT)".',
            ),
            Param(
                "InterfaceIndex",
                t.UINT32,
                ("ifIndex",),
                mandatory=True,
                sets=(BY_INDEX,),
                by_property_name=True,
            ),
            Param("DefaultGateway", t.STRING),
            Param("AddressFamily", t.enum_of(AddressFamily)),
            Param("Type", t.enum_of(IPAddressType)),
            Param("PrefixLength", t.BYTE, help="Defaults to 32 (IPv4) or 128 (IPv6)."),
            Param("ValidLifetime", t.TIMESPAN),
            Param("PreferredLifetime", t.TIMESPAN),
            Param("SkipAsSource", t.BOOL),
            Param("PolicyStore", t.STRING),
        ),
        default_set=BY_ALIAS,
        should_process=True,
        changes_state=True,
        synopsis="Adds an IP address to an adapter (the NAT gateway on a host vNIC, say).",
        examples=(
            Example(
                "New-VMSwitch -SwitchName VMNAT -SwitchType Internal\n"
                "New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 "
                '-InterfaceAlias "vEthernet (VMNAT)"'
            ),
        ),
        output_type="MSFT_NetIPAddress",
    ),
    Cmdlet(
        "Get-NetIPAddress",
        get_ipaddress,
        _filters(()),
        synopsis="Gets the IP addresses of the host's adapters.",
        examples=(
            Example("Get-NetIPAddress"),
            Example("Get-NetIPAddress -InterfaceAlias Ethernet"),
        ),
        output_type="MSFT_NetIPAddress",
    ),
    Cmdlet(
        "Remove-NetIPAddress",
        remove_ipaddress,
        (*_filters((QUERY,)), _input(), _PASSTHRU),
        default_set=QUERY,
        should_process=True,
        confirm_impact=Impact.HIGH,
        changes_state=True,
        synopsis="Removes IP addresses; asks once per store (active, then persistent).",
        examples=(Example(_GW + "\nRemove-NetIPAddress -IPAddress 192.168.0.1 -Confirm:$false"),),
        output_type="MSFT_NetIPAddress",
    ),
    Cmdlet(
        "Set-NetIPAddress",
        set_ipaddress,
        (*_filters((QUERY,), settable=True), _input(), _PASSTHRU),
        default_set=QUERY,
        should_process=True,
        changes_state=True,
        synopsis="Changes the prefix length or SkipAsSource of IP addresses.",
        examples=(Example(_GW + "\nSet-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 16"),),
        output_type="MSFT_NetIPAddress",
    ),
    Cmdlet(
        "Get-NetIPInterface",
        get_ipinterface,
        (
            Param(
                "InterfaceAlias", t.STRING_ARRAY, ("ifAlias",), position=0, by_property_name=True
            ),
            Param("InterfaceIndex", t.UINT32_ARRAY, ("ifIndex",), by_property_name=True),
            Param("AddressFamily", t.enum_of(AddressFamily, array=True)),
        ),
        synopsis="Gets the IP interfaces (one per adapter and address family).",
        examples=(Example("Get-NetIPInterface"),),
        output_type="MSFT_NetIPInterface",
    ),
    Cmdlet(
        "Get-NetAdapter",
        get_netadapter,
        (
            Param(
                "Name", t.STRING_ARRAY, ("ifAlias", "InterfaceAlias"), position=0, sets=(BY_NAME,)
            ),
            Param(
                "InterfaceDescription",
                t.STRING_ARRAY,
                ("ifDesc",),
                mandatory=True,
                sets=(BY_ID,),
                by_property_name=True,
            ),
            Param(
                "InterfaceIndex",
                t.UINT32_ARRAY,
                ("ifIndex",),
                mandatory=True,
                sets=(BY_IFINDEX,),
                by_property_name=True,
            ),
            Param("IncludeHidden", t.SWITCH),
            Param("Physical", t.SWITCH),
        ),
        default_set=BY_NAME,
        synopsis="Gets the host's network adapters, including vEthernet (<switch>) vNICs.",
        examples=(Example("Get-NetAdapter"), Example('Get-NetAdapter -Name "vEthernet*"')),
        output_type="MSFT_NetAdapter",
    ),
)
