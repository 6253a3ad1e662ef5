"""The completion scripts: completions/ is what `netnat completion SHELL` prints, and the
`__complete` entry point stays on the fast path (no click, rich, engine or prompt_toolkit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netnat.cli.completion_scripts import FILES, SCRIPTS, script

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("shell", sorted(FILES))
def test_completions_dir_holds_the_generated_scripts(shell: str) -> None:
    path = ROOT / "completions" / FILES[shell]
    assert path.read_text(encoding="utf-8") == SCRIPTS[shell], (
        f"{path} is stale: python -m netnat.cli.completion_scripts completions"
    )


def test_netnat_completion_prints_the_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "netnat", "completion", "bash"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout == script("bash")
    assert script("PowerShell") == script("pwsh")


def test_every_script_calls_the_hidden_entry_point() -> None:
    for shell, text in SCRIPTS.items():
        assert f"netnat __complete {shell}" in text


def test_the_fast_path_imports_no_heavy_layer(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from netnat.cli.main import main\n"
        "main(['__complete', 'bash', 'netnat Remove-NetNat -Name ', ''])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('click', 'rich', 'prompt_toolkit') or m.startswith(('netnat.engine', "
        "'netnat.cmdlets', 'netnat.output', 'netnat.backends')))\n"
        "print('HEAVY', heavy)\n"
    )
    env = {
        **os.environ,
        "NETNAT_STORE": str(tmp_path / "s.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    for _ in range(2):  # the first call builds the index (imports the cmdlets), the next not
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=True,
        )
    assert done.stdout.splitlines()[-1] == "HEAVY []"


def test_bad_usage_exits_2() -> None:
    from netnat.cli.main import main

    assert main(["__complete", "tcsh", "netnat "]) == 2
