"""Expression evaluation: literals, variables, operators, members, casts, strings."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from netnat.engine import operators as ops
from netnat.engine.base import EvaluatorBase
from netnat.engine.convert import CastError, UnknownType, cast, is_instance, is_known
from netnat.engine.errors import (
    conversion,
    method_not_found,
    null_method,
    runtime_error,
    type_not_found,
)
from netnat.engine.formatting import format_string
from netnat.engine.members import MemberError, call_method, get_member, static_member
from netnat.engine.signals import collapse
from netnat.errors import TerminatingError
from netnat.lang import ast
from netnat.model.psobject import custom_object
from netnat.model.values import (
    ConversionError,
    Hashtable,
    ScriptBlockValue,
    is_true,
    to_string,
    type_name,
)
from netnat.record import replace
from netnat.source import Span

MAX_RANGE = 10_000_000  # `a..b` with more items is refused (memory)


class TypeValue:
    """`[int]` used as a value (the target of `::`, or `-is`/`-as` operand)."""

    def __init__(self, name: str, rank: int = 0) -> None:
        self.name = name
        self.rank = rank

    def __str__(self) -> str:
        return self.name + "[]" * self.rank


def operator_failure(failed: Exception | str, span: Span) -> TerminatingError:
    category = getattr(failed, "category", "InvalidOperation")
    fqid = getattr(failed, "fqid", "RuntimeException")
    return runtime_error(str(failed), fqid, span, category=category)


class Expressions(EvaluatorBase):
    """Mixed into the Evaluator: `eval(node)` for every expression node."""

    def eval(self, node: ast.Expression) -> object:
        handler: Callable[[Any], object] = getattr(self, "_e_" + type(node).__name__)
        return handler(node)

    def _e_Constant(self, node: ast.Constant) -> object:
        return node.value

    def _e_StringConstant(self, node: ast.StringConstant) -> object:
        return node.value

    def _e_ExpandableString(self, node: ast.ExpandableString) -> object:
        ofs = to_string(self.vars.get("OFS") or " ")
        pieces = []
        for part in node.parts:
            if isinstance(part, str):
                pieces.append(part)
            else:
                pieces.append(to_string(self.eval(part), ofs))
        return "".join(pieces)

    def _e_Variable(self, node: ast.Variable) -> object:
        return self.vars.get(node.name, node.scope)

    def _e_TypeLiteral(self, node: ast.TypeLiteral) -> object:
        if not is_known(node.type.name):
            raise type_not_found(node.type.full_name, node.span)
        return TypeValue(node.type.name, node.type.array_rank)

    def _e_Cast(self, node: ast.Cast) -> object:
        name = node.type.name.lower()
        if name in ("pscustomobject", "ordered") and isinstance(node.operand, ast.Hashtable):
            table = self._e_Hashtable(node.operand)
            if name == "ordered":
                return table
            return custom_object({to_string(k): v for k, v in table.items()})
        value = self.eval(node.operand)
        return self.convert(value, node.type, node.span)

    def convert(self, value: object, type_node: ast.TypeName, span: Span) -> object:
        try:
            return cast(type_node.name, type_node.array_rank, value)
        except UnknownType:
            bracketed = replace(type_node.span, end_col=type_node.span.end_col + 1)
            raise type_not_found(type_node.full_name, bracketed) from None
        except CastError as failed:
            raise conversion(value, failed.type_name, failed.detail, span) from None

    def _e_ArrayLiteral(self, node: ast.ArrayLiteral) -> object:
        return [self.eval(e) for e in node.elements]

    def _e_ArrayExpression(self, node: ast.ArrayExpression) -> object:
        return list(self.capture(node.statements))

    def _e_SubExpression(self, node: ast.SubExpression) -> object:
        return collapse(self.capture(node.statements))

    def _e_Paren(self, node: ast.Paren) -> object:
        if isinstance(node.statement, ast.Pipeline) and len(node.statement.elements) == 1:
            element = node.statement.elements[0]
            if isinstance(element, ast.CommandExpression):
                return self.eval(element.expression)
        return collapse(self.capture((node.statement,)))

    def _e_Hashtable(self, node: ast.Hashtable) -> Hashtable:
        table = Hashtable()
        for entry in node.entries:
            key = self.eval(entry.key)
            table[key] = collapse(self.capture((entry.value,)))
        return table

    def _e_ScriptBlockExpression(self, node: ast.ScriptBlockExpression) -> object:
        return ScriptBlockValue(node.span.line_text[node.span.col - 1 :].strip(), node.body)

    def _e_Unary(self, node: ast.Unary) -> object:
        op = node.op
        if op in ("++", "--"):
            return self._increment(node)
        value = self.eval(node.operand)
        try:
            if op == "-":
                return ops.negate(value)
            if op == "+":
                return ops.add(0, value)
            if op in ("!", "-not"):
                return not is_true(value)
            if op == ",":
                return [value]
            if op == "-bnot":
                return ~ops.integer(value)
            if op == "-split":  # unary: white space, leading and trailing ignored
                items = value if isinstance(value, list | tuple) else [value]
                return ops.split([to_string(i).strip() for i in items], r"\s+", False)
            if op == "-join":
                return ops.join(value, "")
        except ops.OperatorError as failed:
            raise operator_failure(failed, node.span) from None
        raise operator_failure(f"Unknown operator {op}", node.span)

    def _increment(self, node: ast.Unary) -> object:
        old = self.eval(node.operand)
        if not isinstance(old, int | float | Decimal) or isinstance(old, bool):
            if old is not None:
                raise runtime_error(
                    f"The '{node.op}' operator works only on numbers. The operand is a "
                    f"'{type_name(old)}'.",
                    "OperatorRequiresNumber",
                    node.span,
                )
            old = None
        new = ops.add(old if old is not None else 0, 1 if node.op == "++" else -1)
        self.assign_to(node.operand, new)
        return old if node.postfix else new

    def _e_Binary(self, node: ast.Binary) -> object:
        op = node.op
        left = self.eval(node.left)
        try:
            if op in ("-and", "-or", "-xor"):
                return ops.logical(op, left, lambda: self.eval(node.right))
            right = self.eval(node.right)
            if op in ops.ARITHMETIC:
                return ops.ARITHMETIC[op](left, right)
            if op in ("-is", "-isnot", "-as"):
                return self._type_test(op, left, right, node)
            if op == "-join":
                return ops.join(left, right)
            if op in ops.BITWISE:
                return ops.bitwise(op, left, right)
            if op == "-f":
                return format_string(left, right)
            if ops.is_comparison(op):
                result, matches = ops.comparison(op, left, right)
                if matches is not None:
                    self.vars.set("Matches", Hashtable(matches))
                return result
        except (ops.OperatorError, ConversionError) as failed:
            raise operator_failure(failed, node.span) from None
        raise operator_failure(f"Unknown operator {op}", node.span)

    def _type_test(self, op: str, left: object, right: object, node: ast.Binary) -> object:
        if not isinstance(right, TypeValue):
            right = TypeValue(to_string(right))
        try:
            if op == "-as":
                try:
                    return cast(right.name, right.rank, left)
                except CastError:
                    return None
            result = is_instance(left, right.name, right.rank)
        except UnknownType:
            raise type_not_found(right.name, node.span) from None
        return result if op == "-is" else not result

    def _e_Range(self, node: ast.Range) -> object:
        try:
            start = ops.integer(self.eval(node.start))
            end = ops.integer(self.eval(node.end))
        except ops.OperatorError as failed:
            raise operator_failure(failed, node.span) from None
        if abs(end - start) >= MAX_RANGE:
            raise operator_failure(
                f"The range is too large (more than {MAX_RANGE:,} items).", node.span
            )
        step = 1 if end >= start else -1
        return list(range(start, end + step, step))

    def _e_Format(self, node: ast.Format) -> object:
        try:
            return format_string(self.eval(node.format), self.eval(node.args))
        except ops.OperatorError as failed:
            raise operator_failure(failed, node.span) from None

    def _member_name(self, member: str | ast.Expression) -> str:
        return member if isinstance(member, str) else to_string(self.eval(member))

    def _e_MemberAccess(self, node: ast.MemberAccess) -> object:
        name = self._member_name(node.member)
        if node.static:
            return self._static(node.target, name, None, node.span)
        return get_member(self.eval(node.target), name)

    def _static(
        self, target: ast.Expression, name: str, args: list[object] | None, span: Span
    ) -> object:
        type_value = self.eval(target)
        key = type_value.name.lower() if isinstance(type_value, TypeValue) else ""
        key = {
            "system.net.ipaddress": "ipaddress",
            "system.string": "string",
            "system.math": "math",
            "int32": "int",
            "system.int32": "int",
            "system.environment": "environment",
            "system.timespan": "timespan",
        }.get(key, key)
        try:
            return static_member(key, name, args)
        except MemberError as failed:
            if failed.kind == "failed":
                raise self._method_failed(name, args or [], failed, span) from None
            raise method_not_found(str(type_value), name, span) from None

    def _method_failed(
        self, name: str, args: list[object], failed: MemberError, span: Span
    ) -> TerminatingError:
        """MethodInvocationException; its error id is the .NET exception's type name."""
        return runtime_error(
            f'Exception calling "{name}" with "{len(args)}" argument(s): "{failed.detail}"',
            failed.exception or "MethodInvocationException",
            span,
            category="NotSpecified",
            reason="MethodInvocationException",
        )

    def _e_InvokeMember(self, node: ast.InvokeMember) -> object:
        name = self._member_name(node.member)
        args = [self.eval(a) for a in node.args]
        if node.static:
            return self._static(node.target, name, args, node.span)
        target = self.eval(node.target)
        if target is None:
            raise null_method(node.span)
        if isinstance(target, ScriptBlockValue) and name.lower() in ("invoke", "invokereturnasis"):
            return collapse(self.call_block(target, None, args, new_scope=True))
        try:
            return call_method(target, name, args)
        except MemberError as failed:
            if failed.kind == "failed":
                raise self._method_failed(name, args, failed, node.span) from None
            raise method_not_found(failed.type_name, name, node.span) from None

    def _e_Index(self, node: ast.Index) -> object:
        target = self.eval(node.target)
        index = self.eval(node.index)
        if target is None:
            raise runtime_error("Cannot index into a null array.", "NullArray", node.span)
        if isinstance(index, list):
            return [self._index_one(target, i) for i in index]
        return self._index_one(target, index)

    def _index_one(self, target: object, index: object) -> object:
        if isinstance(target, Hashtable):
            return target.get(index)
        if isinstance(target, list | tuple | str):
            try:
                i = ops.integer(index)
            except ops.OperatorError:
                return None
            return target[i] if -len(target) <= i < len(target) else None
        if isinstance(index, int) and index in (0, -1):
            return target
        return None
