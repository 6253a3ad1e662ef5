"""Running a runbook text: paste clean-up, parse (one parse error: nothing runs), evaluate."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from netnat.binding.decl import Cmdlet
from netnat.engine.evaluator import Evaluator
from netnat.engine.records import T_ERROR
from netnat.engine.session import Session
from netnat.engine.signals import Sink
from netnat.errors import ErrorRecord, ParseError
from netnat.lang.clean import clean_paste, placeholder_message
from netnat.lang.parser import parse
from netnat.model.psobject import PSObject
from netnat.record import dataclass


@dataclass
class RunResult:
    code: int
    parse_errors: list[ErrorRecord]


def placeholder_error(names: tuple[str, ...]) -> ErrorRecord:
    return ErrorRecord(
        message=placeholder_message(names),
        category="InvalidArgument",
        fqid="RunbookPlaceholderWithoutValue",
        reason="ArgumentException",
        target_name=", ".join(names),
        target_type="String",
    )


def run_text(
    text: str,
    session: Session,
    resolve: Callable[[str], Cmdlet | None],
    file: str | None = None,
    defines: Mapping[str, str] | None = None,
    evaluator: Evaluator | None = None,
) -> RunResult:
    """Run a runbook; output goes to the session's host as it is produced.

    Exit code: `exit N` as given, else 1 when an error was shown (or the script was stopped
    by a terminating error), else 0."""
    cleaned = clean_paste(text, defines, lambda name: resolve(name) is not None)
    if cleaned.missing_placeholders:
        session.record(placeholder_error(cleaned.missing_placeholders), "Continue")
        return RunResult(1, [])
    for warning in cleaned.warnings:
        session.host.write_warning(f"line {warning.line}: {warning.message}")
    try:
        script = parse(cleaned.text, file, line_map=cleaned.line_map)
    except ParseError as failed:
        session.had_error = True
        return RunResult(1, failed.records)
    ev = evaluator or Evaluator(session, resolve, file)
    out = Sink(lambda obj: out_default(session, obj))
    try:
        code = ev.run_script(script, out)
    finally:
        session.flush()
    if code == 0 and session.had_error and not ev.exited:
        code = 1
    return RunResult(code, [])


def out_default(session: Session, obj: object) -> None:
    """Out-Default: objects to the host; an ErrorRecord (from `2>&1`) prints as an error."""
    if isinstance(obj, PSObject) and obj.is_a(T_ERROR) and isinstance(obj.source, ErrorRecord):
        session.had_error = True
        session.host.write_error(obj.source)
        return
    session.host.write_output([obj])
