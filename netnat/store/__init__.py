"""The TOML store: paths, codec, lock, atomic writes and the parse cache."""

from netnat.store.file import PendingWrite, Store
from netnat.store.paths import resolve_store_path

__all__ = ["PendingWrite", "Store", "resolve_store_path"]
