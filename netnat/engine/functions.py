"""Script functions and script blocks: definition, argument binding, begin/process/end."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from netnat.binding.args import Arg, ValueArg
from netnat.binding.binder import Binding, bind
from netnat.binding.decl import Bound
from netnat.engine.advanced import advanced_cmdlet, is_advanced, pscmdlet_object, validations
from netnat.engine.base import EvaluatorBase
from netnat.engine.errors import call_depth_overflow
from netnat.engine.invocation import NO_INPUT
from netnat.engine.records import invocation_object
from netnat.engine.scopes import Scope
from netnat.engine.signals import ReturnSignal, Sink
from netnat.engine.simple import ParameterText, Target, converted, match_arguments
from netnat.errors import NetnatError, Severity
from netnat.lang import ast
from netnat.model.values import Hashtable, ScriptBlockValue
from netnat.record import dataclass, replace

if TYPE_CHECKING:
    from netnat.binding.decl import Cmdlet
    from netnat.source import Span

__all__ = ["BlockStage", "FunctionInfo", "Functions", "ParameterText"]

# common parameter -> (preference variable, value when $true, value when $false)
COMMON_PREFERENCES = {
    "WhatIf": ("WhatIfPreference", True, False),
    "Confirm": ("ConfirmPreference", "Low", "None"),
    "Verbose": ("VerbosePreference", "Continue", "SilentlyContinue"),
    "Debug": ("DebugPreference", "Continue", "SilentlyContinue"),
}
ACTION_PREFERENCES = {"ErrorAction": "ErrorActionPreference", "WarningAction": "WarningPreference"}
# DEVIATION: PowerShell allows 1000 nested calls; netnat stops at 100 (Python's own stack)
MAX_CALL_DEPTH = 100


@dataclass
class FunctionInfo:
    name: str
    node: ast.FunctionDefinition
    cmdlet: Cmdlet | None  # advanced functions bind through the binder


@dataclass(frozen=True, slots=True)
class Call:
    """How a block is invoked: its command name as typed and the command's span."""

    name: str
    span: Span
    first: bool
    dot: bool = False


class BlockStage:
    """A script function or `& { }` block in a pipeline: its own scope, begin/process/end."""

    def __init__(
        self,
        ev: EvaluatorBase,
        body: ast.ScriptBlock,
        params: Sequence[ast.ParameterNode],
        args: list[Arg],
        call: Call,
        cmdlet: Cmdlet | None = None,
    ) -> None:
        self.ev = ev
        self.body = body
        self.params = params
        self.call = call
        self.first = call.first
        self.input: list[object] = []
        self.scope = ev.vars.current if call.dot else Scope(ev.vars.current)  # `. { }`
        self.binding: Binding | None = None
        self.emit: Callable[[object], None] | None = None
        if call.name and not call.dot:
            info = invocation_object(call.name, call.name, call.span)
            self.scope.vars["myinvocation"] = ("MyInvocation", info)
        with self._inside():
            if cmdlet is not None:
                self._bind_advanced(cmdlet, args)
            else:
                self._bind_simple(args)
            self.began = self._run(body.begin)

    # ---- binding ------------------------------------------------------------------
    def _bind_advanced(self, cmdlet: Cmdlet, args: list[Arg]) -> None:
        call = self.call
        self.binding = bind(cmdlet, args, call.name, call.span, expect_input=not call.first)
        line = Bound(cmdlet, "", dict(self.binding.values), call.name, call.span)
        self._common_preferences(line)
        pscmdlet = pscmdlet_object(self.ev, line)
        self.scope.vars["pscmdlet"] = ("PSCmdlet", pscmdlet)
        if call.first:
            self._set_bound(self.binding.finish().values)

    def _common_preferences(self, line: Bound) -> None:
        """-WhatIf, -Confirm, -Verbose, -ErrorAction ... become the function's preference
        variables, so the cmdlets it calls follow them."""
        for param, (variable, on, off) in COMMON_PREFERENCES.items():
            if line.has(param):
                self.ev.vars.set_local(variable, on if line.get(param) else off)
        for param, variable in ACTION_PREFERENCES.items():
            if line.has(param):
                self.ev.vars.set_local(variable, str(line.get(param)))
        self.ev.sync_preferences()

    def _set_bound(self, values: dict[str, object]) -> None:
        bound = Hashtable(dict(values))  # type: ignore[arg-type]
        for param in self.params:
            key = param.variable.name
            if key in values:
                self.ev.vars.set_local(key, values[key])
            elif param.default is not None:
                self.ev.vars.set_local(key, self.ev.eval(param.default))
            else:
                self.ev.vars.set_local(key, None)
        self.ev.vars.set_local("PSBoundParameters", bound)

    def _bind_simple(self, args: list[Arg]) -> None:
        given, rest = match_arguments(self.params, args)
        bound = Hashtable()
        for param in self.params:
            key = param.variable.name
            if key in given:
                choices, bounds = validations(self.ev, param)
                target = Target(param, choices, bounds, self.call.name)
                value = converted(target, given[key])
                bound[key] = value
            elif param.default is not None:
                value = self.ev.eval(param.default)
            else:
                is_switch = param.type is not None and param.type.name.lower() == "switch"
                value = False if is_switch else None
            self.ev.vars.set_local(key, value)
        self.ev.vars.set_local("args", rest)
        self.ev.vars.set_local("PSBoundParameters", bound)

    # ---- running ------------------------------------------------------------------
    def _inside(self) -> _ScopeGuard:
        return _ScopeGuard(self.ev, self.scope)

    def connect(self, emit: Callable[[object], None] | None) -> None:
        """Write output on to the next stage as it comes (None: return it instead)."""
        self.emit = emit

    def _run(self, block: ast.StatementBlock | None) -> list[object]:
        if block is None:
            return []
        out = Sink(self.emit)
        with contextlib.suppress(ReturnSignal):
            self.ev.exec_statements(block.statements, out)
        return list(out)

    def process(self, obj: object = NO_INPUT) -> Iterable[object]:
        produced, self.began = self.began, []
        if obj is NO_INPUT and not self.first:
            return produced
        with self._inside():
            if obj is not NO_INPUT:
                self.ev.vars.set_local("_", obj)
                self.ev.vars.set_local("PSItem", obj)
                wants = self.binding is not None and self.body.process is not None
                if wants and not self._bind_input(obj):
                    return produced
            if self.body.process is not None:
                produced += self._run(self.body.process)
            elif obj is not NO_INPUT:
                self.input.append(obj)
        return produced

    def _bind_input(self, obj: object) -> bool:
        """Bind one pipeline object; one that binds to nothing is a non-terminating error."""
        assert self.binding is not None
        try:
            self._set_bound(self.binding.for_input(obj).values)
        except NetnatError as refused:
            if refused.severity is not Severity.NON_TERMINATING:
                raise
            action = str(self.ev.vars.get("ErrorActionPreference") or "Continue")
            self.ev.session.record(refused.record, action)
            return False
        return True

    def end(self) -> Iterable[object]:
        produced, self.began = self.began, []
        with self._inside():
            self.ev.vars.set_local("input", list(self.input))
            if self.binding is not None and not self.first and self.body.process is None:
                self._set_bound(self.binding.finish().values)
            produced += self._run(self.body.end)
        return produced

    def commit(self) -> None:
        return None


class _ScopeGuard:
    """Enter a block's scope (one call level deeper); the preferences follow the scope."""

    def __init__(self, ev: EvaluatorBase, scope: Scope) -> None:
        self.ev = ev
        self.scope = scope
        self.saved: Scope | None = None

    def __enter__(self) -> None:
        if self.ev.call_depth >= MAX_CALL_DEPTH:
            raise call_depth_overflow()
        self.ev.call_depth += 1
        self.saved = self.ev.vars.current
        if self.scope is not self.saved:
            self.ev.vars.current = self.scope
            self.ev.sync_preferences()

    def __exit__(self, *exc: object) -> None:
        assert self.saved is not None
        self.ev.call_depth -= 1
        if self.ev.vars.current is not self.saved:
            self.ev.vars.current = self.saved
            self.ev.sync_preferences()


class Functions(EvaluatorBase):
    """Part of the Evaluator: `function f { }`, `& { }` and `$sb.Invoke()`."""

    def define_function(self, node: ast.FunctionDefinition) -> None:
        cmdlet = advanced_cmdlet(self, node) if is_advanced(node) else None
        body = node.body
        if node.is_filter and not body.named:  # a filter's body is its process block
            node = replace(node, body=replace(body, process=body.end, end=None))
        self.functions[node.name.lower()] = FunctionInfo(node.name, node, cmdlet)

    def function_stage(
        self,
        info: FunctionInfo,
        args: list[Arg],
        name: str,
        span: Span,
        first: bool,
        dot: bool = False,
    ) -> BlockStage:
        node = info.node
        call = Call(name, span, first, dot)
        return BlockStage(self, node.body, node.all_parameters, args, call, info.cmdlet)

    def block_stage(
        self, block: ScriptBlockValue, args: list[Arg], node: ast.CommandNode, first: bool
    ) -> BlockStage:
        body = block.body
        assert isinstance(body, ast.ScriptBlock)
        params = body.param_block.parameters if body.param_block else ()
        call = Call("", node.span, first, node.invocation == ".")
        return BlockStage(self, body, params, args, call)

    def call_block(
        self, block: ScriptBlockValue, input: object, args: Sequence[object], new_scope: bool = True
    ) -> list[object]:
        """`$sb.Invoke(args)`: run the block as a one-element pipeline."""
        body = block.body
        assert isinstance(body, ast.ScriptBlock)
        params = body.param_block.parameters if body.param_block else ()
        values: list[Arg] = [ValueArg(a, str(a), body.span) for a in args]
        stage = BlockStage(self, body, params, values, Call("", body.span, True))
        return [*stage.process(NO_INPUT), *stage.end()]
