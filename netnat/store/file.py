"""The store file: `load()` without a lock; `lock()`, `load()`, `prepare()`, `commit()` to write.

Only `commit()` writes the store path, and `prepare()` refuses unless the file is still what
this Store last loaded, so a corrupt or since-changed store is never overwritten.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from netnat.model.state import State
from netnat.store import cache, codec, failures, fsutil, packing, paths, security, text
from netnat.store.codec import DocumentError
from netnat.store.packing import Packed

STORE_MODE = 0o644


class Store:
    """The TOML store at `path`, with `<path>.lock` and `<path>.cache` beside it."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.lock_path = paths.lock_path(self.path)
        self.cache_path = paths.cache_path(self.path)
        self._loaded = False
        self._seen: bytes | None = None  # the content last loaded or committed
        self._locked = False

    @property
    def locked(self) -> bool:
        """Whether this Store holds the writers' lock."""
        return self._locked

    def load(self) -> State:
        """The stored State; `State.initial()` when there is no file (and none is created)."""
        data = self._read()
        state = State.initial() if data is None else self._decode(data, cache.digest(data))
        self._loaded, self._seen = True, data
        return state

    @contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the writers' lock (re-entrant per Store); StoreError after `timeout` seconds."""
        if self._locked:
            yield
            return
        from netnat.store.lock import hold

        with hold(self.lock_path, timeout):
            self._locked = True
            try:
                yield
            finally:
                self._locked = False

    def prepare(self, state: State) -> PendingWrite:
        """Write `state` to a synced temp file beside the store; the store is not touched yet."""
        self._check_unchanged()
        doc = codec.encode_document(state)
        try:
            data, segments = text.render(doc)
        except DocumentError as err:
            raise failures.invalid(self.path, err.detail, err.fqid) from None
        packed = packing.pack(doc, segments, state)
        try:
            fsutil.make_dirs(self.path.parent)
            if security.is_root():
                security.check_directory(self.path.parent)
            if self._locked:  # no other writer is in flight: sweep what killed ones left
                fsutil.sweep_temps(self.path)
                fsutil.sweep_temps(self.cache_path)
            temp = fsutil.write_temp(self.path, data, STORE_MODE, durable=True)
        except OSError as err:
            raise failures.write_failed(self.path, err) from None
        return PendingWrite(self, temp, data, packed)

    def save(self, state: State) -> None:
        """prepare + commit."""
        self.prepare(state).commit()

    # ---- internals -----------------------------------------------------------------
    def _read(self) -> bytes | None:
        """The file's bytes, None when it does not exist; as root, refuse one others can change."""
        try:
            with open(self.path, "rb") as fh:
                if security.is_root():
                    security.check(self.path, os.fstat(fh.fileno()), "store file")
                    security.check_directory(self.path.parent)
                return fh.read()
        except FileNotFoundError:
            return None
        except OSError as err:
            raise failures.read_failed(self.path, err) from None

    def _decode(self, data: bytes, key: bytes) -> State:
        with _collector_paused():
            cached = cache.read(self.cache_path, key)
            state = packing.unpack(cached, data) if cached is not None else None
            if state is not None:
                return state
            try:
                state = codec.decode_document(text.parse(data))
                canonical = codec.encode_document(state)  # as netnat would write it
                rendered, segments = text.render(canonical)
                if rendered != data:  # a hand-edited file: its text is not netnat's to reuse
                    segments = {}
                packed = packing.pack(canonical, segments, state)
            except DocumentError as err:
                raise failures.invalid(self.path, err.detail, err.fqid) from None
        cache.write(self.cache_path, key, packed)
        return state

    def _check_unchanged(self) -> None:
        """Refuse to write over content this Store did not load (corrupt, or another writer's)."""
        try:
            with open(self.path, "rb") as fh:
                current: bytes | None = fh.read()
        except FileNotFoundError:
            current = None
        except OSError as err:
            raise failures.read_failed(self.path, err) from None
        if not self._loaded and current is not None:
            raise RuntimeError(f"Store.prepare() before load(): {self.path} exists")
        if current != self._seen:
            raise failures.changed(self.path)

    def _committed(self, data: bytes, packed: Packed) -> None:
        self._loaded, self._seen = True, data
        cache.write(self.cache_path, cache.digest(data), packed)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes thousands of acyclic objects; collecting meanwhile costs ~1 ms per 1,000."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class PendingWrite:
    """A new store content in a synced temp file: `commit()` renames it over the store."""

    def __init__(self, store: Store, temp: Path, data: bytes, packed: Packed) -> None:
        self.store = store
        self.temp_path = temp
        self._data = data
        self._packed = packed
        self._done = False

    def commit(self) -> None:
        """Replace the store with the new content and fsync the directory.

        Raises StoreError (the store unchanged, the temp file gone) only if the rename fails;
        once the rename is done nothing raises.
        """
        if self._done:
            raise RuntimeError("this write was already committed or aborted")
        self._done = True
        path = self.store.path
        try:
            os.replace(self.temp_path, path)
        except OSError as err:
            fsutil.remove_quietly(self.temp_path)
            raise failures.write_failed(path, err) from None
        fsutil.fsync_dir(path.parent)
        self.store._committed(self._data, self._packed)

    def abort(self) -> None:
        """Drop the new content; the store stays as it was. Harmless after commit or abort."""
        if not self._done:
            self._done = True
            fsutil.remove_quietly(self.temp_path)

    def __enter__(self) -> PendingWrite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.abort()
