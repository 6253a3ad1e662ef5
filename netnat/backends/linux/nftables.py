"""The netnat nftables table as text: full definitions, incremental batches, and parsing it back.

One table (`table ip netnat`) holds everything. Static mappings are map elements keyed by
protocol . external address . port (a second map keyed by protocol . port serves 0.0.0.0, "any
local address"), so a new connection costs one map lookup whatever the number of mappings, and
adding or removing a mapping is one `add element` / `delete element`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from netnat.backends.linux.layout import ANY, MapKey, MapValue, NatSpec
from netnat.backends.linux.names import TABLE, TABLE_FAMILY

REF = f"{TABLE_FAMILY} {TABLE}"
SET_INTERNAL = "internal"
MAP_STATIC = "static"
MAP_ANY = "static_any"
MAPS = (MAP_STATIC, MAP_ANY)  # the order of _split's parts
DNAT_RULES = (
    f"dnat ip to meta l4proto . ip daddr . th dport map @{MAP_STATIC}",
    f"fib daddr type local dnat ip to meta l4proto . th dport map @{MAP_ANY}",
)
POSTROUTING_RULES = (
    # traffic leaving the internal prefix takes the host's address
    f"ip saddr @{SET_INTERNAL} ip daddr != @{SET_INTERNAL} masquerade",
    # hairpin: an endpoint reached another through a mapping; replies must come back via us
    f"ct status dnat ip saddr @{SET_INTERNAL} ip daddr @{SET_INTERNAL} masquerade",
)
CHAIN_RULES = {"prerouting": len(DNAT_RULES), "postrouting": len(POSTROUTING_RULES)}


def _key(key: MapKey) -> str:
    proto, address, port = key
    return f"{proto} . {port}" if address == ANY else f"{proto} . {address} . {port}"


def _element(key: MapKey, value: MapValue) -> str:
    return f"{_key(key)} : {value[0]} . {value[1]}"


def _split(keys: Iterable[MapKey]) -> tuple[list[MapKey], list[MapKey]]:
    specific = sorted(k for k in keys if k[1] != ANY)
    anywhere = sorted(k for k in keys if k[1] == ANY)
    return specific, anywhere


def _elements(items: list[str]) -> str:
    return f" elements = {{ {', '.join(items)} }}" if items else ""


def table_text(spec: NatSpec) -> str:
    """The whole table in nft syntax (what `nft -f` loads to create it)."""
    specific, anywhere = _split(spec.mappings)
    prefixes = sorted(spec.prefixes, key=ipaddress.ip_network)
    output = DNAT_RULES if spec.host_access else ()
    return "\n".join(
        [
            f"table {REF} {{",
            f"  set {SET_INTERNAL} {{ type ipv4_addr; flags interval;{_elements(prefixes)} }}",
            f"  map {MAP_STATIC} {{ type inet_proto . ipv4_addr . inet_service : "
            f"ipv4_addr . inet_service;"
            f"{_elements([_element(k, spec.mappings[k]) for k in specific])} }}",
            f"  map {MAP_ANY} {{ type inet_proto . inet_service : ipv4_addr . inet_service;"
            f"{_elements([_element(k, spec.mappings[k]) for k in anywhere])} }}",
            *_chain("prerouting", "nat hook prerouting priority dstnat", DNAT_RULES),
            *_chain("output", "nat hook output priority -100", output),
            *_chain("postrouting", "nat hook postrouting priority srcnat", POSTROUTING_RULES),
            "}",
        ]
    )


def _chain(name: str, hook: str, rules: Iterable[str]) -> list[str]:
    return (
        [f"  chain {name} {{", f"    type {hook}; policy accept;"]
        + [f"    {r}" for r in rules]
        + ["  }"]
    )


def replace_text(spec: NatSpec) -> str:
    """Create the table from scratch in one transaction, whatever was there before."""
    return f"table {REF} {{}}\ndelete table {REF}\n{table_text(spec)}\n"


def delete_text() -> str:
    return f"delete table {REF}\n"


def diff_text(old: NatSpec | None, new: NatSpec | None) -> str:
    """The nft batch that turns table `old` into table `new` ("" when they are the same)."""
    if old == new:
        return ""
    if new is None:
        return delete_text()
    if old is None:
        return replace_text(new)
    lines = _prefix_lines(old.prefixes, new.prefixes) + _mapping_lines(old.mappings, new.mappings)
    if old.host_access != new.host_access:
        lines += _output_lines(new.host_access)
    return "".join(line + "\n" for line in lines)


def _prefix_lines(old: frozenset[str], new: frozenset[str]) -> list[str]:
    lines = []
    gone = sorted(old - new, key=ipaddress.ip_network)
    added = sorted(new - old, key=ipaddress.ip_network)
    if gone:
        lines.append(f"delete element {REF} {SET_INTERNAL} {{ {', '.join(gone)} }}")
    if added:
        lines.append(f"add element {REF} {SET_INTERNAL} {{ {', '.join(added)} }}")
    return lines


def _mapping_lines(old: dict[MapKey, MapValue], new: dict[MapKey, MapValue]) -> list[str]:
    """One `delete element` and one `add element` per map at most (a changed target is both)."""
    gone = [k for k, v in old.items() if new.get(k) != v]
    added = [k for k, v in new.items() if old.get(k) != v]
    lines = []
    for name, part in zip(MAPS, _split(gone), strict=True):
        if part:
            lines.append(f"delete element {REF} {name} {{ {', '.join(map(_key, part))} }}")
    for name, part in zip(MAPS, _split(added), strict=True):
        if part:
            items = ", ".join(_element(k, new[k]) for k in part)
            lines.append(f"add element {REF} {name} {{ {items} }}")
    return lines


def _output_lines(host_access: bool) -> list[str]:
    if not host_access:
        return [f"flush chain {REF} output"]
    return [f"add rule {REF} output {rule}" for rule in DNAT_RULES]


# ---- reading the table back (`nft -j list table ip netnat`) ---------------------------------


def parse_table(doc: dict[str, Any]) -> tuple[NatSpec, list[str]]:
    """The NatSpec the kernel holds, and what is wrong with the table's structure."""
    items = [i for i in doc.get("nftables", []) if isinstance(i, dict)]
    sets = {i["set"]["name"]: i["set"] for i in items if "set" in i}
    maps = {i["map"]["name"]: i["map"] for i in items if "map" in i}
    chains = {i["chain"]["name"] for i in items if "chain" in i}
    rules: dict[str, int] = {}
    for item in items:
        if "rule" in item:
            chain = item["rule"]["chain"]
            rules[chain] = rules.get(chain, 0) + 1
    problems = [] if SET_INTERNAL in sets else [f"nft set {SET_INTERNAL} is missing"]
    problems += [f"nft map {m} is missing" for m in MAPS if m not in maps]
    problems += [f"nft chain {c} is missing" for c in (*CHAIN_RULES, "output") if c not in chains]
    for chain, count in CHAIN_RULES.items():
        if chain in chains and rules.get(chain, 0) != count:
            problems.append(f"nft chain {chain} has {rules.get(chain, 0)} rule(s), not {count}")
    mappings = _map_elements(maps.get(MAP_STATIC, {}), anywhere=False)
    mappings.update(_map_elements(maps.get(MAP_ANY, {}), anywhere=True))
    prefixes = frozenset(_prefix(e) for e in sets.get(SET_INTERNAL, {}).get("elem", []))
    spec = NatSpec(prefixes, mappings, host_access=rules.get("output", 0) > 0)
    return spec, problems


def _prefix(elem: Any) -> str:
    if isinstance(elem, dict) and "prefix" in elem:
        return f"{elem['prefix']['addr']}/{elem['prefix']['len']}"
    if isinstance(elem, dict) and "range" in elem:
        low, high = elem["range"]
        nets = ipaddress.summarize_address_range(
            ipaddress.IPv4Address(low), ipaddress.IPv4Address(high)
        )
        return ",".join(str(n) for n in nets)
    return f"{elem}/32"


def _map_elements(table_map: dict[str, Any], anywhere: bool) -> dict[MapKey, MapValue]:
    found: dict[MapKey, MapValue] = {}
    for key, value in table_map.get("elem", []):
        if isinstance(key, dict) and "elem" in key:
            key = key["elem"]["val"]
        parts = key["concat"]
        proto, address, port = (parts[0], ANY, parts[1]) if anywhere else parts
        target, target_port = value["concat"]
        found[(str(proto), str(address), int(port))] = (str(target), int(target_port))
    return found
