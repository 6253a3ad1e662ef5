"""Any State, whatever its strings hold, comes back exactly from TOML (and from the file)."""

from __future__ import annotations

import tempfile
import tomllib
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netnat import record as dataclasses
from netnat.model.state import State
from netnat.store import text
from netnat.store.codec import decode_document, encode_document
from netnat.store.file import Store

TRICKY = [
    '"',
    "'",
    "]",
    "[[",
    "\\",
    "\n",
    "\r\n",
    "\x00",
    "\t",
    "\x7f",
    "\u2028",
    "\ufeff",
    "é",
    "😀",
]
TEXT = st.one_of(
    st.text(),
    st.lists(st.sampled_from(TRICKY) | st.text(max_size=3)).map("".join),
)
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def objects(cls: type) -> st.SearchStrategy[Any]:
    """Instances of a model dataclass with every field drawn (not just the required ones)."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: values(hints[f.name]) for f in dataclasses.fields(cls)}
    return st.builds(cls, **fields)


def values(hint: Any) -> st.SearchStrategy[Any]:
    if hint is str:
        return TEXT
    if hint is bool:
        return st.booleans()
    if hint is int:
        return INT64
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    if dataclasses.is_dataclass(hint):
        return objects(typing.cast(type, hint))
    (item, _) = typing.get_args(hint)
    return st.lists(objects(item), max_size=3).map(tuple)


@settings(max_examples=150, deadline=None)
@given(objects(State))
def test_any_state_round_trips_through_toml(state: State) -> None:
    written = text.dumps(encode_document(state))
    assert decode_document(tomllib.loads(written.decode("utf-8"))) == state


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(objects(State))
def test_any_state_round_trips_through_the_store(state: State) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.toml"
        store = Store(path)
        store.load()
        store.save(state)
        assert Store(path).load() == state  # from the cache written by commit
        store.cache_path.unlink()
        assert Store(path).load() == state  # from the TOML


def test_long_name_with_every_awkward_character_round_trips(tmp_path: Path) -> None:
    name = "".join(TRICKY) + "x" * 100 + "".join(map(chr, range(32)))
    name = (name * (10_000 // len(name) + 1))[:10_000]
    state = State.initial().with_(host=dataclasses.replace(State().host, ComputerName=name))
    store = Store(tmp_path / "state.toml")
    store.load()
    store.save(state)
    store.cache_path.unlink()
    assert Store(tmp_path / "state.toml").load().host.ComputerName == name
