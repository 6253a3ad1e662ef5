"""The syntax tree of a runbook: frozen dataclasses, each with the Span it was parsed from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from netnat.source import Span


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
    """`"a $x b $(...)"` or a bare word with `$`: literal pieces and Variable/SubExpression parts."""

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

# ----------------------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class StatementBlock(Node):
    """`{ statements }` of a control-flow statement."""

    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Pipeline(Node):
    """`e1 | e2 | ...`: a command or expression first, then commands."""

    elements: tuple[PipelineElement, ...]


@dataclass(frozen=True, slots=True)
class Assignment(Node):
    """`target op value` with op `=`, `+=`, `-=`, `*=`, `/=` or `%=`."""

    target: Expression
    op: str
    value: Statement


@dataclass(frozen=True, slots=True)
class IfClause(Node):
    """One `if (cond) { }` or `elseif (cond) { }` clause."""

    condition: Statement
    body: StatementBlock


@dataclass(frozen=True, slots=True)
class If(Node):
    """`if` clauses (the first is the `if`, later ones `elseif`) and an optional `else`."""

    clauses: tuple[IfClause, ...]
    else_body: StatementBlock | None = None


@dataclass(frozen=True, slots=True)
class Foreach(Node):
    """`foreach ($variable in iterable) { body }`."""

    variable: Variable
    iterable: Statement
    body: StatementBlock
    label: str | None = None


@dataclass(frozen=True, slots=True)
class For(Node):
    """`for (init; condition; step) { body }`."""

    init: Statement | None
    condition: Statement | None
    step: Statement | None
    body: StatementBlock
    label: str | None = None


@dataclass(frozen=True, slots=True)
class While(Node):
    """`while (condition) { body }`."""

    condition: Statement
    body: StatementBlock
    label: str | None = None


@dataclass(frozen=True, slots=True)
class DoWhile(Node):
    """`do { body } while (condition)`."""

    body: StatementBlock
    condition: Statement
    label: str | None = None


@dataclass(frozen=True, slots=True)
class DoUntil(Node):
    """`do { body } until (condition)`."""

    body: StatementBlock
    condition: Statement
    label: str | None = None


@dataclass(frozen=True, slots=True)
class SwitchClause(Node):
    """`pattern { body }` inside a switch."""

    condition: Expression
    body: StatementBlock


@dataclass(frozen=True, slots=True)
class Switch(Node):
    """`switch [-options] (value) { clauses; default { } }`."""

    value: Statement
    clauses: tuple[SwitchClause, ...]
    default: StatementBlock | None = None
    options: tuple[str, ...] = ()  # lower case: "regex", "wildcard", "exact", "casesensitive"
    label: str | None = None


@dataclass(frozen=True, slots=True)
class CatchClause(Node):
    """`catch [T1], [T2] { }` (no types: catches everything)."""

    types: tuple[TypeName, ...]
    body: StatementBlock


@dataclass(frozen=True, slots=True)
class Try(Node):
    """`try { } catch ... finally { }`."""

    body: StatementBlock
    catches: tuple[CatchClause, ...]
    finally_body: StatementBlock | None = None


@dataclass(frozen=True, slots=True)
class Throw(Node):
    """`throw [value]` (bare `throw` rethrows inside catch)."""

    value: Statement | None = None


@dataclass(frozen=True, slots=True)
class Return(Node):
    """`return [value]`."""

    value: Statement | None = None


@dataclass(frozen=True, slots=True)
class Exit(Node):
    """`exit [code]`."""

    value: Statement | None = None


@dataclass(frozen=True, slots=True)
class Break(Node):
    """`break [label]`."""

    label: Expression | None = None


@dataclass(frozen=True, slots=True)
class Continue(Node):
    """`continue [label]`."""

    label: Expression | None = None


@dataclass(frozen=True, slots=True)
class NamedArgument(Node):
    """`Name = value` (or just `Name`, meaning $true) inside an attribute's parentheses."""

    name: str
    value: Expression | None = None


@dataclass(frozen=True, slots=True)
class Attribute(Node):
    """`[Parameter(Mandatory=$true, Position=0)]`, `[Alias('a')]`, `[CmdletBinding()]`."""

    type: TypeName
    positional: tuple[Expression, ...] = ()
    named: tuple[NamedArgument, ...] = ()


@dataclass(frozen=True, slots=True)
class ParameterNode(Node):
    """One parameter: attributes (Attribute or TypeName constraints in order), name, default."""

    variable: Variable
    attributes: tuple[Attribute | TypeName, ...] = ()
    default: Expression | None = None

    @property
    def type(self) -> TypeName | None:
        """The last type constraint (`[string[]]$Name`), if any."""
        types = [a for a in self.attributes if isinstance(a, TypeName)]
        return types[-1] if types else None


@dataclass(frozen=True, slots=True)
class ParamBlock(Node):
    """`[CmdletBinding()] param( ... )`."""

    attributes: tuple[Attribute, ...]
    parameters: tuple[ParameterNode, ...]


@dataclass(frozen=True, slots=True)
class ScriptBlock(Node):
    """A script, a `{ }` literal or a function body.

    Without named blocks, the statements are the `end` block (`named` is False) and are also
    available as `statements`.
    """

    param_block: ParamBlock | None
    begin: StatementBlock | None
    process: StatementBlock | None
    end: StatementBlock | None
    named: bool = False

    @property
    def statements(self) -> tuple[Statement, ...]:
        """The body of a script block without named blocks (the `end` block)."""
        return self.end.statements if self.end else ()


@dataclass(frozen=True, slots=True)
class FunctionDefinition(Node):
    """`function Name [(params)] { body }` or `filter Name { }` (`is_filter`)."""

    name: str
    body: ScriptBlock
    parameters: tuple[ParameterNode, ...] | None = None  # from `function f($a, $b)`
    is_filter: bool = False

    @property
    def all_parameters(self) -> tuple[ParameterNode, ...]:
        """The parameters, from `function f(...)` or from the body's param block."""
        if self.parameters is not None:
            return self.parameters
        block = self.body.param_block
        return block.parameters if block else ()


Statement = (
    Pipeline
    | Assignment
    | If
    | Foreach
    | For
    | While
    | DoWhile
    | DoUntil
    | Switch
    | Try
    | Throw
    | Return
    | Exit
    | Break
    | Continue
    | FunctionDefinition
)
