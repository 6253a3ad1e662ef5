"""Store path resolution: --store, then $NETNAT_STORE, then root's or the user's default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from netnat.store.paths import cache_path, lock_path, resolve_store_path


def as_user(monkeypatch: pytest.MonkeyPatch, euid: int) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: euid)


def test_explicit_beats_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NETNAT_STORE", str(tmp_path / "env.toml"))
    assert resolve_store_path(str(tmp_path / "cli.toml")) == tmp_path / "cli.toml"


def test_environment_beats_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NETNAT_STORE", str(tmp_path / "env.toml"))
    as_user(monkeypatch, 0)
    assert resolve_store_path(None) == tmp_path / "env.toml"


def test_root_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETNAT_STORE", raising=False)
    as_user(monkeypatch, 0)
    assert resolve_store_path(None) == Path("/var/lib/netnat/state.toml")


def test_empty_environment_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETNAT_STORE", "")
    as_user(monkeypatch, 0)
    assert resolve_store_path(None) == Path("/var/lib/netnat/state.toml")


def test_user_default_is_platformdirs_state_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NETNAT_STORE", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    as_user(monkeypatch, 1000)
    assert resolve_store_path(None) == tmp_path / "state" / "netnat" / "state.toml"


def test_platformdirs_only_imported_for_the_user_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delitem(sys.modules, "platformdirs", raising=False)
    resolve_store_path(str(tmp_path / "x.toml"))
    assert "platformdirs" not in sys.modules


def test_relative_and_home_paths_become_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_store_path("sub/s.toml") == tmp_path / "sub" / "s.toml"
    assert resolve_store_path("~/s.toml") == tmp_path / "home" / "s.toml"


def test_sidecar_files_sit_beside_the_store() -> None:
    store = Path("/var/lib/netnat/state.toml")
    assert lock_path(store) == Path("/var/lib/netnat/state.toml.lock")
    assert cache_path(store) == Path("/var/lib/netnat/state.toml.cache")
