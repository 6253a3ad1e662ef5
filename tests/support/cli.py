"""Run the real `netnat` process (python -m netnat) against a store, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli:
    def __init__(self, store: Path) -> None:
        self.store = store

    def __call__(self, *argv: str, stdin: str | None = None) -> Result:
        env = {**os.environ, "NETNAT_STORE": str(self.store), "NO_COLOR": "1"}
        env.pop("NETNAT_DEBUG", None)
        done = subprocess.run(
            [sys.executable, "-m", "netnat", *argv],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def store_bytes(self) -> bytes:
        return self.store.read_bytes() if self.store.exists() else b""
