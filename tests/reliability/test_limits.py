"""Deep nesting and huge scripts end in a PowerShell error, not a crash or a hang; a runbook
loop can be interrupted (Ctrl-C: exit 130, no traceback, the store intact).

Real `python -m netnat` processes, each bounded in time.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability import figures
from reliability.support import (
    WAIT,
    child_env,
    holding_lock,
    load,
    lock_waiters,
    netnat,
    temp_files,
    wait_for,
)

TOO_COMPLEX = "Processing was stopped because the script is too complex."
DEPTH = "The script failed due to call depth overflow."

DEEP = {
    "parentheses": "(" * 100_000 + "1" + ")" * 100_000,
    "script blocks": "{" * 100_000,
    "subexpressions": "$(" * 50_000,
    "in a string": '"' + "$(" * 50_000,
    "hashtables": "@{a=" * 50_000,
    "arrays": "$x = " + "@(" * 50_000 + "1" + ")" * 50_000,
    "if blocks": "if(1){" * 50_000,
    "casts": "[int]" * 100_000 + "1",
    "unary": "-" * 100_000 + "1",
}


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_is_a_parse_error(store: Path, shape: str) -> None:
    started = time.monotonic()
    done = netnat(store, "run", "-", stdin=DEEP[shape], timeout=WAIT).clean()
    assert done.code == 1
    assert TOO_COMPLEX in done.err, done.err[-500:]
    assert time.monotonic() - started < WAIT
    assert not store.exists()
    figures.add("limits: deep or huge scripts ending in a PowerShell error")


RUNTIME = {
    "a function calling itself": ("function f { f }; f", DEPTH),
    "a script block invoking itself": ("$b = { & $b }; & $b", DEPTH),
    "recursion caught by try/catch": ('try { function f { f }; f } catch { "caught" }', None),
}


@pytest.mark.parametrize("case", sorted(RUNTIME))
def test_runaway_recursion_is_a_powershell_error(store: Path, case: str) -> None:
    text, error = RUNTIME[case]
    done = netnat(store, "-c", text, timeout=WAIT).clean()
    if error is None:
        assert (done.code, done.out.strip()) == (0, "caught"), done.err
    else:
        assert done.code == 1 and error in done.err, done.err
    figures.add("limits: deep or huge scripts ending in a PowerShell error")


def test_any_runaway_recursion_ends_in_an_error_record(store: Path) -> None:
    """Whatever recurses too deep (here the JSON parser), the CLI answers with PowerShell's
    call-depth error, never an internal error or a traceback."""
    done = netnat(store, "-c", "'[' * 100000 | ConvertFrom-Json; 'not reached'").clean()
    assert done.code == 1 and "FullyQualifiedErrorId" in done.err, done.err
    figures.add("limits: deep or huge scripts ending in a PowerShell error")


def test_deeply_nested_json_is_convertfrom_jsons_error(store: Path) -> None:
    done = netnat(store, "-c", "'[' * 100000 | ConvertFrom-Json", timeout=WAIT)
    assert done.code == 1
    assert done.err.startswith("ConvertFrom-Json :"), done.err


def test_huge_scripts_end_in_time(store: Path, tmp_path: Path) -> None:
    cases = {
        "100,000 statements": ("$x = 1\n" * 100_000 + '"end"', 0, "end"),
        "500,000 stray closers": (")\n" * 500_000, 1, "UnexpectedToken"),
        "a 2 MB string": ("'" + "x" * 2_000_000 + "' | Out-Null\n'end'", 0, "end"),
        "an unterminated 100,000-line string": ('"' + "x\n" * 100_000, 1, "TerminatorExpected"),
    }
    for name, (text, code, says) in cases.items():
        script = tmp_path / "huge.ps1"
        script.write_text(text, encoding="utf-8")
        started = time.monotonic()
        done = netnat(store, "run", str(script), timeout=WAIT).clean()
        took = time.monotonic() - started
        assert done.code == code, (name, done.err[-300:])
        assert says in (done.out if code == 0 else done.err), (name, done.err[-300:])
        assert done.err.count("FullyQualifiedErrorId") <= 100, name
        assert took < WAIT, f"{name}: {took:.0f} s"
        figures.add("limits: deep or huge scripts ending in a PowerShell error")


# ---- interruption -------------------------------------------------------------------------


def _start(store: Path, *argv: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "netnat", "--store", str(store), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=child_env(),
    )


def _interrupt(proc: subprocess.Popen[bytes], after: float) -> tuple[int, str, float]:
    """SIGINT (Ctrl-C) after `after` seconds; the exit code, stderr, and how long it took."""
    try:
        proc.wait(timeout=after)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("netnat did not stop within 10 s of Ctrl-C") from None
    return proc.returncode, err.decode("utf-8", "replace"), time.monotonic() - sent


def _nat(store: Path) -> bytes:
    netnat(
        store, "New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"
    ).clean()
    return store.read_bytes()


def test_ctrl_c_stops_an_endless_loop(store: Path) -> None:
    before = _nat(store)
    proc = _start(store, "-c", "while ($true) { $i++ }")
    code, err, took = _interrupt(proc, 1.5)
    assert code == 130, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert took < 5, f"took {took:.1f} s to stop"
    assert store.read_bytes() == before
    figures.add("limits: runbooks interrupted with Ctrl-C")


LOOP = """\
$port = 20000
while ($true) {
    Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 `
        -ExternalPort $port -InternalIPAddress 192.168.0.2 -InternalPort 80 | Out-Null
    Get-NetNatStaticMapping | Measure-Object | Out-Null
    $port++
}
"""


def test_ctrl_c_during_a_committing_loop_keeps_the_store_whole(store: Path) -> None:
    """Interrupted at random moments, the store always holds the first N mappings, whole."""
    _nat(store)
    rng = random.Random(7)
    committed = 0
    for _ in range(8):
        proc = _start(store, "-c", LOOP)
        code, err, took = _interrupt(proc, rng.uniform(0.5, 2.0))
        assert code == 130, err
        assert "Traceback" not in err and "internal error" not in err, err
        assert took < 5
        ports = [m.ExternalPort for m in load(store).mappings]
        assert ports == list(range(20000, 20000 + len(ports))), "not a prefix of the loop"
        committed += len(ports)
        netnat(store, "--yes", "Remove-NetNatStaticMapping", "-NatName", "VMNAT").clean()
        assert temp_files(store.parent) == []
        figures.add("limits: runbooks interrupted with Ctrl-C")
    assert committed > 0, "no mapping was ever committed before the interrupt"


def test_ctrl_c_while_waiting_for_the_lock(store: Path) -> None:
    before = _nat(store)
    with holding_lock(store):
        proc = _start(store, "Remove-NetNat", "-Confirm:false")
        wait_for(lambda: lock_waiters(store) >= 1, "netnat queued on the lock")
        code, err, took = _interrupt(proc, 0)
    assert code == 130, err
    assert "Traceback" not in err and took < 5
    assert store.read_bytes() == before
    figures.add("limits: runbooks interrupted with Ctrl-C")
