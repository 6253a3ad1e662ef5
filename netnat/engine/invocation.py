"""One cmdlet invocation in a pipeline: the CmdletContext it sees and its begin/process/end."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from netnat.binding.args import Arg
from netnat.binding.binder import Binding, bind
from netnat.binding.decl import Bound, Cmdlet
from netnat.engine.session import Session
from netnat.engine.should import ShouldProcess
from netnat.errors import ErrorRecord, NetnatError, Severity
from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.source import Span

BlockRunner = Callable[[object, object, Sequence[object]], list[object]]
VariableReader = Callable[[str], object]


class Invocation:
    """The CmdletContext of one command invocation (all its pipeline objects)."""

    def __init__(
        self,
        session: Session,
        bound: Bound,
        span: Span | None,
        run_block: BlockRunner | None = None,
        read_variable: VariableReader | None = None,
    ) -> None:
        self.session = session
        self.bound = bound
        self.span = span
        self.should_process = ShouldProcess(session.host, session.prefs, bound)
        self._run_block = run_block
        self._read_variable = read_variable
        self._scratch: dict[str, object] = {}

    def rebind(self, bound: Bound) -> None:
        self.bound = bound
        self.should_process.bound = bound

    @property
    def state(self) -> State:
        return self.session.state

    @state.setter
    def state(self, value: State) -> None:
        self.session.state = value

    @property
    def scratch(self) -> dict[str, object]:
        return self._scratch

    def place(self, record: ErrorRecord) -> ErrorRecord:
        """The record at this command, unless it already names its invocation without a
        position (Write-Error at the top of a script: 5.1 prints no `At` line there)."""
        if record.invocation_name and record.span is None:
            return record
        return record.at(self.span, self.bound.invocation_name or self.bound.cmdlet.name)

    def error_action(self) -> str:
        given = self.bound.get("ErrorAction")
        return str(given) if given is not None else self.session.prefs.error_action

    def write_error(self, error: NetnatError) -> None:
        self.session.record(self.place(error.record), self.error_action())

    def write_warning(self, text: str) -> None:
        if self.bound.get("WarningAction") not in ("SilentlyContinue", "Ignore"):
            self.session.host.write_warning(text)

    def write_verbose(self, text: str) -> None:
        given = self.bound.get("Verbose")
        if given or (given is None and self.session.prefs.verbose):
            self.session.host.write_verbose(text)

    def write_host(self, text: str, newline: bool = True) -> None:
        self.session.host.write_line(text, newline)

    def nat_sessions(self, nat: NetNat) -> list[object]:
        return self.session.sessions(nat)

    def should_continue(self, query: str, caption: str = "Confirm") -> bool:
        return self.should_process.should_continue(query, caption)

    def restart_host(self, state: State) -> None:
        self.session.restart(state, self.bound.cmdlet.name)

    def kernel_drift(self) -> list[str]:
        return self.session.drift()

    def invoke(
        self, block: object, input: object = None, args: Sequence[object] = ()
    ) -> list[object]:
        if self._run_block is None:
            return []
        return self._run_block(block, input, args)

    def render(self, objects: list[object], shape: str, properties: Sequence[object] = ()) -> str:
        return self.session.formatter.render(objects, shape, properties)

    def to_json(self, value: object, depth: int = 2, compress: bool = False) -> str:
        return self.session.formatter.to_json(value, depth, compress)

    def variable(self, name: str) -> object:
        return self._read_variable(name) if self._read_variable else None


NO_INPUT = object()


class CmdletStage:
    """A cmdlet in a pipeline: bound once, run per input object, ended and committed once."""

    def __init__(
        self,
        session: Session,
        cmdlet: Cmdlet,
        args: Sequence[Arg],
        name: str,
        span: Span | None,
        first: bool,
        run_block: BlockRunner | None = None,
        read_variable: VariableReader | None = None,
    ) -> None:
        self.session = session
        self.cmdlet = cmdlet
        self.first = first
        if cmdlet.observes:
            session.flush()
        self.span = span
        self.binding: Binding = bind(cmdlet, args, name, span, expect_input=not first)
        self.last: Bound | None = None
        self.invocation: Invocation | None = None
        self.hooks = (run_block, read_variable)

    def _context(self, bound: Bound) -> Invocation:
        if self.invocation is None:
            run_block, read_variable = self.hooks
            self.invocation = Invocation(self.session, bound, self.span, run_block, read_variable)
        else:
            self.invocation.rebind(bound)
        self.last = bound
        return self.invocation

    def process(self, obj: object = NO_INPUT) -> Iterable[object]:
        """Bind the next pipeline object (or nothing, when first) and run the process step."""
        try:
            bound = self.binding.finish() if obj is NO_INPUT else self.binding.for_input(obj)
        except NetnatError as refused:
            if refused.severity is not Severity.NON_TERMINATING:
                raise
            self._command_line_context().write_error(refused)
            return ()
        context = self._context(bound)
        return self._guard(self.cmdlet.run(context, bound))

    def _command_line_context(self) -> Invocation:
        """The context, before any object bound: only the command-line arguments."""
        if self.invocation is not None:
            return self.invocation
        binding = self.binding
        bound = Bound(self.cmdlet, "", dict(binding.values), binding.invocation_name, self.span)
        return self._context(bound)

    def end(self) -> Iterable[object]:
        """The end step of a collecting cmdlet."""
        if self.cmdlet.end is None:
            return ()
        bound = self.last or self.binding.finish()
        return self._guard(self.cmdlet.end(self._context(bound), bound))

    def _guard(self, produced: Iterable[object]) -> Iterable[object]:
        """Place errors raised inside the cmdlet at this command."""
        try:
            yield from produced
        except NetnatError as error:
            if self.invocation is not None:
                error.record = self.invocation.place(error.record)
            raise

    def connect(self, emit: object) -> None:
        """Cmdlets stream through their generators; nothing to connect."""

    def commit(self) -> None:
        if self.cmdlet.changes_state:
            try:
                self.session.commit(self.cmdlet.name)
            except NetnatError as error:
                if error.severity is Severity.NON_TERMINATING:  # its own apply failed
                    self._command_line_context().write_error(error)
                    return
                if self.invocation is not None:
                    error.record = self.invocation.place(error.record)
                raise


def run_cmdlet(
    session: Session,
    cmdlet: Cmdlet,
    args: Sequence[Arg],
    name: str,
    span: Span | None = None,
    output: list[object] | None = None,
) -> list[object]:
    """One cmdlet on its own (`netnat <Cmdlet> ...`): bind, run, end, commit even when it
    stopped half-way, as Windows would have kept what was done."""
    output = [] if output is None else output
    stage = CmdletStage(session, cmdlet, args, name, span, first=True)
    try:
        output.extend(stage.process())
        output.extend(stage.end())
    finally:
        stage.commit()
    return output
