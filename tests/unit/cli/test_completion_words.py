"""Splitting a partly typed line into words as the shells do, and quoting candidates."""

from __future__ import annotations

import pytest

from netnat.cli.completion_words import (
    POSIX,
    PS,
    bash_inside,
    bash_quote,
    ps_quote,
    split_line,
    unquote,
)


def texts(line: str, dialect: str = POSIX) -> tuple[list[str], str, str]:
    words, current = split_line(line, dialect)
    return [w.text for w in words], current.text, current.open_quote


def test_posix_words_and_the_current_one() -> None:
    assert texts("netnat Remove-NetNat -Name ") == (["netnat", "Remove-NetNat", "-Name"], "", "")
    assert texts("netnat New-Ne") == (["netnat"], "New-Ne", "")


def test_posix_quotes_and_escapes() -> None:
    assert texts("netnat x 'vEthernet (A)' \"b c\" d\\ e f") == (
        ["netnat", "x", "vEthernet (A)", "b c", "d e"],
        "f",
        "",
    )
    assert texts("netnat x 'Bob'\\''s'") == (["netnat", "x"], "Bob's", "")


def test_an_unfinished_quote_is_the_current_word() -> None:
    assert texts('netnat Get-VMSwitch -Name "My Sw') == (
        ["netnat", "Get-VMSwitch", "-Name"],
        "My Sw",
        '"',
    )


def test_separators_start_a_new_command() -> None:
    assert texts("ls; netnat Get-") == (["netnat"], "Get-", "")
    assert texts("Get-NetNat | Remove-NetNat -N", PS) == (["Remove-NetNat"], "-N", "")
    assert texts("if ($x) { New-Ne", PS)[1] == "New-Ne"


def test_powershell_quotes() -> None:
    assert texts("Get-VMSwitch 'it''s' \"a`\"b\" -Name:'My S", PS) == (
        ["Get-VMSwitch", "it's", 'a"b'],
        "-Name:My S",
        "'",
    )


def test_breaks_record_colons_and_commas() -> None:
    _, current = split_line("x -Name:a,b")
    assert [current.text[i] for i in current.breaks] == [":", ","]


def test_unquote() -> None:
    assert unquote("'vEthernet (V") == "vEthernet (V"
    assert unquote('"a b"c') == "a bc"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("VMNAT", "VMNAT"),
        ("-Name", "-Name"),
        ("–SwitchName", "–SwitchName"),
        ("vEthernet (VMNAT)", "'vEthernet (VMNAT)'"),
        ("Bob's", "'Bob'\\''s'"),
        ("$x", "'$x'"),
        ("", "''"),
    ],
)
def test_bash_quote(text: str, quoted: str) -> None:
    assert bash_quote(text) == quoted


def test_inside_an_opened_quote() -> None:
    assert bash_inside('"', 'a "b" $c') == 'a \\"b\\" \\$c'
    assert bash_inside("'", "Bob's") == "Bob'\\''s"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("VMNAT", "VMNAT"),
        ("vEthernet (VMNAT)", "'vEthernet (VMNAT)'"),
        ("it's", "'it''s'"),
        ("$x", "'$x'"),
        ("a,b", "'a,b'"),
    ],
)
def test_ps_quote(text: str, quoted: str) -> None:
    assert ps_quote(text) == quoted
