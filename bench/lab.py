"""Namespaces, workers inside them, and timed tool runs for the peer benchmark.

Everything is created under a random `nnb-<hex>-<role>` name, only inside namespaces this
process made, and removed by name afterwards (`Lab.close`, and `cleanup_all` at exit). Programs
start from argument lists in a session of their own; only pids this process started are killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import secrets
import select
import signal
import struct
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLONE_NEWNET = 0x40000000
PREFIX = "nnb-"
CMD_TIMEOUT = 30.0
HOST_EXTERNAL = "10.10.50.20"  # netnat's State.initial() calls its `Ethernet` adapter this
OUTSIDE = "10.10.50.30"
GNU_TIME = Path("/usr/bin/time")  # Debian package `time`

_made: list[str] = []  # every namespace this process created and has not deleted yet
_pids: set[int] = set()  # every worker this process forked and has not reaped yet


def run(args: list[str], timeout: float = CMD_TIMEOUT, stdin: str | None = None) -> str:
    done = subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def netns_add(role: str, tag: str) -> str:
    name = f"{PREFIX}{tag}-{role}"
    run(["ip", "netns", "add", name])
    _made.append(name)
    run(["ip", "-n", name, "link", "set", "lo", "up"])
    return name


def netns_del(name: str) -> None:
    subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=CMD_TIMEOUT)
    if name in _made:
        _made.remove(name)


def cleanup_all() -> None:
    """Kill every worker still alive and delete every namespace this process made."""
    for pid in list(_pids):
        _kill(pid)
    for name in list(_made):
        netns_del(name)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    _pids.discard(pid)


def netns_inode(name: str) -> int:
    return os.stat(f"/run/netns/{name}").st_ino


def enter(name: str) -> None:
    """Move the calling process into namespace `name` (network namespace only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {name} failed")
    finally:
        os.close(fd)


# ---- workers: forked children inside a namespace, running functions sent to them -----------


def _send(fd: int, obj: object) -> None:
    data = pickle.dumps(obj)
    os.write(fd, struct.pack("!I", len(data)))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _recv(fd: int, deadline: float | None) -> Any:
    def read(count: int) -> bytes:
        chunks = b""
        while len(chunks) < count:
            if deadline is not None:
                left = max(deadline - time.monotonic(), 0.0)
                ready, _, _ = select.select([fd], [], [], left)
                if not ready:
                    raise TimeoutError("worker did not answer in time")
            chunk = os.read(fd, count - len(chunks))
            if not chunk:
                raise EOFError("worker ended")
            chunks += chunk
        return chunks

    (size,) = struct.unpack("!I", read(4))
    return pickle.loads(read(size))


class Worker:
    """A forked child that entered namespace `ns` and runs the functions `call` sends it.

    Functions travel by reference (pickle), so they must be module-level functions.
    """

    def __init__(self, ns: str) -> None:
        self.ns = ns
        to_child, self._cmd = os.pipe()
        self._res, from_child = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into the benchmark
            code = 0
            try:
                os.close(self._cmd)
                os.close(self._res)
                enter(ns)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                while True:
                    try:
                        fn, args = _recv(to_child, None)
                    except EOFError:
                        break
                    try:
                        reply: tuple[str, object] = ("ok", fn(*args))
                    except BaseException as exc:
                        reply = ("err", f"{type(exc).__name__}: {exc}")
                    _send(from_child, reply)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(to_child)
        os.close(from_child)
        self.pid = pid
        _pids.add(pid)

    def call(self, fn: Callable[..., Any], *args: Any, timeout: float = 60.0) -> Any:
        _send(self._cmd, (fn, args))
        try:
            status, value = _recv(self._res, time.monotonic() + timeout)
        except (TimeoutError, EOFError):
            self.close()
            raise
        if status != "ok":
            raise RuntimeError(f"in {self.ns}: {value}")
        return value

    def close(self) -> None:
        for fd in (self._cmd, self._res):
            with contextlib.suppress(OSError):
                os.close(fd)
        _kill(self.pid)


def spawn_in(ns: str, fn: Callable[..., None], *args: Any, ready_timeout: float = 10.0) -> int:
    """Fork a child into `ns` that runs fn(ready_fd, *args) until it ends or is killed; fn
    writes one byte to ready_fd once it serves. Returns the child's pid."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            enter(ns)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            fn(write_end, *args)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    _pids.add(pid)
    try:
        ready, _, _ = select.select([read_end], [], [], ready_timeout)
        if not ready or not os.read(read_end, 1):
            _kill(pid)
            raise RuntimeError(f"{fn.__name__} in {ns} did not start")
    finally:
        os.close(read_end)
    return pid


# ---- timed runs of a tool ---------------------------------------------------------------------


@dataclass
class RunResult:
    seconds: float
    returncode: int | None  # None: stopped at the time bound
    maxrss_kib: int
    stdout: str
    stderr: str

    @property
    def stopped(self) -> bool:
        return self.returncode is None

    def check(self, what: str) -> None:
        if self.returncode not in (0, None):
            tail = (self.stderr.strip() or self.stdout.strip())[-600:]
            raise RuntimeError(f"{what} failed ({self.returncode}): {tail}")


def timed(
    args: list[str],
    timeout: float,
    stdin: str = "",
    env: dict[str, str] | None = None,
    keep_stdout: bool = True,
) -> RunResult:
    """Run `args`, wall time until it exits, and its peak RSS: the largest process of its tree,
    as GNU time's %M reports it (wait4 in a small parent: a fork of this big Python process
    would count our own pages until the exec). Past `timeout` the whole session it runs in is
    killed and returncode is None."""
    with contextlib.ExitStack() as stack:
        fin, fout, ferr = (stack.enter_context(tempfile.TemporaryFile()) for _ in range(3))
        fin.write(stdin.encode())
        fin.seek(0)
        rss = stack.enter_context(tempfile.NamedTemporaryFile(prefix="nnb-rss-"))
        if GNU_TIME.exists():
            args = [str(GNU_TIME), "-f", "%M", "-o", rss.name, *args]
        start = time.perf_counter()
        proc = subprocess.Popen(
            args,
            stdin=fin,
            stdout=fout if keep_stdout else subprocess.DEVNULL,
            stderr=ferr,
            env=env,
            start_new_session=True,
        )
        pidfd = os.pidfd_open(proc.pid)
        try:
            try:
                ready, _, _ = select.select([pidfd], [], [], timeout)
            except BaseException:  # interrupted: take the run down with us
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -signal.SIGKILL
                raise
            stopped = not ready
            if stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)  # the session this run started
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
        finally:
            os.close(pidfd)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if stopped:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # stragglers of the killed session
        fout.seek(0)
        ferr.seek(0)
        return RunResult(
            seconds=elapsed,
            returncode=None if stopped else proc.returncode,
            maxrss_kib=_rss(Path(rss.name), int(usage.ru_maxrss)),
            stdout=fout.read().decode(errors="replace"),
            stderr=ferr.read().decode(errors="replace"),
        )


def _rss(path: Path, fallback: int) -> int:
    """GNU time's %M line (KiB), or wait4's figure when there is none."""
    if not GNU_TIME.exists():
        return fallback
    for line in reversed(path.read_text(errors="replace").splitlines()):
        if line.strip().isdigit():
            return int(line.strip())
    return 0


def leftover_processes(namespaces: list[str], mine: set[int]) -> list[tuple[int, str]]:
    """(pid, command name) of every process inside `namespaces` that this benchmark did not
    start itself: daemons a tool left running."""
    wanted = {f"net:[{netns_inode(n)}]" for n in namespaces}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            if os.readlink(entry / "ns" / "net") in wanted:
                found.append((int(entry.name), (entry / "comm").read_text().strip()))
        except OSError:
            continue
    return found


# ---- one lab: host, outside, endpoints --------------------------------------------------------


@dataclass
class Lab:
    """`host` runs the tool; `out` is the outside client on host's external veth; endpoints
    (`ep1`, `ep2`) are the VMs/containers behind the NAT, each with a server on port 80."""

    tag: str = field(default_factory=lambda: secrets.token_hex(3))
    host: str = ""
    out: str = ""
    eps: list[str] = field(default_factory=list)
    client: Worker | None = None
    servers: list[int] = field(default_factory=list)
    tmp: str = ""

    def open(self, serve: Callable[..., None]) -> Lab:
        self.tmp = tempfile.mkdtemp(prefix=f"nnb-{self.tag}-")  # 0700: netnat's store wants it
        self.host = netns_add("host", self.tag)
        self.out = netns_add("out", self.tag)
        self.eps = [netns_add("ep1", self.tag), netns_add("ep2", self.tag)]
        h, o = ["ip", "-n", self.host], ["ip", "-n", self.out]
        run([*h, "link", "add", "ext0", "type", "veth", "peer", "name", "ext1", "netns", self.out])
        run([*h, "addr", "add", f"{HOST_EXTERNAL}/24", "dev", "ext0"])
        run([*h, "link", "set", "ext0", "alias", "Ethernet", "up"])
        run([*o, "addr", "add", f"{OUTSIDE}/24", "dev", "ext1"])
        run([*o, "link", "set", "ext1", "up"])
        self.servers = [spawn_in(ep, serve, 80) for ep in self.eps]
        self.client = Worker(self.out)
        return self

    def mine(self) -> set[int]:
        return {*self.servers, *([self.client.pid] if self.client else [])}

    def namespaces(self) -> list[str]:
        return [n for n in (self.host, self.out, *self.eps) if n]

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        for pid in self.servers:
            _kill(pid)
        for pid, _ in leftover_processes(self.namespaces(), set()):
            _kill_foreign(pid)  # a daemon a tool started inside our namespaces
        for name in self.namespaces():
            netns_del(name)
        if self.tmp:
            subprocess.run(["rm", "-rf", "--", self.tmp], timeout=CMD_TIMEOUT, check=False)


def _kill_foreign(pid: int) -> None:
    """A process some tool started inside one of our namespaces (not our child): by pid."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def lab(serve: Callable[..., None]) -> Iterator[Lab]:
    made = Lab()
    try:
        yield made.open(serve)
    finally:
        made.close()
