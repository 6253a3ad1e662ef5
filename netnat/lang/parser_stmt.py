"""Statements: the statement list, keyword dispatch and the control-flow statements of §6.4."""

from __future__ import annotations

from collections.abc import Callable

from netnat.lang import ast
from netnat.lang import tokens as T
from netnat.lang.parser_base import STATEMENT_END
from netnat.lang.parser_cmd import CommandParser, is_expression_start
from netnat.lang.tokens import Token

_STRAY = frozenset((")", "}", "]"))
_LOOPS = frozenset(("foreach", "for", "while", "do", "switch"))


class StatementParser(CommandParser):
    """Statement lists and keyword statements (if, loops, switch, try, flow control)."""

    def parse_statement_list(self, closers: frozenset[str]) -> tuple[ast.Statement, ...]:
        statements: list[ast.Statement] = []
        while True:
            self.skip_newlines(semis=True)
            tok = self.peek()
            if tok.kind == T.EOF_ or tok.kind in closers:
                return tuple(statements)
            before = self.pos
            statement = self.parse_statement()
            if statement is not None:
                statements.append(statement)
            self._statement_end(closers, before)

    def _statement_end(self, closers: frozenset[str], before: int) -> None:
        tok = self.peek()
        kind = tok.kind
        if kind in (T.NEWLINE, ";", T.EOF_) or kind in closers:
            return
        if kind in ("&&", "||"):
            self.error_at(self.advance(tok), "InvalidEndOfLine", tok.text)
            return
        if kind == T.WORD:
            tok = self.peek(cmd=True)
        self.error_at(tok, "UnexpectedToken", tok.text)
        if kind in _STRAY or self.pos == before:
            self.advance(tok)

    def parse_statement(self) -> ast.Statement | None:
        tok = self.peek()
        self.enter(tok.start, tok.end)
        try:
            return self._statement(tok)
        finally:
            self.leave()

    def _statement(self, tok: Token) -> ast.Statement | None:
        if tok.kind == T.LABEL:
            return self._labeled(tok)
        if is_expression_start(tok):
            return self.parse_pipeline()
        ctok = self.peek(cmd=True)
        if ctok.is_plain_word():
            keyword = ctok.str_value.lower()
            handler = _HANDLERS.get(keyword)
            if handler is not None:
                self.advance(ctok)
                return handler(self, ctok, None)
            if keyword in T.KEYWORDS:
                self.error_at(self.advance(ctok), "UnexpectedToken", ctok.text)
                return None
        if ctok.kind == "|":
            self.error_at(self.advance(ctok), "EmptyPipeElement")
            return self.parse_statement()
        if ctok.kind in STATEMENT_END or ctok.kind == "]":
            return None
        return self.parse_pipeline()

    def _labeled(self, label: Token) -> ast.Statement | None:
        self.advance(label)
        self.skip_newlines()
        word = self.peek_word(*_LOOPS)
        if word is None:
            return self.parse_statement()
        self.advance(word)
        return _HANDLERS[word.str_value.lower()](self, word, label.str_value)

    # ------------------------------------------------------------------ shared pieces

    def condition(self, keyword: Token, missing: str, close_error: str) -> ast.Statement | None:
        """`( pipeline )` after a keyword; the `(` must be the next token."""
        self.skip_newlines()
        statement = None
        if self.peek().kind not in (")", T.EOF_):
            statement = self.parse_statement()
        if statement is None:
            self.error_after(missing, keyword.text.lower())
        self.skip_newlines()
        if self.accept(")") is None:
            self.error_after(close_error, keyword.text.lower())
        return statement

    def open_paren(self, keyword: Token, error: str) -> bool:
        """Consume `(` after a keyword (new-lines allowed before it), or report `error`."""
        self.skip_newlines()
        if self.accept("(") is None:
            self.error_after(error, keyword.text.lower())
            return False
        return True

    def block_after(self, error: str, *args: str) -> ast.StatementBlock | None:
        """`{ ... }` after optional new-lines, or report `error`."""
        self.skip_newlines()
        if self.peek().kind != "{":
            self.error_after(error, *args)
            return None
        return self.parse_block()

    def optional_pipeline(self) -> ast.Statement | None:
        """The value of throw/return/exit: a pipeline unless the statement ends here."""
        tok = self.peek()
        if tok.kind in STATEMENT_END or tok.kind == "]":
            return None
        return self.parse_pipeline()

    def _lookahead_word(self, *words: str) -> Token | None:
        """A bare word among `words` after optional new-lines; new-lines stay if not found."""
        saved = (self.pos, self.last_end)
        self.skip_newlines()
        word = self.peek_word(*words)
        if word is None:
            self.pos, self.last_end = saved
        return word

    # ------------------------------------------------------------------ if

    def parse_if(self, keyword: Token, label: str | None) -> ast.Statement | None:
        clauses: list[ast.IfClause] = []
        else_body = None
        clause_kw = keyword
        while True:
            name = clause_kw.text.lower()
            self.skip_newlines()
            if self.accept("(") is None:
                self.error_after("MissingOpenParenthesisInIfStatement", name)
                return None
            self.skip_newlines()
            cond = None if self.peek().kind in (")", T.EOF_) else self.parse_statement()
            if cond is None:
                self.error_after("IfStatementMissingCondition", name)
            self.skip_newlines()
            if self.accept(")") is None:
                self.error_after("MissingEndParenthesisAfterStatement", name)
            body = self.block_after("MissingStatementBlock", name)
            if cond is None or body is None:
                return None
            clauses.append(ast.IfClause(self.span(clause_kw.start), cond, body))
            nxt = self._lookahead_word("elseif", "else")
            if nxt is None:
                break
            self.advance(nxt)
            if nxt.str_value.lower() == "else":
                else_body = self.block_after("MissingStatementBlockAfterElse")
                break
            clause_kw = nxt
        return ast.If(self.span(keyword.start), tuple(clauses), else_body)

    # ------------------------------------------------------------------ loops

    def parse_foreach(self, keyword: Token, label: str | None) -> ast.Statement | None:
        while self.peek(cmd=True).kind == T.PARAM:  # -Parallel etc. (workflow only)
            self.take(cmd=True)
        if not self.open_paren(keyword, "MissingOpenParenthesisAfterKeyword"):
            return None
        self.skip_newlines()
        var_tok = self.accept(T.VARIABLE)
        if var_tok is None:
            self.error_after("MissingVariableNameAfterForeach")
            return None
        self.skip_newlines()
        in_word = self.peek_word("in")
        if in_word is None:
            self.error_after("MissingInInForeach")
            return None
        self.advance(in_word)
        self.skip_newlines()
        iterable = None if self.peek().kind in (")", T.EOF_) else self.parse_statement()
        if iterable is None:
            self.error_after("MissingForeachExpression")
            return None
        self.skip_newlines()
        if self.accept(")") is None:
            self.error_after("MissingEndParenthesisAfterForeach")
            return None
        body = self.block_after("MissingForeachStatement")
        if body is None:
            return None
        variable = self.variable(var_tok)
        return ast.Foreach(self.span(keyword.start), variable, iterable, body, label)

    def parse_while(self, keyword: Token, label: str | None) -> ast.Statement | None:
        if not self.open_paren(keyword, "MissingOpenParenthesisAfterKeyword"):
            return None
        cond = self.condition(
            keyword, "MissingExpressionAfterKeyword", "MissingEndParenthesisAfterStatement"
        )
        body = self.block_after("MissingLoopStatement", "while")
        if cond is None or body is None:
            return None
        return ast.While(self.span(keyword.start), cond, body, label)

    def parse_for(self, keyword: Token, label: str | None) -> ast.Statement | None:
        if not self.open_paren(keyword, "MissingOpenParenthesisAfterKeyword"):
            return None
        parts: list[ast.Statement | None] = []
        for index in range(3):
            self.skip_newlines()
            tok = self.peek()
            part = None
            if tok.kind not in (";", ")", T.EOF_, T.NEWLINE):
                part = self.parse_statement()
            parts.append(part)
            if index < 2 and self.peek().kind in (";", T.NEWLINE):
                self.take()
        self.skip_newlines()
        if self.accept(")") is None:
            self.error_after("MissingEndParenthesisAfterStatement", "for")
            return None
        body = self.block_after("MissingLoopStatement", "for")
        if body is None:
            return None
        return ast.For(self.span(keyword.start), parts[0], parts[1], parts[2], body, label)

    def parse_do(self, keyword: Token, label: str | None) -> ast.Statement | None:
        body = self.block_after("MissingLoopStatement", "do")
        if body is None:
            return None
        word = self._lookahead_word("while", "until")
        if word is None:
            self.error_after("MissingWhileOrUntilInDoWhile")
            return None
        self.advance(word)
        if not self.open_paren(word, "MissingOpenParenthesisAfterKeyword"):
            return None
        cond = self.condition(
            word, "MissingExpressionAfterKeyword", "MissingEndParenthesisAfterStatement"
        )
        if cond is None:
            return None
        span = self.span(keyword.start)
        if word.str_value.lower() == "while":
            return ast.DoWhile(span, body, cond, label)
        return ast.DoUntil(span, body, cond, label)

    # ------------------------------------------------------------------ flow control

    def parse_flow(self, keyword: Token, label: str | None) -> ast.Statement | None:
        word = keyword.str_value.lower()
        span_start = keyword.start
        if word in ("break", "continue"):
            target = None
            tok = self.peek(cmd=True)
            if tok.kind not in STATEMENT_END and tok.kind != "]":
                target = self.parse_argument_element()
            if word == "break":
                return ast.Break(self.span(span_start), target)
            return ast.Continue(self.span(span_start), target)
        value = self.optional_pipeline()
        span = self.span(span_start)
        if word == "throw":
            return ast.Throw(span, value)
        if word == "return":
            return ast.Return(span, value)
        return ast.Exit(span, value)

    # ------------------------------------------------------------------ provided elsewhere

    def parse_switch(self, keyword: Token, label: str | None) -> ast.Statement | None:
        """`switch` (parser_block)."""
        raise NotImplementedError

    def parse_try(self, keyword: Token, label: str | None) -> ast.Statement | None:
        """`try` (parser_block)."""
        raise NotImplementedError

    def parse_function(self, keyword: Token, label: str | None) -> ast.Statement | None:
        """`function` / `filter` (parser_block)."""
        raise NotImplementedError


Handler = Callable[[StatementParser, Token, "str | None"], "ast.Statement | None"]

_HANDLERS: dict[str, Handler] = {
    "if": StatementParser.parse_if,
    "foreach": StatementParser.parse_foreach,
    "while": StatementParser.parse_while,
    "for": StatementParser.parse_for,
    "do": StatementParser.parse_do,
    "switch": lambda p, k, lbl: p.parse_switch(k, lbl),
    "try": lambda p, k, lbl: p.parse_try(k, lbl),
    "function": lambda p, k, lbl: p.parse_function(k, lbl),
    "filter": lambda p, k, lbl: p.parse_function(k, lbl),
    "throw": StatementParser.parse_flow,
    "return": StatementParser.parse_flow,
    "exit": StatementParser.parse_flow,
    "break": StatementParser.parse_flow,
    "continue": StatementParser.parse_flow,
}
