"""PowerShell number syntax for strings bound to numeric parameters, and numbers as text."""

from __future__ import annotations

import math
import re
from functools import cache

# sign, hex or decimal (fraction, exponent), type suffix (5.1: l, d), multiplier (kb..pb)
_NUMBER = r"([+-]?)(?:0x([0-9a-f]+)|((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?))(l|d)?(kb|mb|gb|tb|pb)?"
_MULTIPLIER = {"kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40, "pb": 1 << 50}
_MAX_DIGITS = 80  # longer integers overflow every .NET type; keeps int() far from its limit


def parse_number(text: str) -> int | float | None:
    """`24`, ` 24 `, `0x18`, `1kb`, `1e3`, `2.5`: an int (exact) or a float; else None."""
    match = _number().fullmatch(text.strip())
    if match is None:
        return None
    sign, hexdigits, decimal, _suffix, multiplier = match.groups()
    value: int | float
    if hexdigits is not None:
        value = int(hexdigits, 16) if len(hexdigits) <= _MAX_DIGITS else math.inf
    elif decimal.isdigit():
        value = int(decimal) if len(decimal) <= _MAX_DIGITS else math.inf
    else:
        value = float(decimal)
    if multiplier:
        value *= _MULTIPLIER[multiplier.lower()]
    return -value if sign == "-" else value


@cache
def _number() -> re.Pattern[str]:
    """Compiled on first use: most commands never convert a number."""
    return re.compile(_NUMBER, re.IGNORECASE | re.ASCII)


def round_half_even(value: float) -> int | None:
    """.NET's conversion of a double to an integer (banker's rounding); None for inf/NaN."""
    if not math.isfinite(value):
        return None
    return round(value)


def number_text(value: int | float) -> str:
    """A number as Windows PowerShell 5.1 prints it (15 significant digits, `1E+20`)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return format(value, ".15g").upper()
