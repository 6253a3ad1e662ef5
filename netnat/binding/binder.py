"""The parameter binder (powershell-subset §2): command-line arguments, then pipeline objects.

`bind()` binds named arguments (§2.1), then positional ones (§2.2), narrows the parameter sets
and checks mandatory parameters; `Binding.finish()` gives the bound cmdlet when no pipeline
input comes, `Binding.for_input(obj)` once per pipeline object. Every refusal is a
ParameterBindingError whose record blames the offending token (errors from `for_input` are
`InputBindingError`s: non-terminating, the pipeline goes on with the next object).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from netnat.binding import coerce, pipeline, sets
from netnat.binding import messages as m
from netnat.binding.args import Arg, ParamArg, ValueArg
from netnat.binding.decl import Bound, Cmdlet, Param
from netnat.binding.names import resolve
from netnat.errors import ParameterBindingError
from netnat.record import dataclass, field
from netnat.source import Span

__all__ = ["Binding", "InputBindingError", "bind"]
InputBindingError = m.InputBindingError


@dataclass(frozen=True, slots=True)
class _Command:
    """The invocation being bound: what its errors are attributed to."""

    cmdlet: Cmdlet
    invocation_name: str
    span: Span | None

    def error(
        self,
        failure: m.Failure,
        span: Span | None = None,
        cls: type[ParameterBindingError] = ParameterBindingError,
        target: tuple[str, str] = ("", ""),
    ) -> ParameterBindingError:
        suffix, name = self.cmdlet.fqid_suffix, self.cmdlet.name
        return cls(m.record(failure, suffix, name, self.invocation_name, span or self.span, target))


@dataclass(frozen=True, slots=True)
class _Named:
    """A parameter token, what it names (None: nothing) and its value (None: a bare switch)."""

    token: ParamArg
    param: Param | None
    value: ValueArg | None


@dataclass(frozen=True)
class Binding:
    """A cmdlet's command-line arguments, bound; pipeline objects are bound per call."""

    cmdlet: Cmdlet
    invocation_name: str
    span: Span | None
    values: Mapping[str, object]
    sets: tuple[str, ...]  # the parameter sets still possible
    expect_input: bool = False

    def finish(self) -> Bound:
        """The bound cmdlet when no pipeline object comes (default set, mandatory check)."""
        command = _Command(self.cmdlet, self.invocation_name, self.span)
        try:
            chosen = sets.settle(self.cmdlet, self.values, self.sets)
        except m.Failure as failure:
            raise command.error(failure) from None
        return self._bound(chosen, dict(self.values))

    def for_input(self, obj: object) -> Bound:
        """The bound cmdlet for one pipeline object; raises m.InputBindingError."""
        command = _Command(self.cmdlet, self.invocation_name, self.span)
        target = pipeline.target_of(obj)
        try:
            result = pipeline.bind_object(self.cmdlet, self.values, self.sets, obj)
            if result is None:
                raise m.input_not_bound()
            values, remaining = result
            chosen = sets.choose(self.cmdlet, values, remaining)
            absent = sets.missing(self.cmdlet, values, chosen)
            if absent:
                raise m.input_missing_mandatory(absent)
        except m.Failure as failure:
            raise command.error(failure, cls=m.InputBindingError, target=target) from None
        return self._bound(chosen, values)

    def _bound(self, chosen: str, values: dict[str, object]) -> Bound:
        return Bound(self.cmdlet, chosen, values, self.invocation_name, self.span)


def bind(
    cmdlet: Cmdlet,
    args: Sequence[Arg],
    invocation_name: str,
    span: Span | None = None,
    expect_input: bool = False,
) -> Binding:
    """Bind a command's arguments; `span` is the whole command (missing-mandatory errors).

    `expect_input`: pipeline objects will follow, so mandatory parameters that take pipeline
    input may stay unbound and the parameter set may stay open until `for_input`.
    """
    command = _Command(cmdlet, invocation_name, span)
    binder = _Binder(command, cmdlet.parameter_sets)
    named, positional = binder.pair(list(args))
    for item in named:
        binder.bind_named(item)
    for value in positional:
        binder.bind_positional(value)
    try:
        if expect_input:
            remaining = sets.before_input(cmdlet, binder.values, binder.sets)
        else:
            remaining = (sets.settle(cmdlet, binder.values, binder.sets),)
    except m.Failure as failure:
        raise command.error(failure) from None
    return Binding(cmdlet, invocation_name, span, binder.values, remaining, expect_input)


@dataclass(slots=True)
class _Binder:
    command: _Command
    sets: tuple[str, ...]
    values: dict[str, object] = field(default_factory=dict)

    def pair(self, args: list[Arg]) -> tuple[list[_Named], list[ValueArg]]:
        """Give each parameter token its value (MissingArgument when it has none)."""
        named: list[_Named] = []
        positional: list[ValueArg] = []
        index = 0
        while index < len(args):
            arg = args[index]
            index += 1
            if isinstance(arg, ValueArg):
                positional.append(arg)
                continue
            param = self._resolve(arg)
            if param is not None and param.is_switch and not arg.colon:
                named.append(_Named(arg, param, None))
                continue
            following = args[index] if index < len(args) else None
            if isinstance(following, ValueArg):
                named.append(_Named(arg, param, following))
                index += 1
            elif param is None and not arg.colon:
                named.append(_Named(arg, None, None))
            else:
                self._missing_argument(arg, param)
        return named, positional

    def bind_named(self, item: _Named) -> None:
        token, param = item.token, item.param
        if param is None:
            raise self.command.error(m.parameter_not_found(token.name), token.span)
        if param.name in self.values:
            raise self.command.error(m.already_bound(param.name), token.span)
        if item.value is None:
            self._put(param, True)
        else:
            self._put(param, self._convert(param, item.value, token.name, token.span))

    def bind_positional(self, arg: ValueArg) -> None:
        param = self._next_positional()
        if param is None:
            if self._take_remaining(arg):
                return
            failure = m.positional_not_found(coerce.shown(arg.value))
            raise self.command.error(failure, arg.span)
        self._put(param, self._convert(param, arg, None, None))

    def _take_remaining(self, arg: ValueArg) -> bool:
        """ValueFromRemainingArguments: a leftover value joins that parameter's array."""
        param = next(
            (
                p
                for p in self.command.cmdlet.all_params
                if p.remaining and sets.narrow(self.sets, p)
            ),
            None,
        )
        if param is None:
            return False
        value = self._convert(param, arg, None, None)
        current = self.values.get(param.name)
        items = current if isinstance(current, list) else ([] if current is None else [current])
        self.values[param.name] = items + (value if isinstance(value, list) else [value])
        return True

    def _resolve(self, token: ParamArg) -> Param | None:
        try:
            return resolve(self.command.cmdlet.all_params, token.name)
        except m.Failure as failure:
            raise self.command.error(failure, token.span) from None

    def _missing_argument(self, token: ParamArg, param: Param | None) -> None:
        name = param.name if param is not None else token.name
        dotnet = param.type.dotnet if param is not None else "System.Object"
        raise self.command.error(m.missing_argument(name, dotnet), token.span)

    def _convert(
        self, param: Param, arg: ValueArg, typed: str | None, token_span: Span | None
    ) -> object:
        kind = self.command.cmdlet.kind
        try:
            return coerce.convert(param, arg.value, kind, typed, arg.text)
        except m.Failure as failure:
            raise self.command.error(failure, arg.span or token_span) from None

    def _put(self, param: Param, value: object) -> None:
        remaining = sets.narrow(self.sets, param)
        if not remaining:
            raise self.command.error(m.ambiguous_set())
        self.values[param.name] = value
        self.sets = remaining

    def _next_positional(self) -> Param | None:
        """The unbound positional parameter with the lowest position in a possible set."""
        candidates = [
            p
            for p in self.command.cmdlet.all_params
            if p.position is not None
            and not p.is_switch
            and p.name not in self.values
            and sets.possible(p, self.sets)
        ]
        if not candidates:
            return None
        lowest = min(p.position for p in candidates if p.position is not None)
        at = [p for p in candidates if p.position == lowest]
        default = self.command.cmdlet.default_set
        return next((p for p in at if p.in_set(default)), at[0])
