"""Command arguments as the binder receives them, from a script's AST or from a shell's argv."""

from __future__ import annotations

from netnat.record import dataclass
from netnat.source import Span


@dataclass(frozen=True, slots=True)
class ParamArg:
    """`-Name`, `–Name` or `-Name:` (colon: the next ValueArg belongs to it, even a switch)."""

    name: str  # without the dash, as typed
    text: str  # the token as typed, e.g. "–Name:"
    colon: bool = False
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ValueArg:
    """A value: str, int, float, bool, None, list (from `a,b`), PSObject, ..."""

    value: object
    text: str  # source text; a number bound to a [string] keeps it ("010", "0x10")
    span: Span | None = None


Arg = ParamArg | ValueArg
