"""The commit protocol (design.md §4): validate, write the temp store, plan, apply, rename."""

from __future__ import annotations

from netnat.backends.base import Backend
from netnat.model.state import State
from netnat.store.file import Store


class StoreCommitter:
    """Commits each changed State to the backend and the store, all or nothing."""

    def __init__(self, store: Store, backend: Backend) -> None:
        self.store = store
        self.backend = backend
        self.count = 0

    def batchable(self, old: State, new: State) -> bool:
        return self.backend.batchable(old, new)

    def commit(self, old: State, new: State) -> None:
        """The session has checked WinNAT's rules already. The store is prepared first, so a
        State it cannot hold (a lone surrogate in a name) is refused before any plan."""
        pending = self.store.prepare(new)
        try:
            self.backend.apply(self.backend.plan(old, new))
        except BaseException:
            pending.abort()
            raise
        pending.commit()
        self.count += 1
