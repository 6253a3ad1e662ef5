"""Where the store lives: `--store`, else `$NETNAT_STORE`, else the root or per-user default."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "NETNAT_STORE"
ROOT_STORE = Path("/var/lib/netnat/state.toml")
STORE_NAME = "state.toml"


def resolve_store_path(explicit: str | None) -> Path:
    """The store file: `explicit` (--store), `$NETNAT_STORE`, root's default, else the user's."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen:
        return Path(os.path.abspath(os.path.expanduser(chosen)))
    if os.geteuid() == 0:
        return ROOT_STORE
    import platformdirs  # only here: most calls name the store or run as root

    return Path(platformdirs.user_state_dir("netnat")) / STORE_NAME


def lock_path(store: Path) -> Path:
    """`<store>.lock`: flock'ed by writers, never deleted."""
    return store.with_name(store.name + ".lock")


def cache_path(store: Path) -> Path:
    """`<store>.cache`: the parsed document, keyed by a hash of the TOML bytes."""
    return store.with_name(store.name + ".cache")


def user_data_dir() -> Path:
    """The per-user data dir, e.g. `~/.local/share/netnat` (the shell keeps its history there)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("netnat"))
