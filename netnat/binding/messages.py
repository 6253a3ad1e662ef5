"""The binder's error texts (powershell-subset §2, windows-cmdlets §0.1) and their ErrorRecords.

Every text the binder prints lives here; the ones marked [inf] were not seen verbatim.
"""

from __future__ import annotations

from netnat.errors import ErrorRecord, ParameterBindingError, Severity
from netnat.source import Span

BINDING = "ParameterBindingException"
VALIDATION = "ParameterBindingValidationException"
TRANSFORMATION = "ParameterBindingArgumentTransformationException"

FORMAT = "Input string was not in a correct format."
GUID_FORMAT = "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
TIMESPAN_FORMAT = "String was not recognized as a valid TimeSpan."
_RANGE_NAMES = {
    "System.Byte": "an unsigned byte",
    "System.SByte": "a signed byte",
    "System.Int16": "an Int16",
    "System.UInt16": "a UInt16",
    "System.Int32": "an Int32",
    "System.UInt32": "a UInt32",
    "System.Int64": "an Int64",
    "System.UInt64": "a UInt64",
}


class Failure(Exception):
    """A binding failure not yet placed: the binder adds the cmdlet, the name as typed, the span."""

    def __init__(
        self,
        error_id: str,
        message: str,
        category: str = "InvalidArgument",
        reason: str = BINDING,
    ) -> None:
        super().__init__(message)
        self.error_id = error_id
        self.message = message
        self.category = category
        self.reason = reason


class InputBindingError(ParameterBindingError):
    """A pipeline object that could not be bound: reported, and the pipeline goes on (§2.5)."""

    severity = Severity.NON_TERMINATING


def record(
    failure: Failure,
    fqid_suffix: str,
    activity: str,
    invocation_name: str,
    span: Span | None,
    target: tuple[str, str] = ("", ""),
) -> ErrorRecord:
    """The ErrorRecord of a failure raised while binding arguments for one cmdlet."""
    return ErrorRecord(
        message=failure.message,
        category=failure.category,
        fqid=f"{failure.error_id},{fqid_suffix}",
        activity=activity,
        reason=failure.reason,
        target_name=target[0],
        target_type=target[1],
        invocation_name=invocation_name,
        span=span,
    )


# --- §2.1 names, §2.2 order and sets -------------------------------------------------------


def ambiguous_parameter(typed: str, names: list[str]) -> Failure:
    matches = "".join(f" -{n}" for n in names)
    return Failure(
        "AmbiguousParameter",
        f"Parameter cannot be processed because the parameter name '{typed}' is ambiguous. "
        f"Possible matches include:{matches}.",
    )


def parameter_not_found(typed: str) -> Failure:
    return Failure(
        "NamedParameterNotFound",
        f"A parameter cannot be found that matches parameter name '{typed}'.",
    )


def already_bound(name: str) -> Failure:
    return Failure(
        "ParameterAlreadyBound",
        f"Cannot bind parameter because parameter '{name}' is specified more than once. To "
        "provide multiple values to parameters that can accept multiple values, use the array "
        'syntax. For example, "-parameter value1,value2,value3".',
    )


def missing_argument(name: str, dotnet: str) -> Failure:
    return Failure(
        "MissingArgument",
        f"Missing an argument for parameter '{name}'. Specify a parameter of type '{dotnet}' "
        "and try again.",
    )


def positional_not_found(shown: str) -> Failure:
    return Failure(
        "PositionalParameterNotFound",
        f"A positional parameter cannot be found that accepts argument '{shown}'.",
    )


def ambiguous_set() -> Failure:
    return Failure(
        "AmbiguousParameterSet",
        "Parameter set cannot be resolved using the specified named parameters. One or more "
        "parameters issued cannot be used together or an insufficient number of parameters "
        "were provided.",
    )


def missing_mandatory(names: list[str]) -> Failure:
    listed = "".join(f" {n}" for n in names)
    return Failure(
        "MissingMandatoryParameter",
        f"Cannot process command because of one or more missing mandatory parameters:{listed}.",
    )


def input_not_bound() -> Failure:
    return Failure(
        "InputObjectNotBound",
        "The input object cannot be bound to any parameters for the command either because the "
        "command does not take pipeline input or the input and its properties do not match any "
        "of the parameters that take pipeline input.",
    )


def input_missing_mandatory(names: list[str]) -> Failure:
    """[inf] ParameterBinderStrings.InputObjectMissingMandatory; the list format is a guess."""
    listed = "".join(f" {n}" for n in names)
    return Failure(
        "InputObjectMissingMandatory",
        "The input object cannot be bound because it did not contain the information required "
        f"to bind all mandatory parameters:{listed}",
    )


# --- §2.3 conversion: inner texts ------------------------------------------------------------


def cannot_convert(shown: str, dotnet: str, error: str) -> str:
    return f'Cannot convert value "{shown}" to type "{dotnet}". Error: "{error}"'


def out_of_range(dotnet: str) -> str:
    """.NET's OverflowException text for an integer type."""
    name = _RANGE_NAMES.get(dotnet, f"a {dotnet.removeprefix('System.')}")
    return f"Value was either too large or too small for {name}."


def enum_name(shown: str, dotnet: str, names: list[str]) -> str:
    """A name that is no member (windows-cmdlets §0.1)."""
    error = (
        f"Unable to match the identifier name {shown} to a valid enumerator name. Specify one "
        "of the following enumerator names and try again:\n" + ", ".join(names)
    )
    return cannot_convert(shown, dotnet, error)


def enum_value(shown: str, dotnet: str, names: list[str]) -> str:
    """A number that is no member (powershell-subset §2.3)."""
    return (
        f'Cannot convert value "{shown}" to type "{dotnet}" due to enumeration values that are '
        "not valid. Specify one of the following enumeration values and try again. The "
        f'possible enumeration values are "{",".join(names)}".'
    )


def bool_only(value_type: str, dotnet: str) -> str:
    """§2.3, as real consoles print it: the value's type name ("System.String"), not the value."""
    return (
        f'Cannot convert value "{value_type}" to type "{dotnet}". Boolean parameters accept only '
        "Boolean values and numbers, such as $True, $False, 1 or 0."
    )


def cannot_cast(shown: str, value_type: str, dotnet: str) -> str:
    """PSInvalidCastException (InvalidCastFromAnyType), e.g. an array to a scalar."""
    return f'Cannot convert the "{shown}" value of type "{value_type}" to type "{dotnet}".'


# --- §2.3 conversion and validation: wrapped -----------------------------------------------


def transformation(name: str, inner: str, compiled: bool) -> Failure:
    """A conversion failure; compiled cmdlets and functions word it differently."""
    if compiled:
        return Failure("CannotConvertArgumentNoMessage", f"Cannot bind parameter '{name}'. {inner}")
    return Failure(
        "ParameterArgumentTransformationError",
        f"Cannot process argument transformation on parameter '{name}'. {inner}",
        "InvalidData",
        TRANSFORMATION,
    )


def validate_set(typed: str, shown: str, allowed: tuple[str, ...]) -> Failure:
    return Failure(
        "ParameterArgumentValidationError",
        f"Cannot validate argument on parameter '{typed}'. The argument \"{shown}\" does not "
        f'belong to the set "{",".join(allowed)}" specified by the ValidateSet attribute. '
        "Supply an argument that is in the set and then try the command again.",
        "InvalidData",
        VALIDATION,
    )


def validate_range(typed: str, value: object, low: int, high: int | None) -> Failure:
    """ValidateRange: `The -1 argument is less than the minimum allowed range of 0. ...`."""
    if high is None or value < low:  # type: ignore[operator]
        detail = (
            f"The {value} argument is less than the minimum allowed range of {low}. Supply an "
            f"argument that is greater than or equal to {low} and then try the command again."
        )
    else:
        detail = (
            f"The {value} argument is greater than the maximum allowed range of {high}. Supply "
            f"an argument that is less than or equal to {high} and then try the command again."
        )
    return Failure(
        "ParameterArgumentValidationError",
        f"Cannot validate argument on parameter '{typed}'. {detail}",
        "InvalidData",
        VALIDATION,
    )


def null_or_empty(name: str, what: str) -> Failure:
    """Mandatory parameters refuse $null, '' and @(): `what` is null/empty string/empty array."""
    error_id = {
        "null": "ParameterArgumentValidationErrorNullNotAllowed",
        "an empty string": "ParameterArgumentValidationErrorEmptyStringNotAllowed",
        "an empty array": "ParameterArgumentValidationErrorEmptyArrayNotAllowed",
    }[what]
    return Failure(
        error_id,
        f"Cannot bind argument to parameter '{name}' because it is {what}.",
        "InvalidData",
        VALIDATION,
    )
