"""The engine side of `netnat shell`: one Evaluator for the whole session (variables and
functions persist), and for each input the store is locked, reloaded, run against and committed.

`needs_more(text)` says whether an input is an unfinished statement (an open brace, quote or
parenthesis, a trailing pipe or backtick), so the prompt asks for another line.
"""

from __future__ import annotations

from netnat.backends.registry import get_backend
from netnat.binding.decl import Impact
from netnat.cli.commit import StoreCommitter
from netnat.cli.console import ConsoleHost
from netnat.cli.formatter import OutputFormatter
from netnat.cli.main import Options
from netnat.cmdlets.registry import resolve
from netnat.engine.evaluator import Evaluator
from netnat.engine.scopes import Scope
from netnat.engine.script import placeholder_error
from netnat.engine.session import Session
from netnat.engine.should import Preferences
from netnat.engine.signals import BreakSignal, ContinueSignal, ExitSignal, ReturnSignal, Sink
from netnat.errors import ErrorRecord, NetnatError, ParseError, ScriptTerminatingError
from netnat.lang.clean import clean_paste
from netnat.lang.parser import parse
from netnat.model.state import State
from netnat.output import render_parse_errors
from netnat.output.term import output_width, use_color
from netnat.store.file import Store
from netnat.store.paths import resolve_store_path

# Parse errors that mean "the statement goes on in the next line" wherever they are reported.
UNFINISHED = frozenset(
    {
        "MissingEndCurlyBrace",
        "MissingEndParenthesisInExpression",
        "MissingEndParenthesisInSubexpression",
        "MissingEndParenthesisInMethodCall",
        "MissingEndParenthesisAfterStatement",
        "MissingEndParenthesisAfterForeach",
        "MissingEndParenthesisInFunctionParameterList",
        "MissingEndSquareBracket",
        "TerminatorExpectedAtEndOfString",
        "MissingTerminatorMultiLineComment",
        "IncompleteHashLiteral",
        "IncompleteDollarVariableReference",
        "MissingCatchOrFinally",
    }
)
# Parse errors that mean the same only when reported at the very end of the text.
UNFINISHED_AT_END = frozenset(
    {
        "EmptyPipeElement",
        "ExpectedValueExpression",
        "MissingExpression",
        "MissingExpressionAfterOperator",
        "MissingExpressionAfterToken",
        "MissingStatementBlock",
        "MissingStatementBlockAfterElse",
        "MissingNamedStatementBlock",
        "MissingLoopStatement",
        "MissingFunctionBody",
        "MissingForeachStatement",
        "MissingTryStatementBlock",
        "MissingCatchHandlerBlock",
        "MissingFinallyStatementBlock",
    }
)


def is_command(name: str) -> bool:
    return resolve(name) is not None


def needs_more(text: str) -> bool:
    """Whether `text` is an unfinished statement that continues on the next line."""
    if not text.strip():
        return False
    if text.rstrip(" \t").endswith("`"):
        return True
    cleaned = clean_paste(text, None, is_command).text
    try:
        parse(cleaned)
    except ParseError as failed:
        return any(_unfinished(record, cleaned) for record in failed.records)
    return False


def _unfinished(record: ErrorRecord, text: str) -> bool:
    if record.fqid in UNFINISHED:
        return True
    if record.fqid not in UNFINISHED_AT_END or record.span is None:
        return False
    lines = text.rstrip().split("\n")
    return record.span.line >= len(lines) and record.span.col > len(lines[-1].rstrip())


class ShellRunner:
    """Runs the inputs of one interactive session."""

    def __init__(self, opts: Options, host: ConsoleHost) -> None:
        self.opts = opts
        self.host = host
        self.store = Store(resolve_store_path(opts.store))
        prefs = Preferences(confirm=Impact.NONE if opts.yes else Impact.HIGH)
        self.session = Session(self.store.load(), host, prefs=prefs)
        self.evaluator = Evaluator(self.session, resolve, None)
        for name, value in (
            ("ConfirmPreference", prefs.confirm.name.title()),
            ("ErrorActionPreference", prefs.error_action),
        ):
            self.evaluator.vars.set(name, value)

    @property
    def state(self) -> State:
        """The State as of the last input (for completion)."""
        return self.session.state

    def variable_names(self) -> list[str]:
        """The names of the variables the session can see (for `$` completion)."""
        names: dict[str, str] = {}
        scope: Scope | None = self.evaluator.vars.current
        while scope is not None:
            for key, (name, _) in scope.vars.items():
                names.setdefault(key, name)
            scope = scope.parent
        return [*names.values(), "Error", "true", "false", "null"]

    def run(self, text: str) -> int | None:
        """Run one input; the exit code when it ran `exit`, else None."""
        try:
            with self.store.lock():
                self._reload()
                return self._execute(text)
        except NetnatError as error:
            self.host.write_error(error.record)
            return None
        finally:
            self.host.flush_output()
            self._settle()

    def _settle(self) -> None:
        """Back at the prompt's own scope, even after Ctrl-C stopped a function mid-way."""
        variables = self.evaluator.vars
        variables.current = variables.script_scope = variables.global_scope
        self.evaluator.try_depth = 0

    def _reload(self) -> None:
        """Start from what the store holds now (another process may have changed it)."""
        state = self.store.load()
        backend = get_backend(self.opts.backend or state.settings.backend)
        s = self.session
        s.state = s.committed = s.validated = state
        s.pending = []
        s.had_error = False
        s.committer = StoreCommitter(self.store, backend)
        s.sessions = backend.sessions
        s.formatter = OutputFormatter(output_width(self.host.out))

    def _execute(self, text: str) -> int | None:
        cleaned = clean_paste(text, None, is_command)
        if cleaned.missing_placeholders:
            self.session.record(placeholder_error(cleaned.missing_placeholders), "Continue")
            return None
        for warning in cleaned.warnings:
            self.host.write_warning(f"line {warning.line}: {warning.message}")
        try:
            script = parse(cleaned.text, None, line_map=cleaned.line_map)
        except ParseError as failed:
            self.host.err.write(render_parse_errors(failed.records, use_color(self.host.err)))
            return None
        out = Sink(lambda obj: self.host.write_output([obj]))
        try:
            self.evaluator.exec_statements(script.statements, out)
        except ExitSignal as done:
            return done.code
        except ScriptTerminatingError as stopped:
            self.evaluator.report(stopped, show=True)
        except (BreakSignal, ContinueSignal, ReturnSignal):
            pass
        finally:
            self.session.flush()
        return None
