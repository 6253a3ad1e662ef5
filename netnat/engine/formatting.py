""".NET composite formatting for the `-f` operator: `{index[,alignment][:format]}` with the
standard N, F, P, D, X formats and simple custom ones (`0.00`, `#,##0`), rounded half away from
zero as .NET Framework (Windows PowerShell 5.1) does."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from netnat.engine.operators import OperatorError
from netnat.model.values import to_string


def format_string(fmt: object, args: object) -> str:
    """`-f`: .NET composite formatting `{index[,alignment][:format]}` with N, D, X, P, F."""
    values = list(args) if isinstance(args, list | tuple) else [args]
    text = to_string(fmt)

    def field(found: re.Match[str]) -> str:
        index, align, spec = int(found.group(1)), found.group(2), found.group(3) or ""
        if index >= len(values):
            raise OperatorError(
                "Error formatting a string: Index (zero based) must be greater than or equal to "
                "zero and less than the size of the argument list.."
            )
        shown = _format_value(values[index], spec)
        if align:
            width = int(align)
            if abs(width) >= 1_000_000:
                raise OperatorError(
                    "Error formatting a string: Input string was not in a correct format.."
                )
            shown = shown.rjust(width) if width > 0 else shown.ljust(-width)
        return shown

    text = text.replace("{{", "\0").replace("}}", "\1")
    text = re.sub(r"\{(\d+)(?:,\s*(-?\d+))?(?::([^}]*))?\}", field, text)
    return text.replace("\0", "{").replace("\1", "}")


def _format_value(value: object, spec: str) -> str:
    """One `{i:spec}` field; only numbers take a format (a string ignores it, as in .NET)."""
    if not spec or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return to_string(value)
    kind, digits = spec[0].upper(), spec[1:]
    places = int(digits) if digits.isdigit() else None
    if places is not None and places > 99:
        raise OperatorError("Error formatting a string: Format specifier was invalid..")
    if kind == "D" and isinstance(value, int):
        sign = "-" if value < 0 else ""
        return sign + str(abs(value)).zfill(places or 0)
    if kind == "X" and isinstance(value, int):
        return f"{value:0{places or 0}{'X' if spec[0] == 'X' else 'x'}}"
    if kind in "NFP" and (digits == "" or places is not None):
        scaled = _net_decimal(value) * (100 if kind == "P" else 1)
        text = _fixed(scaled, 2 if places is None else places, grouped=kind != "F")
        return text + " %" if kind == "P" else text
    if set(spec) <= set("0#,."):
        decimals = len(spec.split(".", 1)[1]) if "." in spec else 0
        text = _fixed(_net_decimal(value), decimals, grouped="," in spec)
        whole = spec.split(".", 1)[0].replace(",", "").count("0")
        sign, _, rest = text.rpartition("-")
        head, dot, tail = rest.partition(".")
        return sign + head.zfill(whole) + dot + tail if whole > len(head) else text
    return to_string(value)


def _net_decimal(value: int | float | Decimal) -> Decimal:
    """A number as .NET Framework formats it: doubles to 15 significant digits first."""
    if isinstance(value, float):
        return Decimal(format(value, ".15g"))
    return Decimal(value)


def _fixed(value: Decimal, places: int, grouped: bool) -> str:
    """Fixed-point text, rounded half away from zero (.NET Framework), `,` groups optional."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}" if grouped else f"{rounded:.{places}f}"
