"""An index of static mappings by external protocol and port, kept across appends, so that
checking one new mapping costs O(1) even when 10,000 exist (a runbook loop adds them one by one)."""

from __future__ import annotations

from collections.abc import Sequence

from netnat.model.objects import StaticMapping
from netnat.record import dataclass, field

ANY = "0.0.0.0"
Key = tuple[int, int]


@dataclass
class MappingIndex:
    taken: dict[Key, set[str]] = field(default_factory=dict)

    def add(self, m: StaticMapping) -> None:
        self.taken.setdefault((int(m.Protocol), m.ExternalPort), set()).add(m.ExternalIPAddress)

    def conflicts(self, m: StaticMapping, extra: MappingIndex | None = None) -> bool:
        """True when (protocol, port) is held for the same address, or either side is 0.0.0.0."""
        key = (int(m.Protocol), m.ExternalPort)
        for index in (self, extra):
            held = index.taken.get(key) if index is not None else None
            if held and (m.ExternalIPAddress in held or ANY in held or m.ExternalIPAddress == ANY):
                return True
        return False


def build(mappings: Sequence[StaticMapping]) -> MappingIndex:
    index = MappingIndex()
    for m in mappings:
        index.add(m)
    return index


_last: list[tuple[tuple[StaticMapping, ...], MappingIndex]] = []
_misses: list[bool] = []  # not empty once a check had no cached index


def base_and_new(
    old: tuple[StaticMapping, ...] | None, new: tuple[StaticMapping, ...]
) -> tuple[MappingIndex, list[StaticMapping], bool]:
    """The index of the mappings `new` shares with `old`, the mappings only `new` has, and
    whether `new` merely appended to `old` (then the index may be advanced in place)."""
    if _last and _last[0][0] is new:  # checked already: every mapping of `new` is fine
        return _last[0][1], [], False
    if old is None:
        return MappingIndex(), list(new), False
    n = len(old)
    if len(new) >= n and (n == 0 or new[n - 1] is old[n - 1]):
        cached = _last[0][1] if _last and _last[0][0] is old else None
        fresh = list(new[n:])
        if cached is None and len(fresh) <= 8 and not _misses:
            # the first check of a process (one cmdlet call): index only the ports it uses
            _misses.append(True)
            ports = {m.ExternalPort for m in fresh}
            return build([m for m in old if m.ExternalPort in ports]), fresh, False
        return cached or build(old), fresh, True  # later ones (a runbook): keep a full index
    old_ids = {m.StaticMappingID for m in old}
    fresh = [m for m in new if m.StaticMappingID not in old_ids]
    fresh_ids = {m.StaticMappingID for m in fresh}
    return build([m for m in new if m.StaticMappingID not in fresh_ids]), fresh, False


def remember(mappings: tuple[StaticMapping, ...], index: MappingIndex) -> None:
    """Keep the index of the newest mappings tuple for the next check."""
    _last[:] = [(mappings, index)]
