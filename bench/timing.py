"""Whole-process timings for the latency benchmarks (cli_latency, completion, runbook): one
warm-up of each case, then runs interleaved A B C A B C ..., and the table of medians."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path


def netnat_command() -> list[str]:
    """The console script installed beside this interpreter (not a pyenv shim, which is a
    shell script of its own); else `python -m netnat`."""
    script = Path(sys.executable).parent / "netnat"
    return [str(script)] if script.exists() else [sys.executable, "-m", "netnat"]


def time_once(
    cmd: list[str], env: dict[str, str], *, timeout: float = 60, must_print: bool = False
) -> float:
    """Wall time of one run of `cmd`; exits the benchmark when it fails (or, `must_print`,
    prints nothing)."""
    start = time.perf_counter()
    done = subprocess.run(
        cmd,
        env=env,
        stdout=subprocess.PIPE if must_print else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        timeout=timeout,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or (must_print and not done.stdout):
        failed = "failed or offered nothing" if must_print else "failed"
        raise SystemExit(
            f"{cmd} {failed} ({done.returncode}): {done.stderr.decode(errors='replace')}"
        )
    return elapsed


def interleaved(cases: Mapping[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """The times of `runs` rounds of every case in turn, after one warm-up of each (page cache,
    bytecode, netnat's parse cache and completion index)."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for once in cases.values():
        once()
    for _ in range(runs):
        for name, once in cases.items():
            times[name].append(once())
    return times


def ratio(times: Mapping[str, list[float]], case: str, base: str) -> float:
    """The median of `case` over the median of `base`."""
    return statistics.median(times[case]) / statistics.median(times[base])


def report(times: Mapping[str, list[float]], base: str, width: int) -> list[dict[str, object]]:
    """Print a line a case (median, min, max, ratio to the median of case `base`), its name
    padded to `width`; return the same figures as JSON rows."""
    base_median = statistics.median(times[base])
    rows: list[dict[str, object]] = []
    for name, values in times.items():
        med = statistics.median(values)
        rows.append(
            {
                "case": name,
                "median_ms": round(med * 1000, 1),
                "min_ms": round(min(values) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1),
                "ratio": round(med / base_median, 2),
            }
        )
        print(
            f"{name:<{width}} median {med * 1000:7.1f} ms  (min {min(values) * 1000:.1f}, "
            f"max {max(values) * 1000:.1f})  {med / base_median:5.2f}x"
        )
    return rows
