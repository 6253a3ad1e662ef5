"""The parse cache: used when the TOML hash matches, rebuilt when not, ignored when broken."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.store import cache, text
from netnat.store.codec import Doc
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
