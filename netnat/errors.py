"""Error classes; each carries a PowerShell ErrorRecord shape (message, category, FQID, target)."""

from __future__ import annotations

from enum import Enum

from netnat.record import dataclass, replace
from netnat.source import Span

# Win32 error texts the WinNAT and NetTCPIP providers report (windows-cmdlets.md §0.2)
WIN32_MESSAGES = {
    5: "Access is denied.",
    32: "The process cannot access the file because it is being used by another process.",
    52: (
        "You were not connected because a duplicate name exists on the network. If joining a "
        "domain, go to System in Control Panel to change the computer name and try again. If "
        "joining a workgroup, choose another workgroup name."
    ),
    87: "The parameter is incorrect.",
    1168: "Element not found.",
    1169: "No matching interface was found for prefix (null).",
    5010: "The object already exists.",
}


class Severity(Enum):
    """How far an error unwinds (powershell-subset §4.1)."""

    NON_TERMINATING = "non-terminating"
    STATEMENT = "statement-terminating"
    SCRIPT = "script-terminating"


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """What PowerShell prints for an error, field by field (NormalView, spec §0.2)."""

    message: str
    category: str  # e.g. InvalidArgument, ObjectNotFound
    fqid: str  # full FullyQualifiedErrorId, e.g. "Windows System Error 87,New-NetNat"
    activity: str = ""  # the bracketed command name in CategoryInfo
    reason: str = ""  # exception short name, e.g. CimException
    target_name: str = ""
    target_type: str = ""
    invocation_name: str = ""  # the command name as typed: the `X :` prefix of line 1
    span: Span | None = None

    def category_info(self) -> str:
        """`<Category>: (<TargetName>:<TargetType>) [<Activity>], <Reason>`."""
        return (
            f"{self.category}: ({_shorten(self.target_name)}:{_shorten(self.target_type)}) "
            f"[{self.activity}], {self.reason}"
        )

    def at(self, span: Span | None, invocation_name: str | None = None) -> ErrorRecord:
        """The same record placed at a source span (kept if it already has one)."""
        return replace(
            self,
            span=self.span or span,
            invocation_name=self.invocation_name or (invocation_name or ""),
        )


def _shorten(text: str) -> str:
    """5.1 shortens CategoryInfo fields over 40 characters to first 15 + `...` + last 15."""
    return text if len(text) <= 40 else f"{text[:15]}...{text[-15:]}"


class NetnatError(Exception):
    """Base of every error netnat reports to a user; never shown as a Python traceback."""

    severity = Severity.STATEMENT

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.message)
        self.record = record


class CmdletError(NetnatError):
    """A cmdlet's error for one item (non-terminating unless -ErrorAction Stop)."""

    severity = Severity.NON_TERMINATING


class TerminatingError(NetnatError):
    """Aborts the statement (binding errors, unknown commands, ThrowTerminatingError)."""


class ParameterBindingError(TerminatingError):
    """The binder refused the arguments; the command did not run."""


class ScriptTerminatingError(NetnatError):
    """`throw`, or an error escalated by -ErrorAction Stop: aborts the script unless caught."""

    severity = Severity.SCRIPT


class StoreError(NetnatError):
    """The store file cannot be read, parsed, locked or written; nothing was changed."""

    severity = Severity.SCRIPT


class BackendError(NetnatError):
    """The backend could not make the kernel follow the store; it rolled back."""

    severity = Severity.SCRIPT


def netnat_error(
    message: str,
    fqid: str,
    category: str = "NotSpecified",
    reason: str = "RuntimeException",
    activity: str = "",
    target: str = "",
    target_type: str = "",
    cls: type[NetnatError] = TerminatingError,
) -> NetnatError:
    """Build an error of class `cls` from the record's fields."""
    return cls(
        ErrorRecord(
            message=message,
            category=category,
            fqid=fqid,
            activity=activity,
            reason=reason,
            target_name=target,
            target_type=target_type,
        )
    )


class ParseError(NetnatError):
    """One or more parse errors: nothing in the script runs (powershell-subset §4.1)."""

    severity = Severity.SCRIPT

    def __init__(self, records: list[ErrorRecord]) -> None:
        super().__init__(records[0])
        self.records = records
