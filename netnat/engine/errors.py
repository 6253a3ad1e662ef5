"""Runtime error records the evaluator raises (texts from powershell-subset §4 and .NET)."""

from __future__ import annotations

from netnat.errors import ErrorRecord, ScriptTerminatingError, TerminatingError
from netnat.model.values import to_string
from netnat.record import replace
from netnat.source import Span


def runtime_error(
    message: str,
    fqid: str,
    span: Span | None = None,
    category: str = "InvalidOperation",
    reason: str = "RuntimeException",
    target: object = None,
) -> TerminatingError:
    """A statement-terminating RuntimeException (method failures, conversions, ...)."""
    return TerminatingError(
        ErrorRecord(
            message=message,
            category=category,
            fqid=fqid,
            reason=reason,
            target_name="" if target is None else to_string(target),
            target_type="" if target is None else type(target).__name__.replace("str", "String"),
            span=span,
        )
    )


def thrown(value: object, span: Span | None) -> ScriptTerminatingError:
    """`throw value`: FQID and target are the text itself (subset §4.1)."""
    text = to_string(value) if value is not None else "ScriptHalted"
    return ScriptTerminatingError(
        ErrorRecord(
            message=text,
            category="OperationStopped",
            fqid=text,
            reason="RuntimeException",
            target_name=text if value is not None else "",
            target_type="String" if value is not None else "",
            span=span,
        )
    )


def conversion(value: object, type_name: str, detail: str, span: Span | None) -> TerminatingError:
    """A failed cast or conversion, worded and identified as .NET/PowerShell do."""
    suffix = f' Error: "{detail}"' if detail else ""
    if isinstance(value, list | tuple | dict) or (not isinstance(value, str) and not detail):
        shown, kind = _value_type(value)
        message = f'Cannot convert the "{shown}" value of type "{kind}" to type "{type_name}".'
        fqid = "ConvertToFinalInvalidCastException"
    else:
        message = f'Cannot convert value "{to_string(value)}" to type "{type_name}".{suffix}'
        fqid = _conversion_id(value, type_name)
    return runtime_error(message, fqid, span, category="InvalidArgument")


def _value_type(value: object) -> tuple[str, str]:
    from netnat.model.values import type_name

    kind = type_name(value)
    return (kind if isinstance(value, list | tuple) else to_string(value)), kind


def _conversion_id(value: object, type_name: str) -> str:
    if not isinstance(value, str):
        return "InvalidCastIConvertible"
    short = type_name.rsplit(".", 1)[-1]
    if short in ("IPAddress", "Version", "Guid"):
        return "InvalidCastParseTargetInvocation"
    if short in ("Double", "Single", "Decimal"):
        return "InvalidCastFromStringToDoubleOrSingle"
    if "Int" in short or short == "Byte":
        return "InvalidCastFromStringToInteger"
    return "RuntimeException"


def type_not_found(name: str, span: Span | None) -> TerminatingError:
    """TypeNotFound; the target is the type name (`(Foo:TypeName)`)."""
    error = runtime_error(f"Unable to find type [{name}].", "TypeNotFound", span)
    error.record = replace(error.record, target_name=name, target_type="TypeName")
    return error


def method_not_found(type_name: str, method: str, span: Span | None) -> TerminatingError:
    return runtime_error(
        f"Method invocation failed because [{type_name}] does not contain a method named "
        f"'{method}'.",
        "MethodNotFound",
        span,
    )


def null_method(span: Span | None) -> TerminatingError:
    return runtime_error(
        "You cannot call a method on a null-valued expression.",
        "InvokeMethodOnNull",
        span,
    )


def not_recognized(name: str, span: Span | None) -> TerminatingError:
    """CommandNotFoundException with the 5.1 text (both sentences on one line)."""
    return TerminatingError(
        ErrorRecord(
            message=(
                f"The term '{name}' is not recognized as the name of a cmdlet, function, script "
                "file, or operable program. Check the spelling of the name, or if a path was "
                "included, verify that the path is correct and try again."
            ),
            category="ObjectNotFound",
            fqid="CommandNotFoundException",
            reason="CommandNotFoundException",
            target_name=name,
            target_type="String",
            invocation_name=name,
            span=span,
        )
    )


def call_depth_overflow() -> ScriptTerminatingError:
    """ScriptCallDepthException: runaway recursion stops the script."""
    return ScriptTerminatingError(
        ErrorRecord(
            message="The script failed due to call depth overflow.",
            category="InvalidOperation",
            fqid="CallDepthOverflow",
            reason="ScriptCallDepthException",
        )
    )
