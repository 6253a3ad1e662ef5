"""A tiny TCP server and client for the kernel tests, run inside namespaces; every wait bounded.

serve PORT LABEL SECONDS   answer "<LABEL> <peer ip>" to each connection, for SECONDS at most
connect HOST PORT TIMEOUT  print the answer, or "error: <reason>"
hold HOST PORT SECONDS     connect, print "connected <local ip>:<port>", keep it open SECONDS
"""

from __future__ import annotations

import socket
import sys
import time


def serve(port: int, label: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("0.0.0.0", port))
        server.listen(16)
        server.settimeout(0.2)
        print("ready", flush=True)
        held = []
        while time.monotonic() < deadline:
            try:
                conn, peer = server.accept()
            except TimeoutError:
                continue
            conn.sendall(f"{label} {peer[0]}\n".encode())
            held.append(conn)  # kept open: the client decides when the flow ends


def connect(host: str, port: int, timeout: float) -> None:
    try:
        with socket.create_connection((host, port), timeout=timeout) as conn:
            conn.settimeout(timeout)
            print(conn.recv(200).decode().strip() or "error: empty answer")
    except OSError as exc:
        print(f"error: {exc.__class__.__name__} {exc}")


def hold(host: str, port: int, seconds: float) -> None:
    with socket.create_connection((host, port), timeout=5) as conn:
        local = conn.getsockname()
        print(f"connected {local[0]}:{local[1]}", flush=True)
        time.sleep(seconds)


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "serve":
        serve(int(argv[1]), argv[2], float(argv[3]))
    elif mode == "connect":
        connect(argv[1], int(argv[2]), float(argv[3]))
    elif mode == "hold":
        hold(argv[1], int(argv[2]), float(argv[3]))


if __name__ == "__main__":
    main(sys.argv[1:])
