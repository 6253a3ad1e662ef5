"""`netnat shell` without a terminal: unfinished statements, variables kept between inputs,
the store reloaded and committed per input, transcripts, prompts, `exit`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netnat.cli.console import ConsoleHost
from netnat.cli.main import Options
from netnat.cli.shell_run import ShellRunner, needs_more
from netnat.store.file import Store


@pytest.mark.parametrize(
    "text",
    [
        "if ($x) {",
        "foreach ($a in 1..3) {\n  $a",
        "Get-NetNat |",
        "'abc",
        '"abc',
        "New-NetNat -Name x `",
        "(1 +",
        "@{a=1",
        "function f {",
        "try { 1 }",
        "$x = ",
        "<# a comment",
        "PS C:\\> Get-VMSwitch | Where-Object {",
    ],
)
def test_unfinished_statements_need_more(text: str) -> None:
    assert needs_more(text)


@pytest.mark.parametrize(
    "text", ["", "Get-NetNat", "if ($x) { 1 }", "Get-NetNat )", "$x = 1", "Get-NetNat -Name"]
)
def test_finished_or_broken_statements_run(text: str) -> None:
    assert not needs_more(text)


class Shell:
    def __init__(self, store: Path, answers: str = "") -> None:
        self.out, self.err = io.StringIO(), io.StringIO()
        host = ConsoleHost(
            stdout=self.out, stderr=self.err, stdin=io.StringIO(answers), interactive=True
        )
        self.runner = ShellRunner(Options(store=str(store)), host)
        self.store = store

    def __call__(self, text: str) -> int | None:
        return self.runner.run(text)

    def nats(self) -> list[str]:
        return [n.Name for n in Store(self.store).load().nats]


def test_variables_persist_and_each_input_commits(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "state.toml")
    assert shell('$name = "VMNAT"') is None
    assert shell("$prefix = '192.168.0.0/24'") is None
    shell("New-NetNat -Name $name -InternalIPInterfaceAddressPrefix $prefix")
    assert shell.nats() == ["VMNAT"]
    shell("function Show-Nat { (Get-NetNat).Name }")
    shell("Show-Nat")
    assert "VMNAT" in shell.out.getvalue()
    assert shell.err.getvalue() == ""


def test_the_store_is_reloaded_for_each_input(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "state.toml")
    shell("Get-NetNat")
    other = Shell(tmp_path / "state.toml")
    other("New-NetNat -Name Other -InternalIPInterfaceAddressPrefix 10.0.0.0/24")
    shell("(Get-NetNat).Name")
    assert "Other" in shell.out.getvalue()


def test_a_pasted_transcript_runs(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "state.toml")
    shell(
        "PS C:\\> New-VMSwitch –SwitchName “VMNAT” -SwitchType Internal\n\n"
        "Name  SwitchType NetAdapterInterfaceDescription\n"
        "----  ---------- ------------------------------\n"
        "VMNAT Internal\n\n"
        "PS C:\\> New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
    )
    assert shell.err.getvalue() == ""
    assert shell.nats() == ["VMNAT"]


def test_prompts_are_answered_and_exit_leaves(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "state.toml", answers="N\nY\n")
    shell("New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24")
    shell("Remove-NetNat -Name VMNAT")
    assert shell.nats() == ["VMNAT"]  # answered No
    shell("Remove-NetNat -Name VMNAT")
    assert shell.nats() == []
    assert "Are you sure you want to perform this action?" in shell.out.getvalue()
    assert shell("exit 3") == 3


def test_errors_are_reported_and_the_shell_goes_on(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "state.toml")
    shell("Get-NetNat -Name Missing")
    shell("Get-NetNat )")
    err = shell.err.getvalue()
    assert "No MSFT_NetNat objects found" in err
    assert "Unexpected token ')'" in err
    assert shell("Write-Output ok") is None


def test_variable_names_for_completion(tmp_path: Path) -> None:
    shell = Shell(tmp_path / "state.toml")
    shell("$MyNat = 1")
    assert "MyNat" in shell.runner.variable_names()


def test_piped_input_runs_statement_by_statement(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NETNAT_STORE": str(tmp_path / "state.toml"),
        "NO_COLOR": "1",
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    script = '$n = "VMNAT"\nif ($n) {\n  Write-Output "name $n"\n}\nexit 4\nWrite-Output never\n'
    done = subprocess.run(
        [sys.executable, "-m", "netnat", "shell"],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (4, "name VMNAT\n", "")
