"""The console script leaves with os._exit after flushing: no output is lost, codes are kept."""

from __future__ import annotations

from pathlib import Path

from support.cli import Cli


def test_large_output_and_errors_all_arrive_with_the_exit_code(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "state.toml")
    done = cli("-c", "1..20000; Write-Error 'last words'")
    assert done.out.splitlines() == [str(i) for i in range(1, 20001)]
    assert "last words" in done.err and done.code == 1
    assert cli("-c", "Write-Output ok").code == 0


def test_under_a_profiler_the_interpreter_exits_normally(tmp_path: Path) -> None:
    """cProfile (and coverage) write their data at exit: os._exit would lose it."""
    import os
    import subprocess
    import sys

    profile = tmp_path / "netnat.prof"
    env = {**os.environ, "NETNAT_STORE": str(tmp_path / "state.toml")}
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "netnat", "Get-NetNat"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0
