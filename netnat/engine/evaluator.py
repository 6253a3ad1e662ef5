"""The evaluator: statements, control flow, assignment and error handling of a runbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from netnat.binding.decl import Cmdlet
from netnat.engine.errors import runtime_error, thrown
from netnat.engine.expressions import Expressions
from netnat.engine.functions import FunctionInfo, Functions
from netnat.engine.pipeline import Pipelines
from netnat.engine.records import error_object
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
from netnat.errors import NetnatError, ScriptTerminatingError, Severity, TerminatingError
from netnat.lang import ast
from netnat.model import values
from netnat.model.values import Hashtable, enumerate_pipeline, is_true, to_string
from netnat.source import Span

MAX_LOOP = 10_000_000  # a loop that runs longer is stopped with an error (no hang)


class Evaluator(Expressions, Pipelines, Functions):
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
        self.matches: object = None
        self.vars = Variables(self._automatic)

    # ---- automatic variables ---------------------------------------------------------
    def _automatic(self, key: str) -> tuple[bool, object]:
        if key == "?":
            return True, self.last_ok
        if key == "error":
            return True, [error_object(r) for r in reversed(self.session.errors)]
        if key == "confirmpreference":
            return False, None
        return False, None

    def sync_preferences(self, name: str, value: object) -> None:
        """Assignments to preference variables change the session's preferences."""
        from netnat.binding.decl import Impact

        key, text = name.lower(), to_string(value)
        prefs = self.session.prefs
        if key == "confirmpreference":
            prefs.confirm = {
                "none": Impact.NONE,
                "low": Impact.LOW,
                "medium": Impact.MEDIUM,
                "high": Impact.HIGH,
            }.get(text.lower(), prefs.confirm)
        elif key == "erroractionpreference":
            prefs.error_action = _action_name(text, prefs.error_action)
        elif key == "whatifpreference":
            prefs.whatif = is_true(value)
        elif key == "verbosepreference":
            prefs.verbose = text.lower() in ("continue", "inquire")

    # ---- running -------------------------------------------------------------------
    def run_script(self, block: ast.ScriptBlock, out: Sink) -> int:
        """Run a whole script; output goes to `out`. Returns the exit code."""
        for name in ("ConfirmPreference", "ErrorActionPreference"):
            self.vars.set(
                name,
                {
                    "ConfirmPreference": self.session.prefs.confirm.name.title(),
                    "ErrorActionPreference": self.session.prefs.error_action,
                }[name],
            )
        try:
            self.exec_statements(block.statements, out)
        except ExitSignal as done:
            return done.code
        except ScriptTerminatingError as stopped:
            self.report(stopped, show=True)
            return 1
        except (BreakSignal, ContinueSignal, ReturnSignal):
            return 0
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
        on (inside `try` it goes to the catch instead)."""
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
        if not isinstance(statement, ast.Assignment | ast.Pipeline):
            return
        self.last_ok = len(self.session.errors) == errors_before

    def report(self, error: NetnatError, show: bool) -> None:
        self.session.record(error.record, "Continue", show)

    def exec_statement(self, node: ast.Statement, out: Sink) -> None:
        handler = getattr(self, "_s_" + type(node).__name__)
        handler(node, out)

    # ---- statements ---------------------------------------------------------------
    def _s_Pipeline(self, node: ast.Pipeline, out: Sink) -> None:
        self.run_pipeline(node, out)

    def _s_Assignment(self, node: ast.Assignment, out: Sink) -> None:
        value = self._assigned_value(node.value)
        if node.op != "=":
            from netnat.engine import operators as ops

            current = self.eval(node.target)
            op = node.op[0]
            try:
                value = ops.ARITHMETIC[op](current, value)
            except ops.OperatorError as failed:
                raise runtime_error(str(failed), "RuntimeException", node.span) from None
        self.assign_to(node.target, value)

    def _assigned_value(self, statement: ast.Statement) -> object:
        if isinstance(statement, ast.Pipeline) and len(statement.elements) == 1:
            element = statement.elements[0]
            if isinstance(element, ast.CommandExpression) and not element.redirections:
                return self.eval(element.expression)
        return collapse(self.capture((statement,)))

    def assign_to(self, target: ast.Expression, value: object) -> None:
        if isinstance(target, ast.Variable):
            self.vars.set(target.name, value, target.scope)
            self.sync_preferences(target.name, value)
        elif isinstance(target, ast.Cast):
            self.assign_to(target.operand, self.convert(value, target.type, target.span))
        elif isinstance(target, ast.MemberAccess):
            self._assign_member(
                self.eval(target.target), self._member_name(target.member), value, target.span
            )
        elif isinstance(target, ast.Index):
            self._assign_index(
                self.eval(target.target), self.eval(target.index), value, target.span
            )
        else:
            raise runtime_error(
                "The assignment expression is not valid. The input to an "
                "assignment operator must be an object that is able to accept "
                "assignments, such as a variable or a property.",
                "InvalidLeftHandSide",
                target.span,
            )

    def _assign_member(self, obj: object, name: str, value: object, span: Span) -> None:
        from netnat.model.psobject import PSObject

        if isinstance(obj, Hashtable):
            obj[name] = value
            return
        if isinstance(obj, PSObject) and obj.has(name):
            key = next(k for k in obj.props if k.lower() == name.lower())
            obj.props[key] = value
            return
        raise runtime_error(
            f"The property '{name}' cannot be found on this object. Verify "
            "that the property exists and can be set.",
            "PropertyNotFound",
            span,
        )

    def _assign_index(self, obj: object, index: object, value: object, span: Span) -> None:
        if isinstance(obj, Hashtable):
            obj[index] = value
            return
        if isinstance(obj, list):
            i = index if isinstance(index, int) else int(values.to_number(index))
            if -len(obj) <= i < len(obj):
                obj[i] = value
                return
            raise runtime_error(
                "Index was outside the bounds of the array.", "IndexOutOfRange", span
            )
        raise runtime_error(
            f"Unable to index into an object of type {values.type_name(obj)}.", "CannotIndex", span
        )

    def _s_If(self, node: ast.If, out: Sink) -> None:
        for clause in node.clauses:
            if is_true(self._condition(clause.condition)):
                self.exec_statements(clause.body.statements, out)
                return
        if node.else_body is not None:
            self.exec_statements(node.else_body.statements, out)

    def _condition(self, statement: ast.Statement) -> object:
        return self._assigned_value(statement)

    def _loop_body(self, body: ast.StatementBlock, out: Sink, label: str | None) -> bool:
        """Run a loop body once; False means `break` left the loop."""
        try:
            self.exec_statements(body.statements, out)
        except BreakSignal as signal:
            if signal.label not in (None, label):
                raise
            return False
        except ContinueSignal as signal:
            if signal.label not in (None, label):
                raise
        return True

    def _s_Foreach(self, node: ast.Foreach, out: Sink) -> None:
        collection = self._assigned_value(node.iterable)
        items = [] if collection is None else enumerate_pipeline(collection)
        for item in items:
            self.vars.set(node.variable.name, item, node.variable.scope)
            if not self._loop_body(node.body, out, node.label):
                break

    def _s_For(self, node: ast.For, out: Sink) -> None:
        if node.init is not None:
            self.exec_statement(node.init, Sink())
        for _ in range(MAX_LOOP):
            if node.condition is not None and not is_true(self._condition(node.condition)):
                return
            if not self._loop_body(node.body, out, node.label):
                return
            if node.step is not None:
                self.exec_statement(node.step, Sink())
        raise self._runaway(node.span)

    def _runaway(self, span: Span) -> TerminatingError:
        return runtime_error(
            f"The loop ran more than {MAX_LOOP:,} times and was stopped.", "LoopLimit", span
        )

    def _s_While(self, node: ast.While, out: Sink) -> None:
        for _ in range(MAX_LOOP):
            if not is_true(self._condition(node.condition)):
                return
            if not self._loop_body(node.body, out, node.label):
                return
        raise self._runaway(node.span)

    def _s_DoWhile(self, node: ast.DoWhile, out: Sink) -> None:
        for _ in range(MAX_LOOP):
            if not self._loop_body(node.body, out, node.label):
                return
            if not is_true(self._condition(node.condition)):
                return
        raise self._runaway(node.span)

    def _s_DoUntil(self, node: ast.DoUntil, out: Sink) -> None:
        for _ in range(MAX_LOOP):
            if not self._loop_body(node.body, out, node.label):
                return
            if is_true(self._condition(node.condition)):
                return
        raise self._runaway(node.span)

    def _s_Switch(self, node: ast.Switch, out: Sink) -> None:
        value = self._assigned_value(node.value)
        items = [] if value is None else enumerate_pipeline(value)
        for item in items:
            matched = False
            saved = self.vars.get("_")
            self.vars.set_local("_", item)
            try:
                for clause in node.clauses:
                    if self._switch_matches(node.options, item, clause.condition):
                        matched = True
                        self.exec_statements(clause.body.statements, out)
                if not matched and node.default is not None:
                    self.exec_statements(node.default.statements, out)
            except BreakSignal as signal:
                if signal.label not in (None, node.label):
                    raise
                return
            except ContinueSignal as signal:
                if signal.label not in (None, node.label):
                    raise
            finally:
                self.vars.set_local("_", saved)

    def _switch_matches(
        self, options: tuple[str, ...], item: object, condition: ast.Expression
    ) -> bool:
        from netnat.engine import operators as ops

        if isinstance(condition, ast.ScriptBlockExpression):
            return is_true(collapse(self.capture(condition.body.statements)))
        pattern = self.eval(condition)
        case = "casesensitive" in options
        if "wildcard" in options:
            return values.like(item, pattern, case)
        if "regex" in options:
            return bool(
                ops.comparison("-cmatch" if case else "-match", to_string(item), pattern)[0]
            )
        return (
            values.equals(item, pattern, case)
            if not isinstance(item, str)
            else (values.equals(item, to_string(pattern), case))
        )

    def _s_Try(self, node: ast.Try, out: Sink) -> None:
        try:
            self.try_depth += 1
            try:
                self.exec_statements(node.body.statements, out)
            finally:
                self.try_depth -= 1
        except ScriptTerminatingError as error:
            clause = self._catch_for(node, error)
            if clause is None:
                raise
            self._run_catch(clause, error, out)
        finally:
            if node.finally_body is not None:
                self.exec_statements(node.finally_body.statements, out)

    def _catch_for(self, node: ast.Try, error: NetnatError) -> ast.CatchClause | None:
        from netnat.engine.records import exception_matches

        for clause in node.catches:
            if not clause.types or any(
                exception_matches(error.record, t.name) for t in clause.types
            ):
                return clause
        return None

    def _run_catch(self, clause: ast.CatchClause, error: NetnatError, out: Sink) -> None:
        saved = self.vars.get("_")
        self.vars.set_local("_", error_object(error.record))
        self.vars.set_local("PSItem", error_object(error.record))
        self.current_error = error
        try:
            self.exec_statements(clause.body.statements, out)
        finally:
            self.vars.set_local("_", saved)

    def _s_Throw(self, node: ast.Throw, out: Sink) -> None:
        if node.value is None:
            current = getattr(self, "current_error", None)
            if current is not None:
                raise ScriptTerminatingError(current.record)
            raise thrown(None, node.span)
        value = self._assigned_value(node.value)
        from netnat.model.psobject import PSObject

        if isinstance(value, PSObject) and value.is_a("System.Management.Automation.ErrorRecord"):
            raise ScriptTerminatingError(value.source)  # type: ignore[arg-type]
        raise thrown(value, node.span)

    def _s_Return(self, node: ast.Return, out: Sink) -> None:
        if node.value is not None:
            for item in enumerate_pipeline(self._assigned_value(node.value)):
                out.append(item)
        raise ReturnSignal()

    def _s_Exit(self, node: ast.Exit, out: Sink) -> None:
        code = 0
        if node.value is not None:
            value = self._assigned_value(node.value)
            try:
                code = int(values.to_number(value))
            except values.ConversionError:
                code = 0
        raise ExitSignal(code)

    def _s_Break(self, node: ast.Break, out: Sink) -> None:
        raise BreakSignal(self._label(node.label))

    def _s_Continue(self, node: ast.Continue, out: Sink) -> None:
        raise ContinueSignal(self._label(node.label))

    def _label(self, label: ast.Expression | None) -> str | None:
        return None if label is None else to_string(self.eval(label)).lower()

    def _s_FunctionDefinition(self, node: ast.FunctionDefinition, out: Sink) -> None:
        self.define_function(node)


def _action_name(text: str, default: str) -> str:
    from netnat.binding.decl import ACTION_PREFERENCES

    for name in ACTION_PREFERENCES:
        if name.lower() == text.strip().lower():
            return name
    names = dict(enumerate(ACTION_PREFERENCES))
    return names.get(int(text), default) if text.strip().isdigit() else default


__all__ = ["Evaluator", "NetnatError", "Severity"]
