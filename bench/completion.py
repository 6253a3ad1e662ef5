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
import sys
import tempfile
from functools import partial
from pathlib import Path

if __package__ in (None, ""):  # run as bench/completion.py: the bench package is one folder up
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import interleaved, netnat_command, ratio, report, time_once

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
        times = interleaved(
            {  # every case but `python3 -c pass` must offer completions
                name: partial(time_once, cmd, env, must_print=cmd[0] != sys.executable)
                for name, cmd in cases(bin_dir).items()
            },
            opts.runs,
        )
    rows = report(times, "python3 -c pass", 34)
    if opts.json:
        Path(opts.json).write_text(json.dumps(rows, indent=2))
    worst = max(ratio(times, name, "python3 -c pass") for name in CHECKED)
    print(
        f"worst completion / python3 -c pass = {worst:.2f}x (budget {BUDGET}x, "
        f"{opts.runs} runs, store: 100 NATs)"
    )
    return 1 if opts.check and worst > BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
