"""As root, refuse store files and directories another user could change (as sshd refuses keys)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from netnat.errors import StoreError
from netnat.store.failures import insecure, shell_quote


def is_root() -> bool:
    return os.geteuid() == 0


def check(path: Path, st: os.stat_result, what: str) -> None:
    """Raise StoreError when `path` (a `what`, e.g. `store file`) is not root's alone to change."""
    if st.st_uid != 0:
        problem = f"is owned by {_user(st.st_uid)}, not root"
        raise insecure(what, path, problem, f"chown root {shell_quote(path)}")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise _writable(path, st, what)


def check_directory(directory: Path) -> None:
    """`check` for the directory that holds the store."""
    try:
        st = os.stat(directory)
    except OSError:
        return  # creating or opening a file in it reports the real problem
    check(directory, st, "store directory")


def _writable(path: Path, st: os.stat_result, what: str) -> StoreError:
    problem = "is writable by group or others"
    if stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX:
        fix = "keep the store in a directory only root can write, e.g. /var/lib/netnat"
    else:
        fix = f"chmod go-w {shell_quote(path)}"
    return insecure(what, path, problem, fix)


def _user(uid: int) -> str:
    import pwd

    try:
        return f"user {pwd.getpwuid(uid).pw_name} (uid {uid})"
    except KeyError:
        return f"uid {uid}"
