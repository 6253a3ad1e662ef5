"""The parse cache: used when the TOML hash matches, rebuilt when not, ignored when broken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.record import replace
from netnat.store import arrays, cache, text
from netnat.store.codec import Doc, encode_document
from netnat.store.file import Store

REPO = Path(__file__).resolve().parents[3]
ONE = State(nats=(NetNat("one"),))


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every TOML parse Store does from now on, by its input."""
    seen: list[bytes] = []
    real = text.parse

    def counting(data: bytes) -> Doc:
        seen.append(data)
        return real(data)

    monkeypatch.setattr(text, "parse", counting)
    return seen


def saved(path: Path, state: State) -> Store:
    store = Store(path)
    store.load()
    store.save(state)
    return store


def test_commit_writes_the_cache_and_load_uses_it(store_path: Path, parses: list[bytes]) -> None:
    store = saved(store_path, ONE)
    assert store.cache_path.exists()
    assert Store(store_path).load() == ONE
    assert parses == []


def test_a_hand_edited_store_misses_and_rewrites_the_cache(
    store_path: Path, parses: list[bytes]
) -> None:
    store = saved(store_path, ONE)
    old_cache = store.cache_path.read_bytes()
    store_path.write_text(store_path.read_text().replace('"one"', '"edited"'))
    assert Store(store_path).load() == State(nats=(NetNat("edited"),))
    assert len(parses) == 1
    assert store.cache_path.read_bytes() != old_cache
    assert Store(store_path).load() == State(nats=(NetNat("edited"),))
    assert len(parses) == 1  # the rewritten cache is used


def test_missing_cache_is_rebuilt(store_path: Path, parses: list[bytes]) -> None:
    store = saved(store_path, ONE)
    store.cache_path.unlink()
    assert Store(store_path).load() == ONE
    assert store.cache_path.exists() and len(parses) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"garbage",
        lambda blob: b"",
        lambda blob: blob[:-5],  # torn write
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),  # flipped bit in the body
        lambda blob: blob.replace(b"py3", b"py2"),  # another interpreter's marshal
    ],
)
def test_corrupt_cache_is_ignored_and_replaced(
    store_path: Path, parses: list[bytes], damage: object
) -> None:
    store = saved(store_path, ONE)
    store.cache_path.write_bytes(damage(store.cache_path.read_bytes()))  # type: ignore[operator]
    assert Store(store_path).load() == ONE
    assert len(parses) == 1
    assert Store(store_path).load() == ONE
    assert len(parses) == 1


def test_an_unwritable_cache_is_no_error(store_path: Path, parses: list[bytes]) -> None:
    store = saved(store_path, ONE)
    store.cache_path.unlink()
    store.cache_path.mkdir()  # neither readable as a file nor replaceable
    (store.cache_path / "x").touch()
    assert Store(store_path).load() == ONE
    assert Store(store_path).load() == ONE
    assert len(parses) == 2
    assert not [p for p in store_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_cache_others_can_write_is_not_trusted(store_path: Path, parses: list[bytes]) -> None:
    store = saved(store_path, ONE)
    store.cache_path.chmod(0o666)
    assert Store(store_path).load() == ONE
    assert len(parses) == 1


def test_cache_read_and_write_directly(tmp_path: Path) -> None:
    key = cache.digest(b"toml")
    cache.write(tmp_path / "c", key, {"schema": 1, "nat": [{"Name": "x"}]})
    assert cache.read(tmp_path / "c", key) == {"schema": 1, "nat": [{"Name": "x"}]}
    assert cache.read(tmp_path / "c", cache.digest(b"other")) is None


def test_a_warm_load_imports_neither_toml_library(store_path: Path) -> None:
    saved(store_path, ONE)
    code = (
        "import sys; from netnat.store.file import Store; "
        f"Store({str(store_path)!r}).load(); "
        "print(sorted(m for m in ('tomllib', 'tomli_w', 'platformdirs') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _with_mappings(count: int) -> State:
    from netnat.model.enums import Protocol
    from netnat.model.objects import StaticMapping
    from netnat.model.state import Counters

    maps = tuple(
        StaticMapping(i, "one", Protocol.TCP, "0.0.0.0", 1000 + i, "10.0.0.2", 80)
        for i in range(count)
    )
    return ONE.with_(mappings=maps, counters=Counters(next_mapping_id=count))


def test_appending_to_many_rows_encodes_and_renders_only_the_new_row(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load from the cache, one mapping appended, saved: one row rendered, and the file is
    what a cold render of the same State writes."""
    saved(store_path, _with_mappings(300))
    store = Store(store_path)
    state = store.load()  # from the cache
    assert state == _with_mappings(300)
    rendered: list[dict[str, object]] = []
    real = text._table
    monkeypatch.setattr(text, "_table", lambda t: rendered.append(t) or real(t))
    more = _with_mappings(301)
    store.save(state.with_(mappings=(*state.mappings, more.mappings[-1]), counters=more.counters))
    assert len([t for t in rendered if "StaticMappingID" in t]) == 1
    arrays.forget()  # a cold encoding and render of the same State gives the same bytes
    assert store_path.read_bytes() == text.dumps(encode_document(more))
    assert Store(store_path).load() == more  # the new cache entry
    store_path.with_name(store_path.name + ".cache").unlink()
    assert Store(store_path).load() == more  # the TOML itself


def test_a_cache_entry_of_other_columns_is_not_used(store_path: Path, parses: list[bytes]) -> None:
    """A cache whose columns are not the model's (another netnat version) is a miss."""
    import marshal

    saved(store_path, _with_mappings(3))
    key = cache.digest(store_path.read_bytes())
    packed = cache.read(store_path.with_name(store_path.name + ".cache"), key)
    assert packed is not None and packed["arrays"]["mapping"][0][0] == "StaticMappingID"
    keys, columns, start, end = packed["arrays"]["mapping"]
    packed["arrays"]["mapping"] = (keys[::-1], columns[::-1], start, end)
    cache.write(store_path.with_name(store_path.name + ".cache"), key, packed)
    assert marshal.loads(marshal.dumps(packed)) == packed
    assert Store(store_path).load() == _with_mappings(3)
    assert len(parses) == 1


def test_a_hand_edited_store_is_written_whole_after_a_cached_load(store_path: Path) -> None:
    """The text of a hand-edited file is not reused: the next write is a full render."""
    saved(store_path, _with_mappings(5))
    edited = store_path.read_text().replace("[[mapping]]", "# a note\n[[mapping]]", 1)
    store_path.write_text(edited)
    assert Store(store_path).load() == _with_mappings(5)  # parsed, cached
    store = Store(store_path)
    state = store.load()  # from the cache
    more = _with_mappings(6)
    store.save(state.with_(mappings=(*state.mappings, more.mappings[-1]), counters=more.counters))
    arrays.forget()
    assert store_path.read_bytes() == text.dumps(encode_document(more))


def test_the_cache_keeps_equal_strings_once(store_path: Path) -> None:
    """300 mappings of one NAT: the cache holds the name once (marshal writes shared objects
    once), so it is far smaller than one copy per row."""
    state = _with_mappings(300)
    apart = tuple(replace(m, NatName="".join(["o", "ne"])) for m in state.mappings)
    assert apart[0].NatName is not apart[1].NatName  # one string object per row, as parsed
    saved(store_path, state.with_(mappings=apart))
    key = cache.digest(store_path.read_bytes())
    packed = cache.read(store_path.with_name(store_path.name + ".cache"), key)
    assert packed is not None
    names = packed["arrays"]["mapping"][1][1]  # (keys, columns, start, end): NatName's column
    assert len(names) == 300 and all(name is names[0] for name in names)
