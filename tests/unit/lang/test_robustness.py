"""Robustness and speed: random and mutated input only ever raises ParseError; deep nesting is a
clear parse error; a 1,000-line runbook parses in under 50 ms."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netnat.errors import ParseError
from netnat.lang.clean import clean_paste
from netnat.lang.parser import parse, tokenize

SCRIPTS = [
    "Get-NetNat \u201cVMNAT\u201d| Remove-NetNat -Confirm:$false",
    "New-ContainerNetwork \u2013name nat \u2013Mode NAT \u2013subnetprefix 172.16.0.0/12",
    '$KeyPath = "HKLM:\\SYSTEM\\X"\n$keys = get-childitem $KeyPath\nforeach($key in $keys)\n{\n'
    'if ($key.GetValue("FriendlyName") -eq \'nat\')\n{\n$n = $KeyPath+"\\"+$key.PSChildName\n'
    "Remove-Item -Path $n -Recurse\n}\n}\n",
    "function f { [CmdletBinding()] param([Parameter(Mandatory)][string[]]$Name = @('a'))\n"
    "process { switch ($_) { 'a' { 1 } default { @{ a = 1; b = \"x $($_.Name)\" } } } } }",
    'try { throw "x" } catch [System.Exception] { $_ } finally { 1..3 | % { $_ * 2 } }',
    '$s = @"\nhello $name `t $(Get-Date)\n"@\nWrite-Host $s 2>&1 > $null',
    "PS C:\\> Get-NetNat | Remove-NetNat (this will remove the NAT)\nName : x\n>> x",
]

CHARS = list(
    "abcXYZ019 \t\n\r-\u2013\u2014$@(){}[]<>#`'\"\u2018\u2019\u201c\u201d|&;,.:=!+*/%?\\\u00a0_"
)
PIECES = ["-eq", "-Name:", "${", "$(", "@{", "@(", "@\"\n", "\n\"@", "@'\n", "\n'@", "<#", "#>",
          "if", "foreach", "function", "param", "try", "catch", "switch", "default", "begin",
          "0x", "1kb", "..", "::", "--%", "2>&1", "PS C:\\> "]  # fmt: skip
ALPHABET = st.sampled_from(CHARS + PIECES)


def parses_or_parse_error(text: str) -> None:
    try:
        parse(text)
    except ParseError as error:
        assert error.records
        for record in error.records:
            assert record.span is not None and record.span.line >= 1 and record.span.col >= 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_random_text_only_raises_parse_error(text: str) -> None:
    parses_or_parse_error(text)
    for mode in (True, False):
        tokenize(text, command_mode=mode)
    clean_paste(text, {"a": "b"})


@st.composite
def mutated_script(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SCRIPTS))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        pos = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "cut"]))
        if action == "delete":
            text = text[:pos] + text[pos + 1 :]
        elif action == "insert":
            text = text[:pos] + draw(ALPHABET) + text[pos:]
        elif action == "duplicate":
            text = text[:pos] + text[pos:] * 2
        else:
            text = text[:pos]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_script())
def test_mutated_blog_scripts_only_raise_parse_error(text: str) -> None:
    parses_or_parse_error(text)
    cleaned = clean_paste(text)
    parses_or_parse_error(cleaned.text)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 500 + "1" + ")" * 500,
        "{" * 1000,
        "-" * 1000 + "1",
        "!" * 1000 + "$x",
        "$(" * 400,
        "@(" * 400 + "1",
        "if(1){" * 400,
        '"$(' * 300,
        "x (" * 400,
        "@{a=" * 400,
        "[int]" * 1000 + "1",
        "," * 1000 + "1",
    ],
)
def test_deep_nesting_is_a_clear_parse_error(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    ids = [record.fqid for record in caught.value.records]
    assert "ScriptTooComplicated" in ids
    record = caught.value.records[ids.index("ScriptTooComplicated")]
    assert record.message == "Processing was stopped because the script is too complex."


def test_nesting_below_the_limit_parses() -> None:
    parse("(" * 90 + "1" + ")" * 90)
    parse("if(1){" * 90 + "}" * 90)


def test_many_errors_stop_at_a_limit() -> None:
    with pytest.raises(ParseError) as caught:
        parse(")\n" * 1000)
    assert 1 < len(caught.value.records) <= 100


RUNBOOK = """\
Get-NetNat
Get-NetNat | Remove-NetNat
Get-VMSwitch
Get-NetIPAddress -InterfaceAlias "vEthernet(nat)"
Remove-NetIPAddress -InterfaceAlias "vEthernet(nat)" -IPAddress 192.168.1.1 -Confirm:$false
$KeyPath = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\vmsmp\\parameters\\SwitchList"
$keys = get-childitem $KeyPath
foreach($key in $keys)
{
if ($key.GetValue("FriendlyName") -eq 'nat')
{
$newKeyPath = $KeyPath+"\\"+$key.PSChildName
Remove-Item -Path $newKeyPath -Recurse
}
}
remove-netnat -Confirm:$false
Get-ContainerNetwork | Remove-ContainerNetwork
Get-NetNat \u201cVMNAT\u201d| Remove-NetNat
Start-Service Docker; Stop-Service Docker
New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/16
New-ContainerNetwork \u2013name nat \u2013Mode NAT \u2013subnetprefix 192.168.1.0/24
New-VirtualSwitch -Type internal
Add-NetNatStaticMapping -NatName SharedNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 `
    -ExternalPort 8080 -InternalIPAddress 192.168.1.100 -InternalPort 80
Get-NetAdapter | ? { $_.Name -like 'vEthernet*' -and $_.Status -eq 'Up' } | % { $_.ifIndex }
"""


def runbook_lines(count: int) -> str:
    """About `count` lines of blog-style runbook text (the shapes of the seed's scripts)."""
    unit = RUNBOOK.rstrip("\n")
    return "\n".join([unit] * (count // len(unit.splitlines()) + 1))


def test_a_thousand_line_runbook_parses_in_under_50_ms() -> None:
    text = runbook_lines(1000)
    assert len(text.splitlines()) >= 1000
    parse(text)  # warm up
    best = min(_timed(text) for _ in range(5))
    print(f"parse of {len(text.splitlines())} lines: {best * 1000:.1f} ms")
    assert best < 0.050, f"parsing 1,000 lines took {best * 1000:.1f} ms"


def _timed(text: str) -> float:
    start = time.perf_counter()
    parse(text)
    return time.perf_counter() - start
