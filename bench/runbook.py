"""Runbook benchmark: whole-process `netnat run` of a 100-statement runbook against
`netnat Get-NetNat` on an empty store, and the in-process parse time of a 1,000-line script.

Issue #3's budgets: the runbook (switches, addresses, a NAT, 60 static mappings, a few Get-*
and Where-Object, on the `state` backend, each run on a fresh store) takes at most 3x the
median of `netnat Get-NetNat` on an empty store, measured in the same run with the runs
interleaved (A B A B ...); a 1,000-line script parses in under 50 ms.
Usage: python bench/runbook.py [--runs N] [--check] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN_BUDGET = 3.0
PARSE_BUDGET_MS = 50.0


def runbook() -> str:
    """The 100 statements: a realistic lab build with 60 published ports."""
    lines = [
        "# a lab: two switches, the NAT gateway, a NAT and 60 published ports",
        "New-VMSwitch -Name LabNAT -SwitchType Internal | Out-Null",
        "New-VMSwitch -Name Isolated -SwitchType Private | Out-Null",
        "New-NetIPAddress -IPAddress 192.168.100.1 -PrefixLength 24 "
        '-InterfaceAlias "vEthernet (LabNAT)" | Out-Null',
        "New-NetNat –Name LabNAT –InternalIPInterfaceAddressPrefix 192.168.100.0/24 | Out-Null",
        "$nat = 'LabNAT'",
        "$base = 8000",
    ]
    for i in range(60):
        host = 10 + i % 20
        lines.append(
            f"Add-NetNatStaticMapping -NatName $nat -Protocol {'TCP' if i % 3 else 'UDP'} "
            f"-ExternalIPAddress 0.0.0.0 -ExternalPort ($base + {i}) "
            f"-InternalIPAddress 192.168.100.{host} -InternalPort {80 + i % 5} | Out-Null"
        )
    lines += [
        "$switches = Get-VMSwitch",
        "$internal = $switches | Where-Object SwitchType -eq Internal",
        'Write-Host "internal switches: $(@($internal).Count)"',
        "$maps = Get-NetNatStaticMapping -NatName $nat",
        "$tcp = $maps | Where-Object { $_.Protocol -eq 'TCP' }",
        "$udp = $maps | Where-Object Protocol -eq 'UDP'",
        'Write-Host "tcp: $(@($tcp).Count) udp: $(@($udp).Count)"',
        "$web = $maps | Where-Object { $_.InternalPort -eq 80 } | Measure-Object",
        'Write-Host "web mappings: $($web.Count)"',
        "Get-NetNat | Select-Object Name, InternalIPInterfaceAddressPrefix, Active | Format-Table",
        "Get-NetIPAddress -InterfaceAlias 'vEthernet (LabNAT)' | "
        "Select-Object -ExpandProperty IPAddress",
        "$first = $maps | Sort-Object ExternalPort | Select-Object -First 3",
        "$first | ForEach-Object { '{0} -> {1}:{2}' -f $_.ExternalPort, $_.InternalIPAddress, "
        "$_.InternalPort }",
    ]
    while len([x for x in lines if x and not x.startswith("#")]) < 100:
        n = len(lines)
        lines.append(
            f"if ($maps.Count -gt {n % 50}) {{ $ok{n} = $true }} else {{ $ok{n} = $false }}"
        )
    return "\n".join(lines) + "\n"


def netnat_command() -> list[str]:
    """The console script installed beside this interpreter (not a pyenv shim, which is a
    shell script of its own); else `python -m netnat`."""
    script = Path(sys.executable).parent / "netnat"
    return [str(script)] if script.exists() else [sys.executable, "-m", "netnat"]


def time_once(cmd: list[str], env: dict[str, str], fresh: Path | None) -> float:
    if fresh is not None:
        for path in fresh.parent.glob(fresh.name + "*"):
            path.unlink()
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, timeout=120
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{cmd} failed ({done.returncode}): {done.stderr.decode(errors='replace')}"
        )
    return elapsed


def measure_runs(tmp: Path, runs: int) -> dict[str, list[float]]:
    """Interleaved whole-process timings; the runbook starts from an empty store every time."""
    (tmp / "runbook.ps1").write_text(runbook(), encoding="utf-8")
    empty, store = tmp / "empty.toml", tmp / "state.toml"
    env = dict(os.environ)
    cases: dict[str, tuple[list[str], Path | None]] = {
        "netnat Get-NetNat (empty store)": (
            [*netnat_command(), "--store", str(empty), "Get-NetNat"],
            None,
        ),
        "netnat run runbook.ps1 (100 statements)": (
            [*netnat_command(), "--store", str(store), "--yes", "run", str(tmp / "runbook.ps1")],
            store,
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for cmd, fresh in cases.values():  # warm-up: page cache, bytecode
        time_once(cmd, env, fresh)
    for _ in range(runs):
        for name, (cmd, fresh) in cases.items():
            times[name].append(time_once(cmd, env, fresh))
    return times


def blog_lines() -> list[str]:
    """Code lines in the shapes of the seed's scripts (the examples: the blog's troubleshooting
    and "Removing Multiple NATs" blocks, Microsoft's NAT guide)."""
    lines: list[str] = []
    for name in ("vm-nat.ps1", "blog-remove-multiple-nats.txt", "blog-troubleshooting.txt"):
        path = Path(__file__).resolve().parents[1] / "examples" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            prose = line.lstrip().startswith(("#", "- ", "We have", "Restart"))
            if line.strip() and not prose and "<" not in line:  # no <placeholders>
                lines.append(line)
    return lines


def parse_ms(block: list[str], lines: int = 1000, repeat: int = 7) -> tuple[float, int]:
    """(best in-process parse time in ms, size in bytes) of `block` repeated to `lines` lines;
    the repetition stops at a statement boundary (no line is left open)."""
    from netnat.lang.parser import parse

    count = -(-lines // len(block)) * len(block)
    text = "\n".join(block[i % len(block)] for i in range(count)) + "\n"
    parse(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        parse(text)
        best = min(best, time.perf_counter() - start)
    return best * 1000, len(text.encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--check", action="store_true", help="exit 1 above a budget")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = measure_runs(Path(tmp), opts.runs)
    base_name, run_name = list(times)
    base = statistics.median(times[base_name])
    rows = []
    for name, values in times.items():
        med = statistics.median(values)
        rows.append(
            {"case": name, "median_ms": round(med * 1000, 1), "ratio": round(med / base, 2)}
        )
        print(
            f"{name:<42} median {med * 1000:7.1f} ms  (min {min(values) * 1000:.1f}, "
            f"max {max(values) * 1000:.1f})  {med / base:5.2f}x"
        )
    ratio = statistics.median(times[run_name]) / base
    print(f"runbook / Get-NetNat = {ratio:.2f}x (budget {RUN_BUDGET}x, {opts.runs} runs)")
    statements = [line for line in runbook().splitlines() if line.strip()]
    parsed = {}
    for name, block in (("blog-shaped", blog_lines()), ("this runbook's", statements)):
        parsed[name], size = parse_ms(block)
        print(
            f"parse of 1,000+ {name} lines ({size / 1024:.0f} KB): {parsed[name]:.1f} ms "
            f"in-process (budget {PARSE_BUDGET_MS:.0f} ms)"
        )
        rows.append({"case": f"parse 1,000 {name} lines", "best_ms": round(parsed[name], 1)})
    if opts.json:
        Path(opts.json).write_text(json.dumps(rows, indent=2))
    over = ratio > RUN_BUDGET or parsed["blog-shaped"] > PARSE_BUDGET_MS
    return 1 if opts.check and over else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
