"""Parallel writers lose nothing; racing writers: exactly one wins, the others get Windows'
error; readers never see a half-written store.

The 1,600 additions go through netnat's CLI entry point (`netnat.cli.main.main`, what
`python -m netnat` runs) called in a loop by 8 processes at once, each call taking the lock,
loading, committing and releasing, as 8 shell scripts calling netnat would; every fifth
call is a runbook (`-c`) of 10 additions committed as one batch. The races use real
`python -m netnat` processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability import figures
from reliability.support import WAIT, child_env, holding_lock, load, lock_waiters, netnat, wait_for

from netnat.errors import WIN32_MESSAGES

WRITERS = 8
EACH = 200
PORT0 = 10_000
READERS = 2

WRITER = r"""
import contextlib, io, json, os, sys
from netnat.cli.main import main

store, writer, count, port0 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def add(j):
    return ["Add-NetNatStaticMapping", "-NatName", "VMNAT", "-Protocol", "TCP",
            "-ExternalIPAddress", "0.0.0.0", "-ExternalPort", str(port0 + writer * count + j),
            "-InternalIPAddress", f"192.168.{writer + 1}.{j % 250 + 1}", "-InternalPort", "80"]

print("ready", flush=True)
sink = open(os.devnull, "w")
calls = runbooks = done = 0
errors = []
j = 0
while j < count:
    if j % 50 >= 40:  # a runbook of 10 additions, committed as one batch
        n = min(10, count - j)
        argv = ["--store", store, "-c", "\n".join(" ".join(add(j + k)) for k in range(n))]
        runbooks += 1
    else:
        n = 1
        argv = ["--store", store, *add(j)]
    err = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(err):
        code = main(argv)
    calls += 1
    if code == 0:
        done += n
    else:
        errors.append(err.getvalue())
    j += n
print(json.dumps({"calls": calls, "runbooks": runbooks, "added": done, "errors": errors[:3]}))
"""

READER = r"""
import contextlib, io, json, os, sys, time, tomllib
from pathlib import Path
from netnat.cli.main import main
from netnat.store.file import Store

store, stop = Path(sys.argv[1]), Path(sys.argv[2])
deadline = time.monotonic() + float(sys.argv[3])
reads = cli_reads = 0
last = 0
problems = []
sink = open(os.devnull, "w")
while not stop.exists() and time.monotonic() < deadline:
    data = store.read_bytes()
    try:
        raw = len(tomllib.loads(data.decode("utf-8")).get("mapping", []))
    except Exception as exc:  # a torn or half-written file
        problems.append(f"unparsable store ({len(data)} bytes): {exc}")
        raw = last
    try:
        count = len(Store(store).load().mappings)
    except Exception as exc:
        problems.append(f"Store.load failed: {exc}")
        count = raw
    if raw < last or count < raw:
        problems.append(f"count went back: {last} then {raw} then {count}")
    last = max(last, count)
    reads += 1
    if reads % 20 == 0:  # the CLI's unlocked read path too
        err = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(err):
            code = main(["--store", str(store), "-o", "json", "Get-NetNat"])
        cli_reads += 1
        if code != 0:
            problems.append(f"Get-NetNat failed: {err.getvalue()}")
print(json.dumps({"reads": reads, "cli_reads": cli_reads, "last": last, "problems": problems[:5]}))
"""


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=child_env(),
    )


def _finish(proc: subprocess.Popen[str], timeout: float) -> dict[str, object]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"a child ran over {timeout:g} s") from None
    assert proc.returncode == 0, err
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def _readline(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    return proc.stdout.readline().strip()


def test_eight_writers_add_1600_mappings_and_none_is_lost(store: Path, tmp_path: Path) -> None:
    netnat(
        store, "New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/16"
    ).clean()
    stop = tmp_path / "stop"
    started = time.monotonic()
    readers = [_python(READER, str(store), str(stop), "120") for _ in range(READERS)]
    with holding_lock(store):  # a start gate: every writer queues on the lock, then all go
        writers = [
            _python(WRITER, str(store), str(w), str(EACH), str(PORT0)) for w in range(WRITERS)
        ]
        for proc in writers:
            assert _readline(proc) == "ready"
        wait_for(lambda: lock_waiters(store) >= WRITERS, "8 writers queued on the lock")
    results = [_finish(proc, 3 * WAIT) for proc in writers]
    stop.touch()
    seen = [_finish(proc, WAIT) for proc in readers]
    elapsed = time.monotonic() - started

    for result in results:
        assert result["errors"] == [], result["errors"]
        assert result["added"] == EACH
    state = load(store)
    ports = sorted(m.ExternalPort for m in state.mappings)
    expected = list(range(PORT0, PORT0 + WRITERS * EACH))
    lost = len(set(expected) - set(ports))
    assert lost == 0, f"{lost} updates lost"
    assert ports == expected  # each exactly once
    ids = sorted(m.StaticMappingID for m in state.mappings)
    assert ids == list(range(WRITERS * EACH))
    assert state.counters.next_mapping_id == WRITERS * EACH
    assert [p.name for p in store.parent.iterdir() if p.name.endswith(".tmp")] == []
    for reader in seen:
        assert reader["problems"] == [], reader["problems"]
        assert isinstance(reader["reads"], int) and reader["reads"] > 0
    assert elapsed < 3 * WAIT, f"took {elapsed:.0f} s"

    calls = sum(int(str(r["calls"])) for r in results)
    figures.add("parallel: writer processes at once", WRITERS)
    figures.add("parallel: mappings added by parallel writers", WRITERS * EACH)
    figures.add("parallel: locked CLI calls (cmdlets and runbooks)", calls)
    figures.add("parallel: store reads during the writes", sum(int(str(r["reads"])) for r in seen))
    figures.add("parallel: lost updates", lost)
    print(f"{WRITERS} writers, {calls} calls, {WRITERS * EACH} mappings in {elapsed:.1f} s")


RACES = {
    "same external port": (
        [
            "Add-NetNatStaticMapping",
            "-NatName",
            "VMNAT",
            "-Protocol",
            "TCP",
            "-ExternalIPAddress",
            "0.0.0.0",
            "-ExternalPort",
            "9999",
            "-InternalIPAddress",
            "192.168.0.{i}",
            "-InternalPort",
            "80",
        ],
        WIN32_MESSAGES[52],
        "Windows System Error 52,Add-NetNatStaticMapping",
    ),
    "a second NAT": (
        ["New-NetNat", "-Name", "NAT{i}", "-InternalIPInterfaceAddressPrefix", "172.16.{i}.0/24"],
        WIN32_MESSAGES[87],
        "Windows System Error 87,New-NetNat",
    ),
}


@pytest.mark.parametrize("race", sorted(RACES))
def test_eight_racing_writers_exactly_one_wins(store: Path, race: str) -> None:
    words, message, fqid = RACES[race]
    netnat(
        store, "New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"
    ).clean()
    if race == "a second NAT":
        netnat(store, "--yes", "Remove-NetNat", "-Name", "VMNAT").clean()
    with holding_lock(store):
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "netnat",
                    "--store",
                    str(store),
                    *(w.format(i=10 + i) for w in words),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                env=child_env(COLUMNS="400"),
            )
            for i in range(WRITERS)
        ]
        wait_for(lambda: lock_waiters(store) >= WRITERS, "8 racers queued on the lock")
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=WAIT)
        outcomes.append((proc.returncode, out, err))
    winners = [i for i, (code, _, _) in enumerate(outcomes) if code == 0]
    assert len(winners) == 1, [o[0] for o in outcomes]
    for i, (code, _, err) in enumerate(outcomes):
        if i in winners:
            continue
        assert code == 1
        assert message in " ".join(err.split()), err
        assert fqid in err, err
        assert "Traceback" not in err
    state = load(store)
    if race == "same external port":
        assert [m.InternalIPAddress for m in state.mappings if m.ExternalPort == 9999] == [
            f"192.168.0.{10 + winners[0]}"
        ]
    else:
        assert [n.Name for n in state.nats] == [f"NAT{10 + winners[0]}"]
    figures.add("parallel: racing processes (exactly one won each race)", WRITERS)
