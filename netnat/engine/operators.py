"""Binary and unary operators with PowerShell's rules (powershell-subset §6.3)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal

from netnat.binding.regex import python_pattern, python_replacement
from netnat.lang.tokens import COMPARISON_NAMES
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


MAX_ITEMS = 100_000_000  # a string or array longer than this: .NET's OutOfMemory, in words


def multiply(left: object, right: object) -> object:
    if isinstance(left, str | list | tuple):
        count = _count(right)
        if count * max(len(left), 1) > MAX_ITEMS:
            raise OperatorError("Array dimensions exceeded supported range.", "NotSpecified")
        return left * count if isinstance(left, str) else list(left) * count
    return _arith_result(_num(left) * _num(right))  # type: ignore[operator]


def _count(value: object) -> int:
    """A repeat count (`'-' * 10`): a number that fits an Int32."""
    number = _num(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise OperatorError(f'Cannot convert value "{to_string(value)}" to type "System.Int32".')
    whole = int(number)
    if not -(2**31) <= whole < 2**31:
        raise OperatorError(
            f'Cannot convert value "{to_string(value)}" to type "System.Int32". Error: "Value '
            'was either too large or too small for an Int32."'
        )
    return max(whole, 0)


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
    if len(op) > 2 and op[1] in "ci" and op[2:] in COMPARISON_NAMES:
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
    return base[1:] in COMPARISON_NAMES if base.startswith("-") else False


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
    """Bit operators on Int32 (or Int64 when a value needs it); shift counts are masked and
    results wrap, as in .NET."""
    a, b = integer(left), integer(right)
    bits = 32 if all(-(2**31) <= v < 2**31 for v in (a, b)) else 64
    if op in ("-shl", "-shr"):
        bits = 32 if -(2**31) <= a < 2**31 else 64
        b &= bits - 1
    result = BITWISE[op](a, b) & ((1 << bits) - 1)
    return result - (1 << bits) if result >= 1 << (bits - 1) else result


def integer(value: object) -> int:
    number = _num(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise OperatorError(f'Cannot convert value "{to_string(value)}" to type "System.Int64".')
    whole = round(number) if isinstance(number, float | Decimal) else int(number)
    if not -(2**63) <= whole < 2**63:
        raise OperatorError(
            f'Cannot convert value "{to_string(value)}" to type "System.Int64". Error: "Value '
            'was either too large or too small for an Int64."'
        )
    return whole


def negate(value: object) -> object:
    number = _num(value)
    return -number


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
