"""Machinery of the reliability tests: the CLI as a real process or as a forked child that can be
SIGKILLed or made to fail at a chosen call, and labs of network namespaces named `nnr-<random>`.

Safety: a forked child given a namespace enters it (and checks that it did) before netnat runs;
if entering fails it exits without running anything. Processes are started from argument lists
and only the test's own children are ever signalled, by pid.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from kernel.netlab import Netns, _enter

from netnat.model.state import State
from netnat.store.file import Store

REPO = Path(__file__).resolve().parents[2]
WAIT = 60.0  # seconds: the longest any one child may run; an upper bound, never slept
TRACEBACK = "Traceback (most recent call last)"
INTERNAL = "internal error"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a netnat child: this checkout first on the path, no debug, no colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("NETNAT_DEBUG", "NETNAT_STORE")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


@dataclass
class Done:
    code: int
    out: str
    err: str

    def clean(self) -> Done:
        """Assert no Python traceback and no internal error reached the user."""
        no_internal_errors(self.err)
        return self


def netnat(
    store: Path,
    *argv: str | bytes,
    prefix: Sequence[str] = (),
    stdin: str | None = None,
    timeout: float = WAIT,
    env: dict[str, str] | None = None,
) -> Done:
    """`[prefix...] python -m netnat --store STORE argv...` as a real process."""
    args: list[str | bytes] = [*prefix, sys.executable, "-m", "netnat", "--store", str(store)]
    done = subprocess.run(
        [*args, *argv],
        input=stdin.encode() if stdin is not None else None,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        env=env or child_env(),
        timeout=timeout,
        check=False,
    )
    return Done(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def load(store: Path) -> State:
    return Store(store).load()


def snapshot_dir(directory: Path) -> dict[str, bytes]:
    """Every file in `directory` with its bytes (the store, its lock and cache, temp files)."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# ---- the writers' lock, seen from outside -----------------------------------------------


@contextlib.contextmanager
def holding_lock(store: Path) -> Iterator[None]:
    """Hold the store's writers' lock (a start gate for racing processes)."""
    with Store(store).lock(timeout=WAIT):
        yield


def lock_waiters(store: Path) -> int:
    """How many processes wait in flock() for the store's lock (/proc/locks `->` lines)."""
    st = os.stat(str(store) + ".lock")
    ident = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    text = Path("/proc/locks").read_text()
    return sum(1 for line in text.splitlines() if "->" in line and line.split()[-3] == ident)


def wait_for(check: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


# ---- netnat in a forked child: crash points and injected faults ---------------------------

# The calls a crash point can fall before: every file-system step of the store and every
# kernel change of the linux backend (a SIGKILL "after" one is one "before" the next).
FS_CALLS = (
    "os.open",
    "os.write",
    "os.fsync",
    "os.fchmod",
    "os.close",
    "os.replace",
    "os.unlink",
    "os.mkdir",
    "os.chmod",
    "fcntl.flock",
)
KERNEL_CALLS = (
    "Kernel.add_link",
    "Kernel.delete_link",
    "Kernel.set_alias",
    "Kernel.set_up",
    "Kernel.set_mac",
    "Kernel.set_master",
    "Kernel.add_address",
    "Kernel.delete_address",
    "Kernel.add_route",
    "Kernel.delete_route",
    "Kernel.write_sysctl",
    "Kernel.nft",
)


@dataclass
class Trap:
    """What happens at the `at`-th watched call: `kill` (SIGKILL before it), `torn` (the first
    os.write from there on writes half its bytes, then SIGKILL), `raise` (the call raises
    `error()` instead of running), `raise-after` (the call runs, then raises)."""

    at: int | None = None
    action: str = "kill"
    watch: tuple[str, ...] = FS_CALLS + KERNEL_CALLS
    error: Callable[[], BaseException] = lambda: RuntimeError("injected fault")
    count: int = 0
    fired: bool = False
    seen: list[str] = field(default_factory=list)

    def _fires(self, qual: str) -> bool:
        """At the `at`-th call (`torn`: at the first os.write from there on), once."""
        if self.fired or self.at is None or self.count < self.at:
            return False
        return self.action != "torn" or qual == "os.write"

    def install(self) -> None:
        import netnat.backends.linux.kernel as kernel

        owners: dict[str, Any] = {"os": os, "fcntl": fcntl, "Kernel": kernel.Kernel}
        for qual in self.watch:
            owner_name, attr = qual.split(".")
            owner = owners[owner_name]
            setattr(owner, attr, self._wrap(qual, getattr(owner, attr), owner_name == "Kernel"))

    def _wrap(self, qual: str, original: Any, method: bool) -> Any:
        write = os.write

        def trapped(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            self.seen.append(qual)
            if self._fires(qual):
                self.fired = True
                if self.action in ("kill", "torn"):
                    if self.action == "torn":
                        fd, data = args[0], bytes(args[1])
                        write(fd, data[: len(data) // 2])
                    os.kill(os.getpid(), signal.SIGKILL)
                if self.action == "raise":
                    raise self.error()
                original(*args, **kwargs)
                raise self.error()
            return original(*args, **kwargs)

        if method:

            def bound(this: Any, *args: Any, **kwargs: Any) -> Any:
                return trapped(this, *args, **kwargs)

            return bound
        return trapped


@dataclass
class Forked:
    code: int | None  # the exit code; None when the child died of SIGKILL
    calls: int  # watched calls it made (when it ran to its end)
    out: str
    err: str
    seen: list[str] = field(default_factory=list)

    @property
    def killed(self) -> bool:
        return self.code is None


def fork_main(
    argv: Sequence[str],
    workdir: Path,
    trap: Trap | None = None,
    netns: str | None = None,
    setup: Callable[[], None] | None = None,
    timeout: float = WAIT,
) -> Forked:
    """Run `netnat.cli.main.main(argv)` in a forked child (optionally inside namespace
    `netns`) with `trap` armed; wait at most `timeout` seconds."""
    tag = secrets.token_hex(4)
    out, err, calls = (workdir / f".fork-{tag}.{n}" for n in ("out", "err", "calls"))
    trap = trap or Trap()
    pid = os.fork()
    if pid == 0:
        _child(list(argv), trap, netns, setup, out, err, calls)
    status = _wait(pid, timeout)
    result = Forked(
        code=None
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        else os.waitstatus_to_exitcode(status),
        calls=int(calls.read_text() or 0) if calls.exists() else 0,
        out=out.read_text("utf-8", "replace") if out.exists() else "",
        err=err.read_text("utf-8", "replace") if err.exists() else "",
    )
    if calls.exists():
        result.seen = (workdir / f".fork-{tag}.seen").read_text().split()
    for path in workdir.glob(f".fork-{tag}.*"):
        path.unlink()
    assert result.code != 99, f"the child could not enter namespace {netns}: {result.err}"
    assert result.code != 70, f"the child failed outside netnat: {result.err}"
    return result


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    delay = 0.0005
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"netnat ran over {timeout:g} s in a forked child")
        time.sleep(delay)
        delay = min(delay * 2, 0.01)


def _child(
    argv: list[str],
    trap: Trap,
    netns: str | None,
    setup: Callable[[], None] | None,
    out: Path,
    err: Path,
    calls: Path,
) -> NoReturn:
    code = 70
    try:
        _redirect(out, err)
        if netns is not None:
            before = os.readlink("/proc/self/ns/net")
            try:
                _enter(netns)
            except OSError:
                os._exit(99)
            if os.readlink("/proc/self/ns/net") == before:
                os._exit(99)
        from netnat.cli.main import main

        if setup is not None:
            setup()
        trap.install()
        code = main(argv)
        sys.stdout.flush()
        sys.stderr.flush()
        calls.with_name(calls.name.replace(".calls", ".seen")).write_text(" ".join(trap.seen))
        calls.write_text(str(trap.count))
    except SystemExit as done:
        code = int(done.code or 0) if not isinstance(done.code, str) else 1
    except BaseException:
        with contextlib.suppress(BaseException):
            sys.stderr.write(traceback.format_exc())
            sys.stderr.flush()
        code = 70
    os._exit(code)


def _redirect(out: Path, err: Path) -> None:
    """fds 0/1/2 and sys.std* on /dev/null and the two files (pytest's capture is replaced)."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    for path, target in ((out, 1), (err, 2)):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="surrogateescape"
    )
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace"
    )


def seeded_guids(seed: str) -> Callable[[], None]:
    """A setup that makes hostops.new_guid deterministic (the same op, the same Ids)."""

    def setup() -> None:
        import uuid

        from netnat.model import hostops

        counter = iter(range(1_000_000))
        hostops.new_guid = lambda: str(uuid.uuid5(uuid.NAMESPACE_OID, f"{seed}/{next(counter)}"))

    return setup


# ---- namespaces named nnr-<role>-<random> --------------------------------------------------


class ReliabilityNetns(Netns):
    """A namespace of these tests: `nnr-<role>-<random>` (created and deleted by name)."""

    def __init__(self, role: str) -> None:
        super().__init__(role)
        self.name = f"nnr-{role}-{secrets.token_hex(3)}"


@contextlib.contextmanager
def namespaces(*roles: str) -> Iterator[list[Netns]]:
    made: list[Netns] = []
    try:
        for role in roles:
            made.append(ReliabilityNetns(role).create())
        yield made
    finally:
        for ns in reversed(made):
            ns.delete()


def no_internal_errors(text: str) -> None:
    """Assert `text` (a netnat's stderr) holds no Python traceback and no internal error."""
    assert TRACEBACK not in text and INTERNAL not in text, text
    from reliability import figures

    figures.add("outputs checked: Python tracebacks or internal errors found = 0")


IFNAME = re.compile(r"^(nnbr|nntap|nnve)[0-9a-f]{8}$")


# ---- an audit hook in every Python process a test starts ---------------------------------

AUDIT_SITE = r"""
# sitecustomize of the reliability tests: an audit hook (PEP 578) in every Python process
# started with NNR_AUDIT_LOG set; it logs file changes, processes started and network use
# (blocking the last: AF_NETLINK and AF_UNIX sockets are local and allowed).
import json, os, socket, sys

_LOG = os.environ.get("NNR_AUDIT_LOG")
if _LOG:
    _FD = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    _PACKAGE = os.environ["NNR_AUDIT_PACKAGE"]
    _WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    _LOCAL = {socket.AF_UNIX, getattr(socket, "AF_NETLINK", -1)}
    _FILE = {"os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.chown",
             "os.truncate", "os.symlink", "os.link", "os.utime", "shutil.rmtree",
             "shutil.copyfile", "shutil.copytree", "shutil.move", "shutil.chown"}
    _PROCESS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                "os.startfile", "pty.spawn", "os.fork", "os.forkpty"}
    _NETWORK = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind",
                "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                "socket.gethostbyaddr", "socket.getnameinfo", "urllib.Request",
                "http.client.connect", "ftplib.connect", "smtplib.connect", "webbrowser.open"}
    _busy = []

    def _from_netnat():
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename.startswith(_PACKAGE):
                return True
            frame = frame.f_back
        return False

    def _kind(event, args):
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int):
                return None
            if isinstance(mode, str):
                return "file" if any(c in mode for c in "wax+") else None
            return "file" if (flags or 0) & _WRITE else None
        if event in _FILE:
            return "file"
        if event in _PROCESS:
            return "process"
        if event in _NETWORK:
            sock = args[0] if args else None
            if event.startswith("socket.") and getattr(sock, "family", None) in _LOCAL:
                return None
            return "network"
        return None

    def _hook(event, args):
        if _busy:
            return
        kind = _kind(event, args)
        if kind is None:
            return
        _busy.append(1)
        try:
            line = {"pid": os.getpid(), "kind": kind, "event": event,
                    "args": [a if isinstance(a, (str, int)) else repr(a)[:300] for a in args],
                    "netnat": _from_netnat()}
            os.write(_FD, (json.dumps(line) + "\n").encode())
        finally:
            _busy.pop()
        if kind == "network":
            raise PermissionError(f"reliability audit: {event} blocked")

    sys.addaudithook(_hook)
"""


def audited_env(directory: Path) -> tuple[dict[str, str], Path]:
    """An environment whose Python processes log to `directory/audit.jsonl` (see AUDIT_SITE)."""
    site = directory / "audit-site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(AUDIT_SITE)
    log = directory / "audit.jsonl"
    env = child_env(NNR_AUDIT_LOG=str(log), NNR_AUDIT_PACKAGE=str(REPO / "netnat") + os.sep)
    env["PYTHONPATH"] = os.pathsep.join([str(site), env["PYTHONPATH"]])
    return env, log


def audit_events(log: Path) -> list[dict[str, Any]]:
    import json

    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
