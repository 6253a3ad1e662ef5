"""Number literals: decimal, hex, exponent, `l`/`d` suffixes and kb..pb multipliers (§1.6, §6.6)."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from netnat.lang.chars import DASHES, ends_number

_MULTIPLIERS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
_INT32 = 1 << 31
_INT64 = 1 << 63
_DECIMAL_MAX = Decimal("79228162514264337593543950335")

Number = tuple[int | float | Decimal, str, int]  # (value, type name or "" if invalid, end)


def _digits(text: str, i: int) -> int:
    n = len(text)
    while i < n and "0" <= text[i] <= "9":
        i += 1
    return i


def _exponent(text: str, i: int) -> tuple[int, bool]:
    """After `e`: optional sign and digits -> (end, ok)."""
    if i < len(text) and (text[i] == "+" or text[i] in DASHES):
        i += 1
    end = _digits(text, i)
    return end, end > i


def _body(text: str, i: int) -> tuple[int, bool, bool, bool]:
    """Scan the digits of a number -> (end, hex, real, ok)."""
    n = len(text)
    if text[i] == ".":
        end = _digits(text, i + 1)
        if end < n and text[end] in "eE":
            end, ok = _exponent(text, end + 1)
            return end, False, True, ok
        return end, False, True, True
    if text[i] == "0" and i + 1 < n and text[i + 1] in "xX":
        end = i + 2
        while end < n and text[end] in "0123456789abcdefABCDEF":
            end += 1
        return end, True, False, end > i + 2
    end = _digits(text, i)
    if end < n and text[end] == "." and not (end + 1 < n and text[end + 1] == "."):
        end = _digits(text, end + 1)
        real = True
    else:
        real = False
    if end < n and text[end] in "eE":
        end, ok = _exponent(text, end + 1)
        return end, False, True, ok
    return end, False, real, True


def scan_number(text: str, start: int, expression_mode: bool) -> Number | None:
    """The number literal at `start`, or None when the text is not a number (a bare word).

    An invalid value (overflow) gives type name "" in expression mode and None in command mode.
    """
    n = len(text)
    end, hex_, real, ok = _body(text, start)
    digits = text[start:end]
    for dash in DASHES:
        digits = digits.replace(dash, "-")
    suffix = ""
    if end < n and text[end] in "lLdD":
        suffix = text[end].lower()
        end += 1
    multiplier = 1
    if end < n and text[end].lower() in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[text[end].lower()]
        if end + 1 < n and text[end + 1] in "bB":
            end += 2
        else:
            ok = False
    nxt = text[end] if end < n else ""
    if not ok or not ends_number(nxt, expression_mode):
        return None
    value = _value(digits, hex_, real, suffix, multiplier)
    if value is None:
        return None if not expression_mode else (0, "", end)
    return value[0], value[1], end


def _value(
    digits: str, hex_: bool, real: bool, suffix: str, multiplier: int
) -> tuple[int | float | Decimal, str] | None:
    if suffix == "d":
        try:
            return Decimal(digits) * multiplier, "decimal"
        except InvalidOperation:
            return None
    if real:
        number = float(digits) * multiplier
        if suffix == "l":
            if not math.isfinite(number):
                return None
            return _sized(round(number), "long")
        return number, "double"
    if hex_:
        return _hex(digits[2:], suffix, multiplier)
    return _sized(int(digits) * multiplier, "long" if suffix == "l" else "int")


def _hex(digits: str, suffix: str, multiplier: int) -> tuple[int | float | Decimal, str] | None:
    """Hex literals wrap like .NET: 0xFFFFFFFF is the int -1."""
    value = int(digits, 16)
    if suffix != "l" and len(digits.lstrip("0")) <= 8:
        if value >= _INT32:
            value -= 1 << 32
        return _sized(value * multiplier, "int")
    if len(digits.lstrip("0")) <= 16:
        if value >= _INT64:
            value -= 1 << 64
        return _sized(value * multiplier, "long")
    return None


def _sized(value: int, at_least: str) -> tuple[int | float | Decimal, str] | None:
    """The narrowest of int/long/decimal/double (not narrower than `at_least`) holding value."""
    if at_least == "int" and -_INT32 <= value < _INT32:
        return value, "int"
    if -_INT64 <= value < _INT64:
        return value, "long"
    if at_least == "long":
        return None
    if abs(value) <= _DECIMAL_MAX:
        return Decimal(value), "decimal"
    return float(value), "double"
