"""Words of a partly typed command line as a shell splits them, and quoting of completions.

Two dialects: `posix` (bash, zsh, fish: '...', "..." and backslash) and `ps` (PowerShell 7 and
`netnat shell`: '...' with '' inside, "..." and the backtick). Unfinished quotes are allowed: the
last word is the one being completed. Separators (`;`, `|`, `&`, and in `ps` also `(`, `{`)
start a new command, so only the words of the command under the cursor are returned.
"""

from __future__ import annotations

import re
from typing import NamedTuple

POSIX, PS = "posix", "ps"
_SEPARATORS = {POSIX: ";|&", PS: ";|&({}\n"}
_ESCAPE = {POSIX: "\\", PS: "`"}
_BASH_SAFE = re.compile(r"[\w@%+=:,./\-\u2013\u2014\u2015]+")
_PS_SAFE = re.compile(r"[\w@%+=:./\\\-\u2013\u2014\u2015]+")
_PS_SPECIAL_START = "@#<>$"


class Word(NamedTuple):
    """One word: its text with quotes and escapes removed, the raw text as typed, the quote
    still open at its end ('' when none), and the logical offsets of unquoted `:` and `,`."""

    text: str
    raw: str
    open_quote: str = ""
    breaks: tuple[int, ...] = ()


class _Scan:
    """The state of one left-to-right scan."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.words: list[Word] = []
        self.text: list[str] = []
        self.raw: list[str] = []
        self.breaks: list[int] = []
        self.quote = ""
        self.started = False

    def end_word(self) -> None:
        if self.started:
            self.words.append(Word("".join(self.text), "".join(self.raw), "", tuple(self.breaks)))
        self.text, self.raw, self.breaks, self.started = [], [], [], False

    def add(self, raw: str, text: str) -> None:
        self.raw.append(raw)
        self.text.append(text)
        self.started = True


def split_line(line: str, dialect: str = POSIX) -> tuple[list[Word], Word]:
    """The finished words of the current command and the word under the cursor (maybe empty)."""
    scan = _Scan(dialect)
    i = 0
    while i < len(line):
        i = _step(scan, line, i)
    current = Word("".join(scan.text), "".join(scan.raw), scan.quote, tuple(scan.breaks))
    return scan.words, current


def _step(scan: _Scan, line: str, i: int) -> int:
    char = line[i]
    escape = _ESCAPE[scan.dialect]
    if scan.quote:
        return _step_quoted(scan, line, i)
    if char == escape and i + 1 < len(line):
        scan.add(line[i : i + 2], "" if line[i + 1] == "\n" else line[i + 1])
        return i + 2
    if char in "'\"":
        scan.quote = char
        scan.add(char, "")
    elif char.isspace() and not (char == "\n" and scan.dialect == PS):
        scan.end_word()
    elif char in _SEPARATORS[scan.dialect]:
        scan.end_word()
        scan.words = []
    else:
        if char in ":,":
            scan.breaks.append(sum(len(t) for t in scan.text))
        scan.add(char, char)
    return i + 1


def _step_quoted(scan: _Scan, line: str, i: int) -> int:
    char, quote = line[i], scan.quote
    nxt = line[i + 1] if i + 1 < len(line) else ""
    if char == quote:
        if scan.dialect == PS and nxt == quote:  # '' or "" inside PowerShell quotes
            scan.add(char + nxt, char)
            return i + 2
        scan.quote = ""
        scan.add(char, "")
        return i + 1
    if quote == '"' and char == _ESCAPE[scan.dialect] and nxt:
        keep = scan.dialect == POSIX and nxt not in '"\\$`\n'
        scan.add(char + nxt, (char if keep else "") + nxt)
        return i + 2
    scan.add(char, char)
    return i + 1


def unquote(raw: str, dialect: str = POSIX) -> str:
    """The text of one raw word (an unfinished quote is allowed)."""
    words, current = split_line(raw, dialect)
    return "".join(w.text for w in words) + current.text


# ---- quoting candidates -------------------------------------------------------------------


def bash_quote(text: str) -> str:
    """One bash word for `text`: as it is when safe, else in single quotes."""
    if text and _BASH_SAFE.fullmatch(text) and not text.startswith("~"):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def bash_inside(quote: str, text: str) -> str:
    """`text` written inside an already opened quote (readline adds the closing one)."""
    if quote == "'":
        return text.replace("'", "'\\''")
    return re.sub(r'(["\\$`])', r"\\\1", text)


def ps_quote(text: str) -> str:
    """One PowerShell argument for `text`: bare when safe, else in single quotes."""
    if text and _PS_SAFE.fullmatch(text) and text[0] not in _PS_SPECIAL_START:
        return text
    return "'" + text.replace("'", "''") + "'"
