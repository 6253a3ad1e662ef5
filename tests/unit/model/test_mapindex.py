"""The static-mapping index behind WinNAT's one-endpoint-per-port rule: partial, shared, exact."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netnat.model import mapindex
from netnat.model.enums import Protocol
from netnat.model.objects import NetNat, StaticMapping
from netnat.model.state import RuleViolation, State


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts as a new netnat process: nothing indexed or checked yet."""
    for name in ("_last", "_misses", "_on_ports"):
        monkeypatch.setattr(mapindex, name, [], raising=False)
    yield


def _m(number: int, port: int, ext: str = "0.0.0.0") -> StaticMapping:
    return StaticMapping(number, "N", Protocol.TCP, ext, port, "192.168.0.2", 80)


def _state(count: int) -> State:
    nat = NetNat(Name="N", InternalIPInterfaceAddressPrefix="192.168.0.0/24")
    return State(nats=(nat,), mappings=tuple(_m(i, 10_000 + i, "10.0.0.1") for i in range(count)))


def _plus(state: State, *added: StaticMapping) -> State:
    return state.with_(mappings=(*state.mappings, *added))


def _count_adds(monkeypatch: pytest.MonkeyPatch) -> list[None]:
    calls: list[None] = []
    original = mapindex.MappingIndex.add

    def counted(self: mapindex.MappingIndex, m: StaticMapping) -> None:
        calls.append(None)
        original(self, m)

    monkeypatch.setattr(mapindex.MappingIndex, "add", counted)
    return calls


def test_checking_one_add_twice_indexes_only_its_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cmdlet checks the change, then the commit checks it again: the second check reuses
    the first, and neither indexes the mappings on other ports."""
    old = _state(2_000)
    new = _plus(old, _m(5_000, 40_000))
    adds = _count_adds(monkeypatch)
    new.validate(old)
    new.validate(old)
    assert len(adds) <= 2


def test_a_partial_index_still_finds_conflicts_on_its_port() -> None:
    old = _state(50)
    new = _plus(old, _m(100, 40_000, "10.0.0.1"))
    new.validate(old)
    with pytest.raises(RuleViolation):
        _plus(new, _m(101, 40_000)).validate(new)  # 0.0.0.0 takes every address
    _plus(new, _m(102, 40_000, "10.0.0.2")).validate(new)


def test_a_later_check_on_other_ports_is_not_fooled_by_a_partial_index() -> None:
    old = _state(50)
    new = _plus(old, _m(100, 40_000))
    new.validate(old)  # indexes port 40000 only
    with pytest.raises(RuleViolation):
        _plus(new, _m(101, 10_007, "10.0.0.1")).validate(new)
    newer = _plus(new, _m(102, 10_007, "10.0.0.9"))
    newer.validate(new)
    with pytest.raises(RuleViolation):
        _plus(newer, _m(103, 10_007, "10.0.0.9")).validate(newer)


def test_a_conflict_on_the_first_check_is_reported() -> None:
    old = _state(50)
    with pytest.raises(RuleViolation):
        _plus(old, _m(100, 10_003)).validate(old)
    with pytest.raises(RuleViolation):  # and the next check (full index) finds it too
        _plus(old, _m(101, 10_003, "10.0.0.1")).validate(old)


def test_on_ports_filters_once_per_tuple() -> None:
    mappings = _state(100).mappings
    first = mapindex.on_ports(mappings, frozenset({10_003, 10_005}))
    assert [m.ExternalPort for m in first] == [10_003, 10_005]
    assert mapindex.on_ports(mappings, frozenset({10_003, 10_005})) is first
    assert [m.StaticMappingID for m in mapindex.on_ports(mappings, frozenset({10_005}))] == [5]
    assert mapindex.on_ports(mappings, frozenset({10_009}))[0].StaticMappingID == 9
    assert mapindex.on_ports(mappings[:5], frozenset({10_009})) == ()
