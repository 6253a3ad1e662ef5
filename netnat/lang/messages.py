"""Parse-error texts by ErrorId (ParserStrings.resx) and the ErrorRecord a parse error becomes."""

from __future__ import annotations

from netnat.errors import ErrorRecord
from netnat.source import Span

_FOREACH_FORM = "\nThe correct form is: foreach ($a in $b) {{...}}"

# ErrorId -> message template ({0}, {1} filled in). Texts are PowerShell's own; entries marked
# [inf] are not in ParserStrings.resx (netnat's own wording) and can be changed here only.
MESSAGES: dict[str, str] = {
    "AmpersandNotAllowed": (
        "The ampersand (&) character is not allowed. The & operator is reserved for future use; "
        'wrap an ampersand in double quotation marks ("&") to pass it as part of a string.'
    ),
    "BadNumericConstant": "The numeric constant {0} is not valid.",
    "DuplicateKeyInHashLiteral": "Duplicate keys '{0}' are not allowed in hash literals.",
    "EmptyPipeElement": "An empty pipe element is not allowed.",
    "EmptyVariableReference": (
        "An empty ${{}} variable reference was found. A name is required inside the braces."
    ),
    "EndSquareBracketExpectedAtEndOfType": "Missing ] at end of type token.",
    "EndSquareBracketExpectedAtEndOfAttribute": "Missing ] at end of attribute or type literal.",
    "ExpectedExpression": "An expression was expected after '('.",
    "ExpectedValueExpression": "You must provide a value expression following the '{0}' operator.",
    "ExpressionsMustBeFirstInPipeline": (
        "Expressions are only allowed as the first element of a pipeline."
    ),
    "IfStatementMissingCondition": "Missing condition in if statement after '{0} ('.",
    "IncompleteDollarVariableReference": (
        "${{variable}} reference starting is missing the closing '}}'."
    ),
    "IncompleteHashLiteral": "Missing closing '}}' in hash literal.",  # [inf] id
    "InvalidEndOfLine": "The token '{0}' is not a valid statement separator in this version.",
    "InvalidLeftHandSide": (
        "The assignment expression is not valid. The input to an assignment operator must be an "
        "object that is able to accept assignments, such as a variable or a property."
    ),
    "InvalidVariableReference": (
        "Variable reference is not valid. '$' was not followed by a valid variable name "
        "character. Consider using ${{}} to delimit the name."
    ),
    "InvalidVariableReferenceWithDrive": (
        "Variable reference is not valid. ':' was not followed by a valid variable name "
        "character. Consider using ${{}} to delimit the name."
    ),
    "MissingArrayIndexExpression": "Array index expression is missing or not valid.",
    "MissingCatchHandlerBlock": "The Catch block is missing its statement block.",
    "MissingCatchOrFinally": "The Try statement is missing its Catch or Finally block.",
    "MissingCurlyBraceInSwitchStatement": "Missing '{{' in switch statement.",
    "MissingEndCurlyBrace": "Missing closing '}}' in statement block or type definition.",
    "MissingEndParenthesisAfterForeach": (
        "Missing closing ')' after expression part of foreach loop." + _FOREACH_FORM
    ),
    "MissingEndParenthesisAfterStatement": (
        "Missing closing ')' after expression in '{0}' statement."
    ),
    "MissingEndParenthesisInExpression": "Missing closing ')' in expression.",
    "MissingEndParenthesisInFunctionParameterList": "Missing ')' in function parameter list.",
    "MissingEndParenthesisInMethodCall": "Missing ')' in method call.",
    "MissingEndParenthesisInSubexpression": "Missing closing ')' in subexpression.",
    "MissingEndParenthesisInSwitchStatement": "Missing ')' after expression in switch statement.",
    "MissingEndSquareBracket": "Missing ']' after array index expression.",
    "MissingEqualsInHashLiteral": "Missing '=' operator after key in hash literal.",
    "MissingEqualsInNamedArgument": 'The "=" operator is missing after a named argument.',
    "MissingExpression": "Missing expression after '{0}' in pipeline element.",
    "MissingExpressionAfterKeyword": "Missing expression after '{0}' in loop.",
    "MissingExpressionAfterOperator": "Missing expression after unary operator '{0}'.",
    "MissingExpressionAfterToken": "Missing expression after '{0}'.",
    "MissingFileSpecification": "Missing file specification after redirection operator.",
    "MissingFinallyStatementBlock": "The Finally block is missing its statement block.",
    "MissingForeachExpression": "Missing expression in foreach loop." + _FOREACH_FORM,
    "MissingForeachStatement": "Missing statement body in foreach loop." + _FOREACH_FORM,
    "MissingFunctionBody": "Missing function body in function declaration.",
    "MissingInInForeach": "Missing 'in' after variable in foreach loop." + _FOREACH_FORM,
    "MissingKeyInHashLiteral": "Missing key before '=' in hash literal.",
    "MissingLoopStatement": "Missing statement body in {0} loop.",
    "MissingExpressionInNamedArgument": "Missing statement after '=' in named argument.",
    "MissingNamedBlocks": (
        "unexpected token '{0}', expected 'begin', 'process', 'end', or 'dynamicparam'."
    ),
    "MissingNameAfterKeyword": "Missing name after {0} keyword.",
    "MissingNamedStatementBlock": "Missing statement block after '{0}'.",
    "MissingOpenParenthesisAfterKeyword": "Missing opening '(' after keyword '{0}'.",
    "MissingOpenParenthesisInIfStatement": "Missing '(' after '{0}' in if statement.",
    "MissingPropertyName": "Missing property name after reference operator.",
    "MissingStatementBlock": "Missing statement block after {0} ( condition ).",
    "MissingStatementBlockAfterElse": "Missing statement block after 'else' keyword.",
    "MissingStatementInHashLiteral": "Missing statement after '=' in hash literal.",
    "MissingSwitchConditionExpression": "Missing condition in switch statement clause.",
    "MissingSwitchStatementClause": "Missing statement block in switch statement clause.",
    "MissingSwitchValueExpression": "Missing expression after '(' in switch statement.",
    "MissingTryStatementBlock": "The Try statement is missing its statement block.",
    "MissingTerminatorMultiLineComment": (
        "The terminator '#>' is missing from the multiline comment."
    ),
    "MissingTypename": "Missing type name after '['.",
    "MissingVariableNameAfterForeach": "Missing variable name after foreach." + _FOREACH_FORM,
    "MissingWhileOrUntilInDoWhile": "Missing while or until keyword in do loop.",
    "MultipleSwitchDefaultClauses": "A switch statement can have only one default clause.",
    "OnlyOneParameterListAllowed": (
        "The param statement cannot be used if arguments were specified in the function "
        "declaration."
    ),
    "ParameterRequiresArgument": "Parameter {0} requires an argument.",
    "PipelineValueRequired": (
        "A switch statement must have one of the following:  '-file file_name' or '( expression )'."
    ),
    "InvalidSwitchFlag": "The parameter {0} is not valid for the switch statement.",
    "RedirectionNotSupported": "The '{0}' operator is reserved for future use.",
    "ScriptTooComplicated": "Processing was stopped because the script is too complex.",
    "TerminatorExpectedAtEndOfString": "The string is missing the terminator: {0}.",
    "TooManyErrors": (
        "Not all parse errors were reported.  Correct the reported errors and try again."
    ),
    "UnexpectedAttribute": "Unexpected attribute '{0}'.",
    "UnexpectedCharactersAfterHereStringHeader": (
        "No characters are allowed after a here-string header but before the end of the line."
    ),
    "UnexpectedToken": "Unexpected token '{0}' in expression or statement.",
    "UnrecognizedToken": "Unrecognized token in source text.",
    "WhitespaceBeforeHereStringFooter": "White space is not allowed before the string terminator.",
}


def parse_error_record(error_id: str, span: Span, *args: str) -> ErrorRecord:
    """The ErrorRecord of one parse error (category ParserError, reason ParseException)."""
    return ErrorRecord(
        message=MESSAGES[error_id].format(*args),
        category="ParserError",
        fqid=error_id,
        reason="ParseException",
        span=span,
    )
