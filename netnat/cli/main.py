"""Entry point: `netnat <Cmdlet> ...` and `netnat run FILE` run on a fast path without click;
everything else (`--help`, `config`, `plan`, ...) goes to the click app in `netnat.cli.app`."""

from __future__ import annotations

import os
import sys

from netnat.record import dataclass

SUBCOMMANDS = frozenset(
    {"config", "plan", "help", "run", "sync", "completion", "shell", "topology", "doctor"}
)
FORMATS = ("default", "table", "list", "json")


@dataclass(slots=True)
class Options:
    """Global options, given before the cmdlet name."""

    store: str | None = None
    backend: str | None = None
    output: str = "default"
    yes: bool = False
    non_interactive: bool = False
    command: str | None = None  # -c TEXT
    define: tuple[str, ...] = ()  # --define NAME=VALUE (with -c)


class UsageError(Exception):
    pass


_VALUED = {
    "--store": "store",
    "--backend": "backend",
    "-o": "output",
    "--output": "output",
    "-c": "command",
    "--command": "command",
}
_FLAGS = {"--yes": "yes", "-y": "yes", "--non-interactive": "non_interactive"}


def parse_globals(argv: list[str]) -> tuple[Options, list[str]]:
    """Split leading global options from the command; unknown options stop the scan."""
    opts = Options()
    i = 0
    while i < len(argv):
        word = argv[i]
        name, eq, value = word.partition("=")
        if name in _VALUED:
            if not eq:
                if i + 1 >= len(argv):
                    raise UsageError(f"option {name} needs a value")
                value, i = argv[i + 1], i + 1
            setattr(opts, _VALUED[name], value)
        elif name in ("--define", "-D"):
            if not eq:
                if i + 1 >= len(argv):
                    raise UsageError(f"option {name} needs a value")
                value, i = argv[i + 1], i + 1
            opts.define = (*opts.define, value)
        elif word in _FLAGS:
            setattr(opts, _FLAGS[word], True)
        else:
            break
        i += 1
    if opts.output not in FORMATS:
        raise UsageError(f"-o/--output must be one of {', '.join(FORMATS)}, not {opts.output!r}")
    return opts, argv[i:]


def main(argv: list[str] | None = None) -> int:
    """Run netnat; returns the exit code (0, or 1 when any error record was written)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["__complete"]:  # the shells' TAB: its own fast path (netnat.cli.completion)
        from netnat.cli.completion import main as complete

        return complete(args[1:])
    try:
        opts, rest = parse_globals(args)
    except UsageError as problem:
        sys.stderr.write(f"netnat: {problem}\n")
        return 2
    try:
        if opts.command is not None:
            from netnat.cli.run_script import run_command_text

            return run_command_text(opts, opts.command, rest)
        if rest and not rest[0].startswith("-") and rest[0].lower() not in SUBCOMMANDS:
            from netnat.cli.run_cmdlet import run_command_line

            return run_command_line(opts, rest[0], rest[1:])
        if len(rest) == 2 and rest[0] == "run" and (rest[1] == "-" or rest[1][:1] != "-"):
            from netnat.cli.run_script import run_file  # `run FILE`: no need for click either

            return run_file(opts, rest[1], list(opts.define))
        from netnat.cli.app import run_app

        return run_app(args)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:
        return 1
    except RecursionError:  # a runbook recursing (or data nesting) without end
        if os.environ.get("NETNAT_DEBUG"):
            raise
        _call_depth_overflow(opts.output)
        return 1
    except Exception as bug:  # no Python traceback reaches a user unless asked for
        if os.environ.get("NETNAT_DEBUG"):
            raise
        sys.stderr.write(
            f"netnat: internal error: {type(bug).__name__}: {bug}\n"
            "Set NETNAT_DEBUG=1 to see the traceback, and please report it.\n"
        )
        return 1


def run() -> None:
    """The console script and `python -m netnat`: main(), then leave without tearing down the
    interpreter's objects one by one (for a 10,000-mapping store that alone costs ~8 ms).
    Output is flushed first; files netnat writes are closed and synced before main() returns.
    Under a profiler or tracer (cProfile, coverage) the interpreter exits normally, so that
    their exit handlers write what they collected."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away, or a closed stream
        code = code or 1
    os._exit(code)


def _call_depth_overflow(output: str) -> None:
    """PowerShell's ScriptCallDepthException, not an internal error: the input went deeper
    than the interpreter can (the text, category and FQID are PowerShell 5.1's [inf])."""
    from netnat.cli.console import ConsoleHost
    from netnat.errors import ErrorRecord

    record = ErrorRecord(
        message="The script failed due to call depth overflow.",
        category="InvalidOperation",
        fqid="CallDepthOverflow",
        reason="ParentContainsErrorRecordException",
        target_name="0",
        target_type="Int32",
    )
    ConsoleHost(output).write_error(record)
