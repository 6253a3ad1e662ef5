"""Generated kernel names for netnat's objects: stable, at most 15 bytes, never from user input."""

from __future__ import annotations

import hashlib
import re
import unicodedata

BRIDGE_PREFIX = "nnbr"  # one bridge per VMSwitch
TAP_PREFIX = "nntap"  # one tap per VM network adapter
VETH_PREFIX = "nnve"  # container endpoints (the host end of a veth pair)
NETNS_PREFIX = "nnc-"  # a container's network namespace: nnc-<container name>
TABLE_FAMILY = "ip"
TABLE = "netnat"  # the one nftables table netnat owns
IFNAMSIZ = 15
ALIAS_MAX = 254  # IFALIASZ (256) less the NUL pyroute2 sends and the kernel counts

_CONTAINER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")
_OWNED = re.compile(rf"^(?:{BRIDGE_PREFIX}|{TAP_PREFIX}|{VETH_PREFIX})[0-9a-f]{{8}}$")


def _digest(object_id: str) -> str:
    """8 hex digits of a hash of a model Id (a GUID): the stable part of a name."""
    return hashlib.sha256(object_id.strip().lower().encode("utf-8")).hexdigest()[:8]


def bridge_mac(switch_id: str) -> str:
    """The MAC address a VMSwitch's bridge is created with: stable, unicast, in the locally
    administered range (02:..), from a hash of the switch Id. A bridge given its own address
    keeps it (the kernel would otherwise give it its lowest port's, and all zeros once its
    last port goes)."""
    raw = bytearray(hashlib.sha256(b"mac/" + switch_id.strip().lower().encode("utf-8")).digest())
    raw[0] = (raw[0] & 0xFC) | 0x02
    return ":".join(f"{b:02x}" for b in raw[:6])


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
    """An ifalias as the kernel keeps it; user names only ever go here. Control characters
    (NUL, which the kernel would cut the alias at, line breaks, escapes, DEL, C1) become
    spaces, and the text is clipped to ALIAS_MAX bytes of UTF-8 between two characters, so
    what is planned is exactly what the kernel reads back."""
    clean = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    raw = clean.encode("utf-8", errors="replace")[:ALIAS_MAX]
    return raw.decode("utf-8", errors="ignore")
