"""Helpers for the interactive-use tests (issue #6): a lab store, a `netnat` on PATH, real shells
and tmux sessions. A missing shell skips locally and fails in CI (CI=true)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from netnat.model.state import Mode, Settings, State
from netnat.store.file import Store

LAB = (
    "New-VMSwitch -SwitchName VMNAT -SwitchType Internal",
    'New-VMSwitch -SwitchName "My Switch" -SwitchType Internal',
    'New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)"',
    "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24",
    'New-NetNat -Name "Lab NAT" -InternalIPInterfaceAddressPrefix 10.99.0.0/24',
    "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0"
    " -ExternalPort 8080 -InternalIPAddress 192.168.0.10 -InternalPort 80",
    "Add-VMNetworkAdapter -VMName web1 -SwitchName VMNAT",
)


def lab_state() -> State:
    """Two internal switches (one with a space), two NATs (one with a space), a mapping, a VM."""
    from support.runner import Runner

    run = Runner(State.initial().with_(settings=Settings(mode=Mode.RELAXED)))
    for line in LAB:
        run(line)
    assert not run.errors, run.errors
    return run.state


def write_lab(path: Path) -> Path:
    Store(path).save(lab_state())
    return path


def need(program: str) -> str:
    """The program's path; skip without it, except in CI where it must be installed."""
    found = shutil.which(program)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(f"{program} is required in CI (.ci/run installs it)")
    pytest.skip(f"{program} is not installed")


def netnat_bin(directory: Path) -> Path:
    """A directory with a `netnat` that runs this interpreter's netnat (put it first on PATH)."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "netnat"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m netnat "$@"\n')
    script.chmod(0o755)
    return directory


def shell_env(bin_dir: Path, store: Path, cache: Path, home: Path) -> dict[str, str]:
    """A clean environment: our netnat first on PATH, the lab store, private cache and home."""
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "NETNAT_STORE": str(store),
        "XDG_CACHE_HOME": str(cache),
        "XDG_DATA_HOME": str(home / "data"),
        "LANG": "C.UTF-8",
        "TERM": "xterm",
        "NO_COLOR": "1",
    }


class Tmux:
    """One detached tmux session on a private server socket."""

    def __init__(self, command: list[str], env: dict[str, str], width: int = 150) -> None:
        self.socket = f"netnat-test-{uuid.uuid4().hex[:8]}"
        exports = [f"{k}={v}" for k, v in env.items()]
        self._tmux(
            "new-session", "-d", "-x", str(width), "-y", "40", "env", "-i", *exports, *command
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def literal(self, text: str) -> None:
        self._tmux("send-keys", "-l", text)

    def paste(self, text: str) -> None:
        """Paste as a terminal does (bracketed paste when the program asked for it)."""
        self._tmux("set-buffer", "-b", "paste", text)
        self._tmux("paste-buffer", "-p", "-d", "-b", "paste")

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """The screen once `text` is on it; fails with the screen after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; screen:\n{screen}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30, check=False
        )
