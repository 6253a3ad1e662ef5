"""`netnat run FILE` and `netnat -c TEXT`: a runbook against the store, committed cmdlet by
cmdlet while the writer lock is held for the whole run."""

from __future__ import annotations

import sys
from pathlib import Path

from netnat.binding.decl import Impact
from netnat.cli.main import Options
from netnat.cli.run_cmdlet import make_host
from netnat.errors import ErrorRecord, NetnatError


def parse_defines(pairs: list[str]) -> dict[str, str]:
    """`--define 'shared prefix=192.168.0.0/16'` -> {"shared prefix": "192.168.0.0/16"}."""
    defines: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise ValueError(f"--define wants NAME=VALUE, not {pair!r}")
        defines[name.strip().strip("<>")] = value
    return defines


def read_runbook(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    data = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def run_runbook(opts: Options, text: str, file: str | None, defines: dict[str, str]) -> int:
    """Run a runbook; returns the exit code (`exit N`, or 1 when any error was written)."""
    from netnat.backends.registry import get_backend
    from netnat.cli.commit import StoreCommitter
    from netnat.cli.formatter import OutputFormatter
    from netnat.cmdlets.registry import resolve
    from netnat.engine.script import run_text
    from netnat.engine.session import Session
    from netnat.engine.should import Preferences
    from netnat.output import render_parse_errors
    from netnat.output.term import output_width
    from netnat.store.file import Store
    from netnat.store.paths import resolve_store_path

    host = make_host(opts)
    store = Store(resolve_store_path(opts.store))
    prefs = Preferences(confirm=Impact.NONE if opts.yes else Impact.HIGH)
    try:
        with store.lock():
            state = store.load()
            backend = get_backend(opts.backend or state.settings.backend)
            session = Session(
                state,
                host,
                StoreCommitter(store, backend),
                prefs,
                sessions=backend.sessions,
                formatter=OutputFormatter(output_width(host.out)),
                batch=True,
                kernel=backend,
            )
            try:
                result = run_text(text, session, resolve, file, defines)
            finally:
                host.flush_output()
    except NetnatError as error:
        host.write_error(error.record)
        host.flush_output()
        return 1
    if result.parse_errors:
        host.err.write(render_parse_errors(result.parse_errors))
        host.err.flush()
    return result.code


def run_file(opts: Options, path: str, defines: list[str]) -> int:
    host = make_host(opts)
    try:
        parsed = parse_defines(defines)
        text = read_runbook(path)
    except (OSError, ValueError) as problem:
        host.write_error(
            ErrorRecord(
                message=f"Cannot run '{path}': {getattr(problem, 'strerror', None) or problem}",
                category="ObjectNotFound" if isinstance(problem, OSError) else "InvalidArgument",
                fqid="RunbookUnreadable",
                reason=type(problem).__name__,
                target_name=path,
                target_type="String",
            )
        )
        return 1
    return run_runbook(opts, text, None if path == "-" else str(Path(path)), parsed)


def run_command_text(opts: Options, text: str, extra: list[str]) -> int:
    """`netnat -c TEXT`: the text is the runbook (words after it are refused)."""
    host = make_host(opts)
    if extra:
        host.write_error(
            ErrorRecord(
                message=f"Unexpected words after -c TEXT: {' '.join(extra)}. Quote the whole "
                "runbook as one argument.",
                category="InvalidArgument",
                fqid="UnexpectedArguments",
                reason="ArgumentException",
            )
        )
        return 2
    try:
        defines = parse_defines(list(opts.define))
    except ValueError as problem:
        host.write_error(
            ErrorRecord(
                message=str(problem),
                category="InvalidArgument",
                fqid="InvalidDefine",
                reason="ArgumentException",
            )
        )
        return 2
    return run_runbook(opts, text, None, defines)
