"""The traffic of the benchmark: a TCP server in an endpoint, probes and connection bursts from
the outside namespace. Every wait is bounded; addresses are only the lab's own."""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import time

SERVER_LIFETIME = 3600.0  # a server outlives no benchmark: it stops by itself after this
LINGER_RESET = struct.pack("ii", 1, 0)  # close with RST: no TIME_WAIT piles up on either side


def serve(ready_fd: int, port: int) -> None:
    """Answer every connection on `port` with one byte, then close; until SERVER_LIFETIME."""
    deadline = time.monotonic() + SERVER_LIFETIME
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("0.0.0.0", port))
        server.listen(1024)
        server.settimeout(1.0)
        os.write(ready_fd, b"r")
        os.close(ready_fd)
        while time.monotonic() < deadline:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with contextlib.suppress(OSError):
                conn.sendall(b"k")
            conn.close()


def _once(host: str, port: int, timeout: float) -> bool:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        sock.connect((host, port))
        return sock.recv(1) == b"k"
    except OSError:
        return False
    finally:
        sock.close()


def probe(host: str, port: int, within: float) -> float:
    """Seconds until a connection to host:port got the server's byte; -1.0 if never `within`."""
    start = time.monotonic()
    deadline = start + within
    while time.monotonic() < deadline:
        if _once(host, port, min(0.5, max(deadline - time.monotonic(), 0.01))):
            return time.monotonic() - start
        time.sleep(0.005)
    return -1.0


def refused(host: str, port: int) -> bool:
    """True when host:port does not forward any more (one bounded attempt)."""
    return not _once(host, port, 1.0)


def burst(host: str, port: int, count: int, repeats: int, within: float) -> dict[str, object]:
    """`repeats` times: `count` new TCP connections one after another (connect, read the
    server's byte, close). Returns the seconds of each repeat and the failures."""
    deadline = time.monotonic() + within
    for _ in range(50):  # warm-up: ARP, route and conntrack caches
        _once(host, port, 2.0)
    seconds: list[float] = []
    failed = 0
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(count):
            if not _once(host, port, 2.0):
                failed += 1
            if time.monotonic() > deadline:
                return {"seconds": seconds, "failed": failed, "stopped": True}
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "failed": failed, "stopped": False}
