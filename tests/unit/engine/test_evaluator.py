"""The evaluator pieces this issue touched, run in-process on a RecordingHost: preferences that
follow scopes, advanced-function common parameters, simple-function binding, redirections,
multiple assignment, increments, call depth, exit codes and streaming output."""

from __future__ import annotations

from netnat.binding.args import ParamArg, ValueArg
from netnat.cmdlets.registry import resolve
from netnat.engine.host import RecordingHost
from netnat.engine.script import RunResult, run_text
from netnat.engine.session import MemoryCommitter, Session
from netnat.engine.simple import ParameterText, match_arguments
from netnat.lang.parser import parse
from netnat.model.state import State


def run(text: str) -> tuple[RunResult, RecordingHost, Session]:
    host = RecordingHost()
    session = Session(State.initial(), host, MemoryCommitter())
    return run_text(text, session, resolve, "runbook.ps1"), host, session


def output(text: str) -> list[object]:
    result, host, _ = run(text)
    assert not result.parse_errors
    return host.output


def test_a_preference_set_in_a_function_ends_with_it() -> None:
    _, host, session = run(
        "function Quiet { $ErrorActionPreference = 'SilentlyContinue'; Get-NetNat -Name a }\n"
        "Quiet\nGet-NetNat -Name b"
    )
    assert [r.target_name for r in host.errors] == ["b"]
    assert len(session.errors) == 2
    assert session.prefs.error_action == "Continue"


def test_common_parameters_become_the_functions_preferences() -> None:
    text = (
        "function F { [CmdletBinding(SupportsShouldProcess)] param()\n"
        "  $WhatIfPreference; $ConfirmPreference; $VerbosePreference; $ErrorActionPreference }\n"
        "F -WhatIf -Confirm:$false -Verbose -ErrorAction Stop\nF"
    )
    assert output(text) == [
        True,
        "None",
        "Continue",
        "Stop",
        False,
        "High",
        "SilentlyContinue",
        "Continue",
    ]


def test_should_process_answers_follow_whatif_and_yes_to_all() -> None:
    host = RecordingHost(answers=[1])  # Yes to All, once
    session = Session(State.initial(), host, MemoryCommitter())
    text = (
        "function R { [CmdletBinding(SupportsShouldProcess, ConfirmImpact='High')] param()\n"
        '  foreach ($i in 1..3) { if ($PSCmdlet.ShouldProcess("t$i")) { "did $i" } } }\n'
        "R"
    )
    run_text(text, session, resolve)
    assert host.output == ["did 1", "did 2", "did 3"]
    assert len(host.prompts) == 1


def test_simple_binding_keeps_unknown_parameters_in_order_for_args() -> None:
    body = parse("param($Name, $Count)").param_block
    assert body is not None
    args = [
        ParamArg("Other", "-Other", False, None),
        ValueArg("x", "x", None),
        ParamArg("Name", "-Name", False, None),
        ValueArg("n", "n", None),
        ValueArg(5, "5", None),
        ValueArg("rest", "rest", None),
    ]
    given, rest = match_arguments(body.parameters, args)
    assert {k: v.value for k, v in given.items()} == {"Name": "n", "Count": "x"}
    assert rest == ["-Other", 5, "rest"]
    assert isinstance(rest[0], ParameterText)


def test_args_splatting_passes_parameters_on() -> None:
    text = 'function Inner($Name) { "[$Name]" }\nfunction Outer { Inner @args }\nOuter -Name x'
    assert output(text) == ["[x]"]


def test_redirecting_errors_of_a_function() -> None:
    text = "function F { Get-NetNat -Name a; 'out' }\nF 2>$null\n$r = F 2>&1\n$r.Count"
    result, host, session = run(text)
    assert host.errors == []
    assert host.output == ["out", 2]
    assert len(session.errors) == 2
    assert result.code == 0


def test_a_redirection_covers_only_its_own_command() -> None:
    _, host, _ = run(
        "Get-NetNat -Name a 2>$null | ForEach-Object { Get-VMSwitch -Name b }\n"
        "'x' | ForEach-Object { Get-VMSwitch -Name c } 2>$null"
    )
    assert [r.message for r in host.errors] == []
    _, host, _ = run("'x' 2>$null | ForEach-Object { Get-VMSwitch -Name c }")
    assert len(host.errors) == 1


def test_multiple_assignment_and_statement_increments() -> None:
    assert output("$a, $b, $c = 1, 2\n$i = 5\n$i++\n++$i\n($i++)\n$a; $b; $null -eq $c; $i") == [
        7,
        1,
        2,
        True,
        8,
    ]


def test_runaway_recursion_is_a_powershell_error() -> None:
    result, host, _ = run("function f { f }\nf\n'never'")
    assert result.code == 1
    assert host.output == []
    assert host.errors[0].fqid == "CallDepthOverflow"


def test_exit_keeps_its_code_even_after_errors() -> None:
    assert run("Get-NetNat -Name a\nexit")[0].code == 0
    assert run("Get-NetNat -Name a\nexit 7")[0].code == 7
    assert run("Get-NetNat -Name a")[0].code == 1


def test_function_output_streams_before_an_exit() -> None:
    assert output("function F { 'one'; exit 2; 'two' }\nF | ForEach-Object { \"got $_\" }") == [
        "got one"
    ]


def test_break_in_foreach_object_leaves_the_enclosing_loop() -> None:
    text = "foreach ($r in 1, 2) { 1..3 | ForEach-Object { if ($_ -eq 2) { break }; $_ } }\n'end'"
    assert output(text) == [1, "end"]


def test_switch_regex_sets_matches_and_restores_underscore() -> None:
    text = "$_ = 'kept'\nswitch -Regex ('ab12') { '(\\d+)' { $Matches[1] } }\n$_"
    assert output(text) == ["12", "kept"]


def test_write_error_names_the_calling_function_or_script() -> None:
    _, host, _ = run("function F { Write-Error 'in f' }\nF\nWrite-Error 'top'")
    first, second = host.errors
    assert (first.invocation_name, first.fqid.rsplit(",", 1)[1]) == ("F", "F")
    assert first.span is not None and first.span.line == 2
    assert (second.invocation_name, second.span) == ("runbook.ps1", None)
    assert second.fqid.endswith(",runbook.ps1")
