"""The syntax tree of a runbook: frozen dataclasses, each with the Span it was parsed from."""

from netnat.lang.syntax_expr import (
    ArrayExpression as ArrayExpression,
)
from netnat.lang.syntax_expr import (
    ArrayLiteral as ArrayLiteral,
)
from netnat.lang.syntax_expr import (
    Binary as Binary,
)
from netnat.lang.syntax_expr import (
    Cast as Cast,
)
from netnat.lang.syntax_expr import (
    CommandArgument as CommandArgument,
)
from netnat.lang.syntax_expr import (
    CommandElement as CommandElement,
)
from netnat.lang.syntax_expr import (
    CommandExpression as CommandExpression,
)
from netnat.lang.syntax_expr import (
    CommandNode as CommandNode,
)
from netnat.lang.syntax_expr import (
    CommandParameter as CommandParameter,
)
from netnat.lang.syntax_expr import (
    Constant as Constant,
)
from netnat.lang.syntax_expr import (
    ExpandableString as ExpandableString,
)
from netnat.lang.syntax_expr import (
    Expression as Expression,
)
from netnat.lang.syntax_expr import (
    Format as Format,
)
from netnat.lang.syntax_expr import (
    HashEntry as HashEntry,
)
from netnat.lang.syntax_expr import (
    Hashtable as Hashtable,
)
from netnat.lang.syntax_expr import (
    Index as Index,
)
from netnat.lang.syntax_expr import (
    InvokeMember as InvokeMember,
)
from netnat.lang.syntax_expr import (
    MemberAccess as MemberAccess,
)
from netnat.lang.syntax_expr import (
    Node as Node,
)
from netnat.lang.syntax_expr import (
    Paren as Paren,
)
from netnat.lang.syntax_expr import (
    PipelineElement as PipelineElement,
)
from netnat.lang.syntax_expr import (
    Range as Range,
)
from netnat.lang.syntax_expr import (
    Redirection as Redirection,
)
from netnat.lang.syntax_expr import (
    ScriptBlockExpression as ScriptBlockExpression,
)
from netnat.lang.syntax_expr import (
    StringConstant as StringConstant,
)
from netnat.lang.syntax_expr import (
    SubExpression as SubExpression,
)
from netnat.lang.syntax_expr import (
    TypeLiteral as TypeLiteral,
)
from netnat.lang.syntax_expr import (
    TypeName as TypeName,
)
from netnat.lang.syntax_expr import (
    Unary as Unary,
)
from netnat.lang.syntax_expr import (
    Variable as Variable,
)
from netnat.lang.syntax_stmt import (
    Assignment as Assignment,
)
from netnat.lang.syntax_stmt import (
    Attribute as Attribute,
)
from netnat.lang.syntax_stmt import (
    Break as Break,
)
from netnat.lang.syntax_stmt import (
    CatchClause as CatchClause,
)
from netnat.lang.syntax_stmt import (
    Continue as Continue,
)
from netnat.lang.syntax_stmt import (
    DoUntil as DoUntil,
)
from netnat.lang.syntax_stmt import (
    DoWhile as DoWhile,
)
from netnat.lang.syntax_stmt import (
    Exit as Exit,
)
from netnat.lang.syntax_stmt import (
    For as For,
)
from netnat.lang.syntax_stmt import (
    Foreach as Foreach,
)
from netnat.lang.syntax_stmt import (
    FunctionDefinition as FunctionDefinition,
)
from netnat.lang.syntax_stmt import (
    If as If,
)
from netnat.lang.syntax_stmt import (
    IfClause as IfClause,
)
from netnat.lang.syntax_stmt import (
    NamedArgument as NamedArgument,
)
from netnat.lang.syntax_stmt import (
    ParamBlock as ParamBlock,
)
from netnat.lang.syntax_stmt import (
    ParameterNode as ParameterNode,
)
from netnat.lang.syntax_stmt import (
    Pipeline as Pipeline,
)
from netnat.lang.syntax_stmt import (
    Return as Return,
)
from netnat.lang.syntax_stmt import (
    ScriptBlock as ScriptBlock,
)
from netnat.lang.syntax_stmt import (
    Statement as Statement,
)
from netnat.lang.syntax_stmt import (
    StatementBlock as StatementBlock,
)
from netnat.lang.syntax_stmt import (
    Switch as Switch,
)
from netnat.lang.syntax_stmt import (
    SwitchClause as SwitchClause,
)
from netnat.lang.syntax_stmt import (
    Throw as Throw,
)
from netnat.lang.syntax_stmt import (
    Try as Try,
)
from netnat.lang.syntax_stmt import (
    While as While,
)
