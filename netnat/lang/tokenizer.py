"""Mode-dependent tokenizer: the parser asks for the token at an offset in either mode."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from netnat.lang import tokens as T
from netnat.lang.chars import (
    DASHES,
    DOUBLE_QUOTES,
    FORCE_NEW_TOKEN,
    PARAM_END,
    QUOTES,
    SINGLE_QUOTES,
    WHITESPACE,
    backtick,
    is_ident_char,
    is_ident_start,
    is_var_start,
)
from netnat.lang.lexer_strings import Pieces, StringLexer, split_scope
from netnat.lang.numbers import scan_number
from netnat.lang.tokens import Token

_SIGNATURE = "# sig # begin signature block"
_TRIVIA_START = WHITESPACE | frozenset("#<`\r")
_IDENT_TAIL = re.compile(r"[^\W]*")  # letters, digits and `_` (PowerShell identifier chars)
Scan = Callable[["Tokenizer", int, bool], Token]
# a `-Name` token's name in command mode: up to a terminator, a quote or a colon
_PARAM_NAME = re.compile("[^" + re.escape("".join(PARAM_END | QUOTES | {":"})) + "]*")
_LETTERS = re.compile(r"[^\W\d_]+")
_SIMPLE = {"(": "(", ")": ")", "{": "{", "}": "}", "]": "]", ",": ",", ";": ";"}


class Tokenizer(StringLexer):
    """Scans one token at a time; `cmd` selects command (argument) mode or expression mode."""

    # ------------------------------------------------------------------ trivia

    def skip_trivia(self, i: int) -> int:
        """Skip white space, comments and line continuations (not new-lines) from offset i."""
        text, n = self.text, self.n
        while i < n:
            c = text[i]
            if c in WHITESPACE:
                i += 1
            elif c == "#":
                i = self._line_comment(i)
            elif c == "<" and i + 1 < n and text[i + 1] == "#":
                end = text.find("#>", i + 2)
                if end < 0:
                    self.report("MissingTerminatorMultiLineComment", i, i + 2)
                    return n
                i = end + 2
            elif c == "`" and i + 1 < n and (text[i + 1] == "\n" or text[i + 1] in WHITESPACE):
                i += 2
            elif c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            else:
                break
        return i

    def _line_comment(self, i: int) -> int:
        end = self.text.find("\n", i)
        end = self.n if end < 0 else end
        if self.text[i : i + len(_SIGNATURE)].lower() == _SIGNATURE:
            return self.n
        return end

    # ------------------------------------------------------------------ dispatch

    def next(self, pos: int, cmd: bool) -> Token:
        """The token at or after offset `pos` (after skipping trivia)."""
        start = pos
        if pos < self.n and self.text[pos] in _TRIVIA_START:
            start = self.skip_trivia(pos)
        tok = self._scan(start, cmd)
        tok.ws_before = start > pos
        return tok

    def _scan(self, i: int, cmd: bool) -> Token:
        if i >= self.n:
            return self.make(T.EOF_, i, i)
        c = self.text[i]
        if c.isalpha() or c == "_":
            return self._identifier(i, cmd)
        kind = _SIMPLE.get(c)
        if kind is not None:
            return self.make(kind, i, i + 1)
        if c == "\n" or c == "\r":
            return self.make(T.NEWLINE, i, i + 1)
        if c in DASHES:
            return self._dash(i, cmd)
        if c in SINGLE_QUOTES:
            value, end = self.scan_single(i)
            return self.make(T.STRING, i, end, value=value, quote="'")
        if c in DOUBLE_QUOTES:
            pieces = Pieces()
            end = self.scan_double(i, pieces)
            return self._string(i, end, pieces, '"')
        if c == "$":
            return self._dollar(i, cmd)
        if "0" <= c <= "9":
            return self._digit(i, cmd)
        method = _DISPATCH.get(c)
        if method is not None:
            return method(self, i, cmd)
        return self.word(i)

    def make(self, kind: str, start: int, end: int, value: object = None, **kw: Any) -> Token:
        """A token of `kind` over text[start:end] (`kw`: the optional Token attributes)."""
        return Token(kind, start, end, self.text[start:end], self.src, value, **kw)

    def _string(self, start: int, end: int, pieces: Pieces, quote: str) -> Token:
        value, parts = pieces.result()
        return self.make(T.STRING, start, end, value=value, parts=parts, quote=quote)

    def word(self, start: int, prefix: str = "") -> Token:
        """A bare word (generic token) from `start`."""
        pieces = Pieces()
        if prefix:
            pieces.buf.append(prefix)
        end = self.scan_word(start + len(prefix), pieces)
        value, parts = pieces.result()
        return self.make(T.WORD, start, end, value=value, parts=parts)

    def op(self, kind_value: str, start: int, end: int, cmd: bool) -> Token:
        """An operator; in command mode it is a bare word unless a token-ending char follows."""
        if cmd and self.char(end) not in FORCE_NEW_TOKEN and end < self.n:
            return self.word(start)
        return self.make(T.OP, start, end, value=kind_value)

    # ------------------------------------------------------------------ scanners

    def _dash(self, i: int, cmd: bool) -> Token:
        nxt = self.char(i + 1)
        if nxt and nxt in DASHES:
            if cmd and self.char(i + 2) == "%":
                return self._stop_parsing(i)
            return self.op("--", i, i + 2, cmd)
        if nxt == "=":
            return self.op("-=", i, i + 2, cmd)
        if nxt and (nxt.isalpha() or nxt in "_?"):
            return self._parameter(i, cmd)
        return self.op("-", i, i + 1, cmd)

    def _stop_parsing(self, i: int) -> Token:
        end = self.text.find("\n", i)
        end = self.n if end < 0 else end
        rest = self.text[i + 3 : end].strip(" \t")
        return self.make(T.STOP_PARSING, i, end, value=rest)

    def _parameter(self, start: int, cmd: bool) -> Token:
        text = self.text
        if not cmd:  # an operator (`-eq`) or a lone `-`: the name is the letters after it
            letters = _LETTERS.match(text, start + 1)
            name_end = letters.end() if letters else start + 1
            operator = "-" + text[start + 1 : name_end].lower()
            if operator in T.DASH_OPERATORS:
                return self.make(T.OP, start, name_end, value=operator)
            return self.make(T.OP, start, start + 1, value="-")
        i = _PARAM_NAME.match(text, start + 1).end()  # type: ignore[union-attr]
        c = text[i] if i < self.n else ""
        if c in QUOTES:
            return self.word(start)
        colon = c == ":"
        end = i + 1 if colon else i
        return self.make(T.PARAM, start, end, value=text[start + 1 : i], colon=colon)

    def _dollar(self, i: int, cmd: bool) -> Token:
        nxt = self.char(i + 1)
        if nxt == "(":
            return self.make("$(", i, i + 2)
        if nxt == "{":
            name, end = self.scan_braced(i, in_string=False)
            return self._variable(i, end, name, cmd, braced=True)
        if not nxt or not is_var_start(nxt):
            return self.word(i)
        name, end = self.scan_var_name(i + 1)
        return self._variable(i, end, name, cmd)

    def _variable(
        self, start: int, end: int, path: str, cmd: bool, braced: bool = False, splat: bool = False
    ) -> Token:
        nxt = self.char(end)
        if cmd and nxt and nxt not in FORCE_NEW_TOKEN and nxt not in ".[" and not splat:
            return self.word(start)
        scope, name = split_scope(path)
        if not name and not braced:
            error = "InvalidVariableReferenceWithDrive" if scope else "InvalidVariableReference"
            self.report(error, start, end)
        return self.make(
            T.VARIABLE, start, end, value=name, scope=scope, braced=braced, splat=splat
        )

    def _digit(self, i: int, cmd: bool) -> Token:
        if self.char(i + 1) == ">" and self.text[i] in "123456":
            return self._redirect(i, self.text[i], i + 1)
        number = scan_number(self.text, i, not cmd)
        if number is None:
            return self.word(i)
        value, num_type, end = number
        if num_type == "":
            self.report("BadNumericConstant", i, end, self.text[i:end])
            value, num_type = 0, "int"
        return self.make(T.NUMBER, i, end, value=value, num_type=num_type)

    def _identifier(self, i: int, cmd: bool) -> Token:
        text, n = self.text, self.n
        match = _IDENT_TAIL.match(text, i + 1)
        j = match.end() if match else i + 1
        if cmd and j < n and text[j] not in FORCE_NEW_TOKEN:
            return self.word(i)
        return self.make(T.WORD, i, j, value=text[i:j])

    def _redirect(self, start: int, stream: str, i: int) -> Token:
        """`>` at offset i, `stream` the source stream ("1".."6", "*")."""
        if self.char(i + 1) == ">":
            return self.make(T.REDIRECT, start, i + 2, value=stream, append=True)
        if self.char(i + 1) == "&":
            target = self.char(i + 2)
            if (stream == "*" and target == "1") or (stream != "*" and target in ("1", "2")):
                return self.make(T.REDIRECT, start, i + 3, value=stream, merge_to=target)
        return self.make(T.REDIRECT, start, i + 1, value=stream)

    def scan_member_name(self, i: int) -> Token | None:
        """A member name right at offset i (after `.` or `::`), or None."""
        if i >= self.n or not is_ident_start(self.text[i]):
            return None
        j = i + 1
        while j < self.n and is_ident_char(self.text[j]):
            j += 1
        return self.make(T.WORD, i, j, value=self.text[i:j])

    def scan_type_name(self, pos: int) -> Token | None:
        """A type name (letters, digits, `.`, `` ` ``, `_`, `+`) after trivia at `pos`, or None."""
        i = self.skip_trivia(pos)
        j = i
        while j < self.n and (self.text[j].isalnum() or self.text[j] in ".`_+"):
            j += 1
        if j == i:
            return None
        return self.make(T.WORD, i, j, value=self.text[i:j].replace("`", ""))


def _at(self: Tokenizer, i: int, cmd: bool) -> Token:
    nxt = self.char(i + 1)
    if nxt == "(":
        return self.make("@(", i, i + 2)
    if nxt == "{":
        return self.make("@{", i, i + 2)
    if nxt and nxt in QUOTES:
        expandable = nxt in DOUBLE_QUOTES
        pieces = Pieces()
        end = self.scan_here(i, expandable, pieces)
        return self._string(i, end, pieces, '@"' if expandable else "@'")
    if nxt and is_var_start(nxt):
        name, end = self.scan_var_name(i + 1)
        return self._variable(i, end, name, cmd, splat=True)
    self.report("UnrecognizedToken", i, i + 1)
    return self.word(i)


def _dot(self: Tokenizer, i: int, cmd: bool) -> Token:
    nxt = self.char(i + 1)
    if nxt == ".":
        if cmd and self.char(i + 2) not in FORCE_NEW_TOKEN and i + 2 < self.n:
            return self.word(i)
        return self.make(T.OP, i, i + 2, value="..")
    if "0" <= nxt <= "9":
        return _digit_dot(self, i, cmd)
    if cmd and nxt and nxt not in FORCE_NEW_TOKEN and nxt != "$" and nxt not in QUOTES:
        return self.word(i)
    return self.make(".", i, i + 1)


def _digit_dot(self: Tokenizer, i: int, cmd: bool) -> Token:
    number = scan_number(self.text, i, not cmd)
    if number is None or number[1] == "":
        return self.word(i)
    value, num_type, end = number
    return self.make(T.NUMBER, i, end, value=value, num_type=num_type)


def _star(self: Tokenizer, i: int, cmd: bool) -> Token:
    nxt = self.char(i + 1)
    if nxt == ">":
        return self._redirect(i, "*", i + 1)
    if nxt == "=":
        return self.op("*=", i, i + 2, cmd)
    return self.op("*", i, i + 1, cmd)


def _plus(self: Tokenizer, i: int, cmd: bool) -> Token:
    nxt = self.char(i + 1)
    if nxt in ("+", "="):
        return self.op("+" + nxt, i, i + 2, cmd)
    return self.op("+", i, i + 1, cmd)


def _with_equals(sign: str) -> Scan:
    def scan(self: Tokenizer, i: int, cmd: bool) -> Token:
        if self.char(i + 1) == "=":
            return self.op(sign + "=", i, i + 2, cmd)
        return self.op(sign, i, i + 1, cmd)

    return scan


def _simple_op(sign: str) -> Scan:
    def scan(self: Tokenizer, i: int, cmd: bool) -> Token:
        return self.op(sign, i, i + 1, cmd)

    return scan


def _pipe(self: Tokenizer, i: int, cmd: bool) -> Token:
    if self.char(i + 1) == "|":
        return self.make("||", i, i + 2)
    return self.make("|", i, i + 1)


def _amp(self: Tokenizer, i: int, cmd: bool) -> Token:
    if self.char(i + 1) == "&":
        return self.make("&&", i, i + 2)
    return self.make("&", i, i + 1)


def _bracket(self: Tokenizer, i: int, cmd: bool) -> Token:
    if cmd and self.char(i + 1) not in FORCE_NEW_TOKEN and i + 1 < self.n:
        return self.word(i)
    return self.make("[", i, i + 1)


def _colon(self: Tokenizer, i: int, cmd: bool) -> Token:
    text, n = self.text, self.n
    if self.char(i + 1) == ":":
        if cmd and self.char(i + 2) not in FORCE_NEW_TOKEN and i + 2 < n:
            return self.word(i)
        return self.make("::", i, i + 2)
    j = i + 1
    if j < n and is_ident_start(text[j]):
        while j < n and is_ident_char(text[j]):
            j += 1
        if not (cmd and j < n and text[j] not in FORCE_NEW_TOKEN):
            return self.make(T.LABEL, i, j, value=text[i + 1 : j])
    return self.word(i)


def _greater(self: Tokenizer, i: int, cmd: bool) -> Token:
    return self._redirect(i, "1", i)


def _less(self: Tokenizer, i: int, cmd: bool) -> Token:
    return self.make("<", i, i + 1)


def _backtick(self: Tokenizer, i: int, cmd: bool) -> Token:
    if i + 1 >= self.n:
        return self.word(i)
    pieces = Pieces()
    pieces.buf.append(backtick(self.text[i + 1]))
    end = self.scan_word(i + 2, pieces)
    value, parts = pieces.result()
    return self.make(T.WORD, i, end, value=value, parts=parts)


_DISPATCH: dict[str, Scan] = {
    "@": _at,
    ".": _dot,
    "*": _star,
    "+": _plus,
    "/": _with_equals("/"),
    "%": _with_equals("%"),
    "=": _simple_op("="),
    "!": _simple_op("!"),
    "|": _pipe,
    "&": _amp,
    "[": _bracket,
    ":": _colon,
    ">": _greater,
    "<": _less,
    "`": _backtick,
}
