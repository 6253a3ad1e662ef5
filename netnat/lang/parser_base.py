"""Parser state shared by the parser mixins: token stream, error list, spans, depth guard."""

from __future__ import annotations

from netnat.errors import ErrorRecord
from netnat.lang import ast
from netnat.lang import tokens as T
from netnat.lang.messages import parse_error_record
from netnat.lang.source_map import SourceMap
from netnat.lang.tokenizer import Tokenizer
from netnat.lang.tokens import Token
from netnat.source import Span

MAX_DEPTH = 200
# token kinds the tokenizer scans the same way in command and expression mode
MODE_FREE = frozenset((T.NEWLINE, T.STRING, T.EOF_, "(", ")", "{", "}", "]", ",", ";"))
MAX_ERRORS = 100

# Tokens that end a command or statement.
STATEMENT_END = frozenset((T.NEWLINE, ";", T.EOF_, ")", "}", "|", "&&", "||"))
EXPRESSION_START = frozenset((T.VARIABLE, T.NUMBER, T.STRING, "(", "$(", "@(", "@{", "{", "[", ","))
UNARY_OPS = frozenset(
    ("-", "+", "!", "-not", "-bnot", "-split", "-join", "-isplit", "-csplit", "++", "--")
)


class TooDeep(Exception):
    """Nesting deeper than MAX_DEPTH: parsing stops with one clear error."""


class TooManyErrors(Exception):
    """More than MAX_ERRORS errors: parsing stops."""


class ParserBase:
    """Token access (memoised per offset and mode), error collection and span helpers."""

    def __init__(self, src: SourceMap) -> None:
        self.src = src
        self.text = src.text
        self.tokenizer = Tokenizer(src, self.report, self.parse_sub_expression_at)
        self.pos = 0  # offset after the last consumed token
        self.last_end = 0  # end of the last consumed token that is not a new-line
        self.depth = 0
        self.errors: list[tuple[int, str, ErrorRecord]] = []
        self._seen: set[tuple[int, str]] = set()
        self._memo: dict[int, Token] = {}
        self._last_key = -1
        self._last_tok = Token(T.EOF_, 0, 0, "", src)

    # ------------------------------------------------------------------ tokens

    def peek(self, cmd: bool = False) -> Token:
        """The next token in command (`cmd`) or expression mode, without consuming it."""
        key = self.pos * 2 + cmd
        if key == self._last_key:
            return self._last_tok
        tok = self._memo.get(key)
        if tok is None:
            tok = self.tokenizer.next(self.pos, cmd)
            self._memo[key] = tok
            if tok.kind in MODE_FREE:  # scanned the same in both modes: scan it once
                self._memo[key ^ 1] = tok
        self._last_key, self._last_tok = key, tok
        return tok

    def advance(self, tok: Token) -> Token:
        """Consume `tok` (a token returned by peek at the current position)."""
        self.pos = tok.end
        if tok.kind != T.NEWLINE:
            self.last_end = tok.end
        return tok

    def take(self, cmd: bool = False) -> Token:
        """Consume and return the next token."""
        return self.advance(self.peek(cmd))

    def accept(self, kind: str, cmd: bool = False) -> Token | None:
        """Consume the next token if it is of `kind`."""
        tok = self.peek(cmd)
        return self.advance(tok) if tok.kind == kind else None

    def skip_newlines(self, semis: bool = False) -> None:
        """Skip new-lines (and `;` when `semis`)."""
        while True:
            tok = self.peek()
            if tok.kind == T.NEWLINE or (semis and tok.kind == ";"):
                self.advance(tok)
            else:
                return

    def peek_word(self, *words: str) -> Token | None:
        """The next command-mode token if it is a plain bare word among `words` (any case)."""
        tok = self.peek(cmd=True)
        if tok.is_plain_word() and tok.str_value.lower() in words:
            return tok
        return None

    def char_at(self, offset: int) -> str:
        """The source character at `offset` ("" at the end)."""
        return self.text[offset] if offset < len(self.text) else ""

    def forget_tokens(self) -> None:
        """Drop memoised tokens (after a speculative parse is rolled back)."""
        self._memo.clear()
        self._last_key = -1

    # ------------------------------------------------------------------ errors

    def report(self, error_id: str, start: int, end: int, *args: str) -> None:
        """Record a parse error over text[start:end] (once per position and id)."""
        key = (start, error_id)
        if key in self._seen:
            return
        self._seen.add(key)
        record = parse_error_record(error_id, self.src.span(start, end), *args)
        self.errors.append((start, error_id, record))
        if len(self.errors) >= MAX_ERRORS:
            raise TooManyErrors

    def error_at(self, tok: Token, error_id: str, *args: str) -> None:
        """A parse error on token `tok`."""
        self.report(error_id, tok.start, tok.end, *args)

    def error_after(self, error_id: str, *args: str) -> None:
        """A parse error right after the last consumed token (where the parser stopped)."""
        self.report(error_id, self.last_end, self.last_end, *args)

    def rollback_errors(self, count: int) -> None:
        """Forget errors recorded after the first `count` (speculative parsing)."""
        for start, error_id, _ in self.errors[count:]:
            self._seen.discard((start, error_id))
        del self.errors[count:]

    # ------------------------------------------------------------------ spans and depth

    def span(self, start: int, end: int | None = None) -> Span:
        """The Span from offset `start` to `end` (default: the last consumed token's end)."""
        return self.src.span(start, self.last_end if end is None else end)

    def enter(self, start: int, end: int) -> None:
        """One nesting level deeper (at text[start:end]); stops parsing past MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.report("ScriptTooComplicated", start, end)
            raise TooDeep

    def leave(self) -> None:
        """Back one nesting level."""
        self.depth -= 1

    # ------------------------------------------------------------------ provided by mixins

    def parse_sub_expression_at(self, start: int) -> tuple[ast.SubExpression, int]:
        """`$( ... )` inside a string or bare word, from offset `start` (after `$(`)."""
        raise NotImplementedError

    def parse_statement(self) -> ast.Statement | None:
        """One statement at the current position (None if there is none)."""
        raise NotImplementedError

    def parse_statement_list(self, closers: frozenset[str]) -> tuple[ast.Statement, ...]:
        """Statements up to (not including) a token of kind in `closers` or the end."""
        raise NotImplementedError

    def parse_pipeline(self) -> ast.Statement | None:
        """A pipeline (or assignment) at the current position."""
        raise NotImplementedError

    def parse_expression(self, comma: bool = True) -> ast.Expression | None:
        """A full expression (binary operators; array commas unless `comma` is False)."""
        raise NotImplementedError

    def parse_unary(self) -> ast.Expression | None:
        """A unary-level expression (operand of binary operators)."""
        raise NotImplementedError

    def parse_block(self) -> ast.StatementBlock:
        """`{ statements }` with the current token `{`."""
        raise NotImplementedError

    def parse_script_body(self, start: int, closer: str) -> ast.ScriptBlock:
        """A script block body (param block, named blocks or statements) up to `closer`."""
        raise NotImplementedError

    def parse_type_after_bracket(self, open_tok: Token) -> ast.TypeName | ast.Attribute | None:
        """`[type]` or `[Attribute(...)]` after the consumed `[`."""
        raise NotImplementedError

    def parse_argument_element(self) -> ast.Expression | None:
        """One command argument (command mode), without array commas."""
        raise NotImplementedError
