"""Get-Command, Start-Sleep and Test-Path through the binder and a fake context."""

from __future__ import annotations

import pytest
from support.core_context import FakeContext, call

from netnat.binding.decl import CmdletContext
from netnat.cmdlets import core_misc
from netnat.cmdlets.core_misc import DRIVES, CommandTypes, item_kind
from netnat.errors import ParameterBindingError
from netnat.model.psobject import PSObject


def rows(objects: list[object]) -> list[tuple[object, ...]]:
    out = []
    for obj in objects:
        assert isinstance(obj, PSObject)
        out.append(tuple(obj.props.values()))
    return out


# --- Get-Command --------------------------------------------------------------------------


def test_get_command_by_name_shows_type_name_version_source() -> None:
    (info,) = call("Get-Command Get-NetNat").out
    assert isinstance(info, PSObject)
    assert list(info.props) == ["CommandType", "Name", "Version", "Source"]
    assert rows([info]) == [(CommandTypes.Function, "Get-NetNat", "1.0.0.0", "NetNat")]
    assert info.type_names[0] == "System.Management.Automation.FunctionInfo"


def test_get_command_kinds_and_modules() -> None:
    assert rows(call("gcm Get-VMSwitch,Where-Object,Select-Object,Test-Path").out) == [
        (CommandTypes.Cmdlet, "Get-VMSwitch", "2.0.0.0", "Hyper-V"),
        (CommandTypes.Cmdlet, "Where-Object", "3.0.0.0", "Microsoft.PowerShell.Core"),
        (CommandTypes.Cmdlet, "Select-Object", "3.1.0.0", "Microsoft.PowerShell.Utility"),
        (CommandTypes.Cmdlet, "Test-Path", "3.1.0.0", "Microsoft.PowerShell.Management"),
    ]


def test_get_command_wildcards_list_aliases_then_functions_then_cmdlets() -> None:
    names = [r[1] for r in rows(call("Get-Command *-NetNat").out)]
    # Test-NetNat: netnat's own troubleshooter (issue #4)
    assert names == ["Get-NetNat", "New-NetNat", "Remove-NetNat", "Set-NetNat", "Test-NetNat"]
    shown = rows(call("Get-Command s*").out)
    kinds = [int(r[0]) for r in shown if isinstance(r[0], CommandTypes)]
    assert len(kinds) == len(shown) and kinds == sorted(kinds)
    assert (CommandTypes.Alias, "select -> Select-Object", "", "") in shown


def test_get_command_alias_by_name() -> None:
    assert rows(call("Get-Command select").out) == [
        (CommandTypes.Alias, "select -> Select-Object", "", "")
    ]
    single = [r[1] for r in rows(call("Get-Command ?").out)]  # `?` is a wildcard itself
    assert single == ["% -> ForEach-Object", "? -> Where-Object"]


def test_get_command_verb_noun_and_type() -> None:
    names = [r[1] for r in rows(call("Get-Command -Noun NetNat*").out)]
    assert "Get-NetNatStaticMapping" in names and "select -> Select-Object" not in names
    names = [r[1] for r in rows(call("Get-Command -Verb Write -Noun Host,Output").out)]
    assert names == ["Write-Host", "Write-Output"]
    shown = rows(call("Get-Command -CommandType Alias").out)
    assert shown and {r[0] for r in shown} == {CommandTypes.Alias}
    assert not call("Get-Command -CommandType Function *-Object").out


def test_get_command_everything() -> None:
    assert len(call("Get-Command").out) > 60


def test_get_command_unknown_literal_name_is_an_error() -> None:
    result = call("Get-Command Foo-Bar,Get-Nothing*")
    assert result.out == []
    (error,) = result.ctx.errors
    assert error.record.message == (
        "The term 'Foo-Bar' is not recognized as the name of a cmdlet, function, script file, "
        "or operable program. Check the spelling of the name, or if a path was included, "
        "verify that the path is correct and try again."
    )
    assert error.record.category_info() == (
        "ObjectNotFound: (Foo-Bar:String) [Get-Command], CommandNotFoundException"
    )
    assert error.record.fqid == (
        "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand"
    )


# --- Start-Sleep --------------------------------------------------------------------------


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    import time

    calls: list[float] = []
    monkeypatch.setattr(time, "sleep", calls.append)
    return calls


def test_start_sleep_seconds_and_milliseconds(slept: list[float]) -> None:
    call("Start-Sleep 2")
    call("Start-Sleep -Milliseconds 250")
    call("sleep -ms 5")
    call("Start-Sleep", inputs=[1])
    assert slept == [2.0, 0.25, 0.005, 1.0]


def test_start_sleep_is_bounded(slept: list[float]) -> None:
    result = call("Start-Sleep -Seconds 600")
    assert slept == [60.0]
    assert result.ctx.verbose == ["netnat waits 60 seconds instead of 600."]


def test_start_sleep_refuses_negative_and_both_units(slept: list[float]) -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("Start-Sleep -1")
    assert caught.value.record.message.startswith(
        "Cannot validate argument on parameter 'Seconds'. The -1 argument is less than"
    )
    with pytest.raises(ParameterBindingError) as caught:
        call("Start-Sleep -Seconds 1 -Milliseconds 5")
    assert caught.value.record.fqid.startswith("AmbiguousParameterSet,")
    with pytest.raises(ParameterBindingError) as caught:
        call("Start-Sleep")
    assert caught.value.record.message.endswith("missing mandatory parameters: Seconds.")
    assert slept == []


# --- Test-Path ----------------------------------------------------------------------------


def test_test_path_variables() -> None:
    ctx = FakeContext({"nat": "VMNAT"})
    assert call(r"Test-Path Variable:\nat", ctx=ctx).out == [True]
    assert call("Test-Path variable:NAT", ctx=ctx).out == [True]
    assert call(r"Test-Path Variable:\other", ctx=ctx).out == [False]
    assert call("Test-Path Variable:", ctx=ctx).out == [True]


def test_test_path_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETNAT_TEST_VAR", "1")
    assert call(r"Test-Path Env:\netnat_test_var").out == [True]
    assert call("Test-Path env:NETNAT_TEST_*").out == [True]
    assert call("Test-Path -LiteralPath env:NETNAT_TEST_*").out == [False]
    assert call(r"Test-Path Env:\NETNAT_NO_SUCH_VAR").out == [False]


def test_test_path_never_touches_the_file_system() -> None:
    line = r"Test-Path C:\Windows,/etc/passwd,.,HKLM:\SOFTWARE\Microsoft"
    assert call(line).out == [False, False, False, False]


def test_test_path_path_type() -> None:
    ctx = FakeContext({"x": 1})
    assert call(r"Test-Path Variable:\x -PathType Leaf", ctx=ctx).out == [True]
    assert call(r"Test-Path Variable:\x -PathType Container", ctx=ctx).out == [False]
    assert call("Test-Path Env: -Type Container").out == [True]
    assert call("Test-Path nowhere -IsValid").out == [True]


def test_test_path_from_the_pipeline() -> None:
    ctx = FakeContext({"a": 1})
    assert call("Test-Path", inputs=["Variable:a", "Variable:b"], ctx=ctx).out == [True, False]


def test_test_path_empty_path_is_the_5_1_binding_error() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("Test-Path ''")
    assert caught.value.record.message == (
        "Cannot bind argument to parameter 'Path' because it is an empty string."
    )
    assert caught.value.record.fqid == (
        "ParameterArgumentValidationErrorEmptyStringNotAllowed,"
        "Microsoft.PowerShell.Commands.TestPathCommand"
    )


def test_more_drives_plug_in(monkeypatch: pytest.MonkeyPatch) -> None:
    def registry(ctx: CmdletContext, path: str, literal: bool) -> str | None:
        return "container" if path.lower() == r"software\microsoft" else None

    monkeypatch.setitem(DRIVES, "hklm", registry)
    assert call(r"Test-Path HKLM:\SOFTWARE\Microsoft").out == [True]
    assert item_kind(FakeContext(), "HKLM:/Software/Microsoft/") == "container"
    assert core_misc.DRIVES is DRIVES
