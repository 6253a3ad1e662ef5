"""`netnat shell`: an interactive PowerShell-like prompt on prompt_toolkit.

History is kept in the user data dir; Enter runs the input unless the statement is unfinished
(then it adds a line, shown with `>> `); TAB completes as the shells' completion does; Ctrl-C
drops the input (or stops a running command); Ctrl-D or `exit` leaves. Pasted blog transcripts
(`PS C:\\>` prompts, curly quotes) run as they are.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.output import ColorDepth

from netnat.cli.console import ConsoleHost
from netnat.cli.main import Options
from netnat.cli.shell_complete import ShellCompleter
from netnat.cli.shell_run import ShellRunner, needs_more
from netnat.errors import NetnatError

PROMPT = "PS netnat> "
CONTINUATION = ">> "
BANNER = "netnat shell: PowerShell NAT cmdlets on this host. Get-Help, Get-Command; exit leaves.\n"
HISTORY_FILE = "shell_history"


def history_path() -> Path:
    """`<user data dir>/netnat/shell_history` (platformdirs, as the store's own paths)."""
    from netnat.store.paths import user_data_dir

    return user_data_dir() / HISTORY_FILE


def _history() -> History:
    try:
        path = history_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError:
        return InMemoryHistory()
    return FileHistory(str(path))


def key_bindings() -> KeyBindings:
    """Enter runs a finished statement and adds a line to an unfinished one."""
    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and len(state.completions) > 1 and state.current_completion:
            buffer.complete_state = None  # Enter in the menu takes the choice (already shown)
            return
        if buffer.document.is_cursor_at_the_end and needs_more(buffer.text):
            buffer.insert_text("\n")
        else:
            buffer.validate_and_handle()

    @keys.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    return keys


def make_prompt(runner: ShellRunner) -> PromptSession[str]:
    return PromptSession(
        history=_history(),
        multiline=True,
        key_bindings=key_bindings(),
        completer=ShellCompleter(runner),
        complete_while_typing=False,
        prompt_continuation=CONTINUATION,
        color_depth=ColorDepth.MONOCHROME if os.environ.get("NO_COLOR") else None,
        enable_history_search=False,
    )


def run_shell(opts: Options) -> int:
    """The read-eval-print loop; the exit code of `exit N` (0 at end of input)."""
    host = ConsoleHost(opts.output, interactive=not opts.non_interactive)
    try:
        runner = ShellRunner(opts, host)
    except NetnatError as error:
        host.write_error(error.record)
        return 1
    if not sys.stdin.isatty():
        return _run_piped(runner)
    session = make_prompt(runner)
    host.out.write(BANNER)
    while True:
        try:
            text = session.prompt(PROMPT)
        except KeyboardInterrupt:
            continue  # Ctrl-C drops the input, as PowerShell does
        except EOFError:
            return 0
        code = _run(runner, text)
        if code is not None:
            return code


def _run(runner: ShellRunner, text: str) -> int | None:
    if not text.strip():
        return None
    try:
        return runner.run(text)
    except KeyboardInterrupt:
        runner.host.write_line("^C")
        return None


def _run_piped(runner: ShellRunner) -> int:
    """Without a terminal, read statements from stdin (a statement may span lines)."""
    pending = ""
    for line in sys.stdin:
        pending += line
        if needs_more(pending):
            continue
        code = _run(runner, pending)
        pending = ""
        if code is not None:
            return code
    if pending.strip():
        code = _run(runner, pending)
        return code or 0
    return 0
