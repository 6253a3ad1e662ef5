"""One cmdlet from a shell's argv: bind, lock (writers only), load, run, commit, print."""

from __future__ import annotations

from contextlib import nullcontext

from netnat.binding.args import Arg
from netnat.binding.argv import argv_to_args
from netnat.binding.decl import Cmdlet, Impact
from netnat.cli.console import ConsoleHost
from netnat.cli.main import Options
from netnat.cmdlets.registry import resolve
from netnat.engine.invocation import run_cmdlet
from netnat.engine.session import Session
from netnat.engine.should import Preferences
from netnat.errors import BackendError, ErrorRecord, NetnatError, StoreError
from netnat.source import Span

HELP_WORDS = ("-?", "--help", "-h")


def not_recognized(name: str, span: Span) -> ErrorRecord:
    """PowerShell 5.1's CommandNotFoundException, underlining the command name."""
    from netnat.engine.errors import not_recognized as command_not_found

    return command_not_found(name, Span(1, 1, len(name) + 1, span.line_text)).record


def make_host(opts: Options) -> ConsoleHost:
    interactive = None if not opts.non_interactive else False
    return ConsoleHost(opts.output, interactive=interactive)


def run_command_line(opts: Options, name: str, argv: list[str]) -> int:
    """`netnat New-NetNat -Name X ...`: exit 0, or 1 when any error record was written."""
    host = make_host(opts)
    cmdlet = resolve(name)
    args, line = argv_to_args(name, argv)
    span = Span(1, 1, len(line) + 1, line)
    if cmdlet is None:
        host.write_error(not_recognized(name, span))
        return 1
    if any(a in HELP_WORDS for a in argv):
        from netnat.binding.syntax import help_text

        host.write_line(help_text(cmdlet))
        return 0
    return _execute(opts, host, cmdlet, args, name, span)


def _execute(
    opts: Options, host: ConsoleHost, cmdlet: Cmdlet, args: list[Arg], name: str, span: Span
) -> int:
    from netnat.backends.registry import get_backend
    from netnat.cli.commit import StoreCommitter
    from netnat.store.file import Store
    from netnat.store.paths import resolve_store_path

    store = Store(resolve_store_path(opts.store))
    prefs = Preferences(confirm=Impact.NONE if opts.yes else Impact.HIGH)
    failed = False
    try:
        with store.lock() if cmdlet.changes_state else nullcontext():
            state = store.load()
            backend = get_backend(opts.backend or state.settings.backend)
            committer = StoreCommitter(store, backend)
            session = Session(
                state, host, committer, prefs, sessions=backend.sessions, kernel=backend
            )
            output: list[object] = []
            try:
                run_cmdlet(session, cmdlet, args, name, span, output)
            except (StoreError, BackendError):
                output.clear()  # the change was not committed: the objects it wrote do not exist
                raise
            finally:
                host.write_output(output)
                failed = session.had_error
    except NetnatError as error:
        host.write_error(error.record)
        failed = True
    host.flush_output()
    return 1 if failed else 0
