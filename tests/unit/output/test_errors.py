"""Error records (5.1 NormalView), parse errors, stream prefixes, colour and width policy."""

from __future__ import annotations

import io

import pytest

from netnat.errors import ErrorRecord
from netnat.output import (
    output_width,
    render_debug,
    render_error,
    render_parse_errors,
    render_verbose,
    render_warning,
    render_what_if,
    use_color,
)
from netnat.source import Span

AMBIGUOUS = (
    "Parameter cannot be processed because the parameter name 'Int' is ambiguous. "
    "Possible matches include: -InternalIPInterfaceAddressPrefix -InternalRoutingDomainId."
)


def _ambiguous(file: str | None = None) -> ErrorRecord:
    line = "New-NetNat -Name B -Int 10.0.0.0/8"
    return ErrorRecord(
        message=AMBIGUOUS,
        category="InvalidArgument",
        fqid="AmbiguousParameter,New-NetNat",
        activity="New-NetNat",
        reason="ParameterBindingException",
        invocation_name="New-NetNat",
        span=Span(line=1, col=20, end_col=24, line_text=line, file=file),
    )


def test_binding_error_underlines_the_parameter() -> None:
    assert render_error(_ambiguous()) == (
        f"New-NetNat : {AMBIGUOUS}\n"
        "At line:1 char:20\n"
        "+ New-NetNat -Name B -Int 10.0.0.0/8\n"
        "+                    ~~~~\n"
        "    + CategoryInfo          : InvalidArgument: (:) [New-NetNat], "
        "ParameterBindingException\n"
        "    + FullyQualifiedErrorId : AmbiguousParameter,New-NetNat\n"
        "\n"
    )


def test_script_file_position() -> None:
    text = render_error(_ambiguous(file="C:\\lab\\nat.ps1"))
    assert "\nAt C:\\lab\\nat.ps1:1 char:20\n" in text


def _cim_error(span: Span | None = None, name: str = "New-NetNat") -> ErrorRecord:
    return ErrorRecord(
        message="The parameter is incorrect.",
        category="InvalidArgument",
        fqid="Windows System Error 87,New-NetNat",
        activity="New-NetNat",
        reason="CimException",
        target_name="MSFT_NetNat",
        target_type="root/StandardCimv2/MSFT_NetNat",
        invocation_name=name,
        span=span,
    )


def test_cim_error_without_a_span_has_no_position_lines() -> None:
    assert render_error(_cim_error()) == (
        "New-NetNat : The parameter is incorrect.\n"
        "    + CategoryInfo          : InvalidArgument: "
        "(MSFT_NetNat:root/StandardCimv2/MSFT_NetNat) [New-NetNat], CimException\n"
        "    + FullyQualifiedErrorId : Windows System Error 87,New-NetNat\n"
        "\n"
    )


def test_cim_error_keeps_the_name_as_typed_and_underlines_the_command() -> None:
    # A 70-character command: 5.1 cuts it at 69 and appends " ..." (69 tildes).
    line = "new-netnat -Name VMNAT -InternalIPInterfaceAddressPrefix 172.16.0.0/12   "
    span = Span(line=2, col=1, end_col=len(line.rstrip()) + 1, line_text=line)
    assert render_error(_cim_error(span, name="new-netnat")) == (
        "new-netnat : The parameter is incorrect.\n"
        "At line:2 char:1\n"
        "+ new-netnat -Name VMNAT -InternalIPInterfaceAddressPrefix 172.16.0.0/1 ...\n"
        "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
        "    + CategoryInfo          : InvalidArgument: "
        "(MSFT_NetNat:root/StandardCimv2/MSFT_NetNat) [New-NetNat], CimException\n"
        "    + FullyQualifiedErrorId : Windows System Error 87,New-NetNat\n"
        "\n"
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            (
                "InvalidArgument",
                "MSFT_NetNat",
                "root/StandardCimv2/MSFT_NetNat",
                "New-NetNat",
                "CimException",
            ),
            "InvalidArgument: (MSFT_NetNat:root/StandardCimv2/MSFT_NetNat) [New-NetNat], "
            "CimException",
        ),
        (
            (
                "MetadataError",
                "MSFT_NetNat",
                "root/StandardCimv2/MSFT_NetNat",
                "Get-NetNat",
                "CimException",
            ),
            "MetadataError: (MSFT_NetNat:root/StandardCimv2/MSFT_NetNat) [Get-NetNat], "
            "CimException",
        ),
        (
            (
                "InvalidArgument",
                "MSFT_NetIPAddress",
                "ROOT/StandardCimv2/MSFT_NetIPAddress",
                "New-NetIPAddress",
                "CimException",
            ),
            "InvalidArgument: (MSFT_NetIPAddress:ROOT/StandardCimv2/MSFT_NetIPAddress)"
            " [New-NetIPAddress], CimException",
        ),
        (
            ("ObjectNotFound", "X", "String", "Get-NetNat", "CimJobException"),
            "ObjectNotFound: (X:String) [Get-NetNat], CimJobException",
        ),
        (
            ("ObjectNotFound", "docker", "String", "Get-Service", "ServiceCommandException"),
            "ObjectNotFound: (docker:String) [Get-Service], ServiceCommandException",
        ),
        (
            ("ObjectNotFound", "Foo-Bar", "String", "", "CommandNotFoundException"),
            "ObjectNotFound: (Foo-Bar:String) [], CommandNotFoundException",
        ),
        (
            ("ResourceBusy", "", "", "New-VMSwitch", "VirtualizationException"),
            "ResourceBusy: (:) [New-VMSwitch], VirtualizationException",
        ),
        (
            (
                "OperationStopped",
                "This message is much longer than forty characters",
                "String",
                "",
                "RuntimeException",
            ),
            "OperationStopped: (This message is...orty characters:String) [], RuntimeException",
        ),
    ],
)
def test_observed_category_lines(fields: tuple[str, str, str, str, str], expected: str) -> None:
    category, name, kind, activity, reason = fields
    record = ErrorRecord("m", category, "id", activity, reason, name, kind)
    assert f"    + CategoryInfo          : {expected}\n" in render_error(record)


def test_throw_has_no_prefix_and_multi_line_messages_keep_their_lines() -> None:
    record = ErrorRecord(
        message="first line\nsecond line",
        category="OperationStopped",
        fqid="first line\nsecond line",
        reason="RuntimeException",
        target_name="first line\nsecond line",
        target_type="String",
        span=Span(1, 1, 6, 'throw "first line`nsecond line"'),
    )
    text = render_error(record)
    assert text.startswith("first line\nsecond line\nAt line:1 char:1\n+ throw ")
    assert "\n+ ~~~~~\n" in text


def test_tabs_become_four_spaces_and_shift_the_underline() -> None:
    record = ErrorRecord("m", "InvalidArgument", "x", span=Span(1, 4, 8, "\tx -Foo bar"))
    lines = render_error(record).splitlines()
    assert lines[1:4] == ["At line:1 char:4", "+     x -Foo bar", "+       ~~~~"]


def test_at_least_one_tilde_and_empty_source_lines() -> None:
    at_end = ErrorRecord("m", "ParserError", "x", span=Span(1, 10, 10, "if ($x) {"))
    assert render_error(at_end).splitlines()[1:4] == [
        "At line:1 char:10",
        "+ if ($x) {",
        "+          ~",
    ]
    blank = ErrorRecord("m", "ParserError", "x", span=Span(3, 1, 1, "   "))
    assert render_error(blank).splitlines()[1:3] == [
        "At line:3 char:1",
        "    + CategoryInfo          : ParserError: (:) [],",
    ]


def test_long_source_lines_are_cut_around_the_error_with_5_1_dots() -> None:
    line = (
        "New-NetNat -Name VeryLongNatNameNumberOne "
        "-InternalIPInterfaceAddressPrefix 192.168.0.0/24 -Foo bar"
    )
    col = line.index("-Foo") + 1
    record = ErrorRecord("m", "InvalidArgument", "x", span=Span(1, col, col + 4, line))
    assert render_error(record).splitlines()[1:4] == [
        "At line:1 char:92",
        "+ ... meNumberOne -InternalIPInterfaceAddressPrefix 192.168.0.0/24 -Foo bar",
        "+                                                                  ~~~~",
    ]
    start = ErrorRecord("m", "InvalidArgument", "x", span=Span(1, 1, 11, line))
    assert render_error(start).splitlines()[2:4] == [
        "+ New-NetNat -Name VeryLongNatNameNumberOne -InternalIPInterfaceAddress ...",
        "+ ~~~~~~~~~~",
    ]


def test_parse_errors_layout() -> None:
    first = ErrorRecord(
        message="Missing closing ')' in expression.",
        category="ParserError",
        fqid="MissingEndParenthesisInExpression",
        span=Span(1, 5, 5, "foo("),
    )
    second = ErrorRecord(
        message="Unexpected token '}' in expression or statement.",
        category="ParserError",
        fqid="UnexpectedToken",
        span=Span(2, 1, 2, "}", file="C:\\lab\\x.ps1"),
    )
    assert render_parse_errors([first, second]) == (
        "At line:1 char:5\n"
        "+ foo(\n"
        "+     ~\n"
        "Missing closing ')' in expression.\n"
        "\n"
        "At C:\\lab\\x.ps1:2 char:1\n"
        "+ }\n"
        "+ ~\n"
        "Unexpected token '}' in expression or statement.\n"
        "    + CategoryInfo          : ParserError: (:) [], ParseException\n"
        "    + FullyQualifiedErrorId : MissingEndParenthesisInExpression\n"
        "\n"
    )
    assert render_parse_errors([]) == ""


def test_stream_prefixes() -> None:
    assert render_warning("Waiting for service 'Docker Engine (docker)' to start...") == (
        "WARNING: Waiting for service 'Docker Engine (docker)' to start...\n"
    )
    assert render_verbose('New-VMSwitch will create a new virtual switch "VMNAT".') == (
        'VERBOSE: New-VMSwitch will create a new virtual switch "VMNAT".\n'
    )
    assert render_debug("x") == "DEBUG: x\n"
    assert render_what_if('Performing the operation "Remove" on target "VMNAT".') == (
        'What if: Performing the operation "Remove" on target "VMNAT".\n'
    )


def test_colour_only_when_asked_line_by_line() -> None:
    assert "\x1b" not in render_error(_cim_error())
    coloured = render_error(_cim_error(), color=True)
    assert coloured.startswith("\x1b[91mNew-NetNat : The parameter is incorrect.\x1b[0m\n")
    assert coloured.endswith("\x1b[0m\n\n")
    assert render_warning("a\nb", color=True) == "\x1b[93mWARNING: a\x1b[0m\n\x1b[93mb\x1b[0m\n"
    assert render_verbose("v", color=True) == "\x1b[93mVERBOSE: v\x1b[0m\n"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_use_color_needs_a_tty_and_no_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(_Tty()) is True
    assert use_color(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(_Tty()) is False
    monkeypatch.setenv("NO_COLOR", "")
    assert use_color(_Tty()) is True


def test_output_width_is_120_off_a_terminal() -> None:
    assert output_width(io.StringIO()) == 120
    assert output_width(_Tty()) == 120  # claims a TTY but has no terminal size


def test_output_width_on_a_terminal_is_one_less(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((100, 40)))

    class _Fd(_Tty):
        def fileno(self) -> int:
            return 1

    assert output_width(_Fd()) == 99
