"""Paste clean-up (powershell-subset §0): BOM, line ends, prompts, transcripts, placeholders.

Real PowerShell would read `PS C:\\> Get-NetNat` as a command `PS`; netnat strips prompts before
tokenizing and keeps a LineMap so that errors point at the lines of the original paste.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from netnat.lang.clean_scan import CodeScanner
from netnat.lang.source_map import LineMap, LineOrigin
from netnat.record import dataclass

# `PS>`, `PS C:\>`, `PS C:\Windows\system32>`, `PS /home/u>`, `PS ~>`, and old help style `C:\PS>`.
_PROMPT = re.compile(r"[ \t]*(?:PS(?: (?:[A-Za-z]:[\\/]|[/~\\])[^>\n]*)?>|[A-Za-z]:\\PS>) ?")
_CONTINUATION = re.compile(r"[ \t]*>> ?")
# A parenthesised remark last on a line: ` (this will remove the NAT ...).`
_REMARK = re.compile(r"\s+(\(([a-z]+[,;:]?\s+[^()]*\S)\))\.?\s*$")
_LINE_END = re.compile(r"\r\n|\r|\n")
# A prose bullet of a blog post: `- Make sure you only have one NAT` (dash, space, 3+ words).
_BULLET = re.compile(r"[ \t]*[-\u2013\u2022*][ \t]+([A-Za-z][\w'\u2019]*)(?:[ \t]+\S+){2,}")
# A define value that stays one bare word in argument position (otherwise it is single-quoted).
_BARE_SAFE = re.compile(r"[\w.:/\\*+=\-]+")

# Commands a remark may not start with (the CLI can pass its registry as `is_command`).
_COMMON_COMMANDS = frozenset(
    [
        "cd",
        "cat",
        "cls",
        "copy",
        "cp",
        "curl",
        "del",
        "dir",
        "echo",
        "foreach",
        "gc",
        "gci",
        "gcm",
        "gi",
        "gm",
        "gp",
        "gps",
        "gsv",
        "iex",
        "ii",
        "ipconfig",
        "kill",
        "ls",
        "measure",
        "mkdir",
        "move",
        "mv",
        "netsh",
        "ping",
        "ps",
        "pwd",
        "rd",
        "ren",
        "rm",
        "rmdir",
        "sc",
        "select",
        "set",
        "sleep",
        "sort",
        "start",
        "tee",
        "type",
        "wget",
        "where",
        "write",
    ]
)


@dataclass(frozen=True, slots=True)
class PasteWarning:
    """Something the clean-up changed that the user should know about (line of the paste)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class CleanedScript:
    """The code to parse, where each of its lines came from, and what was noticed."""

    text: str
    line_map: LineMap
    warnings: tuple[PasteWarning, ...] = ()
    missing_placeholders: tuple[str, ...] = ()  # as written, e.g. "<shared prefix>"
    transcript: bool = False


@dataclass(slots=True)
class _Line:
    number: int  # 1-based line of the paste
    original: str
    code: str
    prompt_len: int = 0
    prompted: bool = False


def clean_paste(
    text: str,
    defines: Mapping[str, str] | None = None,
    is_command: Callable[[str], bool] | None = None,
) -> CleanedScript:
    """Clean a pasted runbook: strip prompts, keep only code lines, fill `<placeholders>`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = _LINE_END.split(text)
    lines = [_strip_prompt(i + 1, line) for i, line in enumerate(raw)]
    transcript = any(line.prompted for line in lines)
    code = _transcript_lines(lines) if transcript else lines
    warnings: list[PasteWarning] = []
    if not transcript:
        _skip_bullets(code, warnings, is_command or _COMMON_COMMANDS.__contains__)
    for line in code:
        if line.prompted:
            _strip_remark(line, warnings, is_command or _COMMON_COMMANDS.__contains__)
    lookup = {_key(name): value for name, value in (defines or {}).items()}
    missing: list[str] = []
    origins = _fill_placeholders(code, lookup, missing)
    return CleanedScript(
        text="\n".join(line.code for line in code),
        line_map=LineMap(tuple(origins)),
        warnings=tuple(warnings),
        missing_placeholders=tuple(missing),
        transcript=transcript,
    )


def placeholder_message(names: tuple[str, ...] | list[str]) -> str:
    """The refusal text for unfilled placeholders, naming every one."""
    first = names[0].strip("<>") if names else "name"
    return (
        f"The runbook has placeholders without a value: {', '.join(names)}. "
        f"Give them with --define '{first}=VALUE'."
    )


def _strip_prompt(number: int, line: str) -> _Line:
    match = _PROMPT.match(line)
    if match is None:
        return _Line(number, line, line)
    end = match.end()
    return _Line(number, line, line[end:], prompt_len=end, prompted=True)


def _transcript_lines(lines: list[_Line]) -> list[_Line]:
    """Prompt lines, their `>>` continuations and the lines that finish an open statement."""
    code: list[_Line] = []
    scanner: CodeScanner | None = None
    for line in lines:
        if line.prompted:
            scanner = CodeScanner()
        elif scanner is not None and _CONTINUATION.match(line.original):
            cut = _CONTINUATION.match(line.original)
            assert cut is not None
            line.code, line.prompt_len = line.original[cut.end() :], cut.end()
        elif scanner is None or not scanner.needs_more():
            scanner = None
            continue
        scanner.feed(line.code)
        code.append(line)
    return code


def _strip_remark(
    line: _Line, warnings: list[PasteWarning], is_command: Callable[[str], bool]
) -> None:
    match = _REMARK.search(line.code)
    if match is None:
        return
    remark, inner = match.group(1), match.group(2)
    first_word = re.split(r"[\s,;:]", inner, maxsplit=1)[0]
    if is_command(first_word) or _inside_string(line.code[: match.start(1)]):
        return
    line.code = line.code[: match.start()]
    warnings.append(
        PasteWarning(line.number, f"the remark '{remark}' after the command was not run")
    )


def _skip_bullets(
    lines: list[_Line], warnings: list[PasteWarning], is_command: Callable[[str], bool]
) -> None:
    """DEVIATION: prose bullets between a post's commands are skipped with a warning (PowerShell
    would refuse the whole paste with a parse error)."""
    scanner = CodeScanner()
    for line in lines:
        match = _BULLET.fullmatch(line.code.rstrip())
        if match and not scanner.needs_more() and not is_command(match.group(1)):
            warnings.append(
                PasteWarning(line.number, f"the prose line '{line.code.strip()}' was not run")
            )
            line.code = ""
        scanner.feed(line.code)


def _inside_string(prefix: str) -> bool:
    scanner = CodeScanner()
    scanner.feed(prefix)
    return scanner.in_string()


def _key(name: str) -> str:
    return " ".join(name.strip().strip("<>").split()).lower()


def _fill_placeholders(
    code: list[_Line], lookup: dict[str, str], missing: list[str]
) -> list[LineOrigin]:
    scanner = CodeScanner()
    origins: list[LineOrigin] = []
    for line in code:
        found = scanner.feed(line.code)
        shifts = [(0, line.prompt_len)]
        limits = [-1]
        pieces: list[str] = []
        last = 0
        for start, end, in_string in found:
            written = line.code[start:end]
            value = lookup.get(_key(written))
            if value is None:
                if written not in missing:
                    missing.append(written)
                continue
            value = _quoted(value, in_string)
            pieces.append(line.code[last:start])
            clean_start = sum(len(p) for p in pieces)
            pieces.append(value)
            shifts.append((clean_start, start + line.prompt_len))
            limits.append(end + line.prompt_len - 1)
            shifts.append((clean_start + len(value), end + line.prompt_len))
            limits.append(-1)
            last = end
        if pieces:
            pieces.append(line.code[last:])
            line.code = "".join(pieces)
        origins.append(LineOrigin(line.number, line.original, tuple(shifts), tuple(limits)))
    return origins


def _quoted(value: str, in_string: bool) -> str:
    """A define value as literal text: escaped inside "...", single-quoted if not one bare word."""
    if in_string:
        return value.replace("`", "``").replace("$", "`$").replace('"', '""')
    if _BARE_SAFE.fullmatch(value):
        return value
    return "'" + value.replace("'", "''") + "'"
