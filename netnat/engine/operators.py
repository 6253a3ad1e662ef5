"""Binary and unary operators with PowerShell's rules (powershell-subset §6.3)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal

from netnat.binding.regex import python_pattern, python_replacement
from netnat.model.values import (
    ConversionError,
    Hashtable,
    compare,
    equals,
    is_true,
    like,
    to_number,
    to_string,
    type_name,
)

Number = int | float | Decimal


class OperatorError(Exception):
    """An operator failed; the message is PowerShell's, with its record's category and id."""

    def __init__(
        self, message: str, category: str = "InvalidOperation", fqid: str = "RuntimeException"
    ) -> None:
        super().__init__(message)
        self.category = category
        self.fqid = fqid


def _arith_result(value: Number) -> Number:
    """Integers that overflow Int64 widen to double, as PowerShell does."""
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        return float(value)
    return value


def add(left: object, right: object) -> object:
    if left is None:
        return right
    if isinstance(left, list | tuple):
        extra = list(right) if isinstance(right, list | tuple) else [right]
        return [*left, *extra]
    if isinstance(left, Hashtable):
        if not isinstance(right, Hashtable):
            raise OperatorError("A hash table can only be added to another hash table.")
        merged = Hashtable(dict(left.items()))
        for key, value in right.items():
            if key in merged:
                raise OperatorError(
                    f"Item has already been added. Key in dictionary: '{key}'  Key being added: "
                    f"'{key}'"
                )
            merged[key] = value
        return merged
    if isinstance(left, str):
        return left + to_string(right)
    return _arith_result(_num(left) + _num(right))  # type: ignore[operator]


def _num(value: object) -> Number:
    try:
        return to_number(value)
    except ConversionError as bad:
        if isinstance(value, str):
            raise OperatorError(
                str(bad), "InvalidArgument", "InvalidCastFromStringToInteger"
            ) from None
        raise OperatorError(str(bad), "InvalidArgument") from None


def subtract(left: object, right: object) -> object:
    return _arith_result(_num(left) - _num(right))  # type: ignore[operator]


def multiply(left: object, right: object) -> object:
    if isinstance(left, str):
        return left * int(_num(right))
    if isinstance(left, list | tuple):
        return list(left) * int(_num(right))
    return _arith_result(_num(left) * _num(right))  # type: ignore[operator]


def divide(left: object, right: object) -> object:
    a, b = _num(left), _num(right)
    if b == 0:
        raise OperatorError("Attempted to divide by zero.", "NotSpecified")
    if isinstance(a, int) and isinstance(b, int) and a % b == 0:
        return a // b
    return float(a) / float(b)


def modulo(left: object, right: object) -> object:
    a, b = _num(left), _num(right)
    if b == 0:
        raise OperatorError("Attempted to divide by zero.", "NotSpecified")
    if isinstance(a, int) and isinstance(b, int):
        return int(math.fmod(a, b))
    return math.fmod(float(a), float(b))


ARITHMETIC: dict[str, Callable[[object, object], object]] = {
    "+": add,
    "-": subtract,
    "*": multiply,
    "/": divide,
    "%": modulo,
}


def _case(op: str) -> tuple[str, bool]:
    """`-ceq` -> ("-eq", True); `-ieq` -> ("-eq", False)."""
    if len(op) > 2 and op[1] in "ci" and op[2:] in _COMPARE_NAMES:
        return "-" + op[2:], op[1] == "c"
    return op, False


def _match(text: object, pattern: object, case: bool) -> re.Match[str] | None:
    try:
        regex = python_pattern(to_string(pattern))
        return re.search(regex, to_string(text), 0 if case else re.IGNORECASE)
    except re.error as bad:
        raise OperatorError(
            f"The regular expression pattern {to_string(pattern)} is not valid."
        ) from bad


def _scalar_test(op: str, left: object, right: object, case: bool) -> bool:
    if op == "-eq":
        return equals(left, right, case)
    if op == "-ne":
        return not equals(left, right, case)
    if op in ("-gt", "-ge", "-lt", "-le"):
        try:
            c = compare(left, right, case)
        except ConversionError as bad:
            raise OperatorError(str(bad)) from None
        return {"-gt": c > 0, "-ge": c >= 0, "-lt": c < 0, "-le": c <= 0}[op]
    if op == "-like":
        return like(left, right, case)
    if op == "-notlike":
        return not like(left, right, case)
    if op == "-match":
        return _match(left, right, case) is not None
    if op == "-notmatch":
        return _match(left, right, case) is None
    raise OperatorError(f"Unknown operator {op}")


_COMPARE_NAMES = {
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "like",
    "notlike",
    "match",
    "notmatch",
    "contains",
    "notcontains",
    "in",
    "notin",
    "replace",
    "split",
}


def comparison(op: str, left: object, right: object) -> tuple[object, dict[object, object] | None]:
    """A comparison; an array on the left filters. Returns (result, $Matches or None)."""
    base, case = _case(op)
    if base in ("-contains", "-notcontains"):
        items = left if isinstance(left, list | tuple) else [left]
        found = any(equals(i, right, case) for i in items)
        return (found if base == "-contains" else not found), None
    if base in ("-in", "-notin"):
        items = right if isinstance(right, list | tuple) else [right]
        found = any(equals(i, left, case) for i in items)
        return (found if base == "-in" else not found), None
    if base == "-replace":
        return replace(left, right, case), None
    if base == "-split":
        return split(left, right, case), None
    if isinstance(left, list | tuple):
        return [i for i in left if _scalar_test(base, i, right, case)], None
    if base == "-match":
        hit = _match(left, right, case)
        if hit is None:
            return False, None
        groups: dict[object, object] = {0: hit.group(0)}
        for number, value in enumerate(hit.groups(), 1):
            if value is not None:
                groups[number] = value
        for name, value in hit.groupdict().items():
            if value is not None:
                groups[name] = value
        return True, groups
    return _scalar_test(base, left, right, case), None


def is_comparison(op: str) -> bool:
    base, _ = _case(op)
    return base[1:] in _COMPARE_NAMES if base.startswith("-") else False


def replace(left: object, right: object, case: bool) -> object:
    args = list(right) if isinstance(right, list | tuple) else [right]
    pattern = to_string(args[0]) if args else ""
    replacement = to_string(args[1]) if len(args) > 1 else ""
    py_replacement = python_replacement(replacement)

    def one(value: object) -> str:
        try:
            return re.sub(
                python_pattern(pattern),
                py_replacement,
                to_string(value),
                flags=0 if case else re.IGNORECASE,
            )
        except re.error as bad:
            raise OperatorError(f"The regular expression pattern {pattern} is not valid.") from bad

    if isinstance(left, list | tuple):
        return [one(v) for v in left]
    return one(left)


def split(left: object, right: object, case: bool) -> list[object]:
    args = list(right) if isinstance(right, list | tuple) else [right]
    pattern = to_string(args[0]) if args else r"\s+"
    limit = int(_num(args[1])) if len(args) > 1 else 0
    values = left if isinstance(left, list | tuple) else [left]
    out: list[object] = []
    for value in values:
        parts = re.split(
            python_pattern(pattern),
            to_string(value),
            maxsplit=max(limit - 1, 0),
            flags=0 if case else re.IGNORECASE,
        )
        out.extend(parts)
    return out


def join(left: object, right: object) -> str:
    items = left if isinstance(left, list | tuple) else [left]
    return to_string(right).join(to_string(i) for i in items)


BITWISE: dict[str, Callable[[int, int], int]] = {
    "-band": lambda a, b: a & b,
    "-bor": lambda a, b: a | b,
    "-bxor": lambda a, b: a ^ b,
    "-shl": lambda a, b: a << b,
    "-shr": lambda a, b: a >> b,
}


def bitwise(op: str, left: object, right: object) -> int:
    return BITWISE[op](int(_num(left)), int(_num(right)))


def negate(value: object) -> object:
    number = _num(value)
    return -number


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
    from decimal import ROUND_HALF_UP

    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}" if grouped else f"{rounded:.{places}f}"


def logical(op: str, left: object, right: Callable[[], object]) -> bool:
    """-and / -or / -xor; -and and -or short-circuit."""
    a = is_true(left)
    if op == "-and":
        return a and is_true(right())
    if op == "-or":
        return a or is_true(right())
    return a != is_true(right())


def type_of(value: object) -> str:
    return type_name(value)
