"""Pipelines: commands resolved and bound, objects streamed through begin/process/end."""

from __future__ import annotations

import functools

from netnat.binding.args import Arg, ParamArg, ValueArg
from netnat.engine.base import EvaluatorBase
from netnat.engine.errors import not_recognized, runtime_error
from netnat.engine.invocation import NO_INPUT, CmdletStage
from netnat.engine.signals import ReturnSignal, Sink
from netnat.engine.simple import ParameterText
from netnat.engine.stages import Discard, Redirected, Stage
from netnat.errors import NetnatError
from netnat.lang import ast
from netnat.model.values import Hashtable, ScriptBlockValue, enumerate_pipeline, to_string


def source_text(node: ast.Expression, value: object) -> str:
    """The text a value was written as (numbers keep `010`, `0x10`)."""
    if isinstance(node, ast.Constant):
        return node.text
    if isinstance(node, ast.StringConstant):
        return node.value
    return to_string(value)


def _is_increment(node: ast.Expression) -> bool:
    return isinstance(node, ast.Unary) and node.op in ("++", "--")


class Pipelines(EvaluatorBase):
    """Mixed into the Evaluator: running `a | b | c`."""

    def run_pipeline(self, node: ast.Pipeline, out: Sink) -> None:
        elements = list(node.elements)
        source: list[object] | None = None
        if isinstance(elements[0], ast.CommandExpression):
            head = elements.pop(0)
            assert isinstance(head, ast.CommandExpression)
            value = self.eval(head.expression)
            if _is_increment(head.expression) and not elements:
                return  # `$i++` as a statement writes nothing (an assignment)
            source = enumerate_pipeline(value)
            if any(self._to_null(r) for r in head.redirections) and not elements:
                return
        stages: list[Stage] = []
        try:
            for number, element in enumerate(elements):
                assert isinstance(element, ast.CommandNode)
                stages.append(self.make_stage(element, first=number == 0 and source is None))
            self._stream(stages, source, out)
        finally:
            self._commit_all(stages)

    def _stream(self, stages: list[Stage], source: list[object] | None, out: Sink) -> None:
        def push(index: int, obj: object) -> None:
            if index == len(stages):
                out.append(obj)
                return
            for produced in stages[index].process(obj):
                push(index + 1, produced)

        for index, stage in enumerate(stages):  # script blocks write as they go
            stage.connect(functools.partial(push, index + 1))

        if source is None:
            if stages:
                for produced in stages[0].process(NO_INPUT):
                    push(1, produced)
        else:
            for obj in source:
                push(0, obj)
        for index, stage in enumerate(stages):
            for produced in stage.end():
                push(index + 1, produced)

    def _commit_all(self, stages: list[Stage]) -> None:
        failure: NetnatError | None = None
        for stage in stages:
            try:
                stage.commit()
            except NetnatError as error:
                failure = failure or error
        if failure is not None:
            raise failure

    def _to_null(self, redirection: ast.Redirection) -> bool:
        """`> $null`-style redirections; any file target is refused (netnat writes no files)."""
        if redirection.merge_to is not None:
            return False
        target = redirection.target
        if isinstance(target, ast.Variable) and target.name.lower() == "null":
            return True
        shown = to_string(self.eval(target)) if target is not None else ""
        raise runtime_error(
            f"netnat does not write files: the redirection to '{shown}' was refused.",
            "RedirectionRefused",
            redirection.span,
            category="PermissionDenied",
            reason="NotSupportedException",
        )

    def make_stage(self, node: ast.CommandNode, first: bool) -> Stage:
        redirections = [e for e in node.elements if isinstance(e, ast.Redirection)]
        to_null = {r.stream for r in redirections if self._to_null(r)}  # a file: refused
        hide_errors = bool(to_null & {"2", "*"})
        drop_output = bool(to_null & {"1", "*"})
        merge = any(r.stream in ("2", "*") and r.merge_to == "1" for r in redirections)
        stage = self._resolve_stage(node, first)
        if hide_errors or merge:
            stage = Redirected(stage, self.session, merge=merge and not hide_errors)
        return Discard(stage) if drop_output else stage

    def _resolve_stage(self, node: ast.CommandNode, first: bool) -> Stage:
        name = node.name_text
        target: object = name if name is not None else self.eval(node.name)
        args = self.command_args(node)
        if isinstance(target, ScriptBlockValue):
            return self.block_stage(target, args, node, first)
        text = to_string(target)
        function = self.functions.get(text.lower())
        if function is not None:
            dot = node.invocation == "."
            return self.function_stage(function, args, text, node.span, first, dot)
        cmdlet = self.resolve(text)
        if cmdlet is None:
            raise not_recognized(text, node.name.span)
        return CmdletStage(
            self.session,
            cmdlet,
            args,
            text,
            node.span,
            first,
            self.invoke_block,
            self.vars.get,
        )

    def command_args(self, node: ast.CommandNode) -> list[Arg]:
        args: list[Arg] = []
        for element in node.elements:
            if isinstance(element, ast.CommandParameter):
                args.append(ParamArg(element.name, element.text, element.colon, element.span))
                if element.argument is not None:
                    args.append(self._value_arg(element.argument))
            elif isinstance(element, ast.CommandArgument):
                value = element.value
                if isinstance(value, ast.Variable) and value.splat:
                    args.extend(self._splat(value))
                else:
                    args.append(self._value_arg(value))
        return args

    def _value_arg(self, node: ast.Expression) -> ValueArg:
        value = self.eval(node)
        return ValueArg(value, source_text(node, value), node.span)

    def _splat(self, node: ast.Variable) -> list[Arg]:
        value = self.vars.get(node.name, node.scope)
        if isinstance(value, Hashtable):
            out: list[Arg] = []
            for key, item in value.items():
                name = to_string(key)
                out.append(ParamArg(name, f"-{name}:", True, node.span))
                out.append(ValueArg(item, to_string(item), node.span))
            return out
        args: list[Arg] = []
        for item in enumerate_pipeline(value):
            if isinstance(item, ParameterText):
                colon = item.endswith(":")
                args.append(ParamArg(item[1:].rstrip(":"), str(item), colon, node.span))
            else:
                args.append(ValueArg(item, to_string(item), node.span))
        return args

    def invoke_block(self, block: object, input: object, args: object = ()) -> list[object]:
        """Where-Object / ForEach-Object bodies: run in the caller's scope with `$_` set;
        `return` ends only this object."""
        if not isinstance(block, ScriptBlockValue) or not isinstance(block.body, ast.ScriptBlock):
            return []
        saved = (self.vars.get("_"), self.vars.get("PSItem"))
        self.vars.set_local("_", input)
        self.vars.set_local("PSItem", input)
        out = Sink()
        try:
            self.exec_statements(block.body.statements, out)
        except ReturnSignal:
            pass
        finally:
            self.vars.set_local("_", saved[0])
            self.vars.set_local("PSItem", saved[1])
        return list(out)
