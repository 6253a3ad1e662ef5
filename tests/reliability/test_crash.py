"""Crash safety: netnat SIGKILLed at random points of hundreds of state-changing calls.

After every kill the store loads (from its TOML and through the cache alike) and equals a
State some call committed: the one before the killed call, or the one after it (when the kill
came after the rename). With the linux backend (in a namespace), `netnat sync` then brings the
kernel back to the store and the drift is empty.

Crash points are counted in the forked child: every file-system step of the store (open,
write, fsync, fchmod, close, rename, unlink, mkdir, chmod, flock) and every kernel change of the
linux backend; a kill falls just before the chosen one, or in the middle of a write (half the
bytes written). A second test kills real `python -m netnat` processes after a random time.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from kernel.conftest import Lab
from reliability import figures
from reliability.ops import Op, mapping, operations, reference, run
from reliability.support import (
    WAIT,
    Trap,
    child_env,
    fork_main,
    no_internal_errors,
    temp_files,
)

from netnat.backends.linux import LinuxBackend
from netnat.model.state import State
from netnat.store import text
from netnat.store.codec import decode_document
from netnat.store.file import Store

SEED = 20240611


@dataclass
class Tally:
    calls: int = 0
    kills: int = 0
    torn: int = 0
    after_commit: int = 0  # killed after the rename: the call's State is the store's


def stored(store: Path) -> State:
    """The store as the TOML says and as the cache says: they must agree."""
    from_toml = decode_document(text.parse(store.read_bytes()))
    assert Store(store).load() == from_toml
    return from_toml


def chain(
    ops: list[Op],
    refs: list[State],
    most: dict[str, int],
    store: Path,
    workdir: Path,
    backend: str,
    attempts: int,
    netns: str | None = None,
    after: Callable[[State], None] | None = None,
) -> Tally:
    """Run `ops` in turn, each killed up to `attempts` times at a random crash point first."""
    rng = random.Random(SEED)
    tally = Tally()
    windows: dict[str, tuple[int, int]] = {}
    for op in ops:
        before, want = refs[op.index], refs[op.index + 1]
        tries = 0
        while True:
            trap = None
            if tries < attempts:
                action = rng.choice(["kill", "kill", "torn"])
                window = windows.get(op.kind)
                if window is not None and action == "kill" and rng.random() < 0.5:
                    at = rng.randint(*window)  # between the temp file and the rename
                else:
                    at = rng.randint(1, most[op.kind] + 1)
                trap = Trap(at=at, action=action)
            done = run(op, store, workdir, trap, backend, netns)
            tally.calls += 1
            state = stored(store)
            assert state in (before, want), f"after {op.argv}: a State no call committed"
            if done.killed:
                tally.kills += 1
                tally.torn += trap is not None and trap.action == "torn"
                tally.after_commit += state == want
            else:
                assert done.code == 0, (op.argv, done.err)
                no_internal_errors(done.err)
                assert state == want
                assert temp_files(store.parent) == [], "a killed writer's temp file was kept"
                most[op.kind] = max(most[op.kind], done.calls)
                windows[op.kind] = _window(done.seen)
            if after is not None:
                after(state)
            if state == want:
                break
            tries += 1
    assert stored(store) == refs[-1]
    return tally


def _window(seen: list[str]) -> tuple[int, int]:
    """The crash points (1-based) from the temp file's first write to the rename: the kernel
    changes of an apply fall there."""
    first = seen.index("os.write") + 1
    return first, seen.index("os.replace", first) + 1


def test_sigkill_at_random_points_of_300_calls_state_backend(store: Path, tmp_path: Path) -> None:
    ops = operations(120)
    refs, most = reference(ops, tmp_path / "ref" / "state.toml", tmp_path)
    tally = chain(ops, refs, most, store, tmp_path, "state", attempts=4)
    assert tally.kills >= 200, tally
    _leftovers(store)
    figures.add("crash: state-changing calls run (state backend)", tally.calls)
    figures.add("crash: SIGKILLs survived (state backend)", tally.kills)
    figures.add("crash: torn writes survived", tally.torn)
    figures.add("crash: kills after the rename (the call's State kept)", tally.after_commit)
    print(tally)


def _leftovers(store: Path) -> None:
    """A killed writer's temp files are swept by the next writer: none are left at the end."""
    done = fork_main(["--store", str(store), "config", "mode", "strict"], store.parent.parent)
    assert done.code == 0, done.err
    assert temp_files(store.parent) == []


def _sync(store: Path, workdir: Path, lab: Lab, drifted: list[int]) -> Callable[[State], None]:
    """After each call: if the kernel drifted from the store (a kill mid-apply, or between
    apply and rename), `netnat sync` must bring it back."""

    def after(state: State) -> None:
        if lab.host.call(_drift, state):
            drifted.append(1)
        done = fork_main(
            ["--store", str(store), "--backend", "linux", "sync"], workdir, netns=lab.host.name
        )
        assert done.code == 0, done.err
        assert lab.host.call(_drift, state) == []

    return after


def _drift(state: State) -> list[str]:
    return LinuxBackend().drift(state)


@pytest.mark.kernel
def test_sigkill_during_linux_calls_then_sync_restores_the_kernel(
    rlab: Lab, store: Path, tmp_path: Path
) -> None:
    ops = operations(36)
    refs, most = reference(ops, tmp_path / "ref" / "state.toml", tmp_path)
    most = {kind: calls + 8 for kind, calls in most.items()}  # kernel calls: learnt as runs end
    drifted: list[int] = []
    tally = chain(
        ops,
        refs,
        most,
        store,
        tmp_path,
        "linux",
        attempts=5,
        netns=rlab.host.name,
        after=_sync(store, tmp_path, rlab, drifted),
    )
    assert tally.kills >= 50, tally
    assert drifted, "no kill left the kernel apart from the store: the crash points missed"
    assert rlab.host.call(_drift, refs[-1]) == []
    _leftovers(store)
    figures.add("crash: state-changing calls run (linux backend, in a namespace)", tally.calls)
    figures.add("crash: SIGKILLs survived (linux backend), each followed by sync", tally.kills)
    figures.add("crash: kills that left the kernel apart from the store, synced back", len(drifted))
    print(tally)


# ---- real processes, killed after a random time ------------------------------------------


def _process_ops(count: int) -> list[Op]:
    """NAT, then mappings added and removed: no random Ids, so a real process can redo one."""
    calls = [
        ["New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"]
    ]
    live: list[int] = []
    next_id = 0
    k = 0
    while len(calls) < count:
        k += 1
        if k % 3 == 0:
            calls.append(
                [
                    "Remove-NetNatStaticMapping",
                    "-NatName",
                    "VMNAT",
                    "-StaticMappingID",
                    str(live.pop(0)),
                    "-Confirm:false",
                ]
            )
        else:
            calls.append(mapping(9000 + k, 2 + k % 200))
            live.append(next_id)
            next_id += 1
    return [Op(i, tuple(argv)) for i, argv in enumerate(calls)]


def test_sigkill_real_processes_after_a_random_time(store: Path, tmp_path: Path) -> None:
    ops = _process_ops(60)
    refs, _ = reference(ops, tmp_path / "ref" / "state.toml", tmp_path)
    rng = random.Random(SEED)
    durations: list[float] = []
    kills = calls = 0
    for op in ops:
        before, want = refs[op.index], refs[op.index + 1]
        for attempt in range(4):
            delay = None
            if durations and attempt < 3:
                typical = sorted(durations)[len(durations) // 2]
                delay = typical * rng.uniform(0.4, 1.05)
            killed, took = _run_and_kill(store, op, delay)
            calls += 1
            if killed:
                kills += 1
            else:
                durations.append(took)
            state = stored(store)
            assert state in (before, want), f"after {op.argv}: a State no call committed"
            if not killed:
                assert state == want
            if state == want:
                break
        else:
            raise AssertionError(f"{op.argv} never committed")
    assert stored(store) == refs[-1]
    assert kills >= 60, kills
    figures.add("crash: real netnat processes run", calls)
    figures.add("crash: real netnat processes SIGKILLed after a random time", kills)


def _run_and_kill(store: Path, op: Op, delay: float | None) -> tuple[bool, float]:
    argv = [sys.executable, "-m", "netnat", "--store", str(store), "--non-interactive", *op.argv]
    start = time.monotonic()
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=child_env(),
    )
    if delay is not None:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=WAIT)
    took = time.monotonic() - start
    if proc.returncode == -signal.SIGKILL:
        return True, took
    assert proc.returncode == 0, err.decode()
    return False, took
