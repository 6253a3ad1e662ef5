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
    ports: frozenset[int] | None = None  # the external ports it holds, None: every port

    def add(self, m: StaticMapping) -> None:
        self.taken.setdefault((int(m.Protocol), m.ExternalPort), set()).add(m.ExternalIPAddress)

    def covers(self, ports: frozenset[int]) -> bool:
        """True when the index holds every mapping on `ports` (a partial one holds some ports)."""
        return self.ports is None or ports <= self.ports

    def conflicts(self, m: StaticMapping, extra: MappingIndex | None = None) -> bool:
        """True when (protocol, port) is held for the same address, or either side is 0.0.0.0."""
        key = (int(m.Protocol), m.ExternalPort)
        for index in (self, extra):
            held = index.taken.get(key) if index is not None else None
            if held and (m.ExternalIPAddress in held or ANY in held or m.ExternalIPAddress == ANY):
                return True
        return False


def build(mappings: Sequence[StaticMapping], ports: frozenset[int] | None = None) -> MappingIndex:
    """The index of `mappings`; `ports` says they are all the mappings on those ports."""
    index = MappingIndex(ports=ports)
    for m in mappings:
        index.add(m)
    return index


_last: list[tuple[tuple[StaticMapping, ...], MappingIndex]] = []
_misses: list[bool] = []  # not empty once a check had no cached index
_on_ports: list[tuple[tuple[StaticMapping, ...], frozenset[int], tuple[StaticMapping, ...]]] = []


def on_ports(
    mappings: tuple[StaticMapping, ...], ports: frozenset[int]
) -> tuple[StaticMapping, ...]:
    """The mappings whose external port is one of `ports`, in order. One filtering pass,
    remembered for the last tuple: the rule check and the backend's plan of one appended
    mapping ask for the same ports of the same tuple."""
    if _on_ports and _on_ports[0][0] is mappings and ports <= _on_ports[0][1]:
        _, known, found = _on_ports[0]
        return found if ports == known else tuple(m for m in found if m.ExternalPort in ports)
    found = tuple([m for m in mappings if m.ExternalPort in ports])
    _on_ports[:] = [(mappings, ports, found)]
    return found


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
        fresh = list(new[n:])
        return _appended_base(old, fresh), fresh, True
    old_ids = {m.StaticMappingID for m in old}
    fresh = [m for m in new if m.StaticMappingID not in old_ids]
    fresh_ids = {m.StaticMappingID for m in fresh}
    return build([m for m in new if m.StaticMappingID not in fresh_ids]), fresh, False


def _appended_base(old: tuple[StaticMapping, ...], fresh: list[StaticMapping]) -> MappingIndex:
    """The index of `old` to check `fresh` against: the cached one when it holds their ports;
    for the first check of a process (one cmdlet call) a partial one of only those ports
    (it is remembered, so checking the same change again costs nothing); else a full one,
    kept from then on (a runbook)."""
    cached = _last[0][1] if _last and _last[0][0] is old else None
    ports = frozenset(m.ExternalPort for m in fresh)
    if cached is not None and cached.covers(ports):
        return cached
    if len(fresh) <= 8 and not _misses:
        _misses.append(True)
        return build(on_ports(old, ports), ports)
    return build(old)


def remember(mappings: tuple[StaticMapping, ...], index: MappingIndex) -> None:
    """Keep the index of the newest mappings tuple for the next check."""
    _last[:] = [(mappings, index)]
