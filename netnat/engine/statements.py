"""Control-flow statements: if, the loops, switch, try/catch/finally, throw, return, exit,
break and continue (powershell-subset §6.4)."""

from __future__ import annotations

from netnat.engine import operators as ops
from netnat.engine.base import EvaluatorBase
from netnat.engine.errors import runtime_error, thrown
from netnat.engine.records import error_object, exception_matches
from netnat.engine.signals import (
    BreakSignal,
    ContinueSignal,
    ExitSignal,
    ReturnSignal,
    Sink,
    collapse,
)
from netnat.errors import NetnatError, ScriptTerminatingError, TerminatingError
from netnat.lang import ast
from netnat.model import values
from netnat.model.psobject import PSObject
from netnat.model.values import Hashtable, enumerate_pipeline, is_true, to_string
from netnat.source import Span

MAX_LOOP = 10_000_000  # a loop that runs longer is stopped with an error (no hang)


class Statements(EvaluatorBase):
    """Part of the Evaluator: `_s_<Node>` handlers for the control-flow statements."""

    try_depth: int
    current_error: NetnatError | None

    def _s_If(self, node: ast.If, out: Sink) -> None:
        for clause in node.clauses:
            if is_true(self.statement_value(clause.condition)):
                self.exec_statements(clause.body.statements, out)
                return
        if node.else_body is not None:
            self.exec_statements(node.else_body.statements, out)

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
        collection = self.statement_value(node.iterable)
        items = [] if collection is None else enumerate_pipeline(collection)
        for item in items:
            self.vars.set(node.variable.name, item, node.variable.scope)
            if not self._loop_body(node.body, out, node.label):
                break

    def _s_For(self, node: ast.For, out: Sink) -> None:
        if node.init is not None:
            self.exec_statement(node.init, Sink())
        for _ in range(MAX_LOOP):
            if node.condition is not None and not is_true(self.statement_value(node.condition)):
                return
            if not self._loop_body(node.body, out, node.label):
                return
            if node.step is not None:
                self.exec_statement(node.step, Sink())
        raise _runaway(node.span)

    def _s_While(self, node: ast.While, out: Sink) -> None:
        for _ in range(MAX_LOOP):
            if not is_true(self.statement_value(node.condition)):
                return
            if not self._loop_body(node.body, out, node.label):
                return
        raise _runaway(node.span)

    def _s_DoWhile(self, node: ast.DoWhile, out: Sink) -> None:
        self._do(node.body, node.condition, out, node.label, until=False, span=node.span)

    def _s_DoUntil(self, node: ast.DoUntil, out: Sink) -> None:
        self._do(node.body, node.condition, out, node.label, until=True, span=node.span)

    def _do(
        self,
        body: ast.StatementBlock,
        condition: ast.Statement,
        out: Sink,
        label: str | None,
        until: bool,
        span: Span,
    ) -> None:
        for _ in range(MAX_LOOP):
            if not self._loop_body(body, out, label):
                return
            if is_true(self.statement_value(condition)) == until:
                return
        raise _runaway(span)

    # ------------------------------------------------------------------ switch

    def _s_Switch(self, node: ast.Switch, out: Sink) -> None:
        value = self.statement_value(node.value)
        items = [] if value is None else enumerate_pipeline(value)
        saved = self.vars.current.vars.get("_")
        try:
            for item in items:
                self.vars.set_local("_", item)
                try:
                    self._switch_item(node, item, out)
                except BreakSignal as signal:
                    if signal.label not in (None, node.label):
                        raise
                    return
                except ContinueSignal as signal:
                    if signal.label not in (None, node.label):
                        raise
        finally:
            self.vars.set_local("_", saved[1] if saved else None)

    def _switch_item(self, node: ast.Switch, item: object, out: Sink) -> None:
        matched = False
        for clause in node.clauses:
            if self._switch_matches(node.options, item, clause.condition):
                matched = True
                self.exec_statements(clause.body.statements, out)
        if not matched and node.default is not None:
            self.exec_statements(node.default.statements, out)

    def _switch_matches(
        self, options: tuple[str, ...], item: object, condition: ast.Expression
    ) -> bool:
        if isinstance(condition, ast.ScriptBlockExpression):
            return is_true(collapse(self.capture(condition.body.statements)))
        pattern = self.eval(condition)
        case = "casesensitive" in options
        if "wildcard" in options:
            return values.like(item, pattern, case)
        if "regex" in options:
            try:
                found, groups = ops.comparison("-cmatch" if case else "-match", item, pattern)
            except ops.OperatorError as failed:
                raise runtime_error(
                    str(failed), "InvalidRegularExpression", condition.span
                ) from None
            if groups is not None:
                self.vars.set("Matches", Hashtable(groups))
            return bool(found)
        if isinstance(item, str):
            return values.equals(item, to_string(pattern), case)
        return values.equals(item, pattern, case)

    # ------------------------------------------------------------------ try / throw

    def _s_Try(self, node: ast.Try, out: Sink) -> None:
        try:
            self.try_depth += 1
            try:
                self.exec_statements(node.body.statements, out)
            finally:
                self.try_depth -= 1
        except ScriptTerminatingError as error:
            clause = _catch_for(node, error)
            if clause is None:
                raise
            self._run_catch(clause, error, out)
        finally:
            if node.finally_body is not None:
                self.exec_statements(node.finally_body.statements, out)

    def _run_catch(self, clause: ast.CatchClause, error: NetnatError, out: Sink) -> None:
        saved = (self.vars.get("_"), self.vars.get("PSItem"), self.current_error)
        record = error_object(error.record)
        self.vars.set_local("_", record)
        self.vars.set_local("PSItem", record)
        self.current_error = error
        try:
            self.exec_statements(clause.body.statements, out)
        finally:
            self.vars.set_local("_", saved[0])
            self.vars.set_local("PSItem", saved[1])
            self.current_error = saved[2]

    def _s_Throw(self, node: ast.Throw, out: Sink) -> None:
        if node.value is None:
            if self.current_error is not None:  # a bare `throw` in a catch block rethrows
                raise ScriptTerminatingError(self.current_error.record)
            raise thrown(None, node.span)
        value = self.statement_value(node.value)
        if isinstance(value, PSObject) and value.is_a("System.Management.Automation.ErrorRecord"):
            raise ScriptTerminatingError(value.source)  # type: ignore[arg-type]
        raise thrown(value, node.span)

    # ------------------------------------------------------------------ flow

    def _s_Return(self, node: ast.Return, out: Sink) -> None:
        if node.value is not None:
            for item in enumerate_pipeline(self.statement_value(node.value)):
                out.append(item)
        raise ReturnSignal()

    def _s_Exit(self, node: ast.Exit, out: Sink) -> None:
        code = 0
        if node.value is not None:
            value = self.statement_value(node.value)
            try:
                code = int(values.to_number(value))
            except (values.ConversionError, OverflowError, ValueError):
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


def _catch_for(node: ast.Try, error: NetnatError) -> ast.CatchClause | None:
    for clause in node.catches:
        if not clause.types or any(exception_matches(error.record, t.name) for t in clause.types):
            return clause
    return None


def _runaway(span: Span) -> TerminatingError:
    return runtime_error(
        f"The loop ran more than {MAX_LOOP:,} times and was stopped.", "LoopLimit", span
    )
