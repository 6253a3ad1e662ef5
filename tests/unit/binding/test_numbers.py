"""PowerShell number syntax and number text."""

from __future__ import annotations

import math

import pytest

from netnat.binding.numbers import number_text, parse_number, round_half_even


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24", 24),
        (" 24 ", 24),
        ("0x18", 24),
        ("-0x10", -16),
        ("1kb", 1024),
        ("2MB", 2 << 20),
        ("1e3", 1000.0),
        ("2.5", 2.5),
        (".5", 0.5),
        ("10l", 10),
        ("7d", 7),
        ("+3", 3),
        ("0x10kb", 16384),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "10.0.0.0/8", "1_000", "0x", "١٢", "1 2"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_huge_numbers_are_infinite_not_errors() -> None:
    assert parse_number("9" * 5000) == math.inf
    assert parse_number("0x" + "f" * 5000) == math.inf


def test_round_half_even() -> None:
    assert [round_half_even(v) for v in (0.5, 1.5, 2.5, -2.5, 2.6)] == [0, 2, 2, -2, 3]
    assert round_half_even(math.inf) is None and round_half_even(math.nan) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, "3"),
        (1.5, "1.5"),
        (3.0, "3"),
        (1e20, "1E+20"),
        (1e-5, "1E-05"),
        (1 / 3, "0.333333333333333"),
        (math.inf, "Infinity"),
        (math.nan, "NaN"),
    ],
)
def test_number_text(value: float, expected: str) -> None:
    assert number_text(value) == expected
