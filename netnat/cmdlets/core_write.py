"""Write-Host, Write-Output and the Write-Warning/Verbose/Debug/Error stream cmdlets."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import (
    Bound,
    Cmdlet,
    CmdletContext,
    CmdletKind,
    Example,
    Param,
    Runner,
)
from netnat.binding.messages import missing_mandatory
from netnat.binding.pipeline import target_of
from netnat.cmdlets.core_common import OBJECTS, UTILITY, binding_error, unwrap
from netnat.errors import CmdletError, ErrorRecord
from netnat.model.enums import NetEnum, display_name
from netnat.model.psobject import PSObject
from netnat.model.values import to_string
from netnat.record import replace
from netnat.source import Span

WRITE_ERROR_FQID = "Microsoft.PowerShell.Commands.WriteErrorException"
INVOCATION_INFO = "System.Management.Automation.InvocationInfo"


class ConsoleColor(NetEnum):
    Black = 0
    DarkBlue = 1
    DarkGreen = 2
    DarkCyan = 3
    DarkRed = 4
    DarkMagenta = 5
    DarkYellow = 6
    Gray = 7
    DarkGray = 8
    Blue = 9
    Green = 10
    Cyan = 11
    Red = 12
    Magenta = 13
    Yellow = 14
    White = 15

    @classmethod
    def dotnet_name(cls) -> str:
        return "System.ConsoleColor"


class ErrorCategory(NetEnum):
    NotSpecified = 0
    OpenError = 1
    CloseError = 2
    DeviceError = 3
    DeadlockDetected = 4
    InvalidArgument = 5
    InvalidData = 6
    InvalidOperation = 7
    InvalidResult = 8
    InvalidType = 9
    MetadataError = 10
    NotImplemented = 11
    NotInstalled = 12
    ObjectNotFound = 13
    OperationStopped = 14
    OperationTimeout = 15
    SyntaxError = 16
    ParserError = 17
    PermissionDenied = 18
    ResourceBusy = 19
    ResourceExists = 20
    ResourceUnavailable = 21
    ReadError = 22
    WriteError = 23
    FromStdErr = 24
    SecurityError = 25
    ProtocolError = 26
    ConnectionError = 27
    AuthenticationError = 28
    LimitsExceeded = 29
    QuotaExceeded = 30
    NotEnabled = 31

    @classmethod
    def dotnet_name(cls) -> str:
        return "System.Management.Automation.ErrorCategory"


def host_text(value: object, separator: str) -> str:
    """Write-Host's text for a value: arrays (nested ones too) joined by the separator."""
    if isinstance(value, list | tuple):
        return separator.join(host_text(item, separator) for item in value)
    return to_string(value)


def write_host(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    separator = to_string(bound.get("Separator", " "))
    text = host_text(bound.get("Object", []), separator)
    ctx.write_host(text, newline=not bound.flag("NoNewline"))
    return iter(())


def write_output(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    if not bound.has("InputObject"):
        raise binding_error(bound, missing_mandatory(["InputObject"]))
    value = bound.get("InputObject")
    if bound.flag("NoEnumerate"):
        yield unwrap(value)
    else:
        yield from value if isinstance(value, list) else [value]


def write_warning(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    ctx.write_warning(str(bound.get("Message")))
    return iter(())


def write_verbose(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    ctx.write_verbose(str(bound.get("Message")))
    return iter(())


def write_debug(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """`DEBUG: ` lines: through the context's write_debug when it has one; otherwise shown on
    the host when -Debug is given or $DebugPreference is not SilentlyContinue/Ignore."""
    text = str(bound.get("Message"))
    sink = getattr(ctx, "write_debug", None)
    if callable(sink):
        sink(text)
        return iter(())
    preference = to_string(ctx.variable("DebugPreference")) or "SilentlyContinue"
    if bound.flag("Debug") or preference.lower() not in ("silentlycontinue", "ignore"):
        ctx.write_host(f"DEBUG: {text}")
    return iter(())


def write_error(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """A non-terminating error record attributed to the caller (the function or script that
    ran Write-Error): its name is the prefix and the FQID suffix; at the prompt there is none."""
    target = unwrap(bound.get("TargetObject"))
    name, kind = target_of(target) if target is not None else ("", "")
    category = bound.get("Category")
    record = ErrorRecord(
        message=str(bound.get("Message")),
        category=display_name(category) if isinstance(category, NetEnum) else "NotSpecified",
        fqid=bound.str_("ErrorId") or WRITE_ERROR_FQID,
        activity=bound.str_("CategoryActivity") or bound.cmdlet.name,
        reason=bound.str_("CategoryReason") or "WriteErrorException",
        target_name=bound.str_("CategoryTargetName") or name,
        target_type=bound.str_("CategoryTargetType") or kind,
    )
    ctx.write_error(CmdletError(_from_caller(record, ctx.variable("MyInvocation"))))
    return iter(())


def _from_caller(record: ErrorRecord, caller: object) -> ErrorRecord:
    """The record as the caller's `$MyInvocation` makes it (PowerShell's WriteErrorCommand)."""
    if not isinstance(caller, PSObject) or not caller.is_a(INVOCATION_INFO):
        return record
    span = caller.source if isinstance(caller.source, Span) else None
    return replace(
        record,
        fqid=f"{record.fqid},{to_string(caller.get('MyCommand'))}",
        invocation_name=to_string(caller.get("InvocationName")),
        span=span,
    )


def _message() -> Param:
    return Param("Message", t.STRING, ("Msg",), position=0, mandatory=True, by_value=True)


def _stream(name: str, run: Runner, synopsis: str, example: str) -> Cmdlet:
    return Cmdlet(
        name,
        run,
        (_message(),),
        kind=CmdletKind.BINARY,
        dotnet_class=f"Microsoft.PowerShell.Commands.{name.replace('-', '')}Command",
        synopsis=synopsis,
        description="Module: " + UTILITY,
        examples=(Example(example),),
    )


_COLOR = t.enum_of(ConsoleColor)
CMDLETS = (
    Cmdlet(
        "Write-Host",
        write_host,
        (
            Param("Object", OBJECTS, position=0, by_value=True, remaining=True),
            Param("NoNewline", t.SWITCH),
            Param("Separator", t.PType("System.Object", t.Kind.OBJECT)),
            Param("ForegroundColor", _COLOR, help="Accepted; netnat prints without colour."),
            Param("BackgroundColor", _COLOR, help="Accepted; netnat prints without colour."),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.WriteHostCommand",
        synopsis="Writes text to the console (not to the pipeline).",
        description=(
            "The values are written with their string forms, array elements joined by "
            "-Separator (a space by default). Module: " + UTILITY
        ),
        examples=(Example('Write-Host "NAT ready" -ForegroundColor Green'),),
    ),
    Cmdlet(
        "Write-Output",
        write_output,
        (
            Param("InputObject", OBJECTS, position=0, by_value=True, remaining=True),
            Param("NoEnumerate", t.SWITCH),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.WriteOutputCommand",
        aliases=("echo", "write"),
        synopsis="Writes objects to the pipeline; arrays are written element by element.",
        description="-NoEnumerate writes an array as one object. Module: " + UTILITY,
        examples=(Example('Write-Output "done"'),),
    ),
    _stream(
        "Write-Warning", write_warning, "Writes a WARNING: line.", 'Write-Warning "No NAT found"'
    ),
    _stream(
        "Write-Verbose",
        write_verbose,
        "Writes a VERBOSE: line when -Verbose or $VerbosePreference asks for it.",
        'Write-Verbose "Creating the NAT" -Verbose',
    ),
    _stream(
        "Write-Debug",
        write_debug,
        "Writes a DEBUG: line when -Debug or $DebugPreference asks for it.",
        'Write-Debug "prefix chosen" -Debug',
    ),
    Cmdlet(
        "Write-Error",
        write_error,
        (
            _message(),
            Param("Category", t.enum_of(ErrorCategory)),
            Param("ErrorId", t.STRING),
            Param("TargetObject", OBJECTS),
            Param("RecommendedAction", t.STRING),
            Param("CategoryActivity", t.STRING, ("Activity",)),
            Param("CategoryReason", t.STRING, ("Reason",)),
            Param("CategoryTargetName", t.STRING, ("TargetName",)),
            Param("CategoryTargetType", t.STRING, ("TargetType",)),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.WriteErrorCommand",
        synopsis="Writes a non-terminating error record.",
        description=(
            "The record has category NotSpecified (or -Category), FullyQualifiedErrorId "
            "Microsoft.PowerShell.Commands.WriteErrorException (or -ErrorId) and reason "
            "WriteErrorException; the script goes on unless -ErrorAction Stop. Module: " + UTILITY
        ),
        examples=(
            Example(
                'try { Write-Error "The NAT is missing" -Category ObjectNotFound -ErrorAction Stop'
                ' } catch { Write-Host "Caught: $_" }',
                "-ErrorAction Stop makes the error terminating, so the catch block gets it.",
            ),
        ),
    ),
)
