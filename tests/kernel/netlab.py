"""Network namespaces for the kernel tests: create, run code or programs inside, tear down.

Everything is created with a random `nnt-` name, only inside namespaces the test made, and
removed by name afterwards. Programs are started from argument lists and killed by pid.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import secrets
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from netnat.errors import BackendError, ErrorRecord

T = TypeVar("T")
CLONE_NEWNET = 0x40000000
TOOL = Path(__file__).with_name("tcp_tool.py")
CMD_TIMEOUT = 20.0


def kernel_prerequisites(*tools: str) -> None:
    """Skip (or, with CI=true, fail) unless root and the tools are present."""
    reasons = [] if os.geteuid() == 0 else ["not root"]
    reasons += [f"{t} not installed" for t in ("ip", "nft", *tools) if shutil.which(t) is None]
    if not reasons:
        return
    message = "kernel tests need " + ", ".join(reasons)
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: kernel tests must run)")
    pytest.skip(message)


def run(
    args: list[str], timeout: float = CMD_TIMEOUT, check: bool = True, stdin: str | None = None
) -> str:
    done = subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


class Netns:
    """One namespace made by the test (`nnt-<role>-<random>`)."""

    def __init__(self, role: str) -> None:
        self.name = f"nnt-{role}-{secrets.token_hex(3)}"
        self.procs: list[subprocess.Popen[str]] = []

    def create(self) -> Netns:
        run(["ip", "netns", "add", self.name])
        self.ip("link", "set", "lo", "up")
        return self

    def delete(self) -> None:
        for proc in self.procs:
            stop(proc)
        run(["ip", "netns", "del", self.name], check=False)

    def ip(self, *args: str) -> str:
        return run(["ip", "-n", self.name, *args])

    def exec(
        self, *args: str, timeout: float = CMD_TIMEOUT, check: bool = True, stdin: str | None = None
    ) -> str:
        return run(["ip", "netns", "exec", self.name, *args], timeout, check, stdin)

    def start(self, *args: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            ["ip", "netns", "exec", self.name, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.procs.append(proc)
        return proc

    def call(self, fn: Callable[..., T], *args: Any, timeout: float = 60.0) -> T:
        """Run fn(*args) in a forked child that entered this namespace; return its result."""
        return call_in(self.name, fn, *args, timeout=timeout)

    # ---- traffic (tests/kernel/tcp_tool.py) -----------------------------------------
    def serve(self, port: int, label: str, seconds: float = 60.0) -> subprocess.Popen[str]:
        """A TCP server answering `<label> <peer address>` to each connection."""
        proc = self.start(sys.executable, str(TOOL), "serve", str(port), label, str(seconds))
        ready = _readline(proc, 10.0)
        assert ready.startswith("ready"), f"server did not start: {ready!r}"
        return proc

    def connect(self, host: str, port: int, timeout: float = 3.0) -> str:
        """The server's answer, or `error: ...` when the connection failed."""
        out = self.exec(
            sys.executable,
            str(TOOL),
            "connect",
            host,
            str(port),
            str(timeout),
            timeout=timeout + 10,
        )
        return out.strip()

    def hold(self, host: str, port: int, seconds: float) -> subprocess.Popen[str]:
        """A client that connects and keeps the connection open for `seconds`."""
        proc = self.start(sys.executable, str(TOOL), "hold", host, str(port), str(seconds))
        line = _readline(proc, 10.0)
        assert line.startswith("connected"), f"hold failed: {line!r}"
        return proc


def _readline(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline().strip() if ready else ""


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextlib.contextmanager
def namespaces(*roles: str) -> Iterator[list[Netns]]:
    made: list[Netns] = []
    try:
        for role in roles:
            made.append(Netns(role).create())
        yield made
    finally:
        for ns in reversed(made):
            ns.delete()


# ---- running Python inside a namespace ---------------------------------------------------


def _enter(name: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {name} failed")
    finally:
        os.close(fd)


def _portable(exc: BaseException) -> tuple[str, str, ErrorRecord | None]:
    record = getattr(exc, "record", None)
    return type(exc).__name__, str(exc), record if isinstance(record, ErrorRecord) else None


def call_in(name: str, fn: Callable[..., T], *args: Any, timeout: float = 60.0) -> T:
    """fork; the child enters namespace `name` and runs fn; its result or error comes back."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            _enter(name)
            payload = pickle.dumps(("ok", fn(*args)))
        except BaseException as exc:
            payload = pickle.dumps(("err", _portable(exc)))
        try:
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    result: T = _collect(pid, read_end, timeout)
    return result


def _collect(pid: int, fd: int, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    chunks = []
    with os.fdopen(fd, "rb") as src:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([src], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise TimeoutError(f"code in a namespace ran over {timeout} s")
            chunk = os.read(src.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    status, value = pickle.loads(b"".join(chunks))
    if status == "ok":
        return value
    kind, message, record = value
    if kind == "BackendError" and record is not None:
        raise BackendError(record)
    raise RuntimeError(f"{kind}: {message}")
