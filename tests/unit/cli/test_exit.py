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
