"""Where netnat's time goes: the benchmark's publish / add one / teardown under cProfile.

Run as root: python -m bench.profile [N]   (default N=1,000)
The same lab as `python -m bench` (its own namespaces, deleted afterwards); each netnat process
runs as `python -m cProfile -o FILE -m netnat ...` and a summary per step is printed.
"""

from __future__ import annotations

import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from bench import lab as labmod
from bench import peers, traffic
from bench.lab import timed

# (label, file name ending, function): cumulative times; "" labels add to the line above
PARTS = (
    ("imports (all modules)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("  of which pyroute2", "pyroute2/__init__.py", "<module>"),
    ("  of which click", "click/__init__.py", "<module>"),
    ("  of which rich", "rich/__init__.py", "<module>"),
    ("store load", "netnat/store/file.py", "load"),
    ("store write (prepare+commit)", "netnat/store/file.py", "prepare"),
    ("", "netnat/store/file.py", "commit"),
    ("backend plan", "backends/linux/backend.py", "plan"),
    ("backend apply (kernel)", "backends/linux/backend.py", "apply"),
    ("  of which nft -f", "backends/linux/kernel.py", "nft"),
    ("runbook engine (run_text)", "netnat/engine/script.py", "run_text"),
)


def summary(path: Path, wall: float) -> str:
    stats = pstats.Stats(str(path))
    table = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"  whole process {wall * 1000:7.0f} ms; profiled {total * 1000:7.0f} ms"]
    found: dict[str, float] = {}
    for label, ending, function in PARTS:
        cum = sum(
            v[3] for (file, _, fn), v in table.items() if file.endswith(ending) and fn == function
        )
        key = label or list(found)[-1]
        found[key] = found.get(key, 0.0) + cum
    for key, cum in found.items():
        lines.append(f"  {key:32} {cum * 1000:7.0f} ms")
    top = sorted(table.items(), key=lambda kv: kv[1][2], reverse=True)[:8]
    lines.append("  top by own time:")
    for (file, line, fn), v in top:
        lines.append(f"    {v[2] * 1000:6.0f} ms  {Path(file).name}:{line}({fn})  x{v[1]}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 1_000
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    out = Path(tempfile.mkdtemp(prefix="nnb-prof-"))
    netnat = peers.Netnat()
    try:
        with labmod.lab(traffic.serve) as lb:

            def profiled(step: str, *args: str) -> None:
                prof = out / f"{step}.prof"
                cmd = netnat._cli(lb, *args)
                at = cmd.index(peers.netnat_command()[0])
                cmd[at : at + len(peers.netnat_command())] = [
                    sys.executable,
                    "-m",
                    "cProfile",
                    "-o",
                    str(prof),
                    "-m",
                    "netnat",
                ]
                start = time.perf_counter()
                timed(cmd, 120, keep_stdout=False).check(step)
                wall = time.perf_counter() - start
                print(f"{step} (N={count:,}):\n{summary(prof, wall)}")

            Path(lb.tmp, "publish.ps1").write_text(peers.publish_runbook(count))
            Path(lb.tmp, "teardown.ps1").write_text(peers.TEARDOWN_RUNBOOK)
            timed([*peers.netnat_command(), "Get-NetNat"], 60)  # bytecode written
            profiled("publish", "run", f"{lb.tmp}/publish.ps1")
            profiled(
                "add-one",
                "Add-NetNatStaticMapping",
                "-NatName",
                peers.NAT,
                "-Protocol",
                "TCP",
                "-ExternalIPAddress",
                "0.0.0.0",
                "-ExternalPort",
                str(peers.EXTRA_PORT),
                "-InternalIPAddress",
                peers.EP_ADDRESS,
                "-InternalPort",
                "80",
            )
            profiled("teardown", "run", f"{lb.tmp}/teardown.ps1")
    finally:
        labmod.cleanup_all()
        for file in out.iterdir():
            file.unlink()
        out.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
