"""Value conversion and validation (powershell-subset §2.3, windows-cmdlets §0.1)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netnat.binding import types as t
from netnat.binding.coerce import convert, matches, to_text, to_type
from netnat.binding.decl import ACTION_PREFERENCES, CmdletKind, Param, common_params
from netnat.binding.messages import Failure
from netnat.model.enums import Protocol, VMSwitchBandwidthMode, VMSwitchType
from netnat.model.psobject import PSObject, custom_object

CDXML, HYPERV = CmdletKind.CDXML, CmdletKind.HYPERV
NAT = PSObject(
    (
        "Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetNat",
        "Microsoft.Management.Infrastructure.CimInstance",
    ),
    {"Name": "VMNAT"},
)


def fail(param: Param, value: object, kind: CmdletKind = CDXML, **kw: str) -> Failure:
    with pytest.raises(Failure) as caught:
        convert(param, value, kind, **kw)
    return caught.value


# --- switches and bools ---------------------------------------------------------------------

SWITCH = Param("Confirm", t.SWITCH)


@pytest.mark.parametrize("value", [False, 0, "false", "FALSE", "$false", "0", "", None, 0.0])
def test_switch_false_values(value: object) -> None:
    assert convert(SWITCH, value, CDXML) is False


@pytest.mark.parametrize("value", [True, 1, 2, "true", "$True", "1", " true "])
def test_switch_true_values(value: object) -> None:
    assert convert(SWITCH, value, CDXML) is True


def test_switch_rejects_other_words() -> None:
    failure = fail(Param("PassThru", t.SWITCH), "yes")
    assert failure.message == (
        "Cannot process argument transformation on parameter 'PassThru'. Cannot convert value "
        '"System.String" to type "System.Management.Automation.SwitchParameter". Boolean parameters '
        "accept only Boolean values and numbers, such as $True, $False, 1 or 0."
    )


BOOL = Param("UdpInboundRefresh", t.BOOL)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (0, False),
        (5, True),
        ("true", True),
        ("$FALSE", False),
        ("1", True),
        ("0", False),
    ],
)
def test_bool_accepts_bools_numbers_and_cli_words(value: object, expected: bool) -> None:
    assert convert(BOOL, value, CDXML) is expected


@pytest.mark.parametrize("value", ["yes", "", "2", "no"])
def test_bool_rejects_other_strings(value: str) -> None:
    failure = fail(BOOL, value)
    assert failure.message == (
        "Cannot process argument transformation on parameter 'UdpInboundRefresh'. Cannot "
        'convert value "System.String" to type "System.Boolean". Boolean parameters accept only '
        "Boolean values and numbers, such as $True, $False, 1 or 0."
    )
    assert (failure.error_id, failure.category) == (
        "ParameterArgumentTransformationError",
        "InvalidData",
    )
    assert failure.reason == "ParameterBindingArgumentTransformationException"


# --- integers --------------------------------------------------------------------------------

BYTE = Param("PrefixLength", t.BYTE)
PORT = Param("ExternalPort", t.UINT16)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("24", 24),
        (" 24 ", 24),
        ("0x18", 24),
        ("0X18", 24),
        ("", 0),
        ("+7", 7),
        (24, 24),
        (2.5, 2),
        (3.5, 4),
        ("2.5", 2),
        ("3.5", 4),
        ("1e2", 100),
        (True, 1),
        (None, 0),
        (["8"], 8),
    ],
)
def test_byte_conversion(value: object, expected: int) -> None:
    assert convert(BYTE, value, CDXML) == expected


def test_kilobyte_suffix() -> None:
    assert convert(PORT, "1kb", CDXML) == 1024
    assert convert(Param("X", t.INT64), "1.5MB", CDXML) == 1572864
    assert convert(Param("X", t.INT32), "-1", CDXML) == -1


def test_junk_is_a_format_error_cdxml() -> None:
    failure = fail(BYTE, "abc")
    assert failure.message == (
        "Cannot process argument transformation on parameter 'PrefixLength'. Cannot convert "
        'value "abc" to type "System.Byte". Error: "Input string was not in a correct format."'
    )
    assert failure.error_id == "ParameterArgumentTransformationError"


def test_junk_is_a_format_error_compiled() -> None:
    failure = fail(BYTE, "abc", HYPERV)
    assert failure.message == (
        "Cannot bind parameter 'PrefixLength'. Cannot convert value \"abc\" to type "
        '"System.Byte". Error: "Input string was not in a correct format."'
    )
    assert failure.error_id == "CannotConvertArgumentNoMessage"
    assert (failure.category, failure.reason) == ("InvalidArgument", "ParameterBindingException")


@pytest.mark.parametrize(
    ("ptype", "value", "type_words"),
    [
        (t.BYTE, "256", "an unsigned byte"),
        (t.BYTE, "-1", "an unsigned byte"),
        (t.UINT16, "65536", "a UInt16"),
        (t.UINT16, 70000, "a UInt16"),
        (t.INT32, "2147483648", "an Int32"),
        (t.UINT32, "4294967296", "a UInt32"),
        (t.INT64, "1" * 200, "an Int64"),
        (t.INT32, "1e999", "an Int32"),
    ],
)
def test_out_of_range(ptype: t.PType, value: object, type_words: str) -> None:
    failure = fail(Param("P", ptype), value)
    assert failure.message == (
        "Cannot process argument transformation on parameter 'P'. Cannot convert value "
        f'"{value}" to type "{ptype.dotnet}". Error: "Value was either too large or too small for '
        f'{type_words}."'
    )


def test_array_to_scalar_integer_is_a_cast_error() -> None:
    failure = fail(PORT, ["1", "2"])
    assert failure.message.endswith(
        'Cannot convert the "System.Object[]" value of type "System.Object[]" to type '
        '"System.UInt16".'
    )


# --- enums -----------------------------------------------------------------------------------

TYPE = Param("SwitchType", t.enum_of(VMSwitchType))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Internal", VMSwitchType.Internal),
        ("internal", VMSwitchType.Internal),
        ("PRIVATE", VMSwitchType.Private),
        ("2", VMSwitchType.External),
        (1, VMSwitchType.Internal),
        (VMSwitchType.External, VMSwitchType.External),
    ],
)
def test_enum_names_and_numbers(value: object, expected: VMSwitchType) -> None:
    assert convert(TYPE, value, HYPERV) is expected


def test_enum_by_number_uses_the_value_not_the_position() -> None:
    assert convert(Param("Protocol", t.enum_of(Protocol)), "17", CDXML) is Protocol.UDP
    assert convert(Param("Protocol", t.enum_of(Protocol)), "udp", CDXML) is Protocol.UDP


def test_enum_display_name_none() -> None:
    mode = Param("BandwidthReservationMode", t.enum_of(VMSwitchBandwidthMode))
    assert convert(mode, "none", HYPERV) is VMSwitchBandwidthMode.NoneMode


def test_bad_enum_name_compiled() -> None:
    failure = fail(TYPE, "Externall", HYPERV)
    assert failure.message == (
        "Cannot bind parameter 'SwitchType'. Cannot convert value \"Externall\" to type "
        '"Microsoft.HyperV.PowerShell.VMSwitchType". Error: "Unable to match the identifier name '
        "Externall to a valid enumerator name. Specify one of the following enumerator names "
        'and try again:\nPrivate, Internal, External"'
    )
    assert failure.error_id == "CannotConvertArgumentNoMessage"


def test_bad_enum_name_cdxml() -> None:
    failure = fail(Param("Protocol", t.enum_of(Protocol)), "ICMP")
    assert failure.message.startswith(
        "Cannot process argument transformation on parameter 'Protocol'. Cannot convert value "
        '"ICMP" to type "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNat.Protocol".'
    )
    assert failure.message.endswith('try again:\nTCP, UDP"')


def test_bad_enum_number() -> None:
    failure = fail(TYPE, "9", HYPERV)
    assert failure.message == (
        "Cannot bind parameter 'SwitchType'. Cannot convert value \"9\" to type "
        '"Microsoft.HyperV.PowerShell.VMSwitchType" due to enumeration values that are not '
        "valid. Specify one of the following enumeration values and try again. The possible "
        'enumeration values are "Private,Internal,External".'
    )


def test_action_preference_names_and_numbers() -> None:
    ea = next(p for p in common_params(False) if p.name == "ErrorAction")
    assert convert(ea, "stop", CDXML) == "Stop"
    assert convert(ea, "0", CDXML) == "SilentlyContinue"
    assert convert(ea, 4, CDXML) == "Ignore"
    failure = fail(ea, "Halt")
    assert failure.message == (
        "Cannot bind parameter 'ErrorAction'. Cannot convert value \"Halt\" to type "
        '"System.Management.Automation.ActionPreference". Error: "Unable to match the '
        "identifier name Halt to a valid enumerator name. Specify one of the following "
        f'enumerator names and try again:\n{", ".join(ACTION_PREFERENCES)}"'
    )


# --- strings, arrays ---------------------------------------------------------------------------

NAME = Param("Name", t.STRING)
NAMES = Param("Name", t.STRING_ARRAY)


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        ("VMNAT", None, "VMNAT"),
        (["a", "b"], None, "a b"),
        (True, None, "True"),
        (10, "010", "010"),
        (16, "0x10", "0x10"),
        (16, "$x", "16"),
        (1.5, None, "1.5"),
        (1e20, None, "1E+20"),
        (VMSwitchType.Internal, None, "Internal"),
        (None, None, ""),
    ],
)
def test_string_forms(value: object, text: str | None, expected: str) -> None:
    assert convert(NAME, value, CDXML, text=text) == expected


def test_string_of_a_custom_object() -> None:
    assert to_text(custom_object({"Name": "x", "On": True})) == "@{Name=x; On=True}"


def test_arrays_wrap_scalars_and_convert_elements() -> None:
    assert convert(NAMES, "a", CDXML) == ["a"]
    assert convert(NAMES, ["a", 1], CDXML) == ["a", "1"]
    assert convert(Param("W", t.BYTE_ARRAY), ["1", "0x2"], HYPERV) == [1, 2]
    assert to_type(t.BYTE_ARRAY, 3) == [3]


def test_array_element_errors_name_the_element() -> None:
    failure = fail(Param("W", t.BYTE_ARRAY), ["1", "x"])
    assert 'Cannot convert value "x" to type "System.Byte".' in failure.message


# --- guid, objects, timespan -----------------------------------------------------------------

GUID = Param("RoutingDomainId", t.GUID)


@pytest.mark.parametrize(
    "value",
    [
        "{5D4C6F1A-0000-4B0C-9A36-0123456789AB}",
        "5d4c6f1a-0000-4b0c-9a36-0123456789ab",
        "5D4C6F1A00004B0C9A360123456789AB",
        " (5d4c6f1a-0000-4b0c-9a36-0123456789ab) ",
    ],
)
def test_guid_forms(value: str) -> None:
    assert convert(GUID, value, CDXML) == "5d4c6f1a-0000-4b0c-9a36-0123456789ab"


def test_bad_guid() -> None:
    failure = fail(GUID, "nope")
    assert failure.message.endswith(
        'Cannot convert value "nope" to type "System.Guid". Error: "Guid should contain 32 '
        'digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."'
    )


INPUT = Param(
    "InputObject", t.objects("Microsoft.Management.Infrastructure.CimInstance[]", "MSFT_NetNat")
)


def test_objects_of_the_accepted_type() -> None:
    assert convert(INPUT, NAT, CDXML) == [NAT]
    assert convert(INPUT, [NAT, NAT], CDXML) == [NAT, NAT]
    assert matches(INPUT.type, NAT)
    assert not matches(INPUT.type, custom_object({"Name": "x"}))


def test_objects_match_type_name_suffix_case_insensitively() -> None:
    lower = PSObject(("x#root/standardcimv2/msft_netnat",), {})
    assert convert(INPUT, lower, CDXML) == [lower]


def test_wrong_object_is_refused() -> None:
    failure = fail(INPUT, "VMNAT")
    assert failure.message == (
        "Cannot process argument transformation on parameter 'InputObject'. Cannot convert the "
        '"VMNAT" value of type "System.String" to type '
        '"Microsoft.Management.Infrastructure.CimInstance".'
    )


def test_any_object_when_nothing_is_named() -> None:
    assert convert(Param("X", t.OBJECT), "x", CDXML) == "x"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("00:05:00", timedelta(minutes=5)),
        ("1.02:03:04.5", timedelta(1, 7384.5)),
        ("3", timedelta(3)),
        (600_000_000, timedelta(minutes=1)),
        ("-00:01", timedelta(minutes=-1)),
    ],
)
def test_timespans(value: object, expected: timedelta) -> None:
    assert convert(Param("T", t.TIMESPAN), value, CDXML) == expected


def test_bad_timespan() -> None:
    failure = fail(Param("T", t.TIMESPAN), "25:00:00")
    assert failure.message.endswith('Error: "String was not recognized as a valid TimeSpan."')


# --- validation ------------------------------------------------------------------------------

SET = Param("SwitchType", t.STRING, validate_set=("Internal", "Private"))


def test_validate_set_takes_the_declared_spelling() -> None:
    assert convert(SET, "internal", HYPERV) == "Internal"


def test_validate_set_failure_names_the_parameter_as_typed() -> None:
    failure = fail(SET, "External", HYPERV, typed="Switchtype")
    assert failure.message == (
        "Cannot validate argument on parameter 'Switchtype'. The argument \"External\" does not "
        'belong to the set "Internal,Private" specified by the ValidateSet attribute. Supply an '
        "argument that is in the set and then try the command again."
    )
    assert failure.error_id == "ParameterArgumentValidationError"
    assert (failure.category, failure.reason) == (
        "InvalidData",
        "ParameterBindingValidationException",
    )


def test_validate_set_on_arrays() -> None:
    param = Param("T", t.STRING_ARRAY, validate_set=("A", "B"))
    assert convert(param, ["a", "B"], CDXML) == ["A", "B"]
    assert 'The argument "c"' in fail(param, ["a", "c"]).message


@pytest.mark.parametrize(
    ("value", "what", "error_id"),
    [
        (None, "null", "ParameterArgumentValidationErrorNullNotAllowed"),
        ("", "an empty string", "ParameterArgumentValidationErrorEmptyStringNotAllowed"),
        ([], "an empty array", "ParameterArgumentValidationErrorEmptyArrayNotAllowed"),
        (["a", None], "null", "ParameterArgumentValidationErrorNullNotAllowed"),
    ],
)
def test_mandatory_refuses_null_and_empty(value: object, what: str, error_id: str) -> None:
    param = Param("Name", t.STRING_ARRAY if isinstance(value, list) else t.STRING, mandatory=True)
    failure = fail(param, value)
    assert failure.message == f"Cannot bind argument to parameter 'Name' because it is {what}."
    assert (failure.error_id, failure.category) == (error_id, "InvalidData")
