"""The kernel layout a State asks for: bridges, taps and the NAT table, as plain comparable data."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from netnat.backends.linux import names
from netnat.model import mapindex
from netnat.model.appends import extends
from netnat.model.enums import VMSwitchType
from netnat.model.objects import NetRoute, StaticMapping, VMSwitch
from netnat.model.state import Mode, State
from netnat.record import dataclass, field, fields

ANY = "0.0.0.0"
ROUTE_METRIC = 256  # Windows' default route metric; keeps netnat routes behind the host's own


@dataclass(frozen=True, slots=True, order=True)
class RouteSpec:
    """A route through a bridge: `via` is "" for an on-link route."""

    destination: str
    via: str = ""
    metric: int = ROUTE_METRIC


@dataclass(frozen=True, slots=True)
class BridgeSpec:
    """A VMSwitch: the bridge, the host vNIC's addresses and routes, an External uplink."""

    name: str
    alias: str
    addresses: tuple[str, ...] = ()  # "192.168.0.1/24", sorted
    routes: tuple[RouteSpec, ...] = ()
    uplink: str = ""  # the adapter an External switch enslaves (kernel ifname or ifalias)
    mac: str = ""  # the bridge's own MAC address, set at creation (never compared: drift
    # leaves it out, and an External switch's bridge has its adapter's MAC while attached)


@dataclass(frozen=True, slots=True)
class TapSpec:
    """A VM network adapter: a persistent tap on its switch's bridge ("" = disconnected)."""

    name: str
    alias: str
    master: str = ""


@dataclass(frozen=True, slots=True)
class VethSpec:
    """A container endpoint: the host end `nnve<hash of the endpoint Id>` on the network's
    bridge; the peer end `eth<N>` in the container's network namespace `nnc-<container>`
    (created when missing) with `address` from the network's pool, the endpoint's MAC and a
    default route via `gateway`."""

    name: str
    master: str
    netns: str
    address: str
    gateway: str
    peer: str = "eth0"
    mac: str = ""


MapKey = tuple[str, str, int]  # (tcp|udp, external address or 0.0.0.0, external port)
MapValue = tuple[str, int]  # (internal address, internal port)


@dataclass(frozen=True, slots=True)
class NatSpec:
    """The one netnat nftables table: internal prefixes, static mappings, host access."""

    prefixes: frozenset[str] = frozenset()
    mappings: dict[MapKey, MapValue] = field(default_factory=dict)
    host_access: bool = False  # relaxed mode: the host reaches its own mapped ports


@dataclass(frozen=True, slots=True)
class Layout:
    bridges: dict[str, BridgeSpec] = field(default_factory=dict)
    taps: dict[str, TapSpec] = field(default_factory=dict)
    nat: NatSpec | None = None  # None: no netnat table at all
    veths: dict[str, VethSpec] = field(default_factory=dict)  # container endpoints (hook)


def layout(state: State, known: tuple[State, Layout] | None = None) -> Layout:
    """The kernel objects `state` needs; pure, no kernel access. `known` (an earlier state and
    its layout) lets a state that only appended static mappings reuse the earlier map."""
    bridges = {b.name: b for b in (_bridge(state, sw) for sw in state.switches)}
    if len(bridges) != len(state.switches):
        raise ValueError("two switches hash to the same bridge name")
    taps: dict[str, TapSpec] = {}
    for nic in state.vm_adapters:
        if nic.IsManagementOs:
            continue
        sw = state.switch(nic.SwitchId) if nic.SwitchId else None
        master = names.bridge_name(sw.Id) if sw else ""
        alias = names.clip_alias(f"VM {nic.VMName} ({nic.Name})")
        taps[names.tap_name(nic.Id)] = TapSpec(names.tap_name(nic.Id), alias, master)
    nat = _appended_nat(state, known) if known is not None else None
    return Layout(bridges=bridges, taps=taps, nat=nat or nat_spec(state), veths=endpoints(state))


def _appended_nat(state: State, known: tuple[State, Layout]) -> NatSpec | None:
    """The NAT spec of `state` from an earlier one when only mappings were appended since."""
    old, old_layout = known
    spec = old_layout.nat
    n = len(old.mappings)
    if (
        spec is None
        or old.nats is not state.nats
        or old.settings is not state.settings
        or not extends(state.mappings, old.mappings)
    ):
        return None
    mappings = dict(spec.mappings)
    mappings.update(_entries(state.mappings[n:], _live_nats(state)))
    return NatSpec(spec.prefixes, mappings, spec.host_access)


# Fields of State no kernel object depends on: a change that touches only these and appends
# static mappings is planned from the appended mappings alone (`appended_nats`).
_NOT_LAID_OUT = frozenset({"mappings", "counters"})
_LAID_OUT = tuple(f.name for f in fields(State) if f.name not in _NOT_LAID_OUT)


def only_appended(old: State, new: State) -> bool:
    """True when `new` is `old` with static mappings appended: every other part of the State
    that the layout reads is the same object, and `old`'s mappings start `new`'s."""
    return _same_laid_out(old, new) and extends(new.mappings, old.mappings)


def may_batch(old: State, new: State) -> bool:
    """`only_appended` at O(1), for deciding per cmdlet whether a change can wait for a group
    commit (a runbook adding 10,000 mappings asks 10,000 times): the last old mapping is still
    in its place. A change that fooled it is planned exactly all the same."""
    n = len(old.mappings)
    if len(new.mappings) < n or (n and new.mappings[n - 1] is not old.mappings[n - 1]):
        return False
    return _same_laid_out(old, new)


def _same_laid_out(old: State, new: State) -> bool:
    return all(getattr(old, name) is getattr(new, name) for name in _LAID_OUT)


def appended_nats(old: State, new: State) -> tuple[NatSpec | None, NatSpec | None] | None:
    """For a change that only appended static mappings (`only_appended`), the NAT tables of
    `old` and `new` cut down to the external ports of the appended mappings; None for any
    other change.

    Nothing else can differ, so diffing the two cuts gives the steps of diffing the whole
    layouts, at a cost that depends on the appended mappings: the old mappings on those
    ports come from one filtering pass (shared with the rule check, `mapindex.on_ports`)."""
    if not only_appended(old, new):
        return None
    frame = _nat_frame(new)
    added = new.mappings[len(old.mappings) :]
    if frame is None or not added:
        return frame, frame
    live = _live_nats(new)
    ports = frozenset(m.ExternalPort for m in added)
    before = _entries(mapindex.on_ports(old.mappings, ports), live)
    after = {**before, **_entries(added, live)}
    return (
        NatSpec(frame.prefixes, before, frame.host_access),
        NatSpec(frame.prefixes, after, frame.host_access),
    )


def _map_entry(m: StaticMapping, live: set[str]) -> tuple[MapKey, MapValue] | None:
    """A mapping's map element, or None when it does not reach the kernel."""
    if not m.Active or m.NatName.lower() not in live or not _is_v4(m.InternalIPAddress):
        return None
    external = m.ExternalIPAddress.strip() or ANY
    if not _is_v4(external):
        return None
    key = (m.Protocol.name.lower(), external, int(m.ExternalPort))
    return key, (m.InternalIPAddress.strip(), int(m.InternalPort))


def endpoints(state: State) -> dict[str, VethSpec]:
    """Container endpoints as veth pairs; a container's ends are eth0, eth1... in the order
    of its endpoints. Endpoints whose network lost its switch have nothing to plug into."""
    found: dict[str, VethSpec] = {}
    count: dict[str, int] = {}
    networks = {n.Id: n for n in state.container_networks}
    for ep in state.endpoints:
        net = networks.get(ep.NetworkId)
        sw = state.switch(net.SwitchId) if net is not None and net.SwitchId else None
        if net is None or sw is None:
            continue
        netns = names.netns_name(ep.ContainerName)
        number = count.get(netns, 0)
        count[netns] = number + 1
        name = names.veth_name(ep.Id)
        found[name] = VethSpec(
            name=name,
            master=names.bridge_name(sw.Id),
            netns=netns,
            address=_cidr(ep.IPAddress, ep.PrefixLength),
            gateway=net.GatewayAddress,
            peer=f"eth{number}",
            mac=ep.MacAddress.replace("-", ":").lower(),
        )
    return found


def _bridge(state: State, sw: VMSwitch) -> BridgeSpec:
    vnics = [v for v in state.vm_adapters if v.IsManagementOs and v.SwitchId == sw.Id]
    vnic_ids = {v.Id for v in vnics}
    indexes = {a.ifIndex for a in state.adapters if a.VMNetworkAdapterId in vnic_ids}
    mine = [
        _cidr(ip.IPAddress, ip.PrefixLength)
        for ip in state.addresses
        if ip.InterfaceIndex in indexes
    ]
    addresses = sorted(cidr for cidr in mine if cidr)
    routes = sorted({_route(r) for r in state.routes if r.InterfaceIndex in indexes})
    alias = f"vEthernet ({vnics[0].Name})" if vnics else f"vSwitch ({sw.Name})"
    uplink = sw.NetAdapterName if sw.SwitchType is VMSwitchType.External else ""
    return BridgeSpec(
        name=names.bridge_name(sw.Id),
        alias=names.clip_alias(alias),
        addresses=tuple(addresses),
        routes=tuple(routes),
        uplink=uplink,
        mac=names.bridge_mac(sw.Id),
    )


def _cidr(address: str, length: int) -> str:
    """`address/length` as the kernel prints it ("" for something that is not an address)."""
    try:
        return str(ipaddress.ip_interface(f"{address.strip()}/{length}"))
    except ValueError:
        return ""


def _route(route: NetRoute) -> RouteSpec:
    hop = route.NextHop.strip()
    on_link = not hop or ipaddress.ip_address(hop).is_unspecified
    destination = str(ipaddress.ip_network(route.DestinationPrefix, strict=False))
    return RouteSpec(destination, "" if on_link else str(ipaddress.ip_address(hop)))


def nat_spec(state: State) -> NatSpec | None:
    """The NAT table for the active NATs and their active static mappings (IPv4 only)."""
    frame = _nat_frame(state)
    if frame is None:
        return None
    mappings = _entries(state.mappings, _live_nats(state))
    return NatSpec(frame.prefixes, mappings, frame.host_access)


def _nat_frame(state: State) -> NatSpec | None:
    """The NAT table without its static mappings (None: no active NAT, no table)."""
    nats = [n for n in state.nats if n.Active]
    if not nats:
        return None
    prefixes = {_ipv4_prefix(nat.InternalIPInterfaceAddressPrefix) for nat in nats}
    prefixes.discard("")
    return NatSpec(frozenset(prefixes), {}, host_access=state.settings.mode is Mode.RELAXED)


def _live_nats(state: State) -> set[str]:
    return {nat.Name.lower() for nat in state.nats if nat.Active}


def _entries(mappings: Iterable[StaticMapping], live: set[str]) -> dict[MapKey, MapValue]:
    """The map elements of `mappings` in order: a later mapping with the same key wins."""
    found: dict[MapKey, MapValue] = {}
    for m in mappings:
        entry = _map_entry(m, live)
        if entry is not None:
            found[entry[0]] = entry[1]
    return found


def _ipv4_prefix(text: str) -> str:
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return ""
    return str(net) if net.version == 4 else ""


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_V4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")


_SEEN_V4: dict[str, bool] = {}


def _is_v4(text: str) -> bool:
    """Dotted-quad IPv4 (a regex, remembered per text: the same few addresses come back in
    thousands of mappings)."""
    known = _SEEN_V4.get(text)
    if known is None:
        known = _V4.fullmatch(text.strip()) is not None
        if len(_SEEN_V4) < 65536:
            _SEEN_V4[text] = known
    return known
