"""A light scanner for paste clean-up: string/comment state, open brackets and placeholders."""

from __future__ import annotations

import re
from collections.abc import Callable

from netnat.lang.chars import DOUBLE_QUOTES, SINGLE_QUOTES, WHITESPACE

_OPEN = frozenset("({[")
_CLOSE = frozenset(")}]")


def _skipper(special: frozenset[str]) -> Callable[[str, int], re.Match[str]]:
    """`match(line, i)`: the run of characters from i that are not in `special`."""
    return re.compile("[^" + re.escape("".join(sorted(special))) + "]*").match  # type: ignore[return-value]


Found = tuple[int, int, bool]  # (start, end, inside a "..." string) of a <placeholder>
CODE, SINGLE, DOUBLE, BLOCK, HERE_SINGLE, HERE_DOUBLE = range(6)
_SKIP = {
    CODE: _skipper(_OPEN | _CLOSE | SINGLE_QUOTES | DOUBLE_QUOTES | frozenset("#<@`")),
    SINGLE: _skipper(SINGLE_QUOTES),
    DOUBLE: _skipper(DOUBLE_QUOTES | frozenset("`<")),
}


class CodeScanner:
    """Follows a script line by line: quotes, here-strings, comments and bracket depth."""

    def __init__(self) -> None:
        self.state = CODE
        self.depth = 0
        self.last_line = ""

    def feed(self, line: str) -> list[Found]:
        """Scan one line; return the (start, end) of `<placeholder>`s in code or "..." text."""
        self.last_line = line
        if self.state in (HERE_SINGLE, HERE_DOUBLE):
            return self._here_line(line)
        found: list[Found] = []
        i, n = 0, len(line)
        while i < n:
            skip = _SKIP.get(self.state)
            if skip is not None:  # jump over characters that cannot change the state
                i = skip(line, i).end()
                if i >= n:
                    break
            i = self._step(line, i, found)
        return found

    def _step(self, line: str, i: int, found: list[Found]) -> int:
        c = line[i]
        state = self.state
        if state == BLOCK:
            end = line.find("#>", i)
            if end < 0:
                return len(line)
            self.state = CODE
            return end + 2
        if state == SINGLE:
            if c in SINGLE_QUOTES:
                self.state = CODE
            return i + 1
        if state == DOUBLE:
            if c == "`":
                return i + 2
            if c in DOUBLE_QUOTES:
                self.state = CODE
            elif c == "<":
                return _placeholder(line, i, found, True)
            return i + 1
        return self._code_step(line, i, c, found)

    def _code_step(self, line: str, i: int, c: str, found: list[Found]) -> int:
        if c == "#":
            return len(line)
        if c == "<":
            if line.startswith("<#", i):
                self.state = BLOCK
                return i + 2
            return _placeholder(line, i, found, False)
        if _here_header(line, i):
            self.state = HERE_DOUBLE if line[i + 1] in DOUBLE_QUOTES else HERE_SINGLE
            return len(line)
        if c == "`":
            return i + 2
        if c in SINGLE_QUOTES:
            self.state = SINGLE
        elif c in DOUBLE_QUOTES:
            self.state = DOUBLE
        elif c in _OPEN:
            self.depth += 1
        elif c in _CLOSE:
            self.depth = max(0, self.depth - 1)
        return i + 1

    def _here_line(self, line: str) -> list[Found]:
        quotes = DOUBLE_QUOTES if self.state == HERE_DOUBLE else SINGLE_QUOTES
        if len(line) >= 2 and line[0] in quotes and line[1] == "@":
            self.state = CODE
            found: list[Found] = []
            i = 2
            while i < len(line):
                i = self._step(line, i, found)
            return found
        found = []
        if self.state == HERE_DOUBLE:
            i = line.find("<")
            while 0 <= i < len(line):
                i = _placeholder(line, i, found, True)
                i = line.find("<", i)
        return found

    def in_string(self) -> bool:
        """True inside a string, here-string or block comment."""
        return self.state != CODE

    def needs_more(self) -> bool:
        """True if the statement so far cannot end here (open bracket/string, `|` or backtick)."""
        if self.state != CODE or self.depth > 0:
            return True
        line = self.last_line
        if line.endswith("`"):
            return True
        stripped = line.rstrip("".join(WHITESPACE))
        return stripped.endswith("|")


def _placeholder(line: str, i: int, found: list[Found], in_string: bool) -> int:
    """At `<`: record `<words with letters and spaces>` and return the offset after it."""
    j = i + 1
    n = len(line)
    if j >= n or not line[j].isalpha():
        return i + 1
    while j < n and (line[j].isalpha() or line[j] == " "):
        j += 1
    if j < n and line[j] == ">" and line[j - 1] != " ":
        found.append((i, j + 1, in_string))
        return j + 1
    return i + 1


def _here_header(line: str, i: int) -> bool:
    """`@'` or `@"` at offset i with nothing but white space after it."""
    if line[i] != "@" or i + 1 >= len(line) or line[i + 1] not in SINGLE_QUOTES | DOUBLE_QUOTES:
        return False
    return not line[i + 2 :].strip()
