"""The evaluator: runs statements in a Session, reports errors, keeps $? and assignments."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from netnat.binding.decl import ACTION_PREFERENCES, Cmdlet, Impact
from netnat.engine import operators as ops
from netnat.engine.errors import runtime_error
from netnat.engine.expressions import Expressions, operator_failure
from netnat.engine.functions import FunctionInfo, Functions
from netnat.engine.pipeline import Pipelines
from netnat.engine.records import error_object, invocation_object
from netnat.engine.scopes import Variables
from netnat.engine.session import Session
from netnat.engine.signals import (
    BreakSignal,
    ContinueSignal,
    ExitSignal,
    ReturnSignal,
    Sink,
    collapse,
)
from netnat.engine.statements import MAX_LOOP, Statements
from netnat.errors import NetnatError, ScriptTerminatingError, Severity, TerminatingError
from netnat.lang import ast
from netnat.model import values
from netnat.model.psobject import PSObject
from netnat.model.values import Hashtable, enumerate_pipeline, is_true, to_string
from netnat.source import Span

RECURSION_LIMIT = 20_000  # Python frames for 100 nested calls and 200 nesting levels
IMPACTS = {"none": Impact.NONE, "low": Impact.LOW, "medium": Impact.MEDIUM, "high": Impact.HIGH}
PREFERENCE_NAMES = frozenset(
    {"confirmpreference", "erroractionpreference", "whatifpreference", "verbosepreference"}
)


class Evaluator(Statements, Expressions, Pipelines, Functions):
    """Runs parsed runbooks in a Session."""

    def __init__(
        self, session: Session, resolve: Callable[[str], Cmdlet | None], file: str | None = None
    ) -> None:
        self.session = session
        self.resolve = resolve
        self.file = file
        self.functions: dict[str, FunctionInfo] = {}
        self.try_depth = 0
        self.last_ok = True
        self.current_error: NetnatError | None = None
        self.exited = False  # the script ended with `exit` (its code is kept as given)
        self.call_depth = 0
        self.vars = Variables(self._automatic)

    # ---- automatic and preference variables ----------------------------------------
    def _automatic(self, key: str) -> tuple[bool, object]:
        if key == "?":
            return True, self.last_ok
        if key == "error":
            return True, [error_object(r) for r in reversed(self.session.errors)]
        return False, None

    def sync_preferences(self) -> None:
        """The session's preferences follow the preference variables the current scope sees
        (a function's `$ErrorActionPreference` ends with the function)."""
        prefs, get = self.session.prefs, self.vars.get
        confirm = to_string(get("ConfirmPreference")).strip().lower()
        prefs.confirm = IMPACTS.get(confirm, prefs.confirm)
        prefs.error_action = _action_name(to_string(get("ErrorActionPreference")), "Continue")
        prefs.whatif = is_true(get("WhatIfPreference"))
        prefs.verbose = to_string(get("VerbosePreference")).lower() in ("continue", "inquire")

    # ---- running -------------------------------------------------------------------
    def run_script(self, block: ast.ScriptBlock, out: Sink) -> int:
        """Run a whole script; output goes to `out`. Returns the exit code."""
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
        try:
            return self._run_script(block, out)
        finally:
            sys.setrecursionlimit(old_limit)

    def _run_script(self, block: ast.ScriptBlock, out: Sink) -> int:
        prefs = self.session.prefs
        self.vars.set("ConfirmPreference", prefs.confirm.name.title())
        self.vars.set("ErrorActionPreference", prefs.error_action)
        self.vars.set("WhatIfPreference", prefs.whatif)
        if self.file:  # a script run with -File: errors of its own have no position
            folder, _, name = self.file.replace("\\", "/").rpartition("/")
            self.vars.set("MyInvocation", invocation_object(name, self.file, None))
            self.vars.set("PSCommandPath", self.file)
            self.vars.set("PSScriptRoot", folder)
        try:
            self.exec_statements(block.statements, out)
        except ExitSignal as done:
            self.exited = True
            return done.code
        except ScriptTerminatingError as stopped:
            self.report(stopped, show=True)
            return 1
        except (BreakSignal, ContinueSignal, ReturnSignal):
            return 0  # `break` outside any loop stops the script quietly
        return 0

    def capture(self, statements: Sequence[ast.Statement]) -> list[object]:
        out = Sink()
        self.exec_statements(statements, out)
        return list(out)

    def exec_statements(self, statements: Sequence[ast.Statement], out: Sink) -> None:
        for statement in statements:
            self.exec_guarded(statement, out)

    def exec_guarded(self, statement: ast.Statement, out: Sink) -> None:
        """Run one statement; a statement-terminating error is reported and the script goes
        on (inside `try`, or under `$ErrorActionPreference = 'Stop'`, it unwinds instead)."""
        errors_before = len(self.session.errors)
        try:
            self.exec_statement(statement, out)
        except TerminatingError as error:
            if error.record.span is None:
                error.record = error.record.at(statement.span)
            if self.try_depth > 0 or self.session.prefs.error_action == "Stop":
                raise ScriptTerminatingError(error.record) from None
            self.report(error, show=True)
            self.last_ok = False
            return
        except ScriptTerminatingError as error:
            if error.record.span is None:
                error.record = error.record.at(statement.span)
            raise
        if isinstance(statement, ast.Assignment | ast.Pipeline):
            self.last_ok = len(self.session.errors) == errors_before

    def report(self, error: NetnatError, show: bool) -> None:
        self.session.record(error.record, "Continue", show)

    def exec_statement(self, node: ast.Statement, out: Sink) -> None:
        handler = getattr(self, "_s_" + type(node).__name__)
        handler(node, out)

    def statement_value(self, statement: ast.Statement) -> object:
        """A statement used as a value (conditions, assigned values): its collapsed output."""
        if isinstance(statement, ast.Pipeline) and len(statement.elements) == 1:
            element = statement.elements[0]
            if isinstance(element, ast.CommandExpression) and not element.redirections:
                return self.eval(element.expression)
        return collapse(self.capture((statement,)))

    # ---- assignment ------------------------------------------------------------------
    def _s_Pipeline(self, node: ast.Pipeline, out: Sink) -> None:
        self.run_pipeline(node, out)

    def _s_Assignment(self, node: ast.Assignment, out: Sink) -> None:
        value = self.statement_value(node.value)
        if node.op != "=":
            current = self.eval(node.target)
            try:
                value = ops.ARITHMETIC[node.op[0]](current, value)
            except ops.OperatorError as failed:
                raise operator_failure(failed, node.span) from None
        self.assign_to(node.target, value)

    def assign_to(self, target: ast.Expression, value: object) -> None:
        if isinstance(target, ast.Variable):
            self.vars.set(target.name, value, target.scope)
            if target.name.lower() in PREFERENCE_NAMES:
                self.sync_preferences()
        elif isinstance(target, ast.Cast):
            self.assign_to(target.operand, self.convert(value, target.type, target.span))
        elif isinstance(target, ast.MemberAccess):
            obj = self.eval(target.target)
            _assign_member(obj, self._member_name(target.member), value)
        elif isinstance(target, ast.Index):
            obj = self.eval(target.target)
            _assign_index(obj, self.eval(target.index), value, target.span)
        elif isinstance(target, ast.ArrayLiteral) and target.elements:
            self._assign_many(target.elements, value)
        else:
            raise runtime_error(
                "The assignment expression is not valid. The input to an "
                "assignment operator must be an object that is able to accept "
                "assignments, such as a variable or a property.",
                "InvalidLeftHandSide",
                target.span,
            )

    def _assign_many(self, targets: Sequence[ast.Expression], value: object) -> None:
        """`$a, $b = 1, 2, 3`: one element each, the last target takes the rest."""
        items = enumerate_pipeline(value) if value is not None else []
        for index, target in enumerate(targets):
            if index == len(targets) - 1:
                self.assign_to(target, collapse(items[index:]))
            else:
                self.assign_to(target, items[index] if index < len(items) else None)


def _assign_member(obj: object, name: str, value: object) -> None:
    if isinstance(obj, Hashtable):
        obj[name] = value
        return
    if isinstance(obj, PSObject) and obj.has(name):
        key = next(k for k in obj.props if k.lower() == name.lower())
        obj.props[key] = value
        return
    raise runtime_error(  # no span: the whole assignment is blamed
        f"The property '{name}' cannot be found on this object. Verify "
        "that the property exists and can be set.",
        "PropertyAssignmentException",
    )


def _assign_index(obj: object, index: object, value: object, span: Span) -> None:
    if isinstance(obj, Hashtable):
        obj[index] = value
        return
    if isinstance(obj, list):
        try:
            i = index if isinstance(index, int) else int(values.to_number(index))
        except (values.ConversionError, ValueError, OverflowError):
            i = len(obj)
        if -len(obj) <= i < len(obj):
            obj[i] = value
            return
        raise runtime_error(  # no span: the whole assignment is blamed
            "Index was outside the bounds of the array.",
            "System.IndexOutOfRangeException",
            category="OperationStopped",
            reason="IndexOutOfRangeException",
        )
    raise runtime_error(
        f"Unable to index into an object of type {values.type_name(obj)}.", "CannotIndex", span
    )


def _action_name(text: str, default: str) -> str:
    """An ActionPreference value by name or number (`Stop`, `1`)."""
    for name in ACTION_PREFERENCES:
        if name.lower() == text.strip().lower():
            return name
    names = dict(enumerate(ACTION_PREFERENCES))
    return names.get(int(text), default) if text.strip().isdigit() else default


__all__ = ["MAX_LOOP", "Evaluator", "NetnatError", "Severity"]
