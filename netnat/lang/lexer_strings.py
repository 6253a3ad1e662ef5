"""String scanning for the tokenizer: quoted strings, here-strings, `$` expansions, bare words."""

from __future__ import annotations

import re
from collections.abc import Callable

from netnat.lang import ast
from netnat.lang.chars import (
    DOUBLE_QUOTES,
    FORCE_NEW_TOKEN,
    SINGLE_QUOTES,
    WHITESPACE,
    backtick,
    is_var_char,
    is_var_start,
)
from netnat.lang.source_map import SourceMap


def _run_of_chars_not_in(chars: frozenset[str] | str) -> re.Pattern[str]:
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(chars)) + "]*")


# Runs of plain characters, skipped in one step by the scanners below.
_PLAIN_WORD = _run_of_chars_not_in(FORCE_NEW_TOKEN | SINGLE_QUOTES | DOUBLE_QUOTES | {"`", "$"})
_PLAIN_DOUBLE = _run_of_chars_not_in(DOUBLE_QUOTES | {"`", "$"})
_PLAIN_SINGLE = _run_of_chars_not_in(SINGLE_QUOTES)

Reporter = Callable[..., None]  # (error_id, start, end, *args)
SubParser = Callable[[int], tuple[ast.SubExpression, int]]  # offset after `$(` -> node, end


class Pieces:
    """Accumulates literal text and expression parts of an expandable string or bare word."""

    __slots__ = ("buf", "parts")

    def __init__(self) -> None:
        self.buf: list[str] = []
        self.parts: list[str | ast.Expression] = []

    def add(self, part: ast.Expression) -> None:
        """Append an expression part (flushing the literal text before it)."""
        if self.buf:
            self.parts.append("".join(self.buf))
            self.buf = []
        self.parts.append(part)

    def result(self) -> tuple[str, tuple[str | ast.Expression, ...] | None]:
        """(literal value, parts or None when nothing expands)."""
        text = "".join(self.buf)
        if not self.parts:
            return text, None
        parts = [*self.parts, text] if text else self.parts
        return text, tuple(parts)


class StringLexer:
    """Scanning of strings and `$` references; the Tokenizer builds on it."""

    def __init__(self, src: SourceMap, report: Reporter, subparse: SubParser) -> None:
        self.src = src
        self.text = src.text
        self.n = len(self.text)
        self.report = report
        self.subparse = subparse

    def char(self, i: int) -> str:
        """The character at offset i, or "" past the end."""
        return self.text[i] if i < self.n else ""

    # ------------------------------------------------------------------ quoted strings

    def scan_single(self, start: int) -> tuple[str, int]:
        """'...' starting at `start` (a single-quote char) -> (value, end offset)."""
        text, n = self.text, self.n
        out: list[str] = []
        i = start + 1
        while i < n:
            run = _PLAIN_SINGLE.match(text, i).end()  # type: ignore[union-attr]
            if run > i:
                out.append(text[i:run])
                i = run
                continue
            c = text[i]
            if c in SINGLE_QUOTES:
                if i + 1 < n and text[i + 1] in SINGLE_QUOTES:
                    out.append(text[i + 1])
                    i += 2
                    continue
                return "".join(out), i + 1
            out.append(c)
            i += 1
        self.report("TerminatorExpectedAtEndOfString", start, n, "'")
        return "".join(out), n

    def scan_double(self, start: int, pieces: Pieces) -> int:
        """ "..." starting at `start`, appending to `pieces`; returns the end offset."""
        text, n = self.text, self.n
        i = start + 1
        while i < n:
            run = _PLAIN_DOUBLE.match(text, i).end()  # type: ignore[union-attr]
            if run > i:
                pieces.buf.append(text[i:run])
                i = run
                continue
            c = text[i]
            if c in DOUBLE_QUOTES:
                if i + 1 < n and text[i + 1] in DOUBLE_QUOTES:
                    pieces.buf.append(text[i + 1])
                    i += 2
                    continue
                return i + 1
            if c == "`" and i + 1 < n:
                pieces.buf.append(backtick(text[i + 1]))
                i += 2
            elif c == "$":
                i = self.scan_dollar(i, pieces, in_string=True)
            else:
                pieces.buf.append(c)
                i += 1
        self.report("TerminatorExpectedAtEndOfString", start, n, '"')
        return n

    # ------------------------------------------------------------------ here-strings

    def scan_here(self, start: int, expandable: bool, pieces: Pieces) -> int:
        """@'...'@ / @"..."@ with `start` at `@`; appends to `pieces`, returns the end offset."""
        text, n = self.text, self.n
        closer_quotes = DOUBLE_QUOTES if expandable else SINGLE_QUOTES
        i = start + 2
        while i < n and text[i] in WHITESPACE:
            i += 1
        if i < n and text[i] != "\n":
            # as tokenizer.cs: blame the first character, then look for a closer on this line
            # only; without one the token ends before the new-line, which stays code
            self.report("UnexpectedCharactersAfterHereStringHeader", i, i + 1)
            nl = text.find("\n", i)
            line_end = n if nl < 0 else nl
            for j in range(i, line_end - 1):
                if text[j] in closer_quotes and text[j + 1] == "@":
                    return j + 2
            return line_end
        i += 1  # the new-line after the header
        false_footer = -1
        body_start = i
        line_start = i
        while line_start <= n:
            if (
                line_start + 1 < n
                and text[line_start] in closer_quotes
                and text[line_start + 1] == "@"
            ):
                self._here_body(body_start, max(body_start, line_start - 1), expandable, pieces)
                return line_start + 2
            j = line_start
            while j < n and text[j] in WHITESPACE:
                j += 1
            footer = j + 1 < n and text[j] in closer_quotes and text[j + 1] == "@"
            if false_footer < 0 and j > line_start and footer:
                false_footer = j
            nl = text.find("\n", line_start)
            if nl < 0:
                break
            line_start = nl + 1
        if false_footer >= 0:
            self.report("WhitespaceBeforeHereStringFooter", false_footer, false_footer + 2)
        else:
            closer = '"@' if expandable else "'@"
            self.report("TerminatorExpectedAtEndOfString", start, n, closer)
        self._here_body(body_start, n, expandable, pieces)
        return n

    def _here_body(self, start: int, end: int, expandable: bool, pieces: Pieces) -> None:
        if not expandable:
            pieces.buf.append(self.text[start:end])
            return
        text = self.text
        i = start
        while i < end:
            c = text[i]
            if c == "`" and i + 1 < end:
                pieces.buf.append(backtick(text[i + 1]))
                i += 2
            elif c == "$":
                i = min(self.scan_dollar(i, pieces, in_string=True), max(end, i + 1))
            else:
                pieces.buf.append(c)
                i += 1

    # ------------------------------------------------------------------ `$` references

    def scan_dollar(self, i: int, pieces: Pieces, in_string: bool) -> int:
        """`$` at offset i inside a string or bare word: a part, or a literal `$`."""
        nxt = self.char(i + 1)
        if nxt == "(":
            node, end = self.subparse(i + 2)
            pieces.add(node)
            return end
        if nxt == "{":
            name, end = self.scan_braced(i, in_string)
            pieces.add(self.variable_node(name, i, end, braced=True))
            return end
        if nxt and is_var_start(nxt):
            name, end = self.scan_var_name(i + 1)
            pieces.add(self.variable_node(name, i, end))
            return end
        pieces.buf.append("$")
        return i + 1

    def scan_braced(self, start: int, in_string: bool) -> tuple[str, int]:
        """`${...}` with `start` at `$` -> (name, end offset)."""
        text, n = self.text, self.n
        out: list[str] = []
        i = start + 2
        while i < n:
            c = text[i]
            if c == "}":
                if not out:
                    self.report("EmptyVariableReference", i, i + 1)
                return "".join(out), i + 1
            if c == "`" and i + 1 < n:
                out.append(backtick(text[i + 1]))
                i += 2
                continue
            if in_string and c in DOUBLE_QUOTES and i + 1 < n and text[i + 1] in DOUBLE_QUOTES:
                i += 1
            out.append(text[i])
            i += 1
        self.report("IncompleteDollarVariableReference", start + 1, n)
        return "".join(out), n

    def scan_var_name(self, i: int) -> tuple[str, int]:
        """The unbraced variable name starting at offset i (after `$`) -> (path, end)."""
        text, n = self.text, self.n
        first = text[i]
        if first in "$^":
            return first, i + 1
        j = i
        while j < n:
            c = text[j]
            if is_var_char(c) or (c == ":" and not (j + 1 < n and text[j + 1] == ":")):
                j += 1
            else:
                break
        return text[i:j], j

    def variable_node(self, path: str, start: int, end: int, braced: bool = False) -> ast.Variable:
        """A Variable node for `path` (`scope:name` split), reporting an empty name."""
        scope, name = split_scope(path)
        if not name and not braced:
            error = "InvalidVariableReferenceWithDrive" if scope else "InvalidVariableReference"
            self.report(error, start, end)
        return ast.Variable(self.src.span(start, end), name, scope, braced=braced)

    # ------------------------------------------------------------------ bare words

    def scan_word(self, start: int, pieces: Pieces) -> int:
        """A generic token (bare word) from `start` up to a token-ending character."""
        text, n = self.text, self.n
        i = start
        while i < n:
            run = _PLAIN_WORD.match(text, i).end()  # type: ignore[union-attr]
            if run > i:
                pieces.buf.append(text[i:run])
                i = run
                continue
            c = text[i]
            if c in FORCE_NEW_TOKEN:
                break
            if c == "`":
                if i + 1 < n:
                    pieces.buf.append(backtick(text[i + 1]))
                    i += 2
                else:
                    pieces.buf.append(c)
                    i += 1
            elif c in SINGLE_QUOTES:
                value, i = self.scan_single(i)
                pieces.buf.append(value)
            elif c in DOUBLE_QUOTES:
                i = self.scan_double(i, pieces)
            elif c == "$":
                i = self.scan_dollar(i, pieces, in_string=False)
            else:
                pieces.buf.append(c)
                i += 1
        return i


def split_scope(path: str) -> tuple[str | None, str]:
    """`global:x` -> ("global", "x"); `env:PATH` -> ("env", "PATH"); `x` -> (None, "x")."""
    colon = path.find(":")
    if colon <= 0:
        return None, path
    return path[:colon], path[colon + 1 :]
