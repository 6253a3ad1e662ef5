"""A session: the working State, preferences, $Error, and commits (design.md §4: each
state-changing cmdlet commits as it ends)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from netnat.engine.host import Host
from netnat.engine.should import Preferences
from netnat.errors import (
    WIN32_MESSAGES,
    BackendError,
    CmdletError,
    ErrorRecord,
    NetnatError,
    ScriptTerminatingError,
)
from netnat.model.objects import NetNat
from netnat.model.state import RuleViolation, State
from netnat.record import dataclass, field

# Pending states each hold their own tuple of mappings: past this many references in all (about
# 160 MB) a batch is applied early, so a 10,000-mapping loop stays within a few hundred MB.
BATCH_WEIGHT = 20_000_000


class Committer(Protocol):
    """Makes a new State real: validate, plan, apply on the backend, save the store."""

    def commit(self, old: State, new: State) -> None: ...

    def batchable(self, old: State, new: State) -> bool:
        """Whether `old` -> `new` may wait for a group commit (the backend's answer)."""
        ...


class MemoryCommitter:
    """Keeps nothing outside the session (tests, dry runs)."""

    def __init__(self) -> None:
        self.commits: list[State] = []

    def batchable(self, old: State, new: State) -> bool:
        return True

    def commit(self, old: State, new: State) -> None:
        self.commits.append(new)


class Kernel(Protocol):
    """The backend's whole-kernel operations (the CLI passes its backend)."""

    def sync(self, state: State) -> object: ...

    def drift(self, state: State) -> list[str]: ...


class Formatter(Protocol):
    """Text forms the utility cmdlets need (Format-Table, Out-String, ConvertTo-Json)."""

    def render(self, objects: list[object], shape: str, properties: Sequence[object]) -> str: ...

    def to_json(self, value: object, depth: int, compress: bool) -> str: ...


class PlainFormatter:
    """A formatter for sessions without the output layer (tests): one `str()` per line."""

    def render(self, objects: list[object], shape: str, properties: Sequence[object]) -> str:
        return "\n".join(str(o) for o in objects)

    def to_json(self, value: object, depth: int, compress: bool) -> str:
        return repr(value)


@dataclass
class ErrorRoute:
    """Where errors go while a redirected command runs: `2>$null` hides them, `2>&1` keeps
    them (`merged`) for the command's output; both still add them to $Error."""

    merge: bool
    merged: list[ErrorRecord] = field(default_factory=list)

    def take(self) -> list[ErrorRecord]:
        taken, self.merged = self.merged, []
        return taken


@dataclass
class Session:
    state: State
    host: Host
    committer: Committer = field(default_factory=MemoryCommitter)
    prefs: Preferences = field(default_factory=Preferences)
    sessions: Callable[[NetNat], list[object]] = lambda nat: []
    formatter: Formatter = field(default_factory=PlainFormatter)
    errors: list[ErrorRecord] = field(default_factory=list)  # $Error, oldest first
    had_error: bool = False  # any error record written: exit code 1
    committed: State | None = None  # what the backend and store hold
    batch: bool = False  # runbooks: commit in groups at the points where it can be observed
    pending: list[tuple[str, State]] = field(default_factory=list)  # (cmdlet, state) not applied
    pending_weight: int = 0  # mappings held by the pending states (each holds its own tuple)
    validated: State | None = None  # the newest state whose rules were checked
    routes: list[ErrorRoute] = field(default_factory=list)  # innermost redirection last
    kernel: Kernel | None = None  # sync/drift of the backend, for Restart-Computer/Test-NetNat

    def __post_init__(self) -> None:
        if self.committed is None:
            self.committed = self.state
        self.validated = self.committed

    def record(self, record: ErrorRecord, action: str, show: bool = True) -> None:
        """Write an error record under an ErrorAction value (subset §4.1); what earlier
        commands changed is applied first, so an error never hides their effect."""
        if action == "Ignore":
            return
        self.flush()
        self.errors.append(record)
        if action == "Stop":
            raise ScriptTerminatingError(record)
        if self.routes:
            if self.routes[-1].merge and action != "SilentlyContinue":
                self.routes[-1].merged.append(record)
            return
        if action != "SilentlyContinue" and show:
            self.had_error = True  # the exit code counts errors the user was shown
            self.host.write_error(record)

    @contextmanager
    def routed(self, route: ErrorRoute) -> Iterator[None]:
        """Errors recorded inside the block follow `route`."""
        self.routes.append(route)
        try:
            yield
        finally:
            self.routes.remove(route)

    def commit(self, cmdlet_name: str) -> None:
        """A cmdlet ended: check WinNAT's rules for its changes (a broken rule restores the
        State before it), then apply them now, or with the next flush when batching."""
        before, after = self.validated, self.state
        assert before is not None
        if after is before:
            return
        try:
            after.validate(before)
        except RuleViolation as broken:
            self.state = before
            raise CmdletError(_rule_record(broken, cmdlet_name)) from None
        self.validated = after
        alone = not (self.batch and self.committer.batchable(before, after))
        if alone:  # applied as the cmdlet ends: a failure is its own, not a later cmdlet's
            self.flush()
        self.pending.append((cmdlet_name, after))
        self.pending_weight += len(after.mappings) + 1
        if alone:
            try:
                self.flush()
            except BackendError as failed:  # a cmdlet's own apply failed: a cmdlet error, as
                raise CmdletError(failed.record) from None  # on Windows (subset §8.6)
        elif self.pending_weight > BATCH_WEIGHT:
            self.flush()

    def flush(self) -> None:
        """Apply pending changes in one commit; if that fails, apply them one cmdlet at a time
        so that the changes before the failing cmdlet stay committed."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        self.pending_weight = 0
        assert self.committed is not None
        try:
            self.committer.commit(self.committed, pending[-1][1])
            self.committed = pending[-1][1]
            return
        except NetnatError as failed:
            if len(pending) == 1:
                self._rollback()
                raise
            first_failure = failed
        del first_failure  # the one-by-one pass finds and reports the cmdlet that fails
        for _, state in pending:
            try:
                self.committer.commit(self.committed, state)
            except NetnatError:
                self._rollback()
                raise
            self.committed = state

    def restart(self, state: State, cmdlet_name: str) -> None:
        """Restart-Computer: commit `state` now, then rebuild the kernel objects from it."""
        self.flush()
        self.state = state
        self.commit(cmdlet_name)
        self.flush()
        if self.kernel is not None and self.committed is not None:
            self.kernel.sync(self.committed)

    def drift(self) -> list[str]:
        """How the kernel differs from what is committed (after applying pending changes)."""
        self.flush()
        if self.kernel is None or self.committed is None:
            return []
        return self.kernel.drift(self.committed)

    def _rollback(self) -> None:
        assert self.committed is not None
        self.state = self.validated = self.committed


def _rule_record(broken: RuleViolation, cmdlet_name: str) -> ErrorRecord:
    cls = broken.cim_class
    return ErrorRecord(
        message=WIN32_MESSAGES[broken.win32],
        category="InvalidArgument" if broken.win32 == 87 else "NotSpecified",
        fqid=f"Windows System Error {broken.win32},{cmdlet_name}",
        activity=cmdlet_name,
        reason="CimException",
        target_name=cls,
        target_type=f"root/StandardCimv2/{cls}",
    )
