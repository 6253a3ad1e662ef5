"""Expressions: precedence climbing over the §6.3 table, unary operators, primaries, postfix."""

from __future__ import annotations

from decimal import Decimal

from netnat.lang import ast
from netnat.lang import tokens as T
from netnat.lang.parser_base import UNARY_OPS, ParserBase
from netnat.lang.tokens import Token

_OPERAND_START = frozenset((T.VARIABLE, T.NUMBER, T.STRING, "(", "$(", "@(", "@{", "[", "{"))
_CAST_OPERAND_OPS = frozenset(("-", "+", "!", "-not", "-bnot", "++", "--"))


class ExpressionParser(ParserBase):
    """Expressions in expression mode."""

    # ------------------------------------------------------------------ binary levels

    def parse_expression(self, comma: bool = True) -> ast.Expression | None:
        return self._binary(1, comma)

    def _binary(self, min_prec: int, comma: bool) -> ast.Expression | None:
        start = self.peek().start
        left = self._array_literal() if comma else self.parse_unary()
        if left is None:
            return None
        while True:
            tok = self.peek()
            prec = T.PRECEDENCE.get(tok.str_value) if tok.kind == T.OP else None
            if prec is None or prec < min_prec:
                return left
            self.advance(tok)
            self.skip_newlines()
            right = self._binary(prec + 1, comma)
            if right is None:
                self.error_after("ExpectedValueExpression", tok.text)
                return left
            left = self._binary_node(str(tok.value), left, right, start)

    def _binary_node(
        self, op: str, left: ast.Expression, right: ast.Expression, start: int
    ) -> ast.Expression:
        span = self.span(start)
        if op == "..":
            return ast.Range(span, left, right)
        if op == "-f":
            return ast.Format(span, left, right)
        return ast.Binary(span, op, left, right)

    def _array_literal(self) -> ast.Expression | None:
        start = self.peek().start
        first = self.parse_unary()
        if first is None or self.peek().kind != ",":
            return first
        elements = [first]
        while self.peek().kind == ",":
            comma = self.take()
            self.skip_newlines()
            element = self.parse_unary()
            if element is None:
                self.error_after("MissingExpressionAfterToken", comma.text)
                break
            elements.append(element)
        return ast.ArrayLiteral(self.span(start), tuple(elements))

    # ------------------------------------------------------------------ unary

    def parse_unary(self) -> ast.Expression | None:
        tok = self.peek()
        self.enter(tok.start, tok.end)
        try:
            if tok.kind == T.OP and tok.value in UNARY_OPS:
                return self._unary_op(tok)
            if tok.kind == ",":
                return self._unary_comma(tok)
            if tok.kind == "[":
                return self._type_or_cast(tok)
            primary = self.parse_primary()
            return None if primary is None else self.parse_postfix(primary, tok.start, cmd=False)
        finally:
            self.leave()

    def _unary_op(self, tok: Token) -> ast.Expression | None:
        self.advance(tok)
        nxt = self.peek()
        if tok.value in ("-", "+") and nxt.kind == T.NUMBER and not nxt.ws_before:
            self.advance(nxt)
            return self.parse_postfix(self._signed_number(tok, nxt), tok.start, cmd=False)
        operand = self.parse_unary()
        if operand is None:
            self.error_after("MissingExpressionAfterOperator", tok.text)
            # as Parser.cs: an error expression stands in, so no second error follows
            operand = ast.StringConstant(tok.span, "", "bare", "")
        return ast.Unary(self.span(tok.start), str(tok.value), operand)

    def _signed_number(self, sign: Token, number: Token) -> ast.Constant:
        value = number.value
        assert isinstance(value, int | float | Decimal)
        if sign.value == "-":
            value = -value
        text = ("-" if sign.value == "-" else "+") + number.text
        return ast.Constant(self.span(sign.start), value, text, number.num_type)

    def _unary_comma(self, tok: Token) -> ast.Expression | None:
        self.advance(tok)
        operand = self.parse_unary()
        if operand is None:
            self.error_after("MissingExpressionAfterOperator", ",")
            return None
        return ast.ArrayLiteral(self.span(tok.start), (operand,))

    def _type_or_cast(self, tok: Token) -> ast.Expression | None:
        self.advance(tok)
        parsed = self.parse_type_after_bracket(tok)
        if parsed is None:  # reported; an error expression stands in (as Parser.cs)
            return ast.StringConstant(self.span(tok.start), "", "bare", "")
        if isinstance(parsed, ast.Attribute):
            self.error_at(tok, "UnexpectedAttribute", parsed.type.full_name)
            return self.parse_unary()
        literal = ast.TypeLiteral(self.span(tok.start), parsed)
        if self.text.startswith("::", self.pos):
            return self.parse_postfix(literal, tok.start, cmd=False)
        nxt = self.peek()
        if nxt.kind in _OPERAND_START or (nxt.kind == T.OP and nxt.value in _CAST_OPERAND_OPS):
            operand = self.parse_unary()
            if operand is not None:
                return ast.Cast(self.span(tok.start), parsed, operand)
        return self.parse_postfix(literal, tok.start, cmd=False)

    # ------------------------------------------------------------------ primaries

    def parse_primary(self) -> ast.Expression | None:
        """A literal, variable or bracketed expression in expression mode (None if none)."""
        tok = self.peek()
        kind = tok.kind
        if kind in (T.NUMBER, T.STRING):
            self.advance(tok)
            return self.literal(tok)
        if kind == T.VARIABLE:
            self.advance(tok)
            return self.variable(tok)
        return self.bracketed(tok)

    def bracketed(self, tok: Token) -> ast.Expression | None:
        """`( )`, `$( )`, `@( )`, `@{ }` or `{ }` starting at `tok`, else None."""
        self.enter(tok.start, tok.end)
        try:
            return self._bracketed(tok)
        finally:
            self.leave()

    def _bracketed(self, tok: Token) -> ast.Expression | None:
        kind = tok.kind
        if kind == "(":
            return self._paren(tok)
        if kind in ("$(", "@("):
            return self._sub_expression(tok)
        if kind == "@{":
            return self.parse_hashtable(tok)
        if kind == "{":
            return self._script_block_expression(tok)
        return None

    def literal(self, tok: Token) -> ast.Expression:
        """The node of a NUMBER, STRING or WORD token."""
        span = tok.span
        if tok.kind == T.NUMBER:
            value = tok.value
            assert isinstance(value, int | float | Decimal)
            return ast.Constant(span, value, tok.text, tok.num_type)
        quote = tok.quote or "bare"
        if tok.parts is not None:
            return ast.ExpandableString(span, tok.parts, quote, tok.text)
        return ast.StringConstant(span, tok.str_value, quote, tok.text)

    def variable(self, tok: Token) -> ast.Variable:
        """The node of a VARIABLE token."""
        return ast.Variable(tok.span, tok.str_value, tok.scope, tok.splat, tok.braced)

    def _paren(self, tok: Token) -> ast.Expression:
        self.advance(tok)
        self.skip_newlines()
        if self.peek().kind == ")":
            self.error_after("ExpectedExpression")
            self.take()
            return ast.Paren(self.span(tok.start), ast.Pipeline(tok.span, ()))
        statement = self.parse_pipeline()
        self.skip_newlines()
        if self.accept(")") is None:
            self.error_after("MissingEndParenthesisInExpression")
        if statement is None:
            statement = ast.Pipeline(tok.span, ())
        return ast.Paren(self.span(tok.start), statement)

    def _sub_expression(self, tok: Token) -> ast.Expression:
        self.advance(tok)
        statements = self.parse_statement_list(frozenset((")",)))
        if self.accept(")") is None:
            self.error_after("MissingEndParenthesisInSubexpression")
        span = self.span(tok.start)
        if tok.kind == "$(":
            return ast.SubExpression(span, statements)
        return ast.ArrayExpression(span, statements)

    def parse_sub_expression_at(self, start: int) -> tuple[ast.SubExpression, int]:
        saved = (self.pos, self.last_end)
        self.pos = self.last_end = start
        self.enter(start - 2, start)
        try:
            statements = self.parse_statement_list(frozenset((")",)))
            if self.accept(")") is None:
                self.error_after("MissingEndParenthesisInSubexpression")
            node = ast.SubExpression(self.span(start - 2), statements)
            return node, self.pos
        finally:
            self.leave()
            self.pos, self.last_end = saved

    def _script_block_expression(self, tok: Token) -> ast.Expression:
        self.advance(tok)
        body = self.parse_script_body(tok.start, "}")
        if self.accept("}") is None:
            self.error_at(tok, "MissingEndCurlyBrace")
        return ast.ScriptBlockExpression(self.span(tok.start), body)

    def parse_hashtable(self, tok: Token) -> ast.Hashtable:
        """`@{ key = value; ... }` with `tok` the `@{`."""
        self.advance(tok)
        entries: list[ast.HashEntry] = []
        seen: set[str] = set()
        while True:
            self.skip_newlines(semis=True)
            nxt = self.peek()
            if nxt.kind == "}":
                self.advance(nxt)
                break
            if nxt.kind == T.EOF_:
                self.error_at(tok, "IncompleteHashLiteral")
                break
            entry = self._hash_entry(nxt)
            if entry is None:
                self._skip_hash_entry()
                continue
            key = _key_text(entry.key)
            if key is not None:
                if key.lower() in seen:
                    self.report("DuplicateKeyInHashLiteral", nxt.start, nxt.start + len(key), key)
                seen.add(key.lower())
            entries.append(entry)
        return ast.Hashtable(self.span(tok.start), tuple(entries))

    def _hash_entry(self, first: Token) -> ast.HashEntry | None:
        if first.is_op("="):
            self.error_at(first, "MissingKeyInHashLiteral")
            return None
        key = self._hash_key(first)
        if key is None:
            self.error_at(first, "UnexpectedToken", first.text)
            return None
        eq = self.peek()
        if not eq.is_op("="):
            self.error_after("MissingEqualsInHashLiteral")
            return None
        self.advance(eq)
        self.skip_newlines()
        nxt = self.peek()
        value = None if nxt.kind in ("}", ";", T.EOF_) else self.parse_statement()
        if value is None:
            self.error_after("MissingStatementInHashLiteral")
            return None
        after = self.peek()
        if after.kind not in (T.NEWLINE, ";", "}", T.EOF_):
            self.error_at(after, "UnexpectedToken", after.text)
        return ast.HashEntry(self.span(first.start), key, value)

    def _hash_key(self, first: Token) -> ast.Expression | None:
        name = self.tokenizer.scan_member_name(first.start)
        if name is not None:
            self.pos = self.last_end = name.end
            return ast.StringConstant(name.span, name.str_value, "bare", name.text)
        return self.parse_unary()

    def _skip_hash_entry(self) -> None:
        while self.peek().kind not in (T.NEWLINE, ";", "}", T.EOF_):
            self.take()

    # ------------------------------------------------------------------ postfix

    def parse_postfix(self, expr: ast.Expression, start: int, cmd: bool) -> ast.Expression:
        """Member access, method calls, indexing and `++`/`--` right after `expr` (no spaces)."""
        while True:
            c = self.char_at(self.pos)
            if c == "." and self.char_at(self.pos + 1) != ".":
                expr = self._member(expr, start, static=False, width=1)
            elif c == ":" and self.char_at(self.pos + 1) == ":":
                expr = self._member(expr, start, static=True, width=2)
            elif c == "[":
                expr = self._index(expr, start)
            elif not cmd and c in "+-\u2013\u2014\u2015":
                tok = self.peek()
                if tok.is_op("++", "--") and not tok.ws_before:
                    self.advance(tok)
                    expr = ast.Unary(self.span(start), str(tok.value), expr, postfix=True)
                else:
                    return expr
            else:
                return expr

    def _member(
        self, target: ast.Expression, start: int, static: bool, width: int
    ) -> ast.Expression:
        self.pos = self.last_end = self.pos + width
        member = self._member_name()
        if member is None:
            self.error_after("MissingPropertyName")
            return ast.MemberAccess(self.span(start), target, "", static)
        if self.char_at(self.pos) == "(":
            self.take()
            args = self._call_arguments()
            return ast.InvokeMember(self.span(start), target, member, args, static)
        return ast.MemberAccess(self.span(start), target, member, static)

    def _member_name(self) -> str | ast.Expression | None:
        name = self.tokenizer.scan_member_name(self.pos)
        if name is not None:
            self.advance(name)
            return name.str_value
        tok = self.peek()
        if tok.ws_before or tok.kind not in (T.STRING, T.VARIABLE, "(", "$("):
            return None
        return self.parse_primary()

    def _call_arguments(self) -> tuple[ast.Expression, ...]:
        args: list[ast.Expression] = []
        self.skip_newlines()
        if self.accept(")"):
            return ()
        while True:
            self.skip_newlines()
            arg = self.parse_expression(comma=False)
            if arg is None:
                self.error_after("MissingEndParenthesisInMethodCall")
                return tuple(args)
            args.append(arg)
            self.skip_newlines()
            if self.accept(",") is None:
                break
        if self.accept(")") is None:
            self.error_after("MissingEndParenthesisInMethodCall")
        return tuple(args)

    def _index(self, target: ast.Expression, start: int) -> ast.Expression:
        self.take()
        self.skip_newlines()
        index = self.parse_expression()
        self.skip_newlines()
        if index is None:
            self.error_after("MissingArrayIndexExpression")
            index = ast.ArrayLiteral(self.span(self.pos, self.pos), ())
        if self.accept("]") is None:
            self.error_after("MissingEndSquareBracket")
        return ast.Index(self.span(start), target, index)


def _key_text(key: ast.Expression) -> str | None:
    if isinstance(key, ast.StringConstant):
        return key.value
    if isinstance(key, ast.Constant):
        return str(key.value)
    return None
