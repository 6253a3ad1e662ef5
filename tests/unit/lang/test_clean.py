"""Paste clean-up (§0): prompts, transcripts, `>>` lines, remarks, placeholders, line mapping."""

from __future__ import annotations

import pytest

from netnat.errors import ParseError
from netnat.lang.clean import clean_paste, placeholder_message
from netnat.lang.parser import parse


def code(text: str, **defines: str) -> str:
    return clean_paste(text, {k.replace("_", " "): v for k, v in defines.items()}).text


@pytest.mark.parametrize(
    "line",
    [
        "PS C:\\> Get-NetNat",
        "PS> Get-NetNat",
        "PS /home/u> Get-NetNat",
        "PS C:\\Windows\\system32> Get-NetNat",
        "C:\\PS> Get-NetNat",
        "  PS C:\\> Get-NetNat",
        "PS ~> Get-NetNat",
    ],
)
def test_prompt_forms_are_removed(line: str) -> None:
    cleaned = clean_paste(line)
    assert cleaned.text == "Get-NetNat"
    assert cleaned.transcript


def test_only_one_space_after_the_prompt_is_removed() -> None:
    assert code("PS C:\\>  Get-NetNat") == " Get-NetNat"


def test_bom_and_line_ends() -> None:
    assert code("\ufeffa\r\nb\rc\nd") == "a\nb\nc\nd"


def test_lowercase_ps_is_a_command_not_a_prompt() -> None:
    assert code("ps | sort") == "ps | sort"


def test_continuation_prompts() -> None:
    text = "PS C:\\> Get-NetNat |\n>> Remove-NetNat\n>>\nName : x"
    assert code(text) == "Get-NetNat |\nRemove-NetNat\n"


def test_transcript_skips_sample_output() -> None:
    text = (
        "PS C:\\> Get-NetNat\n"
        "\n"
        "Name                             : VMNAT\n"
        "InternalIPInterfaceAddressPrefix : 172.16.0.0/12\n"
        "PS C:\\> Remove-NetNat -Confirm:$false\n"
    )
    assert code(text) == "Get-NetNat\nRemove-NetNat -Confirm:$false"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PS> foreach ($a in 1..2) {\n$a\n}\noutput", "foreach ($a in 1..2) {\n$a\n}"),
        ("PS> Get-NetNat |\nRemove-NetNat\noutput", "Get-NetNat |\nRemove-NetNat"),
        ("PS> New-NetNat -Name x `\n-InternalIPInterfaceAddressPrefix y\noutput",
         "New-NetNat -Name x `\n-InternalIPInterfaceAddressPrefix y"),
        ("PS> $s = 'a\nb'\noutput", "$s = 'a\nb'"),
        ("PS> $s = @\"\nhere\n\"@\noutput", "$s = @\"\nhere\n\"@"),
        ("PS> x ` \noutput", "x ` "),
    ],
)  # fmt: skip
def test_transcript_keeps_lines_that_finish_a_statement(text: str, expected: str) -> None:
    assert code(text) == expected


def test_without_prompts_everything_is_code() -> None:
    text = "Get-NetNat\n# a comment\nName : VMNAT"
    cleaned = clean_paste(text)
    assert cleaned.text == text
    assert not cleaned.transcript


# --------------------------------------------------------------------------- remarks


@pytest.mark.parametrize(
    ("line", "kept", "remark"),
    [
        ("PS C:\\> Remove-NetNat (this will remove the NAT but keep the internal vSwitch).",
         "Remove-NetNat", "(this will remove the NAT but keep the internal vSwitch)"),
        ("PS C:\\> New-VirtualSwitch -Type internal (attach VMs to this new vSwitch)",
         "New-VirtualSwitch -Type internal", "(attach VMs to this new vSwitch)"),
        ("PS C:\\> Get-NetNat | Remove-NetNAT (again, this will remove the NAT)",
         "Get-NetNat | Remove-NetNAT", "(again, this will remove the NAT)"),
    ],
)  # fmt: skip
def test_remark_after_a_prompted_command_is_dropped_with_a_warning(
    line: str, kept: str, remark: str
) -> None:
    cleaned = clean_paste(line)
    assert cleaned.text == kept
    (warning,) = cleaned.warnings
    assert warning.line == 1
    assert warning.message == f"the remark '{remark}' after the command was not run"


@pytest.mark.parametrize(
    "line",
    [
        "PS> Get-Item (dir this folder)",
        'PS> Write-Host "x (this is text in a string)"',
        "PS> Get-NetAdapter vEthernet(this one)",
        "PS> Get-Thing (Get-Other -Name x)",
        "PS> Get-Thing (x)",
        "Remove-NetNat (this will remove the NAT)",
    ],
)
def test_parentheses_that_are_not_remarks_stay(line: str) -> None:
    cleaned = clean_paste(line)
    assert "(" in cleaned.text
    assert not cleaned.warnings


def test_remark_check_can_use_the_command_registry() -> None:
    cleaned = clean_paste("PS> Get-X (attach all)", is_command=lambda name: name == "attach")
    assert cleaned.text == "Get-X (attach all)"


# --------------------------------------------------------------------------- placeholders


def test_every_missing_placeholder_is_named_once_in_order() -> None:
    text = (
        "New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix <shared prefix>\n"
        "New-ContainerNetwork -SubnetPrefix <container prefix>\n"
        'Get-NetIPAddress -InterfaceAlias "vEthernet(<name of vSwitch>)"\n'
        "New-NetNat -InternalIPInterfaceAddressPrefix <shared prefix>\n"
    )
    cleaned = clean_paste(text)
    assert cleaned.missing_placeholders == (
        "<shared prefix>",
        "<container prefix>",
        "<name of vSwitch>",
    )
    assert placeholder_message(cleaned.missing_placeholders) == (
        "The runbook has placeholders without a value: <shared prefix>, <container prefix>, "
        "<name of vSwitch>. Give them with --define 'shared prefix=VALUE'."
    )


def test_placeholders_are_filled_case_insensitively() -> None:
    cleaned = clean_paste(
        "New-NetNat -InternalIPInterfaceAddressPrefix <Shared Prefix>\n"
        'Get-NetIPAddress -InterfaceAlias "vEthernet(<name of vSwitch>)" -IPAddress <IPAddress>',
        {"shared prefix": "192.168.0.0/16", "NAME OF VSWITCH": "VMNAT", "ipaddress": "172.16.0.1"},
    )
    assert cleaned.missing_placeholders == ()
    assert cleaned.text == (
        "New-NetNat -InternalIPInterfaceAddressPrefix 192.168.0.0/16\n"
        'Get-NetIPAddress -InterfaceAlias "vEthernet(VMNAT)" -IPAddress 172.16.0.1'
    )


@pytest.mark.parametrize(
    "text",
    [
        "<# block comment #> Get-X",
        "Get-X # see <shared prefix>",
        "Write-Host 'literal <shared prefix>'",
        "Write-Host 'a < b'",
        "<#\n<shared prefix>\n#>",
        "$s = @'\n<shared prefix>\n'@",
        "Get-X <1> < two>",
    ],
)
def test_no_placeholders_in_comments_or_verbatim_text(text: str) -> None:
    cleaned = clean_paste(text)
    assert cleaned.missing_placeholders == ()
    assert cleaned.text == text


def test_placeholder_inside_a_remark_is_not_needed() -> None:
    cleaned = clean_paste("PS> New-X -Prefix <p> (create a NAT from the <container prefix>)")
    assert cleaned.missing_placeholders == ("<p>",)


# --------------------------------------------------------------------------- line mapping


def error_position(text: str, **defines: str) -> tuple[int, int, str]:
    cleaned = clean_paste(text, {k.replace("_", " "): v for k, v in defines.items()})
    with pytest.raises(ParseError) as caught:
        parse(cleaned.text, line_map=cleaned.line_map)
    span = caught.value.records[0].span
    assert span is not None
    return span.line, span.col, span.line_text


def test_errors_point_at_original_lines_and_columns() -> None:
    text = "Some prose\nPS C:\\> Get-NetNat\nName : x\n\nPS C:\\> Get-NetNat |"
    assert error_position(text) == (5, 21, "PS C:\\> Get-NetNat |")


def test_error_after_continuation_prompt() -> None:
    text = "PS> Get-X `\n>> -Name (1 +"
    assert error_position(text) == (2, 14, ">> -Name (1 +")


def test_error_after_a_filled_placeholder_keeps_original_columns() -> None:
    text = "PS> New-NetNat -InternalIPInterfaceAddressPrefix <shared prefix> -Name (x"
    line, col, line_text = error_position(text, shared_prefix="192.168.0.0/16")
    assert (line, line_text) == (1, text)
    assert col == len(text) + 1


def test_error_after_a_longer_quoted_value_maps_back() -> None:
    text = "Get-X <v> (1 +"
    assert error_position(text, v="a much longer value") == (1, 15, text)


def test_define_values_stay_literal_text() -> None:
    cleaned = clean_paste(
        'New-VMSwitch -Name <name> -Notes "for <name>" -Prefix <p>',
        {"name": "My 'lab' $x", "p": "10.0.0.0/8"},
    )
    assert cleaned.text == (
        "New-VMSwitch -Name 'My ''lab'' $x' -Notes \"for My 'lab' `$x\" -Prefix 10.0.0.0/8"
    )
    assert args_of(cleaned.text) == ["My 'lab' $x", "for My 'lab' $x", "10.0.0.0/8"]


def args_of(text: str) -> list[str]:
    from netnat.lang import ast

    (statement,) = parse(text).statements
    assert isinstance(statement, ast.Pipeline)
    command = statement.elements[0]
    assert isinstance(command, ast.CommandNode)
    values = []
    for element in command.elements:
        if isinstance(element, ast.CommandArgument):
            assert isinstance(element.value, ast.StringConstant)
            values.append(element.value.value)
    return values


def test_prose_bullets_are_skipped_with_a_warning() -> None:
    text = "- Make sure you only have one NAT\nGet-NetNat\n- If a NAT exists, delete it\n"
    cleaned = clean_paste(text)
    assert cleaned.text.split("\n")[:3] == ["", "Get-NetNat", ""]
    assert [w.line for w in cleaned.warnings] == [1, 3]
    assert "was not run" in cleaned.warnings[0].message


def test_a_dashed_command_line_is_not_a_bullet() -> None:
    cleaned = clean_paste("$a = 5\n- $a\n-Name x y z\n")
    assert cleaned.warnings == ()


def test_scanner_skips_plain_text_but_sees_every_state_change() -> None:
    from netnat.lang.clean_scan import CODE, DOUBLE, HERE_DOUBLE, SINGLE, CodeScanner

    scan = CodeScanner()
    assert scan.feed('New-NetNat -Name "a <b> c" (x') == [(20, 23, True)] and scan.depth == 1
    assert scan.state == CODE
    scan.feed('Write-Output a"')  # a quote ending a line is a string, not a here-string
    assert scan.state == DOUBLE
    scan.feed('"; $s = @"')
    assert scan.state == HERE_DOUBLE
    other = CodeScanner()
    other.feed("echo 'it''s <x> # not a comment")
    assert other.state == SINGLE
