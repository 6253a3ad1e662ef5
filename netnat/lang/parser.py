"""The parser's public entry points: `parse(text) -> ScriptBlock` and `tokenize` for tools/tests."""

from __future__ import annotations

import gc
import sys

from netnat.errors import ParseError
from netnat.lang import ast
from netnat.lang import tokens as T
from netnat.lang.parser_base import TooDeep, TooManyErrors
from netnat.lang.parser_block import BlockParser
from netnat.lang.source_map import LineMap, SourceMap
from netnat.lang.tokens import Token

_RECURSION_LIMIT = 12000


class Parser(BlockParser):
    """Recursive-descent parser for the PowerShell subset (one instance per text)."""

    def parse_script(self) -> ast.ScriptBlock:
        """The whole text as a script block; errors are left in `self.errors`."""
        try:
            return self.parse_script_body(0, T.EOF_)
        except (TooDeep, TooManyErrors):
            return ast.ScriptBlock(self.src.span(0, 0), None, None, None, None)

    def finish_errors(self) -> None:
        """Report a token left over after the script (e.g. a stray closer)."""
        tok = self.peek()
        if tok.kind != T.EOF_:
            self.error_at(tok, "UnexpectedToken", tok.text)


def normalize_newlines(text: str) -> str:
    """Drop a leading BOM; CRLF and lone CR become LF (columns and line numbers are kept)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse(
    text: str, file: str | None = None, *, line_map: LineMap | None = None
) -> ast.ScriptBlock:
    """Parse a script; raise ParseError with every parse error (nothing may run then).

    `line_map` (from `clean_paste`) makes spans point into the original paste.
    """
    src = SourceMap(normalize_newlines(text), file, line_map)
    parser = Parser(src)
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small objects, few cycles: ~10% faster; collected once re-enabled
    try:
        script = parser.parse_script()
    finally:
        sys.setrecursionlimit(old_limit)
        if gc_was_enabled:
            gc.enable()
    if parser.errors:
        ordered = sorted(parser.errors, key=lambda item: item[0])
        raise ParseError([record for _, _, record in ordered])
    return script


def tokenize(text: str, command_mode: bool = True) -> list[Token]:
    """All tokens of `text` scanned in one mode (new-lines included, EOF excluded)."""
    parser = Parser(SourceMap(normalize_newlines(text)))
    result: list[Token] = []
    while True:
        tok = parser.take(cmd=command_mode)
        if tok.kind == T.EOF_:
            return result
        result.append(tok)
        if tok.end == tok.start:
            parser.pos += 1
