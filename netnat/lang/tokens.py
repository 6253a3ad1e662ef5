"""Tokens of the PowerShell subset and the operator tables the tokenizer and parser share."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from netnat.record import dataclass, field

if TYPE_CHECKING:
    from netnat.lang.ast import Expression
    from netnat.lang.source_map import SourceMap
    from netnat.source import Span

# Token kinds (plain strings: cheap to compare, readable in tests and messages).
EOF_ = "eof"
NEWLINE = "newline"
WORD = "word"  # bare word / generic token (command mode), or an identifier (expression mode)
PARAM = "param"  # -Name, -Name:
NUMBER = "number"
STRING = "string"
VARIABLE = "variable"  # $x, ${x}, @x (splat)
OP = "op"  # operators: value is the canonical ASCII spelling
REDIRECT = "redirect"
LABEL = "label"  # :name at statement start
STOP_PARSING = "--%"
PUNCT = frozenset(("(", ")", "{", "}", "[", "]", "@(", "@{", "$(", ",", "|", "&", ";", ".", "::"))

# Binary operators by precedence level (higher binds tighter), per powershell-subset §6.3.
# Comparison operators by name: -eq, -ieq (case-insensitive), -ceq (case-sensitive)... The
# engine's operators take this table too.
COMPARISON_NAMES = frozenset(
    (
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
    )
)
COMPARISON = frozenset(
    [f"-{p}{op}" for op in COMPARISON_NAMES for p in ("", "i", "c")]
    + ["-join", "-is", "-isnot", "-as"]
)
BITWISE = frozenset(("-band", "-bor", "-bxor", "-shl", "-shr"))
LOGICAL = frozenset(("-and", "-or", "-xor"))
PRECEDENCE: dict[str, int] = {op: 1 for op in LOGICAL}
PRECEDENCE.update({op: 2 for op in BITWISE})
PRECEDENCE.update({op: 3 for op in COMPARISON})
PRECEDENCE.update({"+": 4, "-": 4, "*": 5, "/": 5, "%": 5, "-f": 6, "..": 7})
UNARY_DASH_OPS = frozenset(("-not", "-bnot", "-split", "-join", "-isplit", "-csplit"))
DASH_OPERATORS = COMPARISON | BITWISE | LOGICAL | UNARY_DASH_OPS | {"-f"}
ASSIGNMENT_OPS = frozenset(("=", "+=", "-=", "*=", "/=", "%="))
KEYWORDS = frozenset(
    [
        "if",
        "elseif",
        "else",
        "foreach",
        "for",
        "while",
        "do",
        "until",
        "switch",
        "try",
        "catch",
        "finally",
        "throw",
        "return",
        "exit",
        "break",
        "continue",
        "function",
        "filter",
        "param",
        "begin",
        "process",
        "end",
        "dynamicparam",
    ]
)


@dataclass(slots=True)
class Token:
    """One token: kind, source offsets, text as typed, and its decoded value.

    - WORD/STRING: `value` is the decoded text; `parts` holds the pieces when it expands `$`.
    - NUMBER: `value` the number, `num_type` int/long/decimal/double.
    - PARAM: `value` the name without dash; `colon` for `-Name:`.
    - VARIABLE: `value` the name, `scope` the prefix, `splat`/`braced` flags.
    - OP: `value` the canonical operator; REDIRECT: `value` the stream, `append`, `merge_to`.
    """

    kind: str
    start: int
    end: int
    text: str
    src: SourceMap = field(repr=False)
    value: object = None
    parts: tuple[str | Expression, ...] | None = None
    quote: str = ""
    num_type: str = ""
    scope: str | None = None
    colon: bool = False
    splat: bool = False
    braced: bool = False
    append: bool = False
    merge_to: str | None = None
    ws_before: bool = False

    @property
    def span(self) -> Span:
        """Where the token is (original line/column)."""
        return self.src.span(self.start, self.end)

    @property
    def str_value(self) -> str:
        """`value` as a string (words, strings, names)."""
        return self.value if isinstance(self.value, str) else self.text

    def is_op(self, *ops: str) -> bool:
        """True for an operator token with one of the canonical spellings `ops`."""
        return self.kind == OP and self.value in ops

    def is_plain_word(self) -> bool:
        """A bare word without quotes, escapes or expansions (candidate keyword/name)."""
        return self.kind == WORD and self.parts is None and self.value == self.text


NumberValue = int | float | Decimal
