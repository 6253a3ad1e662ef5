"""Times Store.load() on 10 NATs + 1,000 static mappings, cold (no cache) and warm (not a test).

Run: python tests/unit/store/bench_load.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from netnat.model.enums import Protocol
from netnat.model.objects import NetNat, StaticMapping
from netnat.model.state import Mode, Settings, State
from netnat.store.file import Store

REPEAT = 20


def big_state() -> State:
    nats = tuple(
        NetNat(Name=f"nat{i}", InternalIPInterfaceAddressPrefix=f"192.168.{i}.0/24")
        for i in range(10)
    )
    mappings = tuple(
        StaticMapping(
            StaticMappingID=i,
            NatName=f"nat{i % 10}",
            Protocol=Protocol.TCP if i % 2 else Protocol.UDP,
            ExternalIPAddress="0.0.0.0",
            ExternalPort=10000 + i,
            InternalIPAddress=f"192.168.{i % 10}.{2 + i % 200}",
            InternalPort=80 + i % 7,
        )
        for i in range(1000)
    )
    return State.initial().with_(settings=Settings(mode=Mode.RELAXED), nats=nats, mappings=mappings)


def best_ms(fn: Callable[[], None], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def process_ms(code: str, pycache: str, repeat: int = 10) -> float:
    """Best wall time of a fresh interpreter running `code`, with .pyc files kept in `pycache`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[3])
    env["PYTHONPYCACHEPREFIX"] = pycache
    subprocess.run([sys.executable, "-c", code], check=True, env=env)  # writes the .pyc files
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.toml"
        state = big_state()
        store = Store(path)
        store.load()
        start = time.perf_counter()
        store.save(state)
        save_ms = (time.perf_counter() - start) * 1000
        cache = store.cache_path

        def cold() -> None:
            cache.unlink(missing_ok=True)
            Store(path).load()

        kept: list[State] = []

        def warm() -> None:
            kept.append(Store(path).load())  # a CLI keeps its State: no deallocation timed

        first = time.perf_counter()
        loaded = Store(path).load()
        first_ms = (time.perf_counter() - first) * 1000
        assert loaded == state
        print(f"file: {path.stat().st_size} bytes; save: {save_ms:.1f} ms")
        print(f"first load in process (cache hit, builds converters): {first_ms:.2f} ms")
        print(f"load cold (tomllib parse + cache write), best of {REPEAT}: {best_ms(cold):.2f} ms")
        cold()
        print(f"load warm (cache hit), best of {REPEAT}: {best_ms(warm):.2f} ms")
        load = f"from netnat.store.file import Store; Store({str(path)!r}).load()"
        imports = "import netnat.model.state"
        print(f"process `python -c pass`: {process_ms('pass', tmp):.1f} ms")
        print(f"process importing netnat.model.state: {process_ms(imports, tmp):.1f} ms")
        print(f"process import + warm load: {process_ms(load, tmp):.1f} ms")


if __name__ == "__main__":
    main()
