"""Parse errors: PowerShell's exact messages and ErrorIds (§4.2), the position where the parser
stopped, several errors collected at once, and the ErrorRecord shape."""

from __future__ import annotations

import pytest

from netnat.errors import ParseError
from netnat.lang.parser import parse

# (script, ErrorId of the first error, its message, line, column)
CASES = [
    (
        "if ($x) {",
        "MissingEndCurlyBrace",
        "Missing closing '}' in statement block or type definition.",
        1,
        9,
    ),
    (
        "if ($x) { 1 ",
        "MissingEndCurlyBrace",
        "Missing closing '}' in statement block or type definition.",
        1,
        9,
    ),
    ("(1 + 2", "MissingEndParenthesisInExpression", "Missing closing ')' in expression.", 1, 7),
    ("$(1", "MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.", 1, 4),
    ("@(1", "MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.", 1, 4),
    ("Get-NetNat |", "EmptyPipeElement", "An empty pipe element is not allowed.", 1, 13),
    ("Get-NetNat | | x", "EmptyPipeElement", "An empty pipe element is not allowed.", 1, 13),
    ("| Get-NetNat", "EmptyPipeElement", "An empty pipe element is not allowed.", 1, 1),
    (
        "Get-X | $y",
        "ExpressionsMustBeFirstInPipeline",
        "Expressions are only allowed as the first element of a pipeline.",
        1,
        9,
    ),
    (
        "Get-X | 'a'",
        "ExpressionsMustBeFirstInPipeline",
        "Expressions are only allowed as the first element of a pipeline.",
        1,
        9,
    ),
    (
        "$x =",
        "ExpectedValueExpression",
        "You must provide a value expression following the '=' operator.",
        1,
        5,
    ),
    (
        "$a -eq",
        "ExpectedValueExpression",
        "You must provide a value expression following the '-eq' operator.",
        1,
        7,
    ),
    (
        "$a -eq )",
        "ExpectedValueExpression",
        "You must provide a value expression following the '-eq' operator.",
        1,
        7,
    ),
    ("Get-X a,", "MissingExpression", "Missing expression after ',' in pipeline element.", 1, 9),
    ("$x = 1,", "MissingExpressionAfterToken", "Missing expression after ','.", 1, 8),
    (
        "foreach ($a $b) {}",
        "MissingInInForeach",
        "Missing 'in' after variable in foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
        1,
        12,
    ),
    (
        "foreach $a in $b {}",
        "MissingOpenParenthesisAfterKeyword",
        "Missing opening '(' after keyword 'foreach'.",
        1,
        8,
    ),
    (
        "foreach () {}",
        "MissingVariableNameAfterForeach",
        "Missing variable name after foreach.\nThe correct form is: foreach ($a in $b) {...}",
        1,
        10,
    ),
    (
        "foreach ($a in) {}",
        "MissingForeachExpression",
        "Missing expression in foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
        1,
        15,
    ),
    (
        "foreach ($a in $b {}",
        "MissingEndParenthesisAfterForeach",
        "Missing closing ')' after expression part of foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
        1,
        18,
    ),
    (
        "foreach ($a in $b)",
        "MissingForeachStatement",
        "Missing statement body in foreach loop.\nThe correct form is: foreach ($a in $b) {...}",
        1,
        19,
    ),
    (
        "try { 1 }",
        "MissingCatchOrFinally",
        "The Try statement is missing its Catch or Finally block.",
        1,
        10,
    ),
    ("try", "MissingTryStatementBlock", "The Try statement is missing its statement block.", 1, 4),
    (
        "try { 1 } catch",
        "MissingCatchHandlerBlock",
        "The Catch block is missing its statement block.",
        1,
        16,
    ),
    (
        "try { 1 } finally",
        "MissingFinallyStatementBlock",
        "The Finally block is missing its statement block.",
        1,
        18,
    ),
    (
        "@{a=1; a=2}",
        "DuplicateKeyInHashLiteral",
        "Duplicate keys 'a' are not allowed in hash literals.",
        1,
        8,
    ),
    (
        "@{a=1; A=2}",
        "DuplicateKeyInHashLiteral",
        "Duplicate keys 'A' are not allowed in hash literals.",
        1,
        8,
    ),
    (
        "@{a 1}",
        "MissingEqualsInHashLiteral",
        "Missing '=' operator after key in hash literal.",
        1,
        4,
    ),
    ("@{a=1", "IncompleteHashLiteral", "Missing closing '}' in hash literal.", 1, 1),
    ("@{ = 1 }", "MissingKeyInHashLiteral", "Missing key before '=' in hash literal.", 1, 4),
    (
        "@{a=}",
        "MissingStatementInHashLiteral",
        "Missing statement after '=' in hash literal.",
        1,
        5,
    ),
    ('"abc', "TerminatorExpectedAtEndOfString", 'The string is missing the terminator: ".', 1, 1),
    ("'abc", "TerminatorExpectedAtEndOfString", "The string is missing the terminator: '.", 1, 1),
    (
        '@"\nabc',
        "TerminatorExpectedAtEndOfString",
        'The string is missing the terminator: "@.',
        1,
        1,
    ),
    (
        "@'\nabc",
        "TerminatorExpectedAtEndOfString",
        "The string is missing the terminator: '@.",
        1,
        1,
    ),
    (
        '@"\nabc\n  "@',
        "WhitespaceBeforeHereStringFooter",
        "White space is not allowed before the string terminator.",
        3,
        3,
    ),
    (
        '@"abc\n"@',
        "UnexpectedCharactersAfterHereStringHeader",
        "No characters are allowed after a here-string header but before the end of the line.",
        1,
        3,
    ),
    (
        '"Error on $name: $_"',
        "InvalidVariableReferenceWithDrive",
        "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.",
        1,
        11,
    ),
    (
        "$env:",
        "InvalidVariableReferenceWithDrive",
        "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.",
        1,
        1,
    ),
    ("Get-X -Name:", "ParameterRequiresArgument", "Parameter -Name: requires an argument.", 1, 7),
    (
        "Get-X -Name: | y",
        "ParameterRequiresArgument",
        "Parameter -Name: requires an argument.",
        1,
        7,
    ),
    ("[int", "EndSquareBracketExpectedAtEndOfType", "Missing ] at end of type token.", 1, 5),
    ("[", "MissingTypename", "Missing type name after '['.", 1, 2),
    (
        "Get-X & y",
        "AmpersandNotAllowed",
        'The ampersand (&) character is not allowed. The & operator is reserved for future use; wrap an ampersand in double quotation marks ("&") to pass it as part of a string.',
        1,
        7,
    ),
    ("Get-X < y", "RedirectionNotSupported", "The '<' operator is reserved for future use.", 1, 7),
    (
        "Get-X && Get-Y",
        "InvalidEndOfLine",
        "The token '&&' is not a valid statement separator in this version.",
        1,
        7,
    ),
    (
        "Get-X || Get-Y",
        "InvalidEndOfLine",
        "The token '||' is not a valid statement separator in this version.",
        1,
        7,
    ),
    ("if ($x)", "MissingStatementBlock", "Missing statement block after if ( condition ).", 1, 8),
    (
        "if ($x",
        "MissingEndParenthesisAfterStatement",
        "Missing closing ')' after expression in 'if' statement.",
        1,
        7,
    ),
    (
        "if () {}",
        "IfStatementMissingCondition",
        "Missing condition in if statement after 'if ('.",
        1,
        5,
    ),
    (
        "if $x {}",
        "MissingOpenParenthesisInIfStatement",
        "Missing '(' after 'if' in if statement.",
        1,
        3,
    ),
    (
        "if ($x) {} else",
        "MissingStatementBlockAfterElse",
        "Missing statement block after 'else' keyword.",
        1,
        16,
    ),
    (
        "if ($x) {} elseif ($y)",
        "MissingStatementBlock",
        "Missing statement block after elseif ( condition ).",
        1,
        23,
    ),
    (
        "1 + foo",
        "ExpectedValueExpression",
        "You must provide a value expression following the '+' operator.",
        1,
        4,
    ),
    ("Get-X )", "UnexpectedToken", "Unexpected token ')' in expression or statement.", 1, 7),
    ("}", "UnexpectedToken", "Unexpected token '}' in expression or statement.", 1, 1),
    ("$x = 5 6", "UnexpectedToken", "Unexpected token '6' in expression or statement.", 1, 8),
    ("$a.", "MissingPropertyName", "Missing property name after reference operator.", 1, 4),
    ("$a[", "MissingArrayIndexExpression", "Array index expression is missing or not valid.", 1, 4),
    ("$a[1", "MissingEndSquareBracket", "Missing ']' after array index expression.", 1, 5),
    ("$a.b(1,", "MissingEndParenthesisInMethodCall", "Missing ')' in method call.", 1, 8),
    ("$a.b(1", "MissingEndParenthesisInMethodCall", "Missing ')' in method call.", 1, 7),
    ("function {}", "MissingNameAfterKeyword", "Missing name after function keyword.", 1, 9),
    ("function f", "MissingFunctionBody", "Missing function body in function declaration.", 1, 11),
    (
        "function f($a { }",
        "MissingEndParenthesisInFunctionParameterList",
        "Missing ')' in function parameter list.",
        1,
        14,
    ),
    ("do { }", "MissingWhileOrUntilInDoWhile", "Missing while or until keyword in do loop.", 1, 7),
    ("do", "MissingLoopStatement", "Missing statement body in do loop.", 1, 3),
    ("while ($x)", "MissingLoopStatement", "Missing statement body in while loop.", 1, 11),
    (
        "while $x {}",
        "MissingOpenParenthesisAfterKeyword",
        "Missing opening '(' after keyword 'while'.",
        1,
        6,
    ),
    (
        "while () {}",
        "MissingExpressionAfterKeyword",
        "Missing expression after 'while' in loop.",
        1,
        8,
    ),
    (
        "for ($i = 0; $i -lt 1; $i++",
        "MissingEndParenthesisAfterStatement",
        "Missing closing ')' after expression in 'for' statement.",
        1,
        28,
    ),
    (
        "switch ($x)",
        "MissingCurlyBraceInSwitchStatement",
        "Missing '{' in switch statement.",
        1,
        12,
    ),
    (
        "switch $x {}",
        "PipelineValueRequired",
        "A switch statement must have one of the following:  '-file file_name' or '( expression )'.",
        1,
        7,
    ),
    (
        "switch ($x) { 1 }",
        "MissingSwitchStatementClause",
        "Missing statement block in switch statement clause.",
        1,
        16,
    ),
    (
        "switch ($x) { default {1} default {2} }",
        "MultipleSwitchDefaultClauses",
        "A switch statement can have only one default clause.",
        1,
        27,
    ),
    (
        "Get-X 2>",
        "MissingFileSpecification",
        "Missing file specification after redirection operator.",
        1,
        9,
    ),
    (
        "1 = 2",
        "InvalidLeftHandSide",
        "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
        1,
        1,
    ),
    (
        "${abc",
        "IncompleteDollarVariableReference",
        "${variable} reference starting is missing the closing '}'.",
        1,
        2,
    ),
    (
        "${}",
        "EmptyVariableReference",
        "An empty ${} variable reference was found. A name is required inside the braces.",
        1,
        3,
    ),
    (
        "<# abc",
        "MissingTerminatorMultiLineComment",
        "The terminator '#>' is missing from the multiline comment.",
        1,
        1,
    ),
    (
        "{",
        "MissingEndCurlyBrace",
        "Missing closing '}' in statement block or type definition.",
        1,
        1,
    ),
    (
        "-not",
        "MissingExpressionAfterOperator",
        "Missing expression after unary operator '-not'.",
        1,
        5,
    ),
    (
        "New-NetIPAddress -IPAddress 192.168.0.1 ` \n  -PrefixLength 24",
        "MissingExpressionAfterOperator",
        "Missing expression after unary operator '-'.",
        2,
        4,
    ),
]


def first_error(text: str) -> tuple[str, str, int, int]:
    with pytest.raises(ParseError) as caught:
        parse(text)
    record = caught.value.records[0]
    assert record.span is not None
    return record.fqid, record.message, record.span.line, record.span.col


@pytest.mark.parametrize(("text", "error_id", "message", "line", "col"), CASES)
def test_parse_error(text: str, error_id: str, message: str, line: int, col: int) -> None:
    assert first_error(text) == (error_id, message, line, col)


def test_there_are_many_error_cases() -> None:
    assert len({case[1] for case in CASES}) >= 30


def test_record_shape() -> None:
    with pytest.raises(ParseError) as caught:
        parse("\nGet-X |", file="C:\\lab\\nat.ps1")
    (record,) = caught.value.records
    assert (record.category, record.reason, record.fqid) == (
        "ParserError",
        "ParseException",
        "EmptyPipeElement",
    )
    assert record.span is not None
    assert record.span.position_message() == "At C:\\lab\\nat.ps1:2 char:8"
    assert record.span.line_text == "Get-X |"
    assert record.category_info() == "ParserError: (:) [], ParseException"


def test_several_errors_are_collected_in_order() -> None:
    with pytest.raises(ParseError) as caught:
        parse('if ($x\nGet-X |\n$y = "abc')
    got = [(r.fqid, r.span.line if r.span else 0) for r in caught.value.records]
    assert got[0] == ("MissingEndParenthesisAfterStatement", 1)
    assert ("TerminatorExpectedAtEndOfString", 3) in got
    assert [line for _, line in got] == sorted(line for _, line in got)


def test_error_in_a_later_line_means_nothing_parses() -> None:
    with pytest.raises(ParseError) as caught:
        parse("New-NetNat -Name a -InternalIPInterfaceAddressPrefix 10.0.0.0/24\n$x = (1 + ")
    assert caught.value.records[0].span is not None
    assert caught.value.records[0].span.line == 2


def test_foreach_message_has_two_lines() -> None:
    fqid, message, _, _ = first_error("foreach ($a $b) {}")
    assert fqid == "MissingInInForeach"
    assert message == (
        "Missing 'in' after variable in foreach loop.\n"
        "The correct form is: foreach ($a in $b) {...}"
    )


def test_unicode_dash_operator_text_is_kept_in_messages() -> None:
    assert first_error("$a \u2013eq")[1] == (
        "You must provide a value expression following the '\u2013eq' operator."
    )
