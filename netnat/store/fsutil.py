"""File-system steps for the store: directories, unique temp files, complete writes, fsync."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o755
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW


def make_dirs(directory: Path) -> None:
    """Create `directory` and its missing parents, each with mode 0755 (whatever the umask)."""
    missing: list[Path] = []
    while not directory.is_dir():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(path, DIR_MODE)


def write_temp(target: Path, data: bytes, mode: int, durable: bool) -> Path:
    """Write `data` to a new hidden file beside `target`; fsync it when `durable`.

    The file is created exclusively (never following a link) with `mode`; on any error it is
    removed and the OSError raised.
    """
    fd, temp = _create_temp(target)
    try:
        os.fchmod(fd, mode)
        write_all(fd, data)
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        remove_quietly(temp)
        raise
    os.close(fd)
    return temp


def _create_temp(target: Path) -> tuple[int, Path]:
    while True:
        temp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temp, _TEMP_FLAGS, 0o600), temp
        except FileExistsError:
            continue


def sweep_temps(target: Path) -> None:
    """Remove `target`'s temp files (`.<name>.<pid>.<8 hex>.tmp`) whose writer is dead: a
    SIGKILL or a power cut between write_temp and the rename leaves them. Best effort."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid, dot, tag = name[len(prefix) : -len(".tmp")].partition(".")
        if not (dot and pid.isdigit() and len(tag) == 8 and _is_hex(tag)):
            continue
        if not _alive(int(pid)):
            remove_quietly(target.parent / name)


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def _alive(pid: int) -> bool:
    """Whether process `pid` exists (ours or another user's); pid 0 and below count as alive."""
    if pid <= 0 or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # EPERM: it exists, another user's
    return True


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written (a short write is not an error)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable; best effort (some file systems refuse)."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    """Remove a file if it is there."""
    with contextlib.suppress(OSError):
        os.unlink(path)
