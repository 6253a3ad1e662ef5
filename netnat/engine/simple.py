"""Binding for simple functions and script blocks (no [CmdletBinding()], no [Parameter()]):
names by unique prefix, the rest by position, leftovers (unknown `-X` tokens too) in `$args`;
a typed parameter that cannot convert is PowerShell's ParameterArgumentTransformationError."""

from __future__ import annotations

from collections.abc import Sequence

from netnat.binding import messages as m
from netnat.binding.args import Arg, ParamArg, ValueArg
from netnat.engine.convert import CastError, UnknownType, cast
from netnat.engine.errors import conversion, type_not_found
from netnat.errors import ParameterBindingError
from netnat.lang import ast
from netnat.model.values import to_string
from netnat.record import dataclass
from netnat.source import Span


class ParameterText(str):
    """A `-Name` token that a simple function put into `$args`: `@args` passes it on as a
    parameter again (PowerShell marks such elements the same way)."""

    __slots__ = ()


@dataclass(slots=True)
class Given:
    """One argument for a parameter: its value and where it was written."""

    value: object
    span: Span | None


def match_arguments(
    params: Sequence[ast.ParameterNode], args: list[Arg]
) -> tuple[dict[str, Given], list[object]]:
    """(parameter name -> argument, the leftovers for `$args`)."""
    names = [p.variable.name for p in params]
    switches = {p.variable.name for p in params if _is_switch(p)}
    given: dict[str, Given] = {}
    loose: list[ParameterText | ValueArg] = []  # in the order written
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not isinstance(arg, ParamArg):
            loose.append(arg)
            continue
        match = _match_name(arg.name, names)
        if match is None:
            loose.append(ParameterText(f"-{arg.name}" + (":" if arg.colon else "")))
        elif match in switches and not arg.colon:
            given[match] = Given(True, arg.span)
        elif i < len(args) and isinstance(args[i], ValueArg):
            value_arg = args[i]
            assert isinstance(value_arg, ValueArg)
            given[match] = Given(value_arg.value, value_arg.span)
            i += 1
        else:
            given[match] = Given(None, arg.span)
    free = [n for n in names if n not in given and n not in switches]
    rest: list[object] = []
    for item in loose:
        if isinstance(item, ValueArg) and free:
            given[free.pop(0)] = Given(item.value, item.span)
        else:
            rest.append(item.value if isinstance(item, ValueArg) else item)
    return given, rest


@dataclass(frozen=True, slots=True)
class Target:
    """A parameter with its validation attributes, and the function it belongs to."""

    param: ast.ParameterNode
    choices: tuple[str, ...]
    bounds: tuple[int, int | None] | None
    function: str

    def refuse(self, failure: m.Failure, span: Span | None) -> ParameterBindingError:
        record = m.record(failure, self.function, self.function, self.function, span)
        return ParameterBindingError(record)


def converted(target: Target, given: Given) -> object:
    """The argument converted to the parameter's type and validated, or the binder's error."""
    param = target.param
    value = given.value
    if param.type is not None and not _is_switch(param):
        try:
            value = cast(param.type.name, param.type.array_rank, value)
        except UnknownType:
            raise type_not_found(param.type.full_name, param.type.span) from None
        except CastError as failed:
            inner = conversion(value, failed.type_name, failed.detail, None).record.message
            failure = m.transformation(param.variable.name, inner, compiled=False)
            raise target.refuse(failure, given.span) from None
    _validate(target, value, given.span)
    return value


def _validate(target: Target, value: object, span: Span | None) -> None:
    name = target.param.variable.name
    for item in value if isinstance(value, list) else [value]:
        if target.choices and not any(to_string(item).lower() == c.lower() for c in target.choices):
            raise target.refuse(m.validate_set(name, to_string(item), target.choices), span)
        if target.bounds is not None and isinstance(item, int) and not isinstance(item, bool):
            low, high = target.bounds
            if item < low or (high is not None and item > high):
                raise target.refuse(m.validate_range(name, item, low, high), span)


def _is_switch(param: ast.ParameterNode) -> bool:
    return param.type is not None and param.type.name.lower() == "switch"


def _match_name(given: str, names: list[str]) -> str | None:
    lowered = given.lower()
    exact = [n for n in names if n.lower() == lowered]
    if exact:
        return exact[0]
    hits = [n for n in names if n.lower().startswith(lowered)]
    return hits[0] if len(hits) == 1 else None
