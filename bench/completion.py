"""Completion latency: whole-process `netnat __complete bash ...` against `python3 -c pass`.

Issue #6's budget: completing a cmdlet name or a NAT name from bash, with 100 NATs in the store,
takes a median wall time of at most 5x that of `python3 -c pass`, measured in the same run (runs
interleaved A B C A B C ...). The completion call is the process the bash completion function
starts; `bash _netnat` rows (bash sourcing the script and calling the function as bash does) are
shown for information. Usage: python bench/completion.py [--runs N] [--check] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 5.0
ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("netnat __complete: cmdlet name", "netnat __complete: NAT name")


def build_store(path: Path, nats: int = 100) -> None:
    """100 NATs (relaxed mode), written through netnat's own store code."""
    from netnat.model.objects import NetNat
    from netnat.model.state import Mode, Settings, State
    from netnat.store.file import Store

    nat_list = tuple(
        NetNat(Name=f"NAT{i}", InternalIPInterfaceAddressPrefix=f"10.{i // 256}.{i % 256}.0/24")
        for i in range(nats)
    )
    state = State.initial().with_(settings=Settings(mode=Mode.RELAXED), nats=nat_list)
    Store(path).save(state)


def netnat_command() -> list[str]:
    """The console script beside this interpreter (not a pyenv shim); else `python -m netnat`."""
    script = Path(sys.executable).parent / "netnat"
    return [str(script)] if script.exists() else [sys.executable, "-m", "netnat"]


def bash_case(words: list[str], bin_dir: Path) -> list[str]:
    """bash calling _netnat with COMP_WORDS/COMP_CWORD/COMP_LINE/COMP_POINT set."""
    quoted = " ".join(f"'{w}'" for w in words)
    script = (
        f"PATH={bin_dir}:$PATH; source '{ROOT / 'completions' / 'netnat.bash'}'\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        f"COMP_LINE='{' '.join(words)}'; COMP_POINT=${{#COMP_LINE}}\n"
        "_netnat; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    return ["bash", "--norc", "--noprofile", "-c", script]


def cases(bin_dir: Path) -> dict[str, list[str]]:
    netnat = netnat_command()
    found = {
        "python3 -c pass": [sys.executable, "-c", "pass"],
        CHECKED[0]: [*netnat, "__complete", "bash", "netnat New-Ne", "New-Ne"],
        CHECKED[1]: [*netnat, "__complete", "bash", "netnat Remove-NetNat -Name NAT1", "NAT1"],
    }
    if shutil.which("bash"):
        found["bash _netnat: cmdlet name"] = bash_case(["netnat", "New-Ne"], bin_dir)
        found["bash _netnat: NAT name"] = bash_case(
            ["netnat", "Remove-NetNat", "-Name", "NAT1"], bin_dir
        )
    return found


def time_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False, timeout=60)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or (cmd[0] != sys.executable and not done.stdout):
        raise SystemExit(f"{cmd} failed or offered nothing: {done.stderr.decode(errors='replace')}")
    return elapsed


def measure(runs: int, env: dict[str, str], todo: dict[str, list[str]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in todo}
    for cmd in todo.values():  # warm-up: page cache, the completion index, the parse cache
        time_once(cmd, env)
    for _ in range(runs):
        for name, cmd in todo.items():
            times[name].append(time_once(cmd, env))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {BUDGET}x")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        build_store(base / "state.toml")
        bin_dir = Path(netnat_command()[0]).parent
        env = {
            **os.environ,
            "NETNAT_STORE": str(base / "state.toml"),
            "XDG_CACHE_HOME": str(base / "cache"),
        }
        times = measure(opts.runs, env, cases(bin_dir))
    base_median = statistics.median(times["python3 -c pass"])
    rows = []
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
            f"{name:<34} median {med * 1000:7.1f} ms  (min {min(values) * 1000:.1f}, "
            f"max {max(values) * 1000:.1f})  {med / base_median:5.2f}x"
        )
    if opts.json:
        Path(opts.json).write_text(json.dumps(rows, indent=2))
    worst = max(statistics.median(times[name]) / base_median for name in CHECKED)
    print(
        f"worst completion / python3 -c pass = {worst:.2f}x (budget {BUDGET}x, "
        f"{opts.runs} runs, store: 100 NATs)"
    )
    return 1 if opts.check and worst > BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
