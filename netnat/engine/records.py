"""ErrorRecords as objects a script can read: `$_.Exception.Message`, `$Error[0]`, `catch [T]`."""

from __future__ import annotations

from netnat.errors import ErrorRecord
from netnat.model.psobject import PSObject
from netnat.source import Span

T_ERROR = "System.Management.Automation.ErrorRecord"
# exception short name -> its base classes, most specific first [inf: .NET hierarchy]
BASES = {
    "RuntimeException": ("SystemException",),
    "ParameterBindingException": ("RuntimeException", "SystemException"),
    "ParameterBindingValidationException": ("ParameterBindingException", "RuntimeException"),
    "ParameterBindingArgumentTransformationException": (
        "ParameterBindingException",
        "RuntimeException",
    ),
    "CommandNotFoundException": ("RuntimeException", "SystemException"),
    "ActionPreferenceStopException": ("RuntimeException",),
    "PSInvalidOperationException": ("InvalidOperationException", "SystemException"),
    "MethodInvocationException": ("MethodException", "RuntimeException"),
    "CimException": ("SystemException",),
    "CimJobException": ("SystemException",),
    "VirtualizationException": ("SystemException",),
    "ServiceCommandException": ("SystemException",),
    "WriteErrorException": ("SystemException",),
}
NAMESPACES = {
    "CimException": "Microsoft.Management.Infrastructure.",
    "CimJobException": "Microsoft.PowerShell.Cmdletization.Cim.",
    "VirtualizationException": "Microsoft.HyperV.PowerShell.",
    "ServiceCommandException": "Microsoft.PowerShell.Commands.",
    "WriteErrorException": "Microsoft.PowerShell.Commands.",
    "SystemException": "System.",
    "InvalidOperationException": "System.",
}


def full_name(short: str) -> str:
    return NAMESPACES.get(short, "System.Management.Automation.") + short


def exception_matches(record: ErrorRecord, type_name: str) -> bool:
    """`catch [TypeName]`: the record's exception type or one of its bases (short or full)."""
    wanted = type_name.lower().removeprefix("system.").split(".")[-1]
    if wanted == "exception":
        return True
    reason = record.reason or "RuntimeException"
    chain = (reason, *BASES.get(reason, ("SystemException",)))
    return any(wanted == name.lower() for name in chain)


T_INVOCATION = "System.Management.Automation.InvocationInfo"


def invocation_object(command: str, invocation_name: str, span: Span | None) -> PSObject:
    """`$MyInvocation` of a script or function: what Write-Error attributes its errors to.
    The call's Span rides along as the object's source (None: no position, as for a script
    run with -File)."""
    return PSObject(
        (T_INVOCATION,),
        {
            "MyCommand": command,
            "InvocationName": invocation_name,
            "ScriptName": (span.file or "") if span else "",
            "ScriptLineNumber": span.line if span else 0,
            "OffsetInLine": span.col if span else 0,
            "Line": span.line_text if span else "",
            "PositionMessage": span.position_message() if span else "",
        },
        span,
    )


def error_object(record: ErrorRecord) -> PSObject:
    """`$_` in a catch block, or an element of `$Error`."""
    exception = PSObject(
        (full_name(record.reason or "RuntimeException"), "System.Exception"),
        {"Message": record.message, "ErrorRecord": None},
        record,
        text=record.message,
    )
    category = PSObject(
        ("System.Management.Automation.ErrorCategoryInfo",),
        {
            "Category": record.category,
            "Activity": record.activity,
            "Reason": record.reason,
            "TargetName": record.target_name,
            "TargetType": record.target_type,
        },
        record,
        text=record.category_info(),
    )
    span = record.span
    invocation = PSObject(
        (T_INVOCATION,),
        {
            "MyCommand": record.activity or None,
            "ScriptLineNumber": span.line if span else 0,
            "OffsetInLine": span.col if span else 0,
            "Line": span.line_text if span else "",
            "ScriptName": (span.file or "") if span else "",
            "InvocationName": record.invocation_name,
        },
        record,
    )
    return PSObject(
        (T_ERROR, "System.Object"),
        {
            "Exception": exception,
            "TargetObject": record.target_name or None,
            "CategoryInfo": category,
            "FullyQualifiedErrorId": record.fqid,
            "ErrorDetails": None,
            "InvocationInfo": invocation,
            "ScriptStackTrace": "",
        },
        record,
        text=record.message,
    )
