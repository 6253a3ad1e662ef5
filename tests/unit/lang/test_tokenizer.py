"""Tokenizer: every row of powershell-subset §1 (character classes, comments, backtick, strings,
numbers, the two modes) and token spans."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netnat.lang import tokens as T
from netnat.lang.parser import tokenize
from netnat.lang.tokens import Token


def cmd(text: str) -> list[Token]:
    """Tokens in command (argument) mode."""
    return tokenize(text, command_mode=True)


def expr(text: str) -> list[Token]:
    """Tokens in expression mode."""
    return tokenize(text, command_mode=False)


def kinds(tokens: list[Token]) -> list[tuple[str, object]]:
    return [(t.kind, t.value) for t in tokens]


# --------------------------------------------------------------------------- §1.1 characters


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014", "\u2015"])
def test_every_dash_starts_a_parameter(dash: str) -> None:
    (tok,) = cmd(f"{dash}Name")
    assert (tok.kind, tok.value, tok.text) == (T.PARAM, "Name", f"{dash}Name")


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014", "\u2015"])
def test_every_dash_makes_operators(dash: str) -> None:
    assert kinds(expr(f"{dash}eq"))[0] == (T.OP, "-eq")
    assert kinds(expr(f"{dash}and"))[0] == (T.OP, "-and")
    assert kinds(expr(f"{dash}{dash}"))[0] == (T.OP, "--")
    assert kinds(expr(f"{dash}="))[0] == (T.OP, "-=")


@pytest.mark.parametrize(
    "text",
    ["'VMNAT'", "\u2018VMNAT\u2019", "'VMNAT\u2019", "\u2019VMNAT\u2018", "\u201aVMNAT\u201b"],
)
def test_single_quote_family_is_interchangeable(text: str) -> None:
    (tok,) = cmd(text)
    assert (tok.kind, tok.value) == (T.STRING, "VMNAT")


@pytest.mark.parametrize(
    "text", ['"VMNAT"', "\u201cVMNAT\u201d", '"VMNAT\u201d', "\u201eVMNAT\u201c"]
)
def test_double_quote_family_is_interchangeable(text: str) -> None:
    (tok,) = cmd(text)
    assert (tok.kind, tok.value) == (T.STRING, "VMNAT")


def test_curly_single_quote_ends_a_single_quoted_string() -> None:
    toks = cmd("'it\u2019s'")
    assert toks[0].value == "it"
    assert toks[1].kind == T.WORD


def test_doubled_quote_keeps_the_second_char() -> None:
    assert cmd("'a''b'")[0].value == "a'b"
    assert cmd("'a\u2019\u2018b'")[0].value == "a\u2018b"
    assert cmd('"a""b"')[0].value == 'a"b'


def test_other_family_quote_is_ordinary_text() -> None:
    assert cmd("'say \u201chi\u201d'")[0].value == "say \u201chi\u201d"
    assert cmd('"it\u2019s"')[0].value == "it\u2019s"


@pytest.mark.parametrize("space", ["\t", "\u00a0", "\u2003", "\u3000", "\v", "\f", "\u0085"])
def test_unicode_white_space_separates_tokens(space: str) -> None:
    toks = cmd(f"Get-NetNat{space}-Name{space}VMNAT")
    assert kinds(toks) == [(T.WORD, "Get-NetNat"), (T.PARAM, "Name"), (T.WORD, "VMNAT")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_end_is_a_new_line(newline: str) -> None:
    toks = cmd(f"a{newline}b")
    assert [t.kind for t in toks] == [T.WORD, T.NEWLINE, T.WORD]


# --------------------------------------------------------------------------- §1.2 comments


def test_line_comment_only_at_token_start() -> None:
    assert kinds(cmd("a#b")) == [(T.WORD, "a#b")]
    assert kinds(cmd("a #b")) == [(T.WORD, "a")]
    assert kinds(cmd("'x'#c")) == [(T.STRING, "x")]


def test_block_comment_spans_lines_and_mid_line() -> None:
    toks = cmd("a <# one\n # two #> b")
    assert kinds(toks) == [(T.WORD, "a"), (T.WORD, "b")]


def test_requires_comment_is_ignored_and_signature_block_ends_the_script() -> None:
    assert kinds(cmd("#Requires -RunAsAdministrator\nx")) == [(T.NEWLINE, None), (T.WORD, "x")]
    assert kinds(cmd("x\n# SIG # Begin signature block\n# MIIx\nGet-Evil")) == [
        (T.WORD, "x"),
        (T.NEWLINE, None),
    ]


# --------------------------------------------------------------------------- §1.3 backtick


def test_backtick_new_line_is_a_continuation() -> None:
    assert [t.kind for t in cmd("a `\n b")] == [T.WORD, T.WORD]


def test_backtick_followed_by_blanks_does_not_continue() -> None:
    assert [t.kind for t in cmd("a ` \n b")] == [T.WORD, T.NEWLINE, T.WORD]


@pytest.mark.parametrize(
    ("escape", "char"),
    [("0", "\0"), ("a", "\a"), ("b", "\b"), ("f", "\f"), ("n", "\n"), ("r", "\r"), ("t", "\t"),
     ("v", "\v"), ("$", "$"), ('"', '"'), ("`", "`"), ("'", "'"), ("N", "N")],
)  # fmt: skip
def test_escapes_in_double_quotes_and_bare_words(escape: str, char: str) -> None:
    assert cmd(f'"x`{escape}y"')[0].value == f"x{char}y"
    assert cmd(f"x`{escape}y")[0].value == f"x{char}y"


def test_no_escapes_in_single_quotes() -> None:
    assert cmd("'a`nb'")[0].value == "a`nb"


# --------------------------------------------------------------------------- §1.4 strings


def test_expandable_string_parts() -> None:
    (tok,) = cmd('"a $x b ${any name} c $env:PATH d $(1 + 2) e"')
    assert tok.parts is not None
    texts = [p if isinstance(p, str) else type(p).__name__ for p in tok.parts]
    assert texts == ["a ", "Variable", " b ", "Variable", " c ", "Variable", " d ",
                     "SubExpression", " e"]  # fmt: skip


def test_expansion_stops_at_dot_and_bracket() -> None:
    (tok,) = cmd('"$x.Name $a[0]"')
    assert tok.parts is not None
    assert [p for p in tok.parts if isinstance(p, str)] == [".Name ", "[0]"]


def test_lone_dollar_is_literal() -> None:
    assert cmd('"cost $ 5 $"')[0].value == "cost $ 5 $"
    assert cmd('"cost $ 5 $"')[0].parts is None


def test_verbatim_here_string() -> None:
    (tok,) = cmd("@'\nline $x `n\n'@")
    assert (tok.value, tok.quote) == ("line $x `n", "@'")


def test_expandable_here_string_keeps_lone_quotes() -> None:
    (tok,) = cmd('@"\nsay "hi" to $name\n"@')
    assert tok.quote == '@"'
    assert tok.parts is not None and tok.parts[0] == 'say "hi" to '


def test_here_string_closer_any_quote_of_the_family() -> None:
    assert cmd("@\u2018\nx\n\u2019@")[0].value == "x"


def test_empty_here_string() -> None:
    assert cmd("@'\n'@")[0].value == ""


# --------------------------------------------------------------------------- §1.6 argument mode


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("-Name", T.PARAM, "Name"),
        ("\u2013Name", T.PARAM, "Name"),
        ("24", T.NUMBER, 24),
        ("0x10", T.NUMBER, 16),
        ("1kb", T.NUMBER, 1024),
        ("1e3", T.NUMBER, 1000.0),
        ("-1", T.WORD, "-1"),
        ("-5.5", T.WORD, "-5.5"),
        ("172.16.0.0/12", T.WORD, "172.16.0.0/12"),
        ("10.0.0.1", T.WORD, "10.0.0.1"),
        ("7z", T.WORD, "7z"),
        ("24/7", T.WORD, "24/7"),
        ("192.168", T.NUMBER, 192.168),
        ("1.5", T.NUMBER, 1.5),
        ("VMNAT", T.WORD, "VMNAT"),
        ("C:\\x\\y", T.WORD, "C:\\x\\y"),
        ("vEthernet*", T.WORD, "vEthernet*"),
        ("a#b", T.WORD, "a#b"),
        ("x=y", T.WORD, "x=y"),
        ('foo"bar baz"', T.WORD, "foobar baz"),
        ("foo'bar baz'", T.WORD, "foobar baz"),
        ('-a"b"', T.WORD, "-ab"),
        ("1..3", T.WORD, "1..3"),
        ("[int]", T.WORD, "[int]"),
        ("!x", T.WORD, "!x"),
    ],
)
def test_argument_mode_token(text: str, kind: str, value: object) -> None:
    (tok,) = cmd(text)
    assert (tok.kind, tok.value) == (kind, value)


def test_number_remembers_its_source_text() -> None:
    for text in ("0x10", "010", "1kb", "1e3"):
        assert cmd(text)[0].text == text


def test_number_types() -> None:
    assert cmd("24")[0].num_type == "int"
    assert cmd("3000000000")[0].num_type == "long"
    assert cmd("1L")[0].num_type == "long"
    assert cmd("1.5")[0].num_type == "double"
    assert (cmd("1.5d")[0].value, cmd("1.5d")[0].num_type) == (Decimal("1.5"), "decimal")
    assert cmd("0xFFFFFFFF")[0].value == -1


def test_parameter_with_colon() -> None:
    toks = cmd("-Confirm:$false -Name: x")
    assert (toks[0].kind, toks[0].value, toks[0].colon, toks[0].text) == (
        T.PARAM,
        "Confirm",
        True,
        "-Confirm:",
    )
    assert toks[1].kind == T.VARIABLE
    assert (toks[2].value, toks[2].colon) == ("Name", True)


def test_parameter_name_stops_at_terminators() -> None:
    assert kinds(cmd("-Name(x)"))[:2] == [(T.PARAM, "Name"), ("(", None)]


def test_dollar_word_concatenation() -> None:
    (tok,) = cmd("$prefix/12")
    assert tok.kind == T.WORD and tok.parts is not None
    assert tok.parts[1] == "/12"


def test_variable_forms() -> None:
    toks = cmd("$x $global:y ${a b} $env:PATH @splat $_ $?")
    got = [(t.kind, t.value, t.scope, t.splat) for t in toks]
    assert got == [
        (T.VARIABLE, "x", None, False),
        (T.VARIABLE, "y", "global", False),
        (T.VARIABLE, "a b", None, False),
        (T.VARIABLE, "PATH", "env", False),
        (T.VARIABLE, "splat", None, True),
        (T.VARIABLE, "_", None, False),
        (T.VARIABLE, "?", None, False),
    ]


@pytest.mark.parametrize(
    ("text", "stream", "append", "merge"),
    [
        ("2>$null", "2", False, None),
        ("> file", "1", False, None),
        (">> file", "1", True, None),
        ("2>&1", "2", False, "1"),
        ("*>&1", "*", False, "1"),
        ("3>> x", "3", True, None),
    ],
)
def test_redirections(text: str, stream: str, append: bool, merge: str | None) -> None:
    tok = cmd(text)[0]
    assert (tok.kind, tok.value, tok.append, tok.merge_to) == (T.REDIRECT, stream, append, merge)


def test_end_of_parameters_and_stop_parsing() -> None:
    assert kinds(cmd("-- -x")) == [(T.OP, "--"), (T.PARAM, "x")]
    (tok,) = cmd("--% a b 'c'")
    assert (tok.kind, tok.value) == (T.STOP_PARSING, "a b 'c'")


# --------------------------------------------------------------------------- expression mode


@pytest.mark.parametrize(
    "op",
    ["-eq", "-ne", "-gt", "-ge", "-lt", "-le", "-like", "-notlike", "-match", "-notmatch",
     "-contains", "-notcontains", "-in", "-notin", "-replace", "-split", "-join", "-is", "-isnot",
     "-as", "-and", "-or", "-xor", "-not", "-band", "-bor", "-bxor", "-f", "-ceq", "-ieq",
     "-clike", "-imatch", "-creplace", "-csplit", "-cin", "-inotin"],
)  # fmt: skip
def test_dash_operators(op: str) -> None:
    assert kinds(expr(op)) == [(T.OP, op)]
    assert kinds(expr(op.upper())) == [(T.OP, op)]


@pytest.mark.parametrize(
    "text",
    ["!", "+", "-", "*", "/", "%", "=", "+=", "-=", "*=", "/=", "%=", "++", "--", ".."],
)
def test_symbol_operators(text: str) -> None:
    assert kinds(expr(f"{text} ")) == [(T.OP, text)]


@pytest.mark.parametrize(
    "text", [",", ".", "::", "[", "]", "(", ")", "{", "}", "@(", "@{", "$(", "|", ";", "&"]
)
def test_punctuation(text: str) -> None:
    assert expr(f"{text} ")[0].kind == text


def test_unknown_dash_word_is_minus_in_expression_mode() -> None:
    assert kinds(expr("-PrefixLength"))[0] == (T.OP, "-")


def test_expression_mode_numbers_end_at_operators() -> None:
    assert kinds(expr("1..3")) == [(T.NUMBER, 1), (T.OP, ".."), (T.NUMBER, 3)]
    assert kinds(expr("2+3")) == [(T.NUMBER, 2), (T.OP, "+"), (T.NUMBER, 3)]


def test_command_mode_operator_followed_by_text_is_a_word() -> None:
    assert kinds(cmd("+x =y")) == [(T.WORD, "+x"), (T.WORD, "=y")]


def test_and_and_or_or_tokens() -> None:
    assert [t.kind for t in cmd("a && b || c")] == [T.WORD, "&&", T.WORD, "||", T.WORD]


# --------------------------------------------------------------------------- spans


def test_token_spans_are_one_based_with_line_text() -> None:
    toks = cmd("Get-NetNat\n  -Name  VMNAT")
    span = toks[-1].span
    assert (span.line, span.col, span.end_col) == (2, 10, 15)
    assert span.line_text == "  -Name  VMNAT"
