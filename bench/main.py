"""netnat against netavark and the CNI bridge+portmap plugins, side by side in one run.

Run as root: python -m bench [--quick] [--rounds R] [--bound S] [--json FILE]
Every trial builds its own namespaces (nnb-<hex>-host/out/ep1/ep2), runs one contestant from
nothing to traffic flowing, measures, tears down, and deletes the namespaces. Contestants take
turns (netnat, netavark, cni, netnat, ...) for every N in every round.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import lab as labmod
from bench import peers, report, traffic
from bench.cli import cli_latency, store_io
from bench.lab import HOST_EXTERNAL, Lab, run
from bench.peers import BASE, Contestant

RESULTS = Path(__file__).with_name("results")


@dataclass
class Config:
    rounds: int
    sizes: list[int]  # case 1-3 (publish, add one, teardown)
    datapath: list[int]  # case 4 (N=1 is a trial of its own)
    bound: float  # seconds per timed step of a peer
    connections: int
    repeats: int
    cli_runs: int
    store_repeats: int
    synth: bool  # the peers' 10,000-port ruleset from their 1,000-port one
    budget: float  # seconds for the whole namespace part; past it, peers are skipped
    only: list[str]

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Config:
        quick = args.quick
        sizes = [10, 100, 1_000] if quick else [10, 100, 1_000, 10_000]
        if args.sizes:
            sizes = [int(n) for n in args.sizes.split(",")]
        datapath = [1, 1_000] if quick else [1, 1_000, 10_000]
        if args.datapath:
            datapath = [int(n) for n in args.datapath.split(",")]
        return cls(
            rounds=args.rounds or (2 if quick else 3),
            sizes=sizes,
            datapath=datapath,
            bound=args.bound or (45.0 if quick else 120.0),
            connections=2_000,
            repeats=5,
            cli_runs=7 if quick else 15,
            store_repeats=3 if quick else 5,
            synth=not quick,
            budget=args.budget or (200.0 if quick else 1_500.0),
            only=args.only.split(",") if args.only else [],
        )


@dataclass
class Results:
    values: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    stopped: dict[str, dict[str, str]] = field(default_factory=dict)  # the last stop's text
    stops: dict[str, dict[str, int]] = field(default_factory=dict)  # rounds stopped at the bound
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, case: str, tool: str, value: float) -> None:
        self.values.setdefault(case, {}).setdefault(tool, []).append(value)

    def stop(self, case: str, tool: str, why: str) -> None:
        self.stopped.setdefault(case, {})[tool] = why
        counts = self.stops.setdefault(case, {})
        counts[tool] = counts.get(tool, 0) + 1


def trial(tool: Contestant, count: int, cfg: Config, res: Results, rnd: int) -> bool:
    """One contestant, N mappings, fresh namespaces. False when it ran past the bound."""
    label = f"round {rnd + 1} {tool.name:8} N={count:>6,}"
    with labmod.lab(traffic.serve) as lb:
        pub = tool.publish(lb, count, cfg.bound)
        if pub.stopped:
            res.stop(f"publish/{count}", tool.name, f">{cfg.bound:.0f} s (round {rnd + 1})")
            print(f"  {label}: publish stopped at {cfg.bound:.0f} s", flush=True)
            return False
        res.add(f"publish/{count}", tool.name, pub.seconds)
        res.add(f"rss/{count}", tool.name, pub.maxrss_kib / 1024)
        left = labmod.leftover_processes(lb.namespaces(), lb.mine())
        res.add(f"procs/{count}", tool.name, len(left))
        if left:
            res.notes.append(f"{tool.name} N={count}: left running {sorted({c for _, c in left})}")
        shown = f"publish {pub.seconds:8.3f} s"
        if count in cfg.datapath:
            secs = _burst(lb, BASE + count, cfg)
            res.add(f"datapath/{count}", tool.name, secs)
            shown += f", {cfg.connections} conns {secs:6.3f} s"
        if cfg.synth and tool.name != "netnat" and count == 1_000:
            shown += _synth(lb, tool, count, cfg, res)
        if count == 1:
            print(f"  {label}: {shown}", flush=True)
            return True
        add = tool.add_one(lb, cfg.bound)
        if add.stopped:
            res.stop(f"add_one/{count}", tool.name, f">{cfg.bound:.0f} s")
        else:
            res.add(f"add_one/{count}", tool.name, add.seconds)
            shown += f", add one {add.seconds:6.3f} s"
        down = tool.teardown(lb, count, cfg.bound)
        if down.stopped:
            res.stop(f"teardown/{count}", tool.name, f">{cfg.bound:.0f} s (round {rnd + 1})")
            shown += f", teardown stopped at {cfg.bound:.0f} s"
        else:
            res.add(f"teardown/{count}", tool.name, down.seconds)
            res.add(f"rss_teardown/{count}", tool.name, down.maxrss_kib / 1024)
            shown += f", teardown {down.seconds:7.3f} s"
        print(f"  {label}: {shown}", flush=True)
    return True


def _burst(lb: Lab, port: int, cfg: Config) -> float:
    assert lb.client is not None
    out = lb.client.call(
        traffic.burst, HOST_EXTERNAL, port, cfg.connections, cfg.repeats, 120.0, timeout=150
    )
    if out["failed"] or out["stopped"]:
        raise RuntimeError(
            f"data path: {out['failed']} failed connections, stopped={out['stopped']}"
        )
    return float(min(out["seconds"]))  # best of the repeats in this trial; rounds give the spread


def _synth(lb: Lab, tool: Contestant, count: int, cfg: Config, res: Results) -> str:
    """The peer's own 1,000-port nat table, repeated to 10,000 ports (iptables-restore), then
    the same burst through the last port; the original table is restored afterwards."""
    saved = run(["ip", "netns", "exec", lb.host, "iptables-save", "-t", "nat"])
    times = 10
    big = peers.expand_ruleset(saved, count, times)
    start = time.perf_counter()
    run(["ip", "netns", "exec", lb.host, "iptables-restore", "-w"], timeout=300, stdin=big)
    loaded = time.perf_counter() - start
    rules = sum(1 for line in big.splitlines() if line.startswith("-A "))
    try:
        secs = _burst(lb, BASE + count * times, cfg)
    finally:
        run(["ip", "netns", "exec", lb.host, "iptables-restore", "-w"], timeout=300, stdin=saved)
    key = f"datapath_synth/{count * times}"
    res.add(key, tool.name, secs)
    res.add(f"synth_rules/{count * times}", tool.name, rules)
    res.add(f"synth_restore/{count * times}", tool.name, loaded)
    return f", synth {count * times:,}: {rules:,} rules, {secs:6.3f} s"


def namespace_cases(cfg: Config, res: Results, tools: list[Contestant]) -> None:
    start = time.monotonic()
    for rnd in range(cfg.rounds):
        print(f"round {rnd + 1} of {cfg.rounds}", flush=True)
        for count in sorted({*cfg.datapath, *cfg.sizes}):
            for tool in tools:
                if tool.name != "netnat" and time.monotonic() - start > cfg.budget:
                    res.stop(f"publish/{count}", tool.name, "time budget")
                    continue
                if _given_up(res, tool.name, count):
                    continue
                try:
                    trial(tool, count, cfg, res, rnd)
                except Exception as exc:  # one trial's failure is reported, the rest goes on
                    msg = f"round {rnd + 1} {tool.name} N={count}: {type(exc).__name__}: {exc}"
                    res.errors.append(msg)
                    print(f"  ERROR {msg}", flush=True)


def _given_up(res: Results, tool: str, count: int) -> bool:
    """A peer that ran past the bound at some N is not run at that N or above again."""
    for case, tools in res.stopped.items():
        kind, _, size = case.partition("/")
        if kind == "publish" and tool in tools and int(size) <= count:
            return True
    return False


def cpu_seconds() -> tuple[float, float]:
    """(user+system CPU seconds of the whole machine, of this process and its waited children)"""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system = (int(v) for v in fields[:3])
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    own = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    return (user + nice + system) / ticks, own


def machine() -> dict[str, Any]:
    model = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break

    def out(*args: str) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return "?"

    root = Path(__file__).resolve().parent.parent
    dirty = out("git", "-C", str(root), "status", "--porcelain", "--untracked-files=no")
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "nft": out("nft", "--version"),
        "iptables": out("iptables", "--version"),
        "netnat_commit": out("git", "-C", str(root), "rev-parse", "--short", "HEAD"),
        "netnat_tree": f"{len(dirty.splitlines())} modified file(s)" if dirty else "clean",
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N up to 1,000, 2 rounds (< 5 min)")
    parser.add_argument("--rounds", type=int, default=0)
    parser.add_argument("--bound", type=float, default=0.0, help="seconds per peer step")
    parser.add_argument("--budget", type=float, default=0.0, help="seconds for the peer trials")
    parser.add_argument("--sizes", default="", help="N for cases 1-3, e.g. 10,100")
    parser.add_argument("--datapath", default="", help="N for case 4, e.g. 1,1000")
    parser.add_argument("--only", default="", help="contestants, e.g. netnat,cni")
    parser.add_argument("--no-cli", action="store_true", help="skip case 5")
    parser.add_argument("--no-netns", action="store_true", help="only case 5")
    parser.add_argument("--json", metavar="FILE", help="where to write the figures")
    args = parser.parse_args(argv)
    cfg = Config.from_args(args)
    if os.geteuid() != 0 and not args.no_netns:
        print("run as root: the benchmark creates network namespaces", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # As installed, Python keeps compiled bytecode; a session that forbids writing it would
    # time the compiler on every netnat start instead of netnat.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    tools = [t for t in peers.CONTESTANTS if not cfg.only or t.name in cfg.only]
    res = Results()
    info = machine()
    versions: dict[str, str] = {}
    for tool in list(tools):
        why = tool.available()
        if why:
            res.notes.append(f"{tool.name} skipped: {why}")
            tools.remove(tool)
        else:
            versions[tool.name] = tool.version()
    if not labmod.GNU_TIME.exists():
        res.notes.append("no /usr/bin/time (apt-get install time): RSS from wait4, inflated")
    began = time.monotonic()
    load_before = Path("/proc/loadavg").read_text().split()[0]
    machine_cpu, own_cpu = cpu_seconds()
    cli: dict[str, Any] = {}
    store: dict[str, Any] = {}
    try:
        if not args.no_netns:
            namespace_cases(cfg, res, tools)
        if not args.no_cli:
            print("case 5: CLI latency and store load/save", flush=True)
            cli = cli_latency(cfg.cli_runs)
            store = store_io(cfg.store_repeats)
    finally:
        labmod.cleanup_all()
    wall = time.monotonic() - began
    machine_cpu2, own_cpu2 = cpu_seconds()
    others = max((machine_cpu2 - machine_cpu) - (own_cpu2 - own_cpu), 0.0)
    info["load_before"] = load_before
    info["other_cpu_share"] = round(others / (wall * (os.cpu_count() or 1)), 3) if wall else 0.0
    doc = {
        "machine": info,
        "versions": versions,
        "config": cfg.__dict__,
        "seconds": round(wall, 1),
        "values": res.values,
        "stopped": res.stopped,
        "stops": res.stops,
        "errors": res.errors,
        "notes": res.notes,
        "cli": cli,
        "store": store,
    }
    doc["targets"] = report.targets(doc)
    print()
    print(report.render(doc))
    path = (
        Path(args.json) if args.json else RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1))
    print(f"\nfigures written to {path}")
    return 1 if res.errors else 0
