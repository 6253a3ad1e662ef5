"""The writers' lock: an exclusive flock on `<store>.lock` (mode 0600), held for a `with` block."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netnat.store import security
from netnat.store.failures import lock_failed, lock_timeout
from netnat.store.fsutil import make_dirs

_FLAGS = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
_MAX_POLL = 0.05


@contextmanager
def hold(lock: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock for the block; wait for it forever, or `timeout` seconds then StoreError."""
    fd = _open(lock)
    try:
        _acquire(fd, lock, timeout)
        yield
    finally:
        os.close(fd)  # releases the flock


def _open(lock: Path) -> int:
    try:
        make_dirs(lock.parent)
    except OSError as err:
        raise lock_failed(lock, err) from None
    root = security.is_root()
    if root:
        security.check_directory(lock.parent)
    try:
        fd = os.open(lock, _FLAGS, 0o600)
    except OSError as err:
        raise lock_failed(lock, err) from None
    if root:
        try:
            security.check(lock, os.fstat(fd), "store lock file")
        except BaseException:
            os.close(fd)
            raise
    return fd


def _acquire(fd: int, lock: Path, timeout: float | None) -> None:
    try:
        if timeout is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            _poll(fd, lock, timeout)
    except OSError as err:
        raise lock_failed(lock, err) from None


def _poll(fd: int, lock: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                raise lock_timeout(lock, timeout) from None
            time.sleep(min(delay, left))
            delay = min(delay * 2, _MAX_POLL)
