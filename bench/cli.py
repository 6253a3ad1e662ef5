"""Case 5: whole-process CLI latency as a ratio to `python3 -c pass`, and in-process store
load/save. No namespaces, no peers; the state backend only."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.cli_latency import build_store
from bench.peers import netnat_command

STORE_SIZES = (10, 1_000, 10_000, 50_000)


def runbook_100() -> str:
    """100 statements, written out (no loop): a switch, its address, a NAT, 95 mappings and
    two queries."""
    lines = [
        "New-VMSwitch -SwitchName LAB -SwitchType Internal",
        'New-NetIPAddress -IPAddress 172.30.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (LAB)"',
        "New-NetNat -Name LAB -InternalIPInterfaceAddressPrefix 172.30.0.0/24",
    ]
    lines += [
        "Add-NetNatStaticMapping -NatName LAB -Protocol TCP -ExternalIPAddress 0.0.0.0 "
        f"-ExternalPort {8000 + i} -InternalIPAddress 172.30.0.{2 + i % 200} -InternalPort 80"
        for i in range(95)
    ]
    lines += ["Get-NetNat", "Get-NetNatStaticMapping -NatName LAB"]
    assert len(lines) == 100
    return "\n".join(lines) + "\n"


def _time(cmd: list[str], env: dict[str, str], before: Any = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {done.stderr.decode(errors='replace')[-400:]}")
    return elapsed


def completion_available() -> str:
    """'' when `netnat __complete` answers; else why it is skipped."""
    done = subprocess.run(
        [*netnat_command(), "__complete", "bash", "netnat New-Ne", "New-Ne"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode == 0 and "New-NetNat" in done.stdout:
        return ""
    return f"netnat __complete did not answer (exit {done.returncode}): {done.stderr.strip()[:120]}"


def cli_latency(runs: int) -> dict[str, Any]:
    """Every case interleaved A B C ... per run, after one warm-up each."""
    tmp = Path(tempfile.mkdtemp(prefix="nnb-cli-"))
    try:
        return _cli_latency(tmp, runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _cli_latency(tmp: Path, runs: int) -> dict[str, Any]:
    netnat = netnat_command()
    (tmp / "big").mkdir(mode=0o700)
    (tmp / "nats100").mkdir(mode=0o700)
    (tmp / "empty").mkdir(mode=0o700)
    (tmp / "book").mkdir(mode=0o700)
    big, nats100 = tmp / "big" / "state.toml", tmp / "nats100" / "state.toml"
    empty = tmp / "empty" / "state.toml"
    build_store(big, nats=10, mappings=1_000)
    build_store(nats100, nats=100, mappings=0)
    build_store(empty, nats=0, mappings=0)
    book = tmp / "book" / "runbook100.ps1"
    book.write_text(runbook_100())
    book_store = tmp / "book" / "state.toml"

    def fresh_store() -> None:
        for suffix in ("", ".cache", ".lock"):
            Path(f"{book_store}{suffix}").unlink(missing_ok=True)

    env = {**os.environ}
    env.pop("NETNAT_STORE", None)
    cases: dict[str, tuple[list[str], dict[str, str], Any]] = {
        "python3 -c pass": ([sys.executable, "-c", "pass"], env, None),
        "netnat Get-NetNat (10 NATs, 1,000 mappings)": (
            [*netnat, "--store", str(big), "Get-NetNat"],
            env,
            None,
        ),
        "netnat Get-NetNat (empty store)": (
            [*netnat, "--store", str(empty), "Get-NetNat"],
            env,
            None,
        ),
        "netnat run: 100-statement runbook (state backend)": (
            [*netnat, "--store", str(book_store), "--backend", "state", "run", str(book)],
            env,
            fresh_store,
        ),
    }
    skipped = completion_available()
    if not skipped:
        cenv = {**env, "NETNAT_STORE": str(nats100)}
        cases["complete a cmdlet name (bash, 100 NATs)"] = (
            [*netnat, "__complete", "bash", "netnat New-Ne", "New-Ne"],
            cenv,
            None,
        )
        cases["complete a NAT name (bash, 100 NATs)"] = (
            [*netnat, "__complete", "bash", "netnat Remove-NetNat -Name NAT1", "NAT1"],
            cenv,
            None,
        )
    times: dict[str, list[float]] = {name: [] for name in cases}
    for cmd, cenv2, before in cases.values():
        _time(cmd, cenv2, before)
    for _ in range(runs):
        for name, (cmd, cenv2, before) in cases.items():
            times[name].append(_time(cmd, cenv2, before))
    return {"times": times, "runs": runs, "completion_skipped": skipped}


def store_io(repeats: int) -> dict[str, dict[str, list[float]]]:
    """In-process netnat.store.file.Store: save (fsync'd), load with the parse cache, load
    without it (parse + cache write), for each store size."""
    from netnat.store.file import Store

    tmp = Path(tempfile.mkdtemp(prefix="nnb-store-"))
    out: dict[str, dict[str, list[float]]] = {}
    try:
        for size in STORE_SIZES:
            folder = tmp / str(size)
            folder.mkdir(mode=0o700)
            source = folder / "state.toml"
            build_store(source, nats=10, mappings=size)
            state = Store(source).load()
            figures: dict[str, list[float]] = {"save": [], "load (cached)": [], "load (cold)": []}
            for i in range(repeats):
                target = folder / f"copy{i}.toml"
                start = time.perf_counter()
                Store(target).save(state)
                figures["save"].append(time.perf_counter() - start)
                Store(source).load()  # make sure the cache is there
                start = time.perf_counter()
                Store(source).load()
                figures["load (cached)"].append(time.perf_counter() - start)
                Path(f"{source}.cache").unlink(missing_ok=True)
                start = time.perf_counter()
                Store(source).load()
                figures["load (cold)"].append(time.perf_counter() - start)
            out[str(size)] = figures
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)
