"""Reading netnat's kernel objects back: the layout the kernel holds, its drift from the store.

Only netnat-owned objects are read: links with generated names and netnat's own nft table.
"""

from __future__ import annotations

from netnat.backends.linux import endpoints, names, nftables
from netnat.backends.linux.kernel import Kernel, KernelFailure, Link
from netnat.backends.linux.layout import BridgeSpec, Layout, NatSpec, TapSpec
from netnat.backends.linux.planner import FORWARD


def kernel_layout(k: Kernel, desired: Layout) -> tuple[Layout, list[str]]:
    """What the kernel holds, shaped like `desired`, and structural problems found on the way."""
    links = k.links()
    problems = [
        f"link {link.name} is down"
        for link in links
        if names.is_owned(link.name) and not link.up and _should_be_up(link, desired)
    ]
    bridges = {
        link.name: _bridge(k, link, links, desired.bridges.get(link.name))
        for link in links
        if names.is_bridge(link.name) and link.kind == "bridge"
    }
    taps = {
        link.name: TapSpec(link.name, link.alias, link.master)
        for link in links
        if names.is_tap(link.name) and link.kind == "tun"
    }
    veths = {
        link.name: endpoints.observed(k, link.name, link.master, desired.veths.get(link.name))
        for link in links
        if names.is_veth(link.name) and link.kind == "veth"
    }
    doc = k.nft_doc()
    nat: NatSpec | None = None
    if doc is not None:
        nat, table_problems = nftables.parse_table(doc)
        problems += table_problems
    return Layout(bridges=bridges, taps=taps, nat=nat, veths=veths), problems


def _should_be_up(link: Link, desired: Layout) -> bool:
    return link.name in desired.bridges or link.name in desired.taps or link.name in desired.veths


def _bridge(k: Kernel, link: Link, links: list[Link], want: BridgeSpec | None) -> BridgeSpec:
    uplink = ""
    if want is not None and want.uplink:
        try:
            resolved = k.resolve(want.uplink)
        except KernelFailure:
            resolved = ""
        if any(p.name == resolved and p.master == link.name for p in links):
            uplink = want.uplink
    return BridgeSpec(
        name=link.name,
        alias=link.alias,
        addresses=tuple(k.addresses(link.name)),
        routes=tuple(k.routes(link.name)),
        uplink=uplink,
    )


def describe(actual: Layout, desired: Layout) -> list[str]:
    """Differences between the kernel and the store, one line each (Test-NetNat)."""
    lines: list[str] = []
    for name, want in sorted(desired.bridges.items()):
        have = actual.bridges.get(name)
        lines += (
            [f"bridge {name} ({want.alias}) is missing"]
            if have is None
            else _bridge_diff(have, want)
        )
    lines += [
        f"bridge {n} is not in the store"
        for n in sorted(set(actual.bridges) - set(desired.bridges))
    ]
    for name, tap in sorted(desired.taps.items()):
        got = actual.taps.get(name)
        if got is None:
            lines.append(f"tap {name} ({tap.alias}) is missing")
            continue
        if got.master != tap.master:
            lines.append(
                f"tap {name} is on {got.master or 'no bridge'}, not {tap.master or 'none'}"
            )
        if got.alias != tap.alias:
            lines.append(f"tap {name} has alias {got.alias!r}, not {tap.alias!r}")
    lines += [f"tap {n} is not in the store" for n in sorted(set(actual.taps) - set(desired.taps))]
    return lines + _veth_diff(actual, desired) + _nat_diff(actual.nat, desired.nat)


def _veth_diff(actual: Layout, desired: Layout) -> list[str]:
    lines = []
    for name, want in sorted(desired.veths.items()):
        have = actual.veths.get(name)
        where = f"{want.netns} {want.peer} {want.address}"
        if have is None:
            lines.append(f"container endpoint {name} ({where}) is missing")
        elif have != want:
            lines.append(f"container endpoint {name} ({where}) is not as the store says")
    lines += [
        f"container endpoint {n} is not in the store"
        for n in sorted(set(actual.veths) - set(desired.veths))
    ]
    return lines


def _bridge_diff(have: BridgeSpec, want: BridgeSpec) -> list[str]:
    name = want.name
    lines = []
    if have.alias != want.alias:
        lines.append(f"bridge {name} has alias {have.alias!r}, not {want.alias!r}")
    lines += [
        f"address {a} is missing on {name}" for a in want.addresses if a not in have.addresses
    ]
    lines += [
        f"address {a} on {name} is not in the store"
        for a in have.addresses
        if a not in want.addresses
    ]
    lines += [
        f"route {r.destination} is missing on {name}" for r in want.routes if r not in have.routes
    ]
    lines += [
        f"route {r.destination} on {name} is not in the store"
        for r in have.routes
        if r not in want.routes
    ]
    if want.uplink and not have.uplink:
        lines.append(f"adapter {want.uplink} is not enslaved to {name}")
    return lines


def _nat_diff(have: NatSpec | None, want: NatSpec | None) -> list[str]:
    if have is None and want is None:
        return []
    if have is None:
        return [f"nft table {nftables.REF} is missing"]
    if want is None:
        return [f"nft table {nftables.REF} is not in the store"]
    lines = [f"NAT prefix {p} is missing" for p in sorted(want.prefixes - have.prefixes)]
    lines += [f"NAT prefix {p} is not in the store" for p in sorted(have.prefixes - want.prefixes)]
    for key, value in sorted(want.mappings.items()):
        if have.mappings.get(key) != value:
            lines.append(f"static mapping {_show(key)} -> {value[0]}:{value[1]} is missing")
    for key in sorted(set(have.mappings) - set(want.mappings)):
        lines.append(f"static mapping {_show(key)} is not in the store")
    if have.host_access != want.host_access:
        lines.append(f"host access to mapped ports is {'on' if have.host_access else 'off'}")
    return lines


def _show(key: tuple[str, str, int]) -> str:
    return f"{key[0]} {key[1]}:{key[2]}"


def forwarding_problems(k: Kernel, desired: Layout) -> list[str]:
    if desired.nat is not None and k.read_sysctl(FORWARD) != "1":
        return [f"{FORWARD} is off"]
    return []
