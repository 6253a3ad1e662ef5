"""As root, store files and directories other users could change are refused, with the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netnat.errors import StoreError
from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.store.file import Store

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the checks apply to root only")
ONE = State(nats=(NetNat("one"),))
OTHER_UID = 4242


def saved(path: Path) -> Store:
    store = Store(path)
    store.load()
    store.save(ONE)
    return store


def refusal(action: object) -> StoreError:
    with pytest.raises(StoreError) as caught:
        action()  # type: ignore[operator]
    assert caught.value.record.fqid == "StoreInsecure"
    assert caught.value.record.category == "SecurityError"
    return caught.value


def test_world_writable_store_file(store_path: Path) -> None:
    saved(store_path)
    store_path.chmod(0o666)
    err = refusal(Store(store_path).load)
    assert err.record.message == (
        f"The store file '{store_path}' is writable by group or others; netnat runs as root "
        f"and refuses it. Fix: chmod go-w '{store_path}'"
    )


def test_group_writable_store_file(store_path: Path) -> None:
    saved(store_path)
    store_path.chmod(0o664)
    refusal(Store(store_path).load)


def test_store_file_owned_by_another_user(store_path: Path) -> None:
    saved(store_path)
    os.chown(store_path, OTHER_UID, -1)
    err = refusal(Store(store_path).load)
    assert f"is owned by uid {OTHER_UID}, not root" in err.record.message
    assert err.record.message.endswith(f"Fix: chown root '{store_path}'")


def test_writable_store_directory(store_path: Path) -> None:
    saved(store_path)
    store_path.parent.chmod(0o777)
    err = refusal(Store(store_path).load)
    assert f"The store directory '{store_path.parent}'" in err.record.message
    assert f"chmod go-w '{store_path.parent}'" in err.record.message
    refusal(Store(store_path).lock().__enter__)
    store = Store(store_path)
    store_path.parent.chmod(0o755)
    store.load()
    store_path.parent.chmod(0o777)
    refusal(lambda: store.prepare(ONE))


def test_sticky_shared_directory_gets_a_different_fix(store_path: Path) -> None:
    saved(store_path)
    store_path.parent.chmod(0o1777)
    err = refusal(Store(store_path).load)
    assert "keep the store in a directory only root can write" in err.record.message


def test_directory_owned_by_another_user(store_path: Path) -> None:
    saved(store_path)
    os.chown(store_path.parent, OTHER_UID, -1)
    err = refusal(Store(store_path).load)
    assert f"chown root '{store_path.parent}'" in err.record.message


def test_loose_lock_file(store_path: Path) -> None:
    store = saved(store_path)
    with store.lock():
        pass
    store.lock_path.chmod(0o666)
    err = refusal(Store(store_path).lock().__enter__)
    assert f"The store lock file '{store.lock_path}'" in err.record.message


def test_a_refused_store_is_left_alone(store_path: Path) -> None:
    saved(store_path)
    store_path.chmod(0o666)
    before = store_path.read_bytes()
    refusal(Store(store_path).load)
    assert store_path.read_bytes() == before
    assert (store_path.stat().st_mode & 0o777) == 0o666
