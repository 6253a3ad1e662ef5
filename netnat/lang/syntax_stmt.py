"""Syntax tree, part 2: statements, blocks, parameters and functions."""

from __future__ import annotations

from netnat.lang.syntax_expr import (
    Expression,
    Node,
    PipelineElement,
    TypeName,
    Variable,
)
from netnat.record import dataclass


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
