"""Operators with .NET's rules: composite formatting rounds half away from zero, bit operators
wrap like Int32/Int64, repetition and ranges are bounded, .NET regex syntax is translated."""

from __future__ import annotations

import pytest

from netnat.binding.regex import python_pattern, python_replacement
from netnat.engine import operators as ops
from netnat.engine.formatting import format_string


@pytest.mark.parametrize(
    ("fmt", "args", "expected"),
    [
        ("{0:F1}", 2.25, "2.3"),
        ("{0:N0}", 2.5, "3"),
        ("{0:N2}", 1234.5, "1,234.50"),
        ("{0:D3}", -7, "-007"),
        ("{0:X4}", 255, "00FF"),
        ("{0:P1}", 0.123, "12.3 %"),
        ("{0:0.00}", 1.005, "1.01"),
        ("{0:000}", 7, "007"),
        ("{0:N2}", "5", "5"),
        ("[{0,-4}][{1,3}]", ["a", 1], "[a   ][  1]"),
    ],
)
def test_format_string(fmt: str, args: object, expected: str) -> None:
    assert format_string(fmt, args) == expected


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("-shl", 1, 31, -(2**31)),
        ("-shl", 1, 32, 1),
        ("-shr", -1, 1, -1),
        ("-band", 2**31 - 1, 0xFF, 255),
        ("-bor", 5, 2, 7),
        ("-bxor", 6, 3, 5),
    ],
)
def test_bitwise_wraps_like_dotnet(op: str, left: int, right: int, expected: int) -> None:
    assert ops.bitwise(op, left, right) == expected


def test_repetition_is_bounded() -> None:
    assert ops.multiply("ab", 3) == "ababab"
    assert ops.multiply([1], 2) == [1, 1]
    with pytest.raises(ops.OperatorError, match="Array dimensions exceeded"):
        ops.multiply("-", 2**31 - 1)
    with pytest.raises(ops.OperatorError, match="too large or too small for an Int32"):
        ops.multiply("-", 1e12)


def test_a_string_that_is_no_number_has_the_cast_error_id() -> None:
    with pytest.raises(ops.OperatorError) as failed:
        ops.add(1, "a")
    assert (failed.value.category, failed.value.fqid) == (
        "InvalidArgument",
        "InvalidCastFromStringToInteger",
    )


def test_dotnet_regex_syntax() -> None:
    assert python_pattern(r"(?<len>\d+)\k<len>\z") == r"(?P<len>\d+)(?P=len)\Z"
    assert python_pattern(r"(?<=a)(?<!b)") == r"(?<=a)(?<!b)"
    assert python_replacement("$2-$1 ${name} $$") == r"\g<2>-\g<1> \g<name> $"
    found, groups = ops.comparison("-match", "172.16.0.0/12", r"/(?<len>\d+)$")
    assert found is True and groups == {0: "/12", 1: "12", "len": "12"}
