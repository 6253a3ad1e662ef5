"""Whether a tuple of model objects only grew at its end: the one test shared by the rule-check
index, the store's reuse of an array it holds and the linux backend's plan of added mappings."""

from __future__ import annotations

from typing import Any


def extends(new: tuple[Any, ...], old: tuple[Any, ...]) -> bool:
    """True when `new` is `old` followed by more (or nothing). Checking the last shared item's
    identity first rejects most other changes at once; the tuple comparison then runs in C,
    identity first, so a tuple made by appending costs one pass with no Python call."""
    n = len(old)
    if len(new) < n or (n and new[n - 1] is not old[n - 1]):
        return False
    return new[:n] == old
