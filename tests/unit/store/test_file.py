"""Store: reading never writes, writes are atomic, failures leave the store byte for byte."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from netnat.errors import StoreError
from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.store import fsutil
from netnat.store.file import Store


def saved(path: Path, state: State) -> Store:
    store = Store(path)
    store.load()
    store.save(state)
    return store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


ONE = State(nats=(NetNat("one"),))
TWO = State(nats=(NetNat("two"),))


def test_missing_store_loads_initial_state_and_creates_nothing(store_path: Path) -> None:
    assert Store(store_path).load() == State.initial()
    assert not store_path.parent.exists()


def test_save_creates_directory_and_file_with_their_modes(store_path: Path) -> None:
    old = os.umask(0o077)
    try:
        saved(store_path, ONE)
    finally:
        os.umask(old)
    assert mode(store_path.parent) == 0o755
    assert mode(store_path.parent.parent) == 0o755
    assert mode(store_path) == 0o644
    assert names(store_path.parent) == ["state.toml", "state.toml.cache"]
    assert Store(store_path).load() == ONE


def test_prepare_leaves_the_store_until_commit(store_path: Path) -> None:
    store = saved(store_path, ONE)
    before = store_path.read_bytes()
    pending = store.prepare(TWO)
    assert store_path.read_bytes() == before
    assert pending.temp_path.parent == store_path.parent
    assert mode(pending.temp_path) == 0o644
    pending.commit()
    assert Store(store_path).load() == TWO
    assert not pending.temp_path.exists()


def test_abort_leaves_no_temp_file(store_path: Path) -> None:
    store = saved(store_path, ONE)
    before = store_path.read_bytes()
    store.prepare(TWO).abort()
    assert store_path.read_bytes() == before
    assert names(store_path.parent) == ["state.toml", "state.toml.cache"]


def test_pending_write_as_context_manager_aborts_unless_committed(store_path: Path) -> None:
    store = saved(store_path, ONE)
    with pytest.raises(ZeroDivisionError), store.prepare(TWO):
        1 / 0  # noqa: B018  (a failed apply)
    assert names(store_path.parent) == ["state.toml", "state.toml.cache"]
    with store.prepare(TWO) as pending:
        pending.commit()
    assert Store(store_path).load() == TWO


def test_commit_twice_is_a_bug(store_path: Path) -> None:
    pending = saved(store_path, ONE).prepare(TWO)
    pending.commit()
    with pytest.raises(RuntimeError):
        pending.commit()


def test_consecutive_saves_on_one_store(store_path: Path) -> None:
    store = saved(store_path, ONE)
    store.save(TWO)
    store.save(ONE)
    assert Store(store_path).load() == ONE


def test_full_disk_names_the_path_and_reason(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = saved(store_path, ONE)
    before = store_path.read_bytes()

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fsutil, "write_all", full)
    with pytest.raises(StoreError) as caught:
        store.prepare(TWO)
    assert caught.value.record.message == (
        f"The store file '{store_path}' cannot be written: No space left on device. "
        "The store was not changed."
    )
    assert caught.value.record.category == "WriteError"
    assert store_path.read_bytes() == before
    assert names(store_path.parent) == ["state.toml", "state.toml.cache"]


def test_read_only_file_system(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = saved(store_path, ONE)
    before = store_path.read_bytes()

    def read_only(target: Path) -> tuple[int, Path]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(fsutil, "_create_temp", read_only)
    with pytest.raises(StoreError, match="cannot be written: Read-only file system"):
        store.save(TWO)
    assert store_path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_unwritable_directory(store_path: Path) -> None:
    store = saved(store_path, ONE)
    store_path.parent.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="Permission denied"):
            store.save(TWO)
    finally:
        store_path.parent.chmod(0o755)
    assert Store(store_path).load() == ONE


def test_failed_rename_removes_the_temp_file(store_path: Path) -> None:
    store = Store(store_path)
    store.load()
    pending = store.prepare(ONE)
    store_path.mkdir()  # something now blocks the rename
    (store_path / "x").touch()
    with pytest.raises(StoreError, match="cannot be written"):
        pending.commit()
    assert not pending.temp_path.exists()


def test_corrupt_store_is_never_overwritten(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_text("schema = 1\n[[nat]\n")
    store = Store(store_path)
    with pytest.raises(StoreError):
        store.load()
    with pytest.raises(RuntimeError, match="before load"):
        store.save(ONE)
    assert store_path.read_text() == "schema = 1\n[[nat]\n"


def test_a_change_since_load_is_not_overwritten(store_path: Path) -> None:
    saved(store_path, ONE)
    mine = Store(store_path)
    mine.load()
    theirs = Store(store_path)
    theirs.load()
    theirs.save(TWO)
    with pytest.raises(StoreError) as caught:
        mine.save(ONE)
    assert caught.value.record.fqid == "StoreChanged"
    assert Store(store_path).load() == TWO


def test_a_store_created_since_load_is_not_overwritten(store_path: Path) -> None:
    mine = Store(store_path)
    mine.load()
    saved(store_path, TWO)
    with pytest.raises(StoreError, match="changed after it was read"):
        mine.save(ONE)


def test_unreadable_store_is_a_read_error(store_path: Path) -> None:
    store_path.mkdir(parents=True)  # a directory where the file belongs
    with pytest.raises(StoreError) as caught:
        Store(store_path).load()
    assert caught.value.record.category == "ReadError"
    assert str(store_path) in caught.value.record.message
