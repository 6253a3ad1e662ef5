"""A session: the working State, preferences, $Error, and how one command invocation runs
and commits (design.md §4: each state-changing cmdlet commits as it ends)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from netnat.binding.decl import Bound, Cmdlet
from netnat.engine.host import Host
from netnat.engine.should import Preferences, ShouldProcess
from netnat.errors import (
    WIN32_MESSAGES,
    CmdletError,
    ErrorRecord,
    NetnatError,
    ScriptTerminatingError,
)
from netnat.model.objects import NetNat
from netnat.model.state import RuleViolation, State
from netnat.source import Span


class Committer(Protocol):
    """Makes a new State real: validate, plan, apply on the backend, save the store."""

    def commit(self, old: State, new: State) -> None: ...


class MemoryCommitter:
    """Keeps nothing outside the session (tests, `--what-if` dry runs)."""

    def __init__(self) -> None:
        self.commits: list[State] = []

    def commit(self, old: State, new: State) -> None:
        new.validate(old)
        self.commits.append(new)


@dataclass
class Session:
    state: State
    host: Host
    committer: Committer = field(default_factory=MemoryCommitter)
    prefs: Preferences = field(default_factory=Preferences)
    sessions: Callable[[NetNat], list[object]] = lambda nat: []
    errors: list[ErrorRecord] = field(default_factory=list)  # $Error, newest last
    had_error: bool = False  # any error record written: exit code 1

    def record(self, record: ErrorRecord, action: str, show: bool = True) -> None:
        """Write an error record under an ErrorAction value (subset §4.1)."""
        if action == "Ignore":
            return
        self.errors.append(record)
        self.had_error = True
        if action == "Stop":
            raise ScriptTerminatingError(record)
        if action != "SilentlyContinue" and show:
            self.host.write_error(record)


class Invocation:
    """The CmdletContext one command invocation sees."""

    def __init__(self, session: Session, bound: Bound, span: Span | None) -> None:
        self.session = session
        self.bound = bound
        self.span = span
        self.should_process = ShouldProcess(session.host, session.prefs, bound)

    @property
    def state(self) -> State:
        return self.session.state

    @state.setter
    def state(self, value: State) -> None:
        self.session.state = value

    def place(self, record: ErrorRecord) -> ErrorRecord:
        return record.at(self.span, self.bound.invocation_name or self.bound.cmdlet.name)

    def error_action(self) -> str:
        given = self.bound.get("ErrorAction")
        return str(given) if given is not None else self.session.prefs.error_action

    def write_error(self, error: NetnatError) -> None:
        self.session.record(self.place(error.record), self.error_action())

    def write_warning(self, text: str) -> None:
        if self.bound.get("WarningAction") not in ("SilentlyContinue", "Ignore"):
            self.session.host.write_warning(text)

    def write_verbose(self, text: str) -> None:
        given = self.bound.get("Verbose")
        if given or (given is None and self.session.prefs.verbose):
            self.session.host.write_verbose(text)

    def nat_sessions(self, nat: NetNat) -> list[object]:
        return self.session.sessions(nat)


def run_cmdlet(
    session: Session,
    cmdlet: Cmdlet,
    bounds: Iterable[Bound],
    span: Span | None = None,
    output: list[object] | None = None,
) -> list[object]:
    """Run a cmdlet's process step for each bound invocation (one per pipeline object),
    then commit what it changed, even when it stopped half-way, as Windows would have.
    Objects go to `output` as they come, so a caller keeps them when an error ends the run."""
    before = session.state
    output = [] if output is None else output
    invocation: Invocation | None = None
    try:
        for bound in bounds:
            if invocation is None:
                invocation = Invocation(session, bound, span)
            else:
                invocation.bound = bound
                invocation.should_process.bound = bound
            output.extend(cmdlet.run(invocation, bound))
    except NetnatError as error:
        if invocation is not None:
            error.record = invocation.place(error.record)
        _commit(session, cmdlet, before, invocation)
        raise
    _commit(session, cmdlet, before, invocation)
    return output


def _commit(session: Session, cmdlet: Cmdlet, before: State, inv: Invocation | None) -> None:
    """Hand a changed State to the committer; a broken rule restores the old State."""
    after = session.state
    if after is before or not cmdlet.changes_state:
        return
    try:
        session.committer.commit(before, after)
    except RuleViolation as broken:
        session.state = before
        record = ErrorRecord(
            message=WIN32_MESSAGES[broken.win32],
            category="InvalidArgument" if broken.win32 == 87 else "NotSpecified",
            fqid=f"Windows System Error {broken.win32},{cmdlet.name}",
            activity=cmdlet.name,
            reason="CimException",
        )
        raise CmdletError(inv.place(record) if inv else record) from None
    except NetnatError:
        session.state = before
        raise
