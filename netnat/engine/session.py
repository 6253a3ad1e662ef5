"""A session: the working State, preferences, $Error, and commits (design.md §4: each
state-changing cmdlet commits as it ends)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from netnat.engine.host import Host
from netnat.engine.should import Preferences
from netnat.errors import (
    WIN32_MESSAGES,
    CmdletError,
    ErrorRecord,
    NetnatError,
    ScriptTerminatingError,
)
from netnat.model.objects import NetNat
from netnat.model.state import RuleViolation, State


class Committer(Protocol):
    """Makes a new State real: validate, plan, apply on the backend, save the store."""

    def commit(self, old: State, new: State) -> None: ...


class MemoryCommitter:
    """Keeps nothing outside the session (tests, dry runs)."""

    def __init__(self) -> None:
        self.commits: list[State] = []

    def commit(self, old: State, new: State) -> None:
        new.validate(old)
        self.commits.append(new)


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

    def __post_init__(self) -> None:
        if self.committed is None:
            self.committed = self.state

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

    def commit(self, cmdlet_name: str) -> None:
        """Hand the changes since the last commit to the committer; a broken WinNAT rule or a
        failed backend restores the last committed State and raises."""
        before = self.committed
        assert before is not None
        after = self.state
        if after is before:
            return
        try:
            self.committer.commit(before, after)
        except RuleViolation as broken:
            self.state = before
            raise CmdletError(_rule_record(broken, cmdlet_name)) from None
        except NetnatError:
            self.state = before
            raise
        self.committed = after


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
