"""The writers' lock serialises processes: parallel writers never lose an update."""

from __future__ import annotations

import os
import select
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from netnat.errors import StoreError
from netnat.store.file import Store

REPO = Path(__file__).resolve().parents[3]
WAIT = 60  # seconds: an upper bound, never slept

INCREMENT = """
import sys
from netnat.store.file import Store
store = Store(sys.argv[1])
for _ in range(int(sys.argv[2])):
    with store.lock(timeout=30):
        _, state = store.load().allocate("next_mapping_id")
        store.save(state)
"""

HOLD = """
import sys
from netnat.store.file import Store
with Store(sys.argv[1]).lock():
    print("locked", flush=True)
    sys.stdin.readline()
"""


def python(
    code: str,
    *args: str,
    stdin: int | None = None,
    stdout: int | None = None,
    stderr: int | None = None,
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", code, *args]
    return subprocess.Popen(command, env=env, text=True, stdin=stdin, stdout=stdout, stderr=stderr)


def test_parallel_writers_lose_no_update(store_path: Path) -> None:
    runs = [python(INCREMENT, str(store_path), "20", stderr=subprocess.PIPE) for _ in range(3)]
    for run in runs:
        _, err = run.communicate(timeout=WAIT)
        assert run.returncode == 0, err
    assert Store(store_path).load().counters.next_mapping_id == 60


def test_a_held_lock_blocks_writers_but_not_readers(store_path: Path) -> None:
    holder = python(HOLD, str(store_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdin is not None
        ready, _, _ = select.select([holder.stdout], [], [], WAIT)
        assert ready and holder.stdout.readline() == "locked\n"
        Store(store_path).load()  # readers do not lock
        with pytest.raises(StoreError) as caught, Store(store_path).lock(timeout=0.05):
            pass
        assert caught.value.record.fqid == "StoreLockTimeout"
        holder.stdin.write("\n")
        holder.stdin.flush()
        with Store(store_path).lock(timeout=WAIT):
            assert holder.wait(timeout=WAIT) == 0
    finally:
        holder.kill()
        holder.wait(timeout=WAIT)


def test_lock_is_reentrant_per_store(store_path: Path) -> None:
    store = Store(store_path)
    with store.lock(timeout=5):
        with store.lock(timeout=5):
            assert store.locked
        assert store.locked
    assert not store.locked


def test_lock_file_is_private_and_stays(store_path: Path) -> None:
    store = Store(store_path)
    with store.lock():
        pass
    assert stat.S_IMODE(store.lock_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store_path.parent.stat().st_mode) == 0o755
    assert not store_path.exists()  # locking does not create the store


def test_lock_in_an_impossible_place(tmp_path: Path) -> None:
    (tmp_path / "file").touch()
    with pytest.raises(StoreError) as caught, Store(tmp_path / "file" / "state.toml").lock():
        pass
    assert caught.value.record.fqid == "StoreLockFailed"
    assert "state.toml.lock" in caught.value.record.message
