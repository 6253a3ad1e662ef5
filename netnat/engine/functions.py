"""Script functions and script blocks: definition, argument binding, begin/process/end."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netnat.binding.args import Arg, ParamArg, ValueArg
from netnat.engine.advanced import advanced_cmdlet, is_advanced, pscmdlet_object
from netnat.engine.base import EvaluatorBase
from netnat.engine.invocation import NO_INPUT
from netnat.engine.scopes import Scope
from netnat.engine.signals import ReturnSignal, Sink
from netnat.lang import ast
from netnat.model.values import Hashtable, ScriptBlockValue

if TYPE_CHECKING:
    from netnat.binding.decl import Cmdlet
    from netnat.source import Span


@dataclass
class FunctionInfo:
    name: str
    node: ast.FunctionDefinition
    cmdlet: Cmdlet | None  # advanced functions bind through the binder


class BlockStage:
    """A script function or `& { }` block in a pipeline: its own scope, begin/process/end."""

    def __init__(
        self,
        ev: EvaluatorBase,
        body: ast.ScriptBlock,
        params: Sequence[ast.ParameterNode],
        args: list[Arg],
        name: str,
        span: Span,
        first: bool,
        cmdlet: Cmdlet | None = None,
    ) -> None:
        self.ev = ev
        self.body = body
        self.first = first
        self.input: list[object] = []
        self.scope = Scope(ev.vars.current)
        self.cmdlet = cmdlet
        self.binding = None
        with self._inside():
            if cmdlet is not None:
                from netnat.binding.binder import bind

                self.binding = bind(cmdlet, args, name, span, expect_input=not first)
                self.scope.vars["pscmdlet"] = ("PSCmdlet", pscmdlet_object(ev, cmdlet, name))
                if first:
                    self._set_bound(self.binding.finish().values, params)
            else:
                ev.bind_simple(params, args)
            self.began = self._run(body.begin)

    def _inside(self) -> _ScopeGuard:
        return _ScopeGuard(self.ev, self.scope)

    def _set_bound(self, values: dict[str, object], params: Sequence[ast.ParameterNode]) -> None:
        bound = Hashtable(dict(values))  # type: ignore[arg-type]
        for param in params:
            key = param.variable.name
            if key in values:
                self.ev.vars.set_local(key, values[key])
            elif param.default is not None:
                self.ev.vars.set_local(key, self.ev.eval(param.default))
            else:
                self.ev.vars.set_local(key, None)
        self.ev.vars.set_local("PSBoundParameters", bound)

    def _run(self, block: ast.StatementBlock | None) -> list[object]:
        if block is None:
            return []
        out = Sink()
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
                if self.binding is not None and self.body.process is not None:
                    bound = self.binding.for_input(obj)
                    self._set_bound(bound.values, self._params())
            if self.body.process is not None:
                produced += self._run(self.body.process)
            elif obj is not NO_INPUT:
                self.input.append(obj)
        return produced

    def _params(self) -> Sequence[ast.ParameterNode]:
        block = self.body.param_block
        return block.parameters if block else ()

    def end(self) -> Iterable[object]:
        produced, self.began = self.began, []
        with self._inside():
            self.ev.vars.set_local("input", list(self.input))
            if self.binding is not None and not self.first and self.body.process is None:
                self._set_bound(self.binding.finish().values, self._params())
            produced += self._run(self.body.end)
        return produced

    def commit(self) -> None:
        return None


class _ScopeGuard:
    def __init__(self, ev: EvaluatorBase, scope: Scope) -> None:
        self.ev = ev
        self.scope = scope
        self.saved: Scope | None = None

    def __enter__(self) -> None:
        self.saved = self.ev.vars.current
        self.ev.vars.current = self.scope

    def __exit__(self, *exc: object) -> None:
        assert self.saved is not None
        self.ev.vars.current = self.saved


class Functions(EvaluatorBase):
    """Mixed into the Evaluator: `function f { }`, `& { }` and `$sb.Invoke()`."""

    def define_function(self, node: ast.FunctionDefinition) -> None:
        cmdlet = advanced_cmdlet(self, node) if is_advanced(node) else None
        self.functions[node.name.lower()] = FunctionInfo(node.name, node, cmdlet)

    def function_stage(
        self, info: FunctionInfo, args: list[Arg], name: str, span: Span, first: bool
    ) -> BlockStage:
        return BlockStage(
            self, info.node.body, info.node.all_parameters, args, name, span, first, info.cmdlet
        )

    def block_stage(
        self, block: ScriptBlockValue, args: list[Arg], node: ast.CommandNode, first: bool
    ) -> BlockStage:
        body = block.body
        assert isinstance(body, ast.ScriptBlock)
        params = body.param_block.parameters if body.param_block else ()
        if node.invocation == ".":
            return BlockStage(self, body, params, args, "", node.span, first)
        return BlockStage(self, body, params, args, "", node.span, first)

    def call_block(
        self, block: ScriptBlockValue, input: object, args: Sequence[object], new_scope: bool = True
    ) -> list[object]:
        """`$sb.Invoke(args)`: run the block as a one-element pipeline."""
        body = block.body
        assert isinstance(body, ast.ScriptBlock)
        params = body.param_block.parameters if body.param_block else ()
        values: list[Arg] = [ValueArg(a, str(a), body.span) for a in args]
        stage = BlockStage(self, body, params, values, "", body.span, True)
        return [*stage.process(NO_INPUT), *stage.end()]

    def bind_simple(self, params: Sequence[ast.ParameterNode], args: list[Arg]) -> None:
        """Simple functions: names by unique prefix, the rest by position, leftovers in $args."""
        values: dict[str, object] = {}
        rest: list[object] = []
        names = [p.variable.name for p in params]
        switches = {
            p.variable.name
            for p in params
            if p.type is not None and p.type.name.lower() == "switch"
        }
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if isinstance(arg, ParamArg):
                match = _match_name(arg.name, names)
                if match is None:
                    rest.append(f"-{arg.name}" + (":" if arg.colon else ""))
                    continue
                if match in switches and not arg.colon:
                    values[match] = True
                elif i < len(args) and isinstance(args[i], ValueArg):
                    values[match] = args[i].value  # type: ignore[union-attr]
                    i += 1
                else:
                    values[match] = None
            else:
                rest.append(arg.value)
        for name in names:
            if name not in values and name not in switches and rest:
                values[name] = rest.pop(0)
        bound = Hashtable()
        for param in params:
            key = param.variable.name
            if key in values:
                value = values[key]
                if param.type is not None and param.type.name.lower() != "switch":
                    value = self.convert(value, param.type, param.span)
                bound[key] = value
            elif param.default is not None:
                value = self.eval(param.default)
            else:
                value = False if key in switches else None
            self.vars.set_local(key, value)
        self.vars.set_local("args", rest)
        self.vars.set_local("PSBoundParameters", bound)


def _match_name(given: str, names: list[str]) -> str | None:
    lowered = given.lower()
    exact = [n for n in names if n.lower() == lowered]
    if exact:
        return exact[0]
    hits = [n for n in names if n.lower().startswith(lowered)]
    return hits[0] if len(hits) == 1 else None
