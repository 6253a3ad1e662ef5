"""Issue #6 acceptance: `netnat shell` in a real terminal (tmux): TAB completes, a pasted blog
transcript runs, multi-line input, prompts answered at the terminal, Ctrl-C, history."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.interactive import Tmux, need, netnat_bin, shell_env, write_lab

from netnat.store.file import Store

PROMPT = "PS netnat>"
TRANSCRIPT = (
    "PS C:\\> New-NetNat –Name “Blog NAT” -InternalIPInterfaceAddressPrefix 172.21.0.0/24\n"
    "\n"
    "Name                             : Blog NAT\n"
    "InternalIPInterfaceAddressPrefix : 172.21.0.0/24\n"
    "\n"
    "PS C:\\> Get-NetNat | Select-Object -ExpandProperty Name\n"
)


@pytest.fixture
def shell(tmp_path: Path) -> Iterator[tuple[Tmux, Path]]:
    need("tmux")
    store = write_lab(tmp_path / "state.toml")
    home = tmp_path / "home"
    home.mkdir()
    env = shell_env(netnat_bin(tmp_path / "bin"), store, tmp_path / "cache", home)
    env["TERM"] = "xterm-256color"
    session = Tmux(["netnat", "shell"], env)
    try:
        session.wait_for(PROMPT)
        yield session, tmp_path
    finally:
        session.close()


def test_tab_completes_a_command_and_a_quoted_name(shell: tuple[Tmux, Path]) -> None:
    session, _ = shell
    session.literal("New-VMSw")
    session.keys("Tab")
    session.wait_for(f"{PROMPT} New-VMSwitch")
    session.keys("C-u")
    session.literal("Get-VMSwitch -Name My")
    session.keys("Tab")
    session.wait_for(f"{PROMPT} Get-VMSwitch -Name 'My Switch'")
    session.keys("Enter")
    session.wait_for("My Switch Internal")


def test_a_pasted_transcript_runs(shell: tuple[Tmux, Path]) -> None:
    session, tmp = shell
    session.paste(TRANSCRIPT)
    session.keys("Enter")
    screen = session.wait_for("VMNAT\nLab NAT\nBlog NAT\n")
    assert "is not recognized" not in screen
    assert "Blog NAT" in [n.Name for n in Store(tmp / "state.toml").load().nats]


def test_multi_line_input_and_variables(shell: tuple[Tmux, Path]) -> None:
    session, _ = shell
    session.literal('$n = "Lab NAT"')
    session.keys("Enter")
    session.literal("if ($n) {")
    session.keys("Enter")
    session.wait_for(">>")
    session.literal('Write-Output "found $n"')
    session.keys("Enter")
    session.literal("}")
    session.keys("Enter")
    session.wait_for("found Lab NAT")


def test_a_prompt_is_answered_at_the_terminal(shell: tuple[Tmux, Path]) -> None:
    session, tmp = shell
    session.literal("Remove-NetNat -Name 'Lab NAT'")
    session.keys("Enter")
    session.wait_for('(default is "Y"):')
    session.literal("Y")
    session.keys("Enter")
    session.literal("Write-Output done")
    session.keys("Enter")
    session.wait_for("done\n")
    assert [n.Name for n in Store(tmp / "state.toml").load().nats] == ["VMNAT"]


def test_ctrl_c_drops_the_line_and_history_is_kept(shell: tuple[Tmux, Path]) -> None:
    session, tmp = shell
    session.literal("Remove-NetNat -Confirm:$false")
    session.keys("C-c")
    session.literal("Write-Output still-here")
    session.keys("Enter")
    session.wait_for("still-here\n")
    assert len(Store(tmp / "state.toml").load().nats) == 2
    history = tmp / "home" / "data" / "netnat" / "shell_history"
    deadline = time.monotonic() + 10
    while "Write-Output still-here" not in (history.read_text() if history.exists() else ""):
        assert time.monotonic() < deadline, "no history file"
        time.sleep(0.1)
    assert "Remove-NetNat -Confirm" not in history.read_text()


def test_ctrl_c_stops_a_running_command(shell: tuple[Tmux, Path]) -> None:
    session, _ = shell
    session.literal("$keep = 'kept'; function Wait-Long { Write-Host waiting; Start-Sleep 30 }")
    session.keys("Enter")
    session.literal("Wait-Long")
    session.keys("Enter")
    session.wait_for("waiting\n")
    session.keys("C-c")
    session.wait_for("^C")
    session.literal("Write-Output $keep")
    session.keys("Enter")
    session.wait_for("kept\n", timeout=10)
