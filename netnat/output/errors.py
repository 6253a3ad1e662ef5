"""Error records and stream messages as Windows PowerShell 5.1 prints them (NormalView).

Spec powershell-subset §4.2 and windows-cmdlets §0.2. Not done on purpose: 5.1 wraps the
CategoryInfo / FullyQualifiedErrorId lines near the console width; netnat never wraps them.
5.1 ends a record with a line holding one space; netnat prints it as an empty line.
"""

from __future__ import annotations

from collections.abc import Sequence

from netnat.errors import ErrorRecord
from netnat.source import Span

MAX_SOURCE = 69  # longest `+ ` source line before 5.1 cuts it around the error
PREFIX_DOTS = "... "
SUFFIX_DOTS = " ..."
RED = "\x1b[91m"  # console colour Red (ErrorForegroundColor)
YELLOW = "\x1b[93m"  # console colour Yellow (warning, verbose, debug)
RESET = "\x1b[0m"
CATEGORY_LABEL = "    + CategoryInfo          : "
FQID_LABEL = "    + FullyQualifiedErrorId : "


def render_error(record: ErrorRecord, color: bool = False) -> str:
    """One error record: message line, position lines, CategoryInfo, FQID, a blank line."""
    first = f"{record.invocation_name} : " if record.invocation_name else ""
    lines = (first + record.message).split("\n")
    if record.span is not None:
        lines.extend(position_lines(record.span))
    lines.append(CATEGORY_LABEL + record.category_info())
    lines.append(FQID_LABEL + record.fqid)
    lines.append("")
    return _finish(lines, RED if color else None)


def render_parse_errors(records: Sequence[ErrorRecord], color: bool = False) -> str:
    """5.1's ParseException: `At/+/+ ~/message` per error (blank line between), then the
    category line `ParserError: (:) [], ParseException` and the first error's id."""
    if not records:
        return ""
    lines: list[str] = []
    for i, record in enumerate(records):
        if i:
            lines.append("")
        if record.span is not None:
            lines.extend(position_lines(record.span))
        lines.extend(record.message.split("\n"))
    reason = records[0].reason or "ParseException"
    lines.append(f"{CATEGORY_LABEL}ParserError: (:) [], {reason}")
    lines.append(FQID_LABEL + records[0].fqid)
    lines.append("")
    return _finish(lines, RED if color else None)


def position_lines(span: Span) -> list[str]:
    """`At line:N char:M`, `+ <source>`, `+ <spaces>~~~` (the 5.1 PositionMessage)."""
    at = span.position_message()
    source = span.line_text.rstrip()
    if not source:
        return [at]
    start = min(span.col - 1, len(source))
    length = max(span.end_col - span.col, 0)
    length = min(length, len(source) - start)
    before = source[:start].replace("\t", "    ")
    error = source[start : start + length].replace("\t", "    ")
    source = before + error + source[start + length :].replace("\t", "    ")
    shown, offset, length = _cut_source(source, len(before), len(error))
    return [at, f"+ {shown}", "+ " + " " * offset + "~" * max(length, 1)]


def _cut_source(source: str, offset: int, length: int) -> tuple[str, int, int]:
    """Cut a line over 69 characters around the error with `... ` / ` ...` (Position.cs)."""
    if len(source) <= MAX_SOURCE:
        return source, offset, length
    prefix = min(offset, 12)
    total_suffix = len(source) - length - offset
    suffix = min(total_suffix, 8)
    if prefix + length + suffix >= MAX_SOURCE:
        if prefix + length >= MAX_SOURCE:
            length = MAX_SOURCE - prefix
        suffix_dots = True
    else:
        prefix += min(offset - prefix, MAX_SOURCE - (prefix + length + suffix))
        candidate = prefix + length + suffix
        if candidate < MAX_SOURCE and total_suffix > 0:
            suffix += min(total_suffix, MAX_SOURCE - candidate)
        suffix_dots = suffix < total_suffix
    prefix_dots = prefix < offset
    start = max(offset - prefix, 0)
    text = source[start : start + MAX_SOURCE]
    offset = min(offset, prefix)
    length = min(length, MAX_SOURCE - offset)
    head = PREFIX_DOTS if prefix_dots else ""
    tail = SUFFIX_DOTS if suffix_dots else ""
    return head + text + tail, offset + len(head), length


def render_warning(text: str, color: bool = False) -> str:
    """`WARNING: <text>`."""
    return _finish([f"WARNING: {text}"], YELLOW if color else None)


def render_verbose(text: str, color: bool = False) -> str:
    """`VERBOSE: <text>`."""
    return _finish([f"VERBOSE: {text}"], YELLOW if color else None)


def render_debug(text: str, color: bool = False) -> str:
    """`DEBUG: <text>`."""
    return _finish([f"DEBUG: {text}"], YELLOW if color else None)


def render_what_if(text: str) -> str:
    """`What if: <text>` (the caller words the operation, e.g. `Performing the operation ...`)."""
    return _finish([f"What if: {text}"], None)


def _finish(lines: list[str], colour: str | None) -> str:
    """Lines -> text (trailing spaces stripped); with a colour, each non-empty line is
    painted and reset on its own."""
    lines = [line.rstrip() for line in "\n".join(lines).split("\n")]
    if colour is None:
        return "".join(f"{line}\n" for line in lines)
    return "".join(f"{colour}{line}{RESET}\n" if line else "\n" for line in lines)
