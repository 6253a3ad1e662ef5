"""A compact one-line text form of a syntax tree (`(Pipeline [(Command ...)])`) for tests."""

from __future__ import annotations

from netnat.lang import ast
from netnat.record import fields

_SKIP = frozenset(("span", "text", "quote"))
_NAMES = {"CommandNode": "Command", "CommandExpression": "Expr", "StringConstant": "Str"}


def dump(node: object) -> str:
    """`node` as an S-expression: class name, then non-empty fields in order."""
    if isinstance(node, ast.StringConstant):
        return repr(node.value) if node.quote == "bare" else f"(Str {node.value!r})"
    if isinstance(node, ast.Constant):
        return node.text
    if isinstance(node, ast.Variable):
        return _variable(node)
    if isinstance(node, ast.TypeName):
        return f"[{node.full_name}]"
    if isinstance(node, ast.CommandParameter):
        head = f"-{node.name}" + (":" if node.colon else "")
        return head if node.argument is None else f"({head} {dump(node.argument)})"
    if isinstance(node, ast.CommandArgument):
        return dump(node.value)
    if isinstance(node, ast.Node):
        return _generic(node)
    if isinstance(node, tuple):
        return "[" + " ".join(dump(item) for item in node) + "]"
    return repr(node)


def _variable(node: ast.Variable) -> str:
    sigil = "@" if node.splat else "$"
    scope = f"{node.scope}:" if node.scope else ""
    return f"{sigil}{scope}{node.name}"


def _generic(node: ast.Node) -> str:
    name = type(node).__name__
    parts = [_NAMES.get(name, name)]
    for field in fields(node):
        if field.name in _SKIP:
            continue
        value = getattr(node, field.name)
        if value is None or value == () or value is False:
            continue
        shown = dump(value)
        parts.append(shown if not isinstance(value, bool) else field.name)
    return "(" + " ".join(parts) + ")"
