"""Syntax tree, part 1: the base Node, expression nodes and command nodes."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from netnat.record import dataclass
from netnat.source import Span

if TYPE_CHECKING:
    from netnat.lang.syntax_stmt import ScriptBlock, Statement


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every syntax node."""

    span: Span


# ----------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Constant(Node):
    """A number literal; `text` is its source text (`0x10`, `1kb`), `type_name` int/long/...

    A number bound to a [string] parameter keeps `text`, not the value (PowerShell #17199).
    """

    value: int | float | Decimal
    text: str
    type_name: str  # "int", "long", "decimal" or "double"


@dataclass(frozen=True, slots=True)
class StringConstant(Node):
    """A string without expansions: `'x'`, `"x"`, here-strings, or a bare word (`quote="bare"`)."""

    value: str
    quote: str  # "'", '"', "@'", '@"' or "bare"
    text: str


@dataclass(frozen=True, slots=True)
class ExpandableString(Node):
    """`"a $x $(...)"` or a bare word with `$`: literal pieces and Variable/SubExpression parts."""

    parts: tuple[str | Expression, ...]
    quote: str  # '"', '@"' or "bare"
    text: str


@dataclass(frozen=True, slots=True)
class Variable(Node):
    """`$name`, `$scope:name`, `${any name}`, or the splat `@name` (`splat=True`)."""

    name: str
    scope: str | None = None  # global/script/local/private/using or a drive such as env
    splat: bool = False
    braced: bool = False


@dataclass(frozen=True, slots=True)
class TypeName(Node):
    """`int`, `string[]`, `System.Net.IPAddress`, `System.Collections.Generic.List[string]`."""

    name: str
    generic_args: tuple[TypeName, ...] = ()
    array_rank: int = 0

    @property
    def full_name(self) -> str:
        """The name as written between the brackets (normalised spacing)."""
        text = self.name
        if self.generic_args:
            text += "[" + ",".join(arg.full_name for arg in self.generic_args) + "]"
        for _ in range(self.array_rank):
            text += "[]"
        return text


@dataclass(frozen=True, slots=True)
class TypeLiteral(Node):
    """`[int]` on its own (a type value, e.g. before `::`)."""

    type: TypeName


@dataclass(frozen=True, slots=True)
class Cast(Node):
    """`[type]operand`, including `[pscustomobject]@{...}`."""

    type: TypeName
    operand: Expression


@dataclass(frozen=True, slots=True)
class ArrayLiteral(Node):
    """`a, b, c` (one element for the unary `,x`)."""

    elements: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class ArrayExpression(Node):
    """`@( statements )`: always an array."""

    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class SubExpression(Node):
    """`$( statements )`."""

    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Paren(Node):
    """`( pipeline )`: a pipeline or assignment used as a value."""

    statement: Statement


@dataclass(frozen=True, slots=True)
class HashEntry(Node):
    """`key = value` inside `@{ }`; the value is a statement (usually a pipeline)."""

    key: Expression
    value: Statement


@dataclass(frozen=True, slots=True)
class Hashtable(Node):
    """`@{ a = 1; b = 2 }` with its entries in source order."""

    entries: tuple[HashEntry, ...]


@dataclass(frozen=True, slots=True)
class ScriptBlockExpression(Node):
    """`{ ... }` used as a value (Where-Object filters, ForEach-Object bodies, ...)."""

    body: ScriptBlock


@dataclass(frozen=True, slots=True)
class Unary(Node):
    """`-x +x !x -not x -bnot x -split x -join x ,x` and `++x --x x++ x--` (`postfix`)."""

    op: str  # canonical ASCII lower case: "-", "+", "!", "-not", "++", ...
    operand: Expression
    postfix: bool = False


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """`left op right`; `op` is canonical ASCII lower case (`-eq`, `-ceq`, `+`, `-and`)."""

    op: str
    left: Expression
    right: Expression


@dataclass(frozen=True, slots=True)
class Range(Node):
    """`start..end`."""

    start: Expression
    end: Expression


@dataclass(frozen=True, slots=True)
class Format(Node):
    """`format -f args`."""

    format: Expression
    args: Expression


@dataclass(frozen=True, slots=True)
class MemberAccess(Node):
    """`target.Name`, `target.$name`, `[type]::Name` (`static`)."""

    target: Expression
    member: str | Expression
    static: bool = False


@dataclass(frozen=True, slots=True)
class InvokeMember(Node):
    """`target.Method(args)` or `[type]::Method(args)` (`static`)."""

    target: Expression
    member: str | Expression
    args: tuple[Expression, ...]
    static: bool = False


@dataclass(frozen=True, slots=True)
class Index(Node):
    """`target[index]`."""

    target: Expression
    index: Expression


Expression = (
    Constant
    | StringConstant
    | ExpandableString
    | Variable
    | TypeLiteral
    | Cast
    | ArrayLiteral
    | ArrayExpression
    | SubExpression
    | Paren
    | Hashtable
    | ScriptBlockExpression
    | Unary
    | Binary
    | Range
    | Format
    | MemberAccess
    | InvokeMember
    | Index
)

# ----------------------------------------------------------------------------- commands


@dataclass(frozen=True, slots=True)
class CommandParameter(Node):
    """`-Name`, `–Name` or `-Name:value` (`colon`; the value is `argument`)."""

    name: str  # without the dash, as typed
    text: str  # the token as typed, e.g. "–Name:"
    colon: bool = False
    argument: Expression | None = None


@dataclass(frozen=True, slots=True)
class CommandArgument(Node):
    """A positional value (`a,b` is one ArrayLiteral argument; `@p` is a splat Variable)."""

    value: Expression


@dataclass(frozen=True, slots=True)
class Redirection(Node):
    """`> f`, `2>> f`, `2>$null` (target) or `2>&1`, `*>&1` (merge_to)."""

    stream: str  # "1".."6" or "*"
    append: bool = False
    target: Expression | None = None
    merge_to: str | None = None


CommandElement = CommandParameter | CommandArgument | Redirection


@dataclass(frozen=True, slots=True)
class CommandNode(Node):
    """`name args...`; `invocation` is "&" or "." for `& x` / `. x`, else None."""

    name: Expression
    elements: tuple[CommandElement, ...]
    invocation: str | None = None

    @property
    def name_text(self) -> str | None:
        """The command name when it is a constant (bare word or string), else None."""
        return self.name.value if isinstance(self.name, StringConstant) else None


@dataclass(frozen=True, slots=True)
class CommandExpression(Node):
    """An expression as the first element of a pipeline, with optional redirections."""

    expression: Expression
    redirections: tuple[Redirection, ...] = ()


PipelineElement = CommandNode | CommandExpression
