"""Pipelines and commands: argument mode, parameters, `-Name:value`, arrays, redirections."""

from __future__ import annotations

from netnat.lang import ast
from netnat.lang import tokens as T
from netnat.lang.parser_base import EXPRESSION_START, STATEMENT_END, UNARY_OPS
from netnat.lang.parser_expr import ExpressionParser
from netnat.lang.tokens import Token

# Tokens that end a command's argument list.
_COMMAND_END = STATEMENT_END | {"]"}
_ARGUMENT_END = _COMMAND_END | {T.REDIRECT, "<", "&", ","}
_BRACKETED = frozenset(("(", "$(", "@(", "@{", "{"))


def is_expression_start(tok: Token) -> bool:
    """True if a statement starting with `tok` (expression mode) is an expression."""
    if tok.kind in EXPRESSION_START:
        return True
    return tok.kind == T.OP and tok.value in UNARY_OPS


class CommandParser(ExpressionParser):
    """Pipelines, commands and assignments."""

    # ------------------------------------------------------------------ pipelines

    def parse_pipeline(self) -> ast.Statement | None:
        first = self.peek()
        start = first.start
        if is_expression_start(first):
            expression = self._expression_element()
            if isinstance(expression, ast.Assignment) or expression is None:
                return expression
            element: ast.PipelineElement = expression
        else:
            command = self._command()
            if command is None:
                return None
            element = command
        elements: list[ast.PipelineElement] = [element]
        while True:
            pipe = self.peek()
            if pipe.kind != "|":
                break
            self.advance(pipe)
            self.skip_newlines()
            nxt = self._next_command()
            if nxt is not None:
                elements.append(nxt)
            elif self.peek().kind != "|":
                break
        return ast.Pipeline(self.span(start), tuple(elements))

    def _next_command(self) -> ast.PipelineElement | None:
        tok = self.peek(cmd=True)
        if tok.kind in _COMMAND_END:
            self.error_after("EmptyPipeElement")
            return None
        if tok.kind in EXPRESSION_START and tok.kind not in ("[", ","):
            self.error_at(tok, "ExpressionsMustBeFirstInPipeline")
            expr = self.parse_expression()
            if expr is None:
                self.take()
                return None
            return ast.CommandExpression(expr.span, expr)
        return self._command()

    def _expression_element(self) -> ast.CommandExpression | ast.Assignment | None:
        first = self.peek()
        expr = self.parse_expression()
        if expr is None:
            if self.pos == first.start:
                self.error_at(self.advance(first), "UnexpectedToken", first.text)
            return None
        tok = self.peek()
        if tok.kind == T.OP and tok.value in T.ASSIGNMENT_OPS:
            return self._assignment(expr, first.start, tok)
        redirections = self._redirections(cmd=False)
        return ast.CommandExpression(self.span(first.start), expr, redirections)

    def _assignment(self, target: ast.Expression, start: int, op: Token) -> ast.Assignment:
        if not _assignable(target):
            self.report("InvalidLeftHandSide", start, self.last_end)
        self.advance(op)
        self.skip_newlines()
        nxt = self.peek()
        value = None
        if nxt.kind not in STATEMENT_END or nxt.kind == "|":
            value = self.parse_statement()
        if value is None:
            self.error_after("ExpectedValueExpression", op.text)
            value = ast.Pipeline(op.span, ())
        return ast.Assignment(self.span(start), target, str(op.value), value)

    def _redirections(self, cmd: bool) -> tuple[ast.Redirection, ...]:
        found: list[ast.Redirection] = []
        while self.peek(cmd).kind == T.REDIRECT:
            found.append(self._redirection(self.take(cmd)))
        return tuple(found)

    # ------------------------------------------------------------------ commands

    def _command(self) -> ast.CommandNode | None:
        tok = self.peek(cmd=True)
        start = tok.start
        invocation = None
        if tok.kind in ("&", "."):
            self.advance(tok)
            invocation = tok.kind
            name = self._invocation_target(tok)
        else:
            name = self._command_name(tok)
        if name is None:
            return None
        elements = self._command_elements()
        return ast.CommandNode(self.span(start), name, elements, invocation)

    def _invocation_target(self, op: Token) -> ast.Expression | None:
        tok = self.peek(cmd=True)
        if tok.kind in _ARGUMENT_END or tok.kind == T.PARAM:
            self.error_after("MissingExpression", op.text)
            return None
        return self.parse_argument_element()

    def _command_name(self, tok: Token) -> ast.Expression | None:
        if tok.kind in (T.WORD, T.OP, T.LABEL, ".", "::", "[", T.PARAM):
            self.advance(tok)
            if tok.kind == T.WORD and tok.parts is not None:
                return ast.ExpandableString(tok.span, tok.parts, "bare", tok.text)
            return ast.StringConstant(
                tok.span, tok.str_value if tok.kind == T.WORD else tok.text, "bare", tok.text
            )
        self.error_at(tok, "UnexpectedToken", tok.text)
        self.advance(tok)
        return None

    def _command_elements(self) -> tuple[ast.CommandElement, ...]:
        elements: list[ast.CommandElement] = []
        end_of_params = False
        while True:
            tok = self.peek(cmd=True)
            kind = tok.kind
            if kind in _COMMAND_END:
                return tuple(elements)
            if kind == T.PARAM and not end_of_params:
                elements.append(self._parameter(self.advance(tok)))
            elif kind == T.REDIRECT:
                elements.append(self._redirection(self.advance(tok)))
            elif kind == "<":
                self.error_at(self.advance(tok), "RedirectionNotSupported", "<")
            elif kind == "&":
                self.error_at(self.advance(tok), "AmpersandNotAllowed")
            elif kind == T.OP and tok.value == "--" and not end_of_params:
                self.advance(tok)
                end_of_params = True
            elif kind == T.STOP_PARSING:
                self.advance(tok)
                rest = ast.StringConstant(tok.span, tok.str_value, "bare", tok.text)
                elements.append(ast.CommandArgument(tok.span, rest))
            else:
                value = self._argument_value(tok)
                if value is None:
                    return tuple(elements)
                elements.append(ast.CommandArgument(value.span, value))

    def _parameter(self, tok: Token) -> ast.CommandParameter:
        name = tok.str_value
        if not tok.colon:
            return ast.CommandParameter(tok.span, name, tok.text)
        nxt = self.peek(cmd=True)
        if (nxt.kind in _ARGUMENT_END and nxt.kind != T.REDIRECT) or nxt.kind == ",":
            self.error_at(tok, "ParameterRequiresArgument", tok.text)
            return ast.CommandParameter(tok.span, name, tok.text, colon=True)
        argument = self._argument_value(nxt)
        return ast.CommandParameter(tok.span, name, tok.text, colon=True, argument=argument)

    def _redirection(self, tok: Token) -> ast.Redirection:
        stream = tok.str_value
        if tok.merge_to is not None:
            return ast.Redirection(tok.span, stream, merge_to=tok.merge_to)
        nxt = self.peek(cmd=True)
        if nxt.kind in _ARGUMENT_END or nxt.kind == T.PARAM:
            self.error_after("MissingFileSpecification")
            return ast.Redirection(tok.span, stream, tok.append)
        target = self.parse_argument_element()
        return ast.Redirection(self.span(tok.start), stream, tok.append, target)

    # ------------------------------------------------------------------ arguments

    def _argument_value(self, first: Token) -> ast.Expression | None:
        """One argument, or several joined by commas into one ArrayLiteral."""
        element = self.parse_argument_element()
        if element is None or self.peek(cmd=True).kind != ",":
            return element
        elements = [element]
        while self.peek(cmd=True).kind == ",":
            comma = self.take(cmd=True)
            self.skip_newlines()
            nxt = self.peek(cmd=True)
            if nxt.kind in _ARGUMENT_END:
                self.error_after("MissingExpression", comma.text)
                break
            item = self.parse_argument_element()
            if item is None:
                break
            elements.append(item)
        return ast.ArrayLiteral(self.span(first.start), tuple(elements))

    def parse_argument_element(self) -> ast.Expression | None:
        tok = self.peek(cmd=True)
        kind = tok.kind
        if kind in (T.WORD, T.NUMBER, T.STRING):
            self.advance(tok)
            return self.literal(tok)
        if kind == T.VARIABLE:
            self.advance(tok)
            return self.parse_postfix(self.variable(tok), tok.start, cmd=True)
        if kind in _BRACKETED:
            expr = self.bracketed(tok)
            return None if expr is None else self.parse_postfix(expr, tok.start, cmd=True)
        if kind in (T.OP, T.LABEL, T.PARAM, ".", "::", "[", T.STOP_PARSING):
            self.advance(tok)
            return ast.StringConstant(tok.span, tok.text, "bare", tok.text)
        return None


def _assignable(target: ast.Expression) -> bool:
    if isinstance(target, ast.Variable):
        return not target.splat
    if isinstance(target, ast.MemberAccess | ast.Index):
        return True
    if isinstance(target, ast.Cast):
        return _assignable(target.operand)
    if isinstance(target, ast.ArrayLiteral):
        return all(_assignable(e) for e in target.elements)
    return False
