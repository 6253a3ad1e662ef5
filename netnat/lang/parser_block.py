"""Blocks and declarations: script bodies, param blocks, attributes, functions, switch, try."""

from __future__ import annotations

from netnat.lang import ast
from netnat.lang import tokens as T
from netnat.lang.parser_stmt import StatementParser
from netnat.lang.tokens import Token

_NAMED_BLOCKS = ("begin", "process", "end", "dynamicparam")
_CLOSE_BRACE = frozenset(("}",))
_SWITCH_OPTIONS = frozenset(("regex", "wildcard", "exact", "casesensitive"))


class BlockParser(StatementParser):
    """Script blocks, parameters, attributes, types, functions, switch and try."""

    # ------------------------------------------------------------------ blocks

    def parse_block(self) -> ast.StatementBlock:
        open_tok = self.take()
        self.enter(open_tok.start, open_tok.end)
        try:
            statements = self.parse_statement_list(_CLOSE_BRACE)
        finally:
            self.leave()
        if self.accept("}") is None:
            self.error_at(open_tok, "MissingEndCurlyBrace")
        return ast.StatementBlock(self.span(open_tok.start), statements)

    def parse_script_body(self, start: int, closer: str) -> ast.ScriptBlock:
        closers = frozenset((closer,))
        self.skip_newlines(semis=True)
        param_block = self._param_block()
        self.skip_newlines(semis=True)
        if self._named_blocks_ahead():
            blocks = self._named_blocks(closers)
            return ast.ScriptBlock(
                self.span(start),
                param_block,
                blocks.get("begin"),
                blocks.get("process"),
                blocks.get("end"),
                named=True,
            )
        body_start = self.peek().start
        statements = self.parse_statement_list(closers)
        end = ast.StatementBlock(self.span(body_start), statements)
        return ast.ScriptBlock(self.span(start), param_block, None, None, end)

    def _named_blocks_ahead(self) -> bool:
        word = self.peek_word(*_NAMED_BLOCKS)
        if word is None:
            return False
        saved = (self.pos, self.last_end)
        self.advance(word)
        self.skip_newlines()
        ahead = self.peek().kind == "{"
        self.pos, self.last_end = saved
        return ahead

    def _named_blocks(self, closers: frozenset[str]) -> dict[str, ast.StatementBlock]:
        blocks: dict[str, ast.StatementBlock] = {}
        while True:
            self.skip_newlines(semis=True)
            tok = self.peek(cmd=True)
            if tok.kind == T.EOF_ or tok.kind in closers:
                return blocks
            word = self.peek_word(*_NAMED_BLOCKS)
            if word is None:
                self.error_at(self.advance(tok), "MissingNamedBlocks", tok.text)
                continue
            self.advance(word)
            block = self.block_after("MissingNamedStatementBlock", word.text)
            if block is not None:
                blocks.setdefault(word.str_value.lower(), block)

    # ------------------------------------------------------------------ param blocks

    def _param_block(self) -> ast.ParamBlock | None:
        start = self.peek().start
        saved = (self.pos, self.last_end, len(self.errors))
        attributes: list[ast.Attribute] = []
        while self.peek().kind == "[":
            parsed = self.parse_type_after_bracket(self.take())
            if not isinstance(parsed, ast.Attribute):
                break
            attributes.append(parsed)
            self.skip_newlines()
        word = self.peek_word("param")
        if word is None:
            if attributes or self.pos != saved[0]:
                self.pos, self.last_end = saved[0], saved[1]
                self.rollback_errors(saved[2])
                self.forget_tokens()
            return None
        self.advance(word)
        if not self.open_paren(word, "MissingOpenParenthesisAfterKeyword"):
            return None
        parameters = self.parameter_list()
        return ast.ParamBlock(self.span(start), tuple(attributes), parameters)

    def parameter_list(self) -> tuple[ast.ParameterNode, ...]:
        """Parameters after a consumed `(`, up to and including `)`."""
        parameters: list[ast.ParameterNode] = []
        while True:
            self.skip_newlines()
            tok = self.peek()
            if tok.kind == ")":
                self.advance(tok)
                break
            parameter = self._parameter_decl()
            if parameter is None:
                self.error_after("MissingEndParenthesisInFunctionParameterList")
                break
            parameters.append(parameter)
            self.skip_newlines()
            if self.accept(",") is None:
                if self.accept(")") is None:
                    self.error_after("MissingEndParenthesisInFunctionParameterList")
                break
        return tuple(parameters)

    def _parameter_decl(self) -> ast.ParameterNode | None:
        start = self.peek().start
        attributes: list[ast.Attribute | ast.TypeName] = []
        while self.peek().kind == "[":
            parsed = self.parse_type_after_bracket(self.take())
            if parsed is None:
                return None
            attributes.append(parsed)
            self.skip_newlines()
        var_tok = self.accept(T.VARIABLE)
        if var_tok is None:
            return None
        default = None
        if self.peek().is_op("="):
            self.take()
            self.skip_newlines()
            default = self.parse_expression(comma=False)
            if default is None:
                self.error_after("ExpectedValueExpression", "=")
        variable = self.variable(var_tok)
        return ast.ParameterNode(self.span(start), variable, tuple(attributes), default)

    # ------------------------------------------------------------------ types and attributes

    def parse_type_after_bracket(self, open_tok: Token) -> ast.TypeName | ast.Attribute | None:
        name = self.tokenizer.scan_type_name(self.pos)
        if name is None:
            self.error_after("MissingTypename")
            return None
        self.advance(name)
        if self.char_at(self.pos) == "(":
            return self._attribute(open_tok, name)
        type_name = self._type_rest(open_tok.start, name)
        if self.accept("]") is None:
            self.error_after("EndSquareBracketExpectedAtEndOfType")
            return None
        return type_name

    def _type_rest(self, start: int, name: Token) -> ast.TypeName:
        generic: list[ast.TypeName] = []
        rank = 0
        while self.char_at(self.pos) == "[":
            self.take()
            if self.accept("]") is not None:
                rank += 1
                continue
            generic.extend(self._generic_args())
        return ast.TypeName(self.span(start), name.str_value, tuple(generic), rank)

    def _generic_args(self) -> list[ast.TypeName]:
        args: list[ast.TypeName] = []
        while True:
            bracketed = self.accept("[")
            arg_name = self.tokenizer.scan_type_name(self.pos)
            if arg_name is None:
                self.error_after("MissingTypename")
                return args
            self.advance(arg_name)
            args.append(self._type_rest(arg_name.start, arg_name))
            if bracketed is not None and self.accept("]") is None:
                self.error_after("EndSquareBracketExpectedAtEndOfType")
            if self.accept(",") is None:
                break
        if self.accept("]") is None:
            self.error_after("EndSquareBracketExpectedAtEndOfType")
        return args

    def _attribute(self, open_tok: Token, name: Token) -> ast.Attribute:
        self.take()  # (
        positional: list[ast.Expression] = []
        named: list[ast.NamedArgument] = []
        self.skip_newlines()
        if self.accept(")") is None:
            while True:
                self.skip_newlines()
                if not self._attribute_argument(positional, named):
                    break
                self.skip_newlines()
                if self.accept(",") is None:
                    if self.accept(")") is None:
                        self.error_after("MissingEndParenthesisInExpression")
                    break
        if self.accept("]") is None:
            self.error_after("EndSquareBracketExpectedAtEndOfAttribute")
        type_name = ast.TypeName(name.span, name.str_value)
        return ast.Attribute(self.span(open_tok.start), type_name, tuple(positional), tuple(named))

    def _attribute_argument(
        self, positional: list[ast.Expression], named: list[ast.NamedArgument]
    ) -> bool:
        member = self.tokenizer.scan_member_name(self.peek().start)
        if member is not None:
            self.pos = self.last_end = member.end
            value = None
            if self.peek().is_op("="):
                self.take()
                self.skip_newlines()
                value = self.parse_expression(comma=False)
                if value is None:
                    self.error_after("MissingExpressionInNamedArgument")
            named.append(ast.NamedArgument(self.span(member.start), member.str_value, value))
            return True
        value = self.parse_expression(comma=False)
        if value is None:
            self.error_after("MissingEndParenthesisInExpression")
            return False
        positional.append(value)
        return True

    # ------------------------------------------------------------------ functions

    def parse_function(self, keyword: Token, label: str | None) -> ast.Statement | None:
        name_tok = self.peek(cmd=True)
        if name_tok.kind not in (T.WORD, T.STRING):
            self.error_after("MissingNameAfterKeyword", keyword.text.lower())
            return None
        self.advance(name_tok)
        parameters = None
        if self.peek().kind == "(":
            self.take()
            parameters = self.parameter_list()
        self.skip_newlines()
        open_tok = self.accept("{")
        if open_tok is None:
            self.error_after("MissingFunctionBody")
            return None
        self.enter(open_tok.start, open_tok.end)
        try:
            body = self.parse_script_body(open_tok.start, "}")
        finally:
            self.leave()
        if self.accept("}") is None:
            self.error_at(open_tok, "MissingEndCurlyBrace")
        if parameters is not None and body.param_block is not None:
            self.report("OnlyOneParameterListAllowed", keyword.start, keyword.end)
        is_filter = keyword.str_value.lower() == "filter"
        span = self.span(keyword.start)
        return ast.FunctionDefinition(span, name_tok.str_value, body, parameters, is_filter)

    # ------------------------------------------------------------------ switch

    def parse_switch(self, keyword: Token, label: str | None) -> ast.Statement | None:
        options: list[str] = []
        while self.peek(cmd=True).kind == T.PARAM:
            option = self.take(cmd=True)
            if option.str_value.lower() not in _SWITCH_OPTIONS:
                self.error_at(option, "InvalidSwitchFlag", option.text)
            options.append(option.str_value.lower())
        self.skip_newlines()
        if self.accept("(") is None:
            self.error_after("PipelineValueRequired")
            return None
        self.skip_newlines()
        value = None if self.peek().kind in (")", T.EOF_) else self.parse_statement()
        if value is None:
            self.error_after("MissingSwitchValueExpression")
            return None
        self.skip_newlines()
        if self.accept(")") is None:
            self.error_after("MissingEndParenthesisInSwitchStatement")
            return None
        self.skip_newlines()
        open_tok = self.accept("{")
        if open_tok is None:
            self.error_after("MissingCurlyBraceInSwitchStatement")
            return None
        clauses, default = self._switch_clauses(open_tok)
        span = self.span(keyword.start)
        return ast.Switch(span, value, tuple(clauses), default, tuple(options), label)

    def _switch_clauses(
        self, open_tok: Token
    ) -> tuple[list[ast.SwitchClause], ast.StatementBlock | None]:
        clauses: list[ast.SwitchClause] = []
        default = None
        while True:
            self.skip_newlines(semis=True)
            tok = self.peek(cmd=True)
            if tok.kind == "}":
                self.advance(tok)
                return clauses, default
            if tok.kind == T.EOF_:
                self.error_at(open_tok, "MissingEndCurlyBrace")
                return clauses, default
            is_default = tok.is_plain_word() and tok.str_value.lower() == "default"
            condition = self.parse_argument_element()
            if condition is None:
                self.error_at(self.advance(tok), "MissingSwitchConditionExpression")
                continue
            body = self.block_after("MissingSwitchStatementClause")
            if body is None:
                continue
            if is_default:
                if default is not None:
                    self.error_at(tok, "MultipleSwitchDefaultClauses")
                default = body
            else:
                clauses.append(ast.SwitchClause(self.span(tok.start), condition, body))

    # ------------------------------------------------------------------ try

    def parse_try(self, keyword: Token, label: str | None) -> ast.Statement | None:
        body = self.block_after("MissingTryStatementBlock")
        if body is None:
            return None
        catches: list[ast.CatchClause] = []
        while (word := self._lookahead_word("catch")) is not None:
            self.advance(word)
            types = self._catch_types()
            handler = self.block_after("MissingCatchHandlerBlock")
            if handler is None:
                return None
            catches.append(ast.CatchClause(self.span(word.start), tuple(types), handler))
        finally_body = None
        word = self._lookahead_word("finally")
        if word is not None:
            self.advance(word)
            finally_body = self.block_after("MissingFinallyStatementBlock")
            if finally_body is None:
                return None
        if not catches and finally_body is None:
            self.error_after("MissingCatchOrFinally")
            return None
        return ast.Try(self.span(keyword.start), body, tuple(catches), finally_body)

    def _catch_types(self) -> list[ast.TypeName]:
        types: list[ast.TypeName] = []
        while self.peek().kind == "[":
            parsed = self.parse_type_after_bracket(self.take())
            if isinstance(parsed, ast.TypeName):
                types.append(parsed)
            if self.accept(",") is None:
                break
            self.skip_newlines()
        return types
