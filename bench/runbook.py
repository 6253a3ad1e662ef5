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
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

if __package__ in (None, ""):  # run as bench/runbook.py: the bench package is one folder up
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import interleaved, netnat_command, ratio, report, time_once

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


def time_fresh(cmd: list[str], env: dict[str, str], store: Path) -> float:
    """`time_once` of `cmd` on an empty store (the store's files removed first)."""
    for path in store.parent.glob(store.name + "*"):
        path.unlink()
    return time_once(cmd, env, timeout=120)


def measure_runs(tmp: Path, runs: int) -> dict[str, list[float]]:
    """Interleaved whole-process timings; the runbook starts from an empty store every time."""
    (tmp / "runbook.ps1").write_text(runbook(), encoding="utf-8")
    empty, store = tmp / "empty.toml", tmp / "state.toml"
    env = dict(os.environ)
    netnat = netnat_command()
    return interleaved(
        {
            "netnat Get-NetNat (empty store)": partial(
                time_once, [*netnat, "--store", str(empty), "Get-NetNat"], env, timeout=120
            ),
            "netnat run runbook.ps1 (100 statements)": partial(
                time_fresh,
                [*netnat, "--store", str(store), "--yes", "run", str(tmp / "runbook.ps1")],
                env,
                store,
            ),
        },
        runs,
    )


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
    rows = [  # (this benchmark's JSON rows have always left out min and max)
        {key: row[key] for key in ("case", "median_ms", "ratio")}
        for row in report(times, base_name, 42)
    ]
    got = ratio(times, run_name, base_name)
    print(f"runbook / Get-NetNat = {got:.2f}x (budget {RUN_BUDGET}x, {opts.runs} runs)")
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
    over = got > RUN_BUDGET or parsed["blog-shaped"] > PARSE_BUDGET_MS
    return 1 if opts.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
