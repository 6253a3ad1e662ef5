"""argv -> ParamArg/ValueArg and the synthesized command line."""

from __future__ import annotations

import pytest

from netnat.binding.args import ParamArg, ValueArg
from netnat.binding.argv import argv_to_args, is_parameter, line_span, value_of


def test_line_joins_words_and_requotes_spaces() -> None:
    args, line = argv_to_args("New-NetNat", ["-Name", "My NAT", "-Int", "10.0.0.0/8"])
    assert line == 'New-NetNat -Name "My NAT" -Int 10.0.0.0/8'
    assert [type(a) for a in args] == [ParamArg, ValueArg, ParamArg, ValueArg]
    assert args[1] == ValueArg("My NAT", "My NAT", args[1].span)


def test_spans_point_at_each_word() -> None:
    args, line = argv_to_args("New-NetNat", ["–Name", "“VMNAT”", "-I", "a b"])
    for arg, text in zip(args, ["–Name", "“VMNAT”", "-I", "a b"], strict=True):
        assert arg.span is not None
        assert arg.span.line == 1
        assert arg.span.line_text == line
        assert line[arg.span.col - 1 : arg.span.end_col - 1] == text


def test_empty_argv_is_the_name_alone() -> None:
    assert argv_to_args("Get-NetNat", []) == ([], "Get-NetNat")
    assert line_span("Get-NetNat").end_col == 11


def test_empty_word_is_shown_quoted() -> None:
    args, line = argv_to_args("X-Y", ["-Name", ""])
    assert line == 'X-Y -Name ""'
    assert isinstance(args[1], ValueArg) and args[1].value == ""


@pytest.mark.parametrize("dash", ["-", "\u2013", "\u2014", "\u2015"])
def test_every_dash_starts_a_parameter(dash: str) -> None:
    args, _ = argv_to_args("X-Y", [dash + "Name", "v"])
    assert isinstance(args[0], ParamArg)
    assert args[0].name == "Name"
    assert args[0].text == dash + "Name"


@pytest.mark.parametrize("word", ["-", "-5", "-1.5", "-.5", "--x", '-"a"', "-a'b'"])
def test_values_that_start_with_a_dash(word: str) -> None:
    args, _ = argv_to_args("X-Y", [word])
    assert args == [ValueArg(word, word, args[0].span)]


def test_parameter_names_may_start_with_underscore_or_question_mark() -> None:
    assert is_parameter("-_x") and is_parameter("-?") and is_parameter("-é")


def test_colon_in_one_word_gives_parameter_and_value() -> None:
    args, line = argv_to_args("X-Y", ["-Name:VMNAT"])
    param, value = args
    assert param == ParamArg("Name", "-Name:", True, param.span)
    assert value == ValueArg("VMNAT", "VMNAT", value.span)
    assert param.span is not None and value.span is not None
    assert line[param.span.col - 1 : param.span.end_col - 1] == "-Name:"
    assert line[value.span.col - 1 : value.span.end_col - 1] == "VMNAT"


def test_bare_colon_gives_an_empty_value() -> None:
    param, value = argv_to_args("X-Y", ["-Confirm:"])[0]
    assert isinstance(param, ParamArg) and param.colon
    assert isinstance(value, ValueArg) and value.value == "" and value.text == ""
    assert value.span == param.span


@pytest.mark.parametrize(
    ("word", "expected"),
    [("-Confirm:$false", False), ("-Confirm:$TRUE", True), ("-X:$Null", None)],
)
def test_colon_values_are_read_like_words(word: str, expected: object) -> None:
    _, value = argv_to_args("X-Y", [word])[0]
    assert isinstance(value, ValueArg) and value.value is expected


def test_name_stops_at_a_terminator() -> None:
    param, value = argv_to_args("X-Y", ["-a.b"])[0]
    assert param == ParamArg("a", "-a", False, param.span)
    assert isinstance(value, ValueArg) and value.value == ".b"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("“VMNAT”", "VMNAT"),
        ("„x”", "x"),
        ("‘x’", "x"),
        ("'x’", "x"),
        ('"a,b"', "a,b"),
        ("'-Name'", "-Name"),
        ("'$true'", "$true"),
        ("''", ""),
    ],
)
def test_quoted_words_are_stripped_and_never_split(word: str, expected: str) -> None:
    args, _ = argv_to_args("X-Y", [word])
    assert args == [ValueArg(expected, word, args[0].span)]


def test_quotes_of_two_families_are_not_stripped() -> None:
    assert value_of("'x\"") == "'x\""


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("a,b", ["a", "b"]),
        ("10.0.0.1,'x,y',$true", ["10.0.0.1", "x,y", True]),
        ("a,", ["a"]),
        (",a", ["a"]),
        ("“a”,b", ["a", "b"]),
        ("$TRUE", True),
        ("$False", False),
        ("$null", None),
        ("24", "24"),
        ("$x", "$x"),
    ],
)
def test_word_values(word: str, expected: object) -> None:
    assert value_of(word) == expected


def test_double_dash_ends_parameters() -> None:
    args, line = argv_to_args("X-Y", ["-A", "--", "-B", "$true"])
    assert line == "X-Y -A -- -B $true"
    assert [type(a) for a in args] == [ParamArg, ValueArg, ValueArg]
    assert args[1] == ValueArg("-B", "-B", args[1].span)
    assert isinstance(args[2], ValueArg) and args[2].value is True


def test_requoted_word_with_colon_keeps_spans_inside_the_quotes() -> None:
    args, line = argv_to_args("X-Y", ["-Name:a b"])
    assert line == 'X-Y "-Name:a b"'
    value = args[1]
    assert value.span is not None
    assert line[value.span.col - 1 : value.span.end_col - 1] == "a b"


def test_line_breaks_inside_a_word_stay_on_one_line() -> None:
    args, line = argv_to_args("X-Y", ["a\nb"])
    assert "\n" not in line
    assert isinstance(args[0], ValueArg) and args[0].value == "a\nb"
