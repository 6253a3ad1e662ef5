"""Address arithmetic on the standard `ipaddress` module: prefixes, overlap, pools."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_prefix(text: str) -> Network | None:
    """`192.168.0.0/24` (host bits allowed, as WinNAT allows them) or None if not a prefix."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def parse_address(text: str) -> Address | None:
    """An IPv4/IPv6 address, or None."""
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def interface_network(address: str, prefix_length: int) -> Network | None:
    """The network an address with a prefix length lies in."""
    return parse_prefix(f"{address}/{prefix_length}")


def overlaps(a: Network, b: Network) -> bool:
    """True when the two prefixes share any address (never across families)."""
    return a.version == b.version and a.overlaps(b)


def contains(network: Network, address: Address) -> bool:
    """True when the address lies in the prefix."""
    return network.version == address.version and address in network


def free_addresses(network: Network, taken: Iterable[str]) -> Iterator[Address]:
    """Host addresses of a prefix in order, skipping the ones taken (HNS-style pool)."""
    used = {a for a in (parse_address(t) for t in taken) if a is not None}
    for host in network.hosts():
        if host not in used:
            yield host
