"""Issue #6 acceptance: the completion scripts in real shells.

bash: the completion function called as bash calls it (COMP_WORDS, COMP_CWORD, COMP_LINE,
COMP_POINT); fish: `complete -C`; zsh: the script loaded with `compadd` overridden to record
what it would offer, and an interactive zsh under tmux. Without a shell these tests skip,
except in CI (CI=true) where they fail.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from support.interactive import Tmux, need, netnat_bin, shell_env, write_lab

ROOT = Path(__file__).resolve().parents[3]
COMPLETIONS = ROOT / "completions"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("shells")
    store = write_lab(base / "state.toml")
    home = base / "home"
    home.mkdir()
    return shell_env(netnat_bin(base / "bin"), store, base / "cache", home)


def run(argv: list[str], env: dict[str, str], script: str) -> list[str]:
    done = subprocess.run(
        [*argv, script], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


# ---- bash -----------------------------------------------------------------------------------


def bash(env: dict[str, str], words: list[str], line: str | None = None) -> list[str]:
    """COMPREPLY after calling _netnat with the words bash would give (the last is the one
    under the cursor, at the end of the line)."""
    need("bash")
    text = " ".join(words) if line is None else line
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    line_q = "'" + text.replace("'", "'\\''") + "'"
    script = (
        f"source '{COMPLETIONS / 'netnat.bash'}'\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE={line_q}; COMP_POINT=${{#COMP_LINE}}\n"
        '_netnat netnat "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"\n'
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    return run(["bash", "--norc", "--noprofile", "-c"], env, script)


def test_bash_completes_cmdlet_names(env: dict[str, str]) -> None:
    assert bash(env, ["netnat", "New-Ne"]) == ["New-NetIPAddress", "New-NetNat"]
    assert bash(env, ["netnat", "remove-netnatst"]) == ["Remove-NetNatStaticMapping"]


def test_bash_offers_exactly_the_nat_names(env: dict[str, str]) -> None:
    assert bash(env, ["netnat", "Remove-NetNat", "-Name", ""]) == ["VMNAT", "'Lab NAT'"]


def test_bash_a_switch_name_with_a_space_is_one_quoted_word(env: dict[str, str]) -> None:
    assert bash(env, ["netnat", "Get-VMSwitch", "-Name", "My"]) == ["'My Switch'"]
    assert bash(env, ["netnat", "New-NetIPAddress", "-InterfaceAlias", "vEthernet"]) == [
        "'vEthernet (VMNAT)'",
        "'vEthernet (My Switch)'",
    ]
    # bash splits -Name:My at the colon
    words = ["netnat", "Get-VMSwitch", "-Name", ":", "My"]
    assert bash(env, words, "netnat Get-VMSwitch -Name:My") == ["'My Switch'"]


def test_bash_parameters_and_enums(env: dict[str, str]) -> None:
    assert bash(env, ["netnat", "New-VMSwitch", "–SwitchT"]) == ["–SwitchType"]
    assert bash(env, ["netnat", "New-VMSwitch", "-SwitchType", ""]) == ["Private", "Internal"]


def test_bash_run_completes_file_names(env: dict[str, str]) -> None:
    found = bash(env, ["netnat", "run", str(COMPLETIONS / "netnat.b")])
    assert found == [str(COMPLETIONS / "netnat.bash")]


# ---- fish -----------------------------------------------------------------------------------


def fish(env: dict[str, str], line: str) -> list[str]:
    need("fish")
    script = f"source '{COMPLETIONS / 'netnat.fish'}'; complete -C '{line}'"
    return [entry.split("\t")[0] for entry in run(["fish", "--no-config", "-c"], env, script)]


def test_fish_completes_names_parameters_and_values(env: dict[str, str]) -> None:
    assert fish(env, "netnat New-Ne") == ["New-NetIPAddress", "New-NetNat"]
    assert fish(env, "netnat Remove-NetNat -Name ") == ["Lab NAT", "VMNAT"]  # fish sorts
    assert fish(env, "netnat Get-VMSwitch -Name My") == ["My Switch"]
    assert fish(env, "netnat Add-NetNatStaticMapping -Protocol ") == ["TCP", "UDP"]


# ---- zsh ------------------------------------------------------------------------------------

ZSH_HARNESS = r"""
compdef() { : }
source '{script}'
compadd() {
    local -a disp
    while (( $# )); do
        case $1 in
            --) shift; break ;;
            -d) disp=("${(@P)2}"); shift 2 ;;
            -M|-P|-S|-J|-X) shift 2 ;;
            *) shift ;;
        esac
    done
    print -rl -- "$@"
}
words=({words})
CURRENT={current}
PREFIX={prefix}
_netnat
"""


def zsh(env: dict[str, str], words: list[str]) -> list[str]:
    need("zsh")
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    prefix = "'" + words[-1].replace("'", "'\\''") + "'"
    script = (
        ZSH_HARNESS.replace("{script}", str(COMPLETIONS / "_netnat"))
        .replace("{words}", quoted)
        .replace("{current}", str(len(words)))
        .replace("{prefix}", prefix)
    )
    return run(["zsh", "-f", "-c"], env, script)


def test_zsh_offers_names_and_values(env: dict[str, str]) -> None:
    assert zsh(env, ["netnat", "New-Ne"]) == ["New-NetIPAddress", "New-NetNat"]
    assert zsh(env, ["netnat", "Remove-NetNat", "-Name", ""]) == ["VMNAT", "Lab NAT"]
    assert zsh(env, ["netnat", "Set-NetNat", "-TcpFilteringBehavior", "e"]) == [
        "EndpointIndependentFiltering"
    ]


def interactive(env: dict[str, str], command: list[str], prompt: str) -> Tmux:
    need("tmux")
    session = Tmux(command, env)
    session.wait_for(prompt)
    return session


def test_interactive_zsh_quotes_a_switch_name(env: dict[str, str], tmp_path: Path) -> None:
    need("zsh")
    functions = tmp_path / "functions"
    functions.mkdir()
    (functions / "_netnat").write_text((COMPLETIONS / "_netnat").read_text())
    (tmp_path / ".zshrc").write_text(
        f"PS1='zsh%% '\nfpath=({functions} $fpath)\nautoload -Uz compinit && compinit -u -D\n"
    )
    session = interactive({**env, "ZDOTDIR": str(tmp_path)}, ["zsh", "-i"], "zsh%")
    try:
        session.literal("netnat Get-VMSwitch -Name My")
        session.keys("Tab")
        session.wait_for(r"netnat Get-VMSwitch -Name My\ Switch")
        session.keys("C-c")
        session.literal("netnat Remove-NetNat -Name L")
        session.keys("Tab")
        session.wait_for(r"netnat Remove-NetNat -Name Lab\ NAT")
    finally:
        session.close()


def test_interactive_bash_quotes_a_switch_name(env: dict[str, str], tmp_path: Path) -> None:
    need("bash")
    rc = tmp_path / "bashrc"
    rc.write_text(f"PS1='bash$ '\nsource '{COMPLETIONS / 'netnat.bash'}'\n")
    session = interactive(env, ["bash", "--noprofile", "--rcfile", str(rc), "-i"], "bash$")
    try:
        session.literal("netnat Get-VMSwitch -Name My")
        session.keys("Tab")
        session.wait_for("netnat Get-VMSwitch -Name 'My Switch'")
        session.keys("C-u")  # readline: clear the line (C-c races with a loaded machine)
        _wait_empty_prompt(session)
        session.literal('netnat Get-VMSwitch -Name "My')
        session.keys("Tab")
        session.wait_for('netnat Get-VMSwitch -Name "My Switch"')
    finally:
        session.close()


def _wait_empty_prompt(session: Tmux, timeout: float = 15.0) -> None:
    """Until the cursor line is the bare prompt again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = [line for line in session.screen().splitlines() if line.strip()]
        if lines and lines[-1].rstrip() == "bash$":
            return
        time.sleep(0.1)
    raise AssertionError(f"the prompt did not come back:\n{session.screen()}")
