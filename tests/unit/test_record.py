"""netnat.record behaves as the `dataclasses` subset it replaces (compared side by side)."""

from __future__ import annotations

import copy
import dataclasses
from typing import ClassVar

import pytest

from netnat import record


def _pair(frozen: bool, slots: bool) -> tuple[type, type]:
    def body() -> dict[str, object]:
        return {
            "__annotations__": {"a": "int", "b": "str", "c": "list[int]", "k": "ClassVar[int]"},
            "b": "x",
            "k": 7,
        }

    made = []
    for make, fld in ((dataclasses.dataclass, dataclasses.field), (record.dataclass, record.field)):
        ns = body()
        ns["c"] = fld(default_factory=list)
        cls = type("Point", (), ns)
        made.append(make(frozen=frozen, slots=slots)(cls))
    return made[0], made[1]


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize("slots", [True, False])
def test_same_behaviour_as_dataclasses(frozen: bool, slots: bool) -> None:
    std, rec = _pair(frozen, slots)
    for cls in (std, rec):
        cls.__module__ = __name__
    s, r = std(1), rec(1)
    assert repr(s) == repr(r) == "Point(a=1, b='x', c=[])"
    assert r == rec(1, "x", []) and r != rec(2) and r != s
    assert r.__match_args__ == s.__match_args__ == ("a", "b", "c")
    assert [f.name for f in record.fields(r)] == [f.name for f in dataclasses.fields(s)]
    assert rec.k == 7 and hasattr(r, "__dict__") == (not slots)
    assert record.replace(r, b="y") == rec(1, "y", [])
    assert (std.__hash__ is None) == (rec.__hash__ is None)
    if frozen:
        assert hash(rec(1, "x", ())) == hash(rec(1, "x", ()))
        with pytest.raises(record.FrozenInstanceError, match="cannot assign to field 'a'"):
            r.a = 3
        with pytest.raises(AttributeError):
            del r.b
    else:
        r.a = 3
        assert r.a == 3
    assert copy.deepcopy(r) == r and copy.copy(rec(4)) == rec(4)


def test_argument_errors_are_type_errors() -> None:
    @record.dataclass(frozen=True, slots=True)
    class P:
        a: int
        b: int = 2

    assert P(1) == P(a=1) == P(1, 2) == P(b=2, a=1)
    for call in (lambda: P(), lambda: P(1, c=3), lambda: P(1, 2, 3), lambda: P(1, a=1)):
        with pytest.raises(TypeError):
            call()


def test_order_post_init_and_inheritance() -> None:
    @record.dataclass(frozen=True, slots=True, order=True)
    class V:
        major: int
        minor: int = 0

    assert sorted([V(2), V(1, 5), V(1)]) == [V(1), V(1, 5), V(2)]

    seen: list[int] = []

    @record.dataclass(slots=True)
    class Base:
        x: int
        kind: ClassVar[str] = "base"

    @record.dataclass(slots=True)
    class Child(Base):
        y: int = 0

        def __post_init__(self) -> None:
            seen.append(self.x + self.y)

    assert Child(1, 2) == Child(x=1, y=2) and seen == [3, 3]
    assert [f.name for f in record.fields(Child)] == ["x", "y"] and Child.kind == "base"
    assert record.is_dataclass(Child) and not record.is_dataclass(object())


def test_hot_classes_get_the_same_init_compiled() -> None:
    made: list[object] = []

    @record.dataclass(frozen=True, slots=True)
    class Row:
        a: int
        b: str = "x"
        c: list[int] = record.field(default_factory=list)

        def __post_init__(self) -> None:
            made.append(self)

    generic = Row.__init__
    rows = [Row(i) if i % 2 else Row(a=i, b="y", c=[i]) for i in range(2 * record.HOT)]
    assert Row.__init__ is not generic and len(made) == len(rows)
    assert rows[-1] == Row(2 * record.HOT - 1) and rows[-2] == Row(
        2 * record.HOT - 2, "y", [2 * record.HOT - 2]
    )
    with pytest.raises(TypeError):
        Row(1, d=2)


def test_a_required_field_after_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @record.dataclass
        class Bad:
            a: int = 0
            b: int


def test_from_columns_makes_the_objects_the_class_makes() -> None:
    @record.dataclass(frozen=True, slots=True)
    class Row:
        a: int
        b: str = "x"

    @record.dataclass(frozen=True)
    class Plain:
        a: int
        b: str = "x"

    for cls in (Row, Plain):
        made = record.from_columns(cls, [[1, 2, 3], ["p", "q", "r"]])
        assert made == [cls(1, "p"), cls(2, "q"), cls(3, "r")]
        assert all(type(obj) is cls for obj in made) and hash(made[0]) == hash(cls(1, "p"))
        assert record.from_columns(cls, [[], []]) == []
        with pytest.raises(TypeError):
            record.from_columns(cls, [[1]])
    with pytest.raises(ValueError):
        record.from_columns(Row, [[1, 2], ["p"]])
    with pytest.raises(record.FrozenInstanceError):
        record.from_columns(Row, [[1], ["p"]])[0].a = 2  # type: ignore[misc]
