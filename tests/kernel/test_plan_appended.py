"""The linux backend's plan of appended static mappings: the same steps as diffing whole layouts,
at a cost set by the appended mappings (no kernel: these run everywhere, as non-root)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kernel import labstate

from netnat.backends.linux import LinuxBackend, layout
from netnat.backends.linux.backend import to_plan
from netnat.backends.linux.planner import plan_ops
from netnat.model import mapindex
from netnat.model.enums import Protocol
from netnat.model.objects import NetNat, StaticMapping
from netnat.model.state import Mode, State
from netnat.record import replace

TCP, UDP = Protocol.TCP, Protocol.UDP


def _m(number: int, port: int, ext: str = "0.0.0.0", **kw: object) -> StaticMapping:
    values: dict[str, object] = {
        "StaticMappingID": number,
        "NatName": "VMNAT",
        "Protocol": TCP,
        "ExternalIPAddress": ext,
        "ExternalPort": port,
        "InternalIPAddress": f"192.168.0.{2 + number % 250}",
        "InternalPort": 80,
    }
    values.update(kw)
    return StaticMapping(**values)  # type: ignore[arg-type]


def _base(mode: Mode = Mode.STRICT, count: int = 30) -> State:
    """The blog's host with `count` mappings, some inactive, some UDP, some on 10.10.50.20."""
    mappings = [
        _m(i, 10_000 + i, "10.10.50.20" if i % 3 == 0 else "0.0.0.0", Active=i % 7 != 0)
        for i in range(count)
    ]
    mappings.append(_m(count, 10_001, Protocol=UDP))
    return labstate.blog(mode).with_(mappings=tuple(mappings))


def _appended(old: State, *added: StaticMapping) -> State:
    _, counted = old.allocate("next_mapping_id")
    return counted.with_(mappings=(*old.mappings, *added))


def _slow(old: State, new: State) -> list[tuple[str, object]]:
    plan = to_plan(plan_ops(layout.layout(old), layout.layout(new)))
    return [(s.text, getattr(s, "op", None)) for s in plan.steps]


def _fast(old: State, new: State) -> list[tuple[str, object]]:
    assert layout.appended_nats(old, new) is not None, "not planned as an append"
    return [(s.text, getattr(s, "op", None)) for s in LinuxBackend().plan(old, new).steps]


Case = Callable[[State], State]
CASES: dict[str, Case] = {
    "one any-address": lambda s: _appended(s, _m(100, 40_000)),
    "one specific address": lambda s: _appended(s, _m(100, 40_000, "10.10.50.20")),
    "several, udp and tcp": lambda s: _appended(
        s, _m(100, 40_000), _m(101, 40_001, Protocol=UDP), _m(102, 40_002, "10.10.50.20")
    ),
    "inactive": lambda s: _appended(s, _m(100, 40_000, Active=False)),
    "unknown nat": lambda s: _appended(s, _m(100, 40_000, NatName="nope")),
    "ipv6 internal": lambda s: _appended(s, _m(100, 40_000, InternalIPAddress="fd00::2")),
    "ipv6 external": lambda s: _appended(s, _m(100, 40_000, "fd00::1")),
    "nothing appended": lambda s: _appended(s),
    "same key, same target": lambda s: _appended(s, replace(s.mappings[1], StaticMappingID=100)),
    "same key, other target": lambda s: _appended(
        s, replace(s.mappings[1], StaticMappingID=100, InternalIPAddress="192.168.0.200")
    ),
    "same key as an inactive one": lambda s: _appended(s, _m(100, 10_000 + 7, Active=True)),
    "same key after trimming": lambda s: _appended(s, _m(100, 10_003, " 10.10.50.20 ")),
    "empty address is any": lambda s: _appended(s, _m(100, 10_001, "")),
    "appended ones collide": lambda s: _appended(
        s, _m(100, 40_000), _m(101, 40_000, InternalIPAddress="192.168.0.99")
    ),
    "same port, other protocol": lambda s: _appended(s, _m(100, 10_001, Protocol=UDP)),
    "mapping of the last one's port": lambda s: _appended(
        s, replace(s.mappings[-1], StaticMappingID=100, InternalPort=81)
    ),
}


@pytest.mark.parametrize("mode", [Mode.STRICT, Mode.RELAXED])
@pytest.mark.parametrize("case", sorted(CASES))
def test_appended_mappings_plan_as_the_whole_diff(case: str, mode: Mode) -> None:
    old = _base(mode)
    new = CASES[case](old)
    assert _fast(old, new) == _slow(old, new)
    assert _fast(new, _appended(new, _m(200, 50_000))) == _slow(
        new, _appended(new, _m(200, 50_000))
    )


def test_the_first_append_and_an_empty_store() -> None:
    old = labstate.blog().with_(mappings=())
    new = _appended(old, _m(0, 8080), _m(1, 8080, "10.10.50.20"))
    assert _fast(old, new) == _slow(old, new)
    assert len(_fast(old, new)) == 1


def test_mappings_of_an_inactive_nat_and_of_no_active_nat() -> None:
    old = _base()
    second = NetNat(Name="SLEEPY", InternalIPInterfaceAddressPrefix="172.16.0.0/24", Active=False)
    old = old.with_(nats=(*old.nats, second), settings=replace(old.settings, mode=Mode.RELAXED))
    new = _appended(old, _m(100, 40_000, NatName="sleepy"), _m(101, 40_001))
    assert _fast(old, new) == _slow(old, new)
    asleep = old.with_(nats=tuple(replace(n, Active=False) for n in old.nats))
    assert _fast(asleep, _appended(asleep, _m(100, 40_000))) == [] == _slow(asleep, asleep)


def test_the_undo_batch_restores_a_replaced_target() -> None:
    old = _base()
    new = CASES["same key, other target"](old)
    [(text, op)] = _fast(old, new)
    assert "delete element" in text and "add element" in text
    assert op is not None and "192.168.0.3 . 80" in getattr(op, "undo", "")


def _edited_in_the_middle(state: State) -> State:
    """`state` with its 4th mapping changed; the last one is still the same object."""
    mappings = list(state.mappings)
    mappings[3] = replace(mappings[3], InternalPort=99)
    return state.with_(mappings=tuple(mappings))


def test_other_changes_are_not_planned_as_appends() -> None:
    old = _base()
    new = _appended(old, _m(100, 40_000))
    assert layout.appended_nats(old, _edited_in_the_middle(new)) is None
    assert layout.appended_nats(new, old) is None
    switched = labstate.switch(old, "X")
    assert layout.appended_nats(old, _appended(switched, _m(100, 40_000))) is None
    assert layout.appended_nats(old, labstate.relaxed(new)) is None


def test_a_mapping_edited_in_the_middle_is_planned() -> None:
    """Not taken for an append, here or when the backend reuses the earlier layout."""
    old = _base()
    edited = _edited_in_the_middle(old)
    backend = LinuxBackend()
    expected = [
        (s.text, s.op) for s in to_plan(plan_ops(layout.layout(old), layout.layout(edited))).steps
    ]
    assert "10003 : 192.168.0.5 . 99" in expected[0][0]
    assert [(s.text, getattr(s, "op", None)) for s in backend.plan(old, edited).steps] == expected


def test_adding_one_to_many_touches_only_the_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """One Add-NetNatStaticMapping process: two rule checks (the cmdlet's and the commit's),
    then the plan; no per-existing-mapping element or index entry."""
    for name in ("_last", "_misses", "_on_ports"):
        monkeypatch.setattr(mapindex, name, [], raising=False)
    old = _base(count=5_000)
    new = _appended(old, _m(9_000, 40_000))
    entries = _counting(monkeypatch, layout, "_map_entry")
    adds = _counting(monkeypatch, mapindex.MappingIndex, "add")
    new.validate(old)
    new.validate(old)
    plan = LinuxBackend().plan(old, new)
    assert [s.text for s in plan.steps] == [
        "nft -f - <<'EOF'\nadd element ip netnat static_any { tcp . 40000 : 192.168.0.2 . 80 }\nEOF"
    ]
    assert entries() <= 2 and adds() <= 2, (entries(), adds())


def _counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> Callable[[], int]:
    calls: list[None] = []
    original = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(None)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return lambda: len(calls)
