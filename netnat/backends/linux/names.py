"""Generated kernel names for netnat's objects: stable, at most 15 bytes, never from user input."""

from __future__ import annotations

import hashlib
import re

BRIDGE_PREFIX = "nnbr"  # one bridge per VMSwitch
TAP_PREFIX = "nntap"  # one tap per VM network adapter
VETH_PREFIX = "nnve"  # container endpoints (the host end of a veth pair)
NETNS_PREFIX = "nnc-"  # a container's network namespace: nnc-<container name>
TABLE_FAMILY = "ip"
TABLE = "netnat"  # the one nftables table netnat owns
IFNAMSIZ = 15
ALIAS_MAX = 255

_CONTAINER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")
_OWNED = re.compile(rf"^(?:{BRIDGE_PREFIX}|{TAP_PREFIX}|{VETH_PREFIX})[0-9a-f]{{8}}$")


def _digest(object_id: str) -> str:
    """8 hex digits of a hash of a model Id (a GUID): the stable part of a name."""
    return hashlib.sha256(object_id.strip().lower().encode("utf-8")).hexdigest()[:8]


def bridge_name(switch_id: str) -> str:
    """The bridge of a VMSwitch, e.g. `nnbr1a2b3c4d`."""
    return BRIDGE_PREFIX + _digest(switch_id)


def tap_name(nic_id: str) -> str:
    """The tap device of a VM network adapter, e.g. `nntap1a2b3c4d`."""
    return TAP_PREFIX + _digest(nic_id)


def veth_name(endpoint_id: str) -> str:
    """The host end of a container endpoint's veth pair, e.g. `nnve1a2b3c4d`."""
    return VETH_PREFIX + _digest(endpoint_id)


def netns_name(container: str) -> str:
    """The network namespace of a container: `nnc-<name>` for a docker-style name (which
    the cmdlets enforce), else `nnc-<hash>` (a store edited by hand)."""
    if _CONTAINER.fullmatch(container):
        return NETNS_PREFIX + container
    return NETNS_PREFIX + _digest(container)


def is_netns(name: str) -> bool:
    """True for namespaces netnat creates; no other namespace is ever deleted."""
    return name.startswith(NETNS_PREFIX) and bool(_CONTAINER.fullmatch(name[len(NETNS_PREFIX) :]))


def is_veth(ifname: str) -> bool:
    return is_owned(ifname) and ifname.startswith(VETH_PREFIX)


def is_owned(ifname: str) -> bool:
    """True for interface names netnat generates; every other link is left alone."""
    return bool(_OWNED.match(ifname))


def is_bridge(ifname: str) -> bool:
    return is_owned(ifname) and ifname.startswith(BRIDGE_PREFIX)


def is_tap(ifname: str) -> bool:
    return is_owned(ifname) and ifname.startswith(TAP_PREFIX)


def clip_alias(text: str) -> str:
    """An ifalias fits in 255 bytes; user names only ever go here."""
    raw = text.encode("utf-8")[:ALIAS_MAX]
    return raw.decode("utf-8", errors="ignore")
