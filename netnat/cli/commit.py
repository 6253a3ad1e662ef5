"""The commit protocol (design.md §4): validate, plan, write the temp store, apply, rename."""

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

    def commit(self, old: State, new: State) -> None:
        """The session has checked WinNAT's rules already."""
        plan = self.backend.plan(old, new)
        pending = self.store.prepare(new)
        try:
            self.backend.apply(plan)
        except BaseException:
            pending.abort()
            raise
        pending.commit()
        self.count += 1
