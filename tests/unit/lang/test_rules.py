"""The rules of powershell-subset §8 that concern parsing (1, 2, 4, 9, 10), one test each."""

from __future__ import annotations

import pytest

from netnat.errors import ParseError
from netnat.lang import ast
from netnat.lang.clean import clean_paste
from netnat.lang.dump import dump
from netnat.lang.parser import parse


def elements(text: str) -> str:
    (statement,) = parse(text).statements
    assert isinstance(statement, ast.Pipeline)
    command = statement.elements[0]
    assert isinstance(command, ast.CommandNode)
    return dump(command.elements)


def expression(text: str) -> str:
    (statement,) = parse(text).statements
    assert isinstance(statement, ast.Pipeline)
    element = statement.elements[0]
    assert isinstance(element, ast.CommandExpression)
    return dump(element.expression)


def test_rule_1_argument_mode_is_not_expression_mode() -> None:
    assert (
        elements("x 172.16.0.0/12 10.0.0.1 24 192.168") == "['172.16.0.0/12' '10.0.0.1' 24 192.168]"
    )
    assert elements("Write-Host $a + $b") == "[$a '+' $b]"
    assert elements("x vEthernet(x)") == "['vEthernet' (Paren (Pipeline [(Command 'x')]))]"
    assert elements("x $p/12") == "[(ExpandableString [$p '/12'])]"
    assert elements("x -Name:   value") == "[(-Name: 'value')]"
    assert expression("$p/12") == "(Binary '/' $p 12)"


def test_rule_2_unicode_dashes_and_quotes_are_syntax() -> None:
    assert elements("x \u2013Name \u2014Other \u2015Third") == "[-Name -Other -Third]"
    assert expression("$a \u2013eq 1 \u2014and $b") == "(Binary '-and' (Binary '-eq' $a 1) $b)"
    assert elements("x \u2018a\u2019 'b\u2019 \u201cc\u201d \"d\u201d") == (
        "[(Str 'a') (Str 'b') (Str 'c') (Str 'd')]"
    )
    assert elements("x 'it\u2019\u2019s'") == "[(Str 'it\u2019s')]"
    assert (
        elements("x '\u201cquoted\u201d' \"it\u2019s\"")
        == "[(Str '\u201cquoted\u201d') (Str 'it\u2019s')]"
    )
    assert elements("x a\u2013b") == "['a\u2013b']"


def test_rule_4_and_or_have_equal_precedence_and_not_binds_tighter() -> None:
    assert expression("$a -or $b -and $c") == "(Binary '-and' (Binary '-or' $a $b) $c)"
    assert expression("-not $a -eq $b") == "(Binary '-eq' (Unary '-not' $a) $b)"
    assert expression("!$a -eq $b") == "(Binary '-eq' (Unary '!' $a) $b)"


def test_rule_9_string_expansion() -> None:
    assert expression('"$x.Name"') == "(ExpandableString [$x '.Name'])"
    assert expression('"$($x.Name)"') == (
        "(ExpandableString [(SubExpression [(Pipeline [(Expr (MemberAccess $x 'Name'))])])])"
    )
    assert expression('"${name}: ok"') == "(ExpandableString [$name ': ok'])"
    with pytest.raises(ParseError, match="':' was not followed by a valid variable name"):
        parse('"Error on $name: $_"')
    assert expression("'no $x `n here'") == "(Str 'no $x `n here')"
    assert expression('"tab`there ""q"""') == "(Str 'tab\\there \"q\"')"
    assert expression("@'\n  indented '@\n'@") == '(Str "  indented \'@")'
    with pytest.raises(ParseError, match="White space is not allowed"):
        parse('@"\nx\n  "@')


def test_rule_10_blog_text_hygiene() -> None:
    cleaned = clean_paste("PS C:\\> Get-NetNat |\n>> Remove-NetNat\nName : VMNAT\n")
    assert cleaned.text == "Get-NetNat |\nRemove-NetNat"
    assert elements("New-NetIPAddress -IPAddress 192.168.0.1 `\n  -PrefixLength 24") == (
        "[-IPAddress '192.168.0.1' -PrefixLength 24]"
    )
    with pytest.raises(ParseError, match="Missing expression after unary operator '-'"):
        parse("New-NetIPAddress -IPAddress 192.168.0.1 ` \n  -PrefixLength 24")
    assert elements("Get-NetNat\t-Name\u00a0VMNAT") == "[-Name 'VMNAT']"
    assert len(parse("a\r\nb\rc\nd").statements) == 4
