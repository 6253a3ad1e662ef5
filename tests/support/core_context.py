"""A fake CmdletContext for the utility cmdlet tests, and `call()`, which binds a command line
with the real binder and runs a cmdlet's process step per input object, then its end step.

Script blocks are ScriptBlockValues whose `body` is a Python callable `(input, *args) -> list`;
`@0`, `@1`, ... in a command line stand for the extra values given to `call()`."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from netnat.binding.args import Arg, ValueArg
from netnat.binding.argv import argv_to_args
from netnat.binding.binder import InputBindingError, bind
from netnat.binding.decl import Bound
from netnat.cmdlets.registry import resolve
from netnat.errors import NetnatError
from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.model.values import ScriptBlockValue, to_string
from netnat.output import to_json

Body = Callable[..., list[object]]


def sb(body: Body, text: str = "{ ... }") -> ScriptBlockValue:
    """A script block whose body is a Python function of `$_` (and the arguments)."""
    return ScriptBlockValue(text, body)


class FakeContext:
    """Records what a cmdlet writes; `render` joins string forms, `to_json` is the real one."""

    def __init__(self, variables: dict[str, object] | None = None) -> None:
        self.state = State.initial()
        self.errors: list[NetnatError] = []
        self.warnings: list[str] = []
        self.verbose: list[str] = []
        self.host: list[tuple[str, bool]] = []
        self.renders: list[tuple[str, list[object]]] = []
        self.invoked: list[object] = []
        self.variables = {k.lower(): v for k, v in (variables or {}).items()}
        self._scratch: dict[str, object] = {}

    @property
    def scratch(self) -> dict[str, object]:
        return self._scratch

    def new_invocation(self) -> None:
        self._scratch = {}

    def should_process(self, description: str, force: bool = False) -> bool:
        return True

    def write_error(self, error: NetnatError) -> None:
        self.errors.append(error)

    def write_warning(self, text: str) -> None:
        self.warnings.append(text)

    def write_verbose(self, text: str) -> None:
        self.verbose.append(text)

    def nat_sessions(self, nat: NetNat) -> list[object]:
        return []

    def write_host(self, text: str, newline: bool = True) -> None:
        self.host.append((text, newline))

    def invoke(
        self, block: object, input: object = None, args: Sequence[object] = ()
    ) -> list[object]:
        assert isinstance(block, ScriptBlockValue), block
        self.invoked.append(input)
        return list(block.body(input, *args))  # type: ignore[operator]

    def render(self, objects: list[object], shape: str, properties: Sequence[object] = ()) -> str:
        self.renders.append((shape, list(properties)))
        props = ",".join(to_string(p) for p in properties)
        return f"<{shape}:{props}>\n" + "".join(f"{to_string(o)}\n" for o in objects)

    def to_json(self, value: object, depth: int = 2, compress: bool = False) -> str:
        return to_json(value, depth, compress)

    def variable(self, name: str) -> object:
        return self.variables.get(name.lower())

    @property
    def messages(self) -> list[str]:
        return [e.record.message for e in self.errors]

    @property
    def fqids(self) -> list[str]:
        return [e.record.fqid for e in self.errors]


@dataclass
class Call:
    out: list[object]
    ctx: FakeContext
    bounds: list[Bound] = field(default_factory=list)


def parse(line: str, values: Sequence[object] = ()) -> tuple[str, list[Arg]]:
    """The command name and its arguments; `@N` words become ValueArgs of values[N]."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""  # backslashes are path separators here, as on Windows
    words = list(lexer)
    name, args = words[0], list[Arg]()
    for word in words[1:]:
        placeholder = re.fullmatch(r"@(\d+)", word)
        if placeholder:
            args.append(ValueArg(values[int(placeholder.group(1))], word))
        else:
            args.extend(argv_to_args(name, [word])[0])
    return name, args


def call(
    line: str,
    *values: object,
    inputs: Iterable[object] | None = None,
    ctx: FakeContext | None = None,
) -> Call:
    """Bind `line`, run the process step (once, or per input object), then the end step.

    Binding errors and terminating errors raised by the cmdlet propagate; an input object
    that does not bind is recorded as an error, as the engine would."""
    name, args = parse(line, values)
    cmdlet = resolve(name)
    assert cmdlet is not None, name
    ctx = ctx or FakeContext()
    ctx.new_invocation()
    binding = bind(cmdlet, args, name, expect_input=inputs is not None)
    result = Call([], ctx)
    if inputs is None:
        result.bounds.append(binding.finish())
    else:
        for obj in inputs:
            try:
                bound = binding.for_input(obj)
            except InputBindingError as error:
                ctx.errors.append(error)
                continue
            result.bounds.append(bound)
            result.out.extend(cmdlet.run(ctx, bound))
    if inputs is None:
        result.out.extend(cmdlet.run(ctx, result.bounds[0]))
    if cmdlet.end is not None:
        last = result.bounds[-1] if result.bounds else _command_line_bound(binding, name)
        result.out.extend(cmdlet.end(ctx, last))
    return result


def _command_line_bound(binding: object, name: str) -> Bound:
    """The end step's Bound when no object came: the command-line arguments alone."""
    from netnat.binding.binder import Binding

    assert isinstance(binding, Binding)
    return Bound(binding.cmdlet, binding.sets[0], dict(binding.values), name)
