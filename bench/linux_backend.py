"""linux backend benchmark: 10,000 static mappings, one nft transaction, add-one cost.

Run as root: python bench/linux_backend.py [--mappings N] [--check]
It creates its own network namespace (nnt-bench-<random>), runs the backend inside it in a
forked child, prints the figures, and deletes the namespace. Nothing outside it is touched.
Budgets (issue 5): 10,000 mappings in one nft transaction within 0.5 s of nft time; plan() for
10,000 mappings well under a second; adding one mapping to 10,000 is one `add element`.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import pickle
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

CLONE_NEWNET = 0x40000000
NFT_BUDGET = 0.5
PLAN_BUDGET = 1.0


def _enter(name: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns failed")
    finally:
        os.close(fd)


def in_netns(name: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run fn in a forked child inside namespace `name`; its figures come back pickled."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            _enter(name)
            payload = pickle.dumps(fn())
        except BaseException as exc:
            payload = pickle.dumps({"error": f"{type(exc).__name__}: {exc}"})
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as src:
        data = src.read()
    os.waitpid(pid, 0)
    result: dict[str, Any] = pickle.loads(data)
    return result


def _states(count: int) -> tuple[Any, Any, Any, Any]:
    """blog NAT; with `count` mappings; with one more; an empty NAT with one mapping."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
    from kernel import labstate

    from netnat.model.enums import Protocol
    from netnat.model.objects import StaticMapping

    base = labstate.blog()
    maps = tuple(
        StaticMapping(
            i, "VMNAT", Protocol.TCP, "0.0.0.0", 10_000 + i, f"192.168.0.{2 + i % 250}", 80
        )
        for i in range(count)
    )
    full = base.with_(mappings=maps)
    extra = StaticMapping(count, "VMNAT", Protocol.TCP, "0.0.0.0", 9, "192.168.0.9", 80)
    return base, full, full.with_(mappings=(*maps, extra)), base.with_(mappings=(extra,))


def _timed_nft() -> list[float]:
    """Wrap Kernel.nft so each transaction's wall time is recorded."""
    from netnat.backends.linux import kernel

    spent: list[float] = []
    original = kernel.Kernel.nft

    def nft(self: kernel.Kernel, batch: str) -> None:
        start = time.perf_counter()
        original(self, batch)
        spent.append(time.perf_counter() - start)

    kernel.Kernel.nft = nft  # type: ignore[method-assign]
    return spent


def measure(count: int) -> dict[str, Any]:
    from netnat.backends.linux import LinuxBackend

    backend = LinuxBackend()
    base, full, plus_one, small = _states(count)
    spent = _timed_nft()
    figures: dict[str, Any] = {}
    from netnat.model.state import State

    backend.apply(backend.plan(State.initial(), base))
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        plan = LinuxBackend().plan(base, full)  # a fresh backend: no cached layouts
        runs.append(time.perf_counter() - start)
    figures["plan_10k_s"] = statistics.median(runs)
    start = time.perf_counter()
    LinuxBackend().plan(full, plus_one)
    figures["plan_add_one_to_10k_cold_s"] = time.perf_counter() - start
    spent.clear()
    start = time.perf_counter()
    backend.apply(plan)
    figures["apply_10k_s"] = time.perf_counter() - start
    figures["nft_10k_s"] = sum(spent)
    figures["nft_transactions_10k"] = len(spent)
    figures.update(_add_one(backend, full, plus_one, spent, "10k"))
    figures["rules_in_table"] = _rule_count()
    figures.update(_remove_one(backend, full, plus_one, spent))
    backend.apply(backend.plan(full, base))
    figures.update(_add_one(backend, base, small, spent, "empty"))
    start = time.perf_counter()
    figures["drift_lines"] = backend.drift(small)
    figures["drift_s"] = time.perf_counter() - start
    return figures


def _add_one(backend: Any, old: Any, new: Any, spent: list[float], tag: str) -> dict[str, Any]:
    start = time.perf_counter()
    plan = backend.plan(old, new)
    planned = time.perf_counter() - start
    spent.clear()
    start = time.perf_counter()
    backend.apply(plan)
    return {
        f"add_one_{tag}_plan_s": planned,
        f"add_one_{tag}_apply_s": time.perf_counter() - start,
        f"add_one_{tag}_nft_s": sum(spent),
        f"add_one_{tag}_batch": plan.steps[0].text.splitlines()[1],
    }


def _remove_one(backend: Any, full: Any, plus_one: Any, spent: list[float]) -> dict[str, Any]:
    plan = backend.plan(plus_one, full)
    spent.clear()
    start = time.perf_counter()
    backend.apply(plan)
    return {
        "remove_one_10k_apply_s": time.perf_counter() - start,
        "remove_one_10k_batch": plan.steps[0].text.splitlines()[1],
    }


def _rule_count() -> int:
    out = subprocess.run(
        ["nft", "-j", "list", "table", "ip", "netnat"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    return sum(1 for item in json.loads(out)["nftables"] if "rule" in item)


# ---- the whole `netnat Add-NetNatStaticMapping` process, 10,000 mappings vs an empty NAT -------


def _prepare(ns: str, store: str, count: int) -> None:
    """A store with the blog NAT and `count` mappings, and the same in namespace `ns`'s kernel."""
    from netnat.model.state import State
    from netnat.store.file import Store

    _, full, _, _ = _states(count)
    base = _states(0)[0] if count == 0 else None
    state = full if base is None else base
    state = state.with_(
        counters=state.counters.__class__(
            next_mapping_id=count,
            next_if_index=state.counters.next_if_index,
            next_vnic_number=state.counters.next_vnic_number,
        )
    )
    Store(store).save(state)

    def build() -> dict[str, Any]:
        from netnat.backends.linux import LinuxBackend

        backend = LinuxBackend()
        backend.apply(backend.plan(State.initial(), state))
        return {}

    in_netns(ns, build)


def _add_process(ns: str, store: str, port: int) -> float:
    cmd = [
        "ip",
        "netns",
        "exec",
        ns,
        sys.executable,
        "-m",
        "netnat",
        "--store",
        store,
        "--backend",
        "linux",
        "Add-NetNatStaticMapping",
        "-NatName",
        "VMNAT",
        "-Protocol",
        "TCP",
        "-ExternalIPAddress",
        "0.0.0.0",
        "-ExternalPort",
        str(port),
        "-InternalIPAddress",
        "192.168.0.77",
        "-InternalPort",
        "80",
    ]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"netnat failed: {done.stderr.strip()}")
    return elapsed


def cli_figures(count: int, runs: int = 5) -> dict[str, Any]:
    import tempfile

    names = {
        "big": f"nnt-bench-{secrets.token_hex(3)}",
        "empty": f"nnt-bench-{secrets.token_hex(3)}",
    }
    folder = tempfile.mkdtemp(prefix="netnat-bench-")  # 0700: the store refuses shared dirs
    times: dict[str, list[float]] = {"big": [], "empty": []}
    try:
        for tag, ns in names.items():
            subprocess.run(["ip", "netns", "add", ns], check=True, timeout=20)
            _prepare(ns, f"{folder}/{tag}.toml", count if tag == "big" else 0)
        for run in range(runs):  # interleaved: A B A B ...
            for tag, ns in names.items():
                times[tag].append(_add_process(ns, f"{folder}/{tag}.toml", 40_000 + run))
    finally:
        for ns in names.values():
            subprocess.run(["ip", "netns", "del", ns], check=False, timeout=20)
        subprocess.run(["rm", "-rf", folder], check=False, timeout=20)
    big, empty = statistics.median(times["big"]), statistics.median(times["empty"])
    return {
        "cli_add_one_10k_s": big,
        "cli_add_one_empty_s": empty,
        "cli_ratio": round(big / empty, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mappings", type=int, default=10_000)
    parser.add_argument("--check", action="store_true", help="exit 1 when over budget")
    parser.add_argument("--no-cli", action="store_true", help="skip the whole-process figures")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("run as root: the benchmark creates a network namespace", file=sys.stderr)
        return 2
    name = f"nnt-bench-{secrets.token_hex(3)}"
    subprocess.run(["ip", "netns", "add", name], check=True, timeout=20)
    try:
        figures = in_netns(name, lambda: measure(args.mappings))
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False, timeout=20)
    if not args.no_cli and "error" not in figures:
        figures.update(cli_figures(args.mappings))
    for key, value in figures.items():
        shown = f"{value * 1000:9.1f} ms" if key.endswith("_s") else f"{value}"
        print(f"{key:28} {shown}")
    if "error" in figures:
        return 1
    over = figures["nft_10k_s"] > NFT_BUDGET or figures["plan_10k_s"] > PLAN_BUDGET
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
