"""CLI latency benchmark: whole-process `netnat Get-NetNat` against `python3 -c pass`.

Issue #2's budget: with 10 NATs (relaxed mode) and 1,000 static mappings in the store, the median
wall time of `netnat Get-NetNat` is at most 6x that of `python3 -c pass`, measured in the same run
(runs interleaved A B A B ...). Usage: python bench/cli_latency.py [--runs N] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from functools import partial
from pathlib import Path

if __package__ in (None, ""):  # run as bench/cli_latency.py: the bench package is one folder up
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import interleaved, netnat_command, ratio, report, time_once

BUDGET = 6.0


def build_store(path: Path, nats: int = 10, mappings: int = 1000) -> None:
    """Write the benchmark store through netnat's own store code (fast, no CLI calls)."""
    from netnat.model.enums import Protocol
    from netnat.model.objects import NetNat, StaticMapping
    from netnat.model.state import Counters, Mode, Settings, State
    from netnat.store.file import Store

    nat_list = tuple(
        NetNat(Name=f"NAT{i}", InternalIPInterfaceAddressPrefix=f"172.{16 + i}.0.0/16")
        for i in range(nats)
    )
    maps = tuple(
        StaticMapping(
            StaticMappingID=i,
            NatName=f"NAT{i % nats}",
            Protocol=Protocol.TCP,
            ExternalIPAddress="0.0.0.0",
            ExternalPort=10000 + i,
            InternalIPAddress=f"172.{16 + i % nats}.{i // 250}.{i % 250 + 2}",
            InternalPort=80,
        )
        for i in range(mappings)
    )
    state = State.initial().with_(
        settings=Settings(mode=Mode.RELAXED),
        nats=nat_list,
        mappings=maps,
        counters=Counters(next_mapping_id=mappings),
    )
    Store(path).save(state)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {BUDGET}x")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "state.toml"
        build_store(store)
        env = {**os.environ, "NETNAT_STORE": str(store)}
        cases = {
            "python3 -c pass": [sys.executable, "-c", "pass"],
            "netnat Get-NetNat": [*netnat_command(), "Get-NetNat"],
            "netnat Get-NetNatStaticMapping -NatName NAT1": [
                *netnat_command(),
                "Get-NetNatStaticMapping",
                "-NatName",
                "NAT1",
            ],
        }
        times = interleaved(
            {name: partial(time_once, cmd, env) for name, cmd in cases.items()}, opts.runs
        )
    rows = report(times, "python3 -c pass", 48)
    if opts.json:
        Path(opts.json).write_text(json.dumps(rows, indent=2))
    got = ratio(times, "netnat Get-NetNat", "python3 -c pass")
    print(
        f"netnat Get-NetNat / python3 -c pass = {got:.2f}x (budget {BUDGET}x, "
        f"{opts.runs} runs, store: 10 NATs, 1,000 mappings)"
    )
    return 1 if opts.check and got > BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
