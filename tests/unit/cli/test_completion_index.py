"""The completion index: built from the declarations, cached, rebuilt when sources change."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from netnat.cli import completion_index as ix
from netnat.cmdlets.registry import all_cmdlets


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_index_lists_every_cmdlet_and_alias() -> None:
    index = ix.build()
    for cmdlet in all_cmdlets():
        assert index["commands"][cmdlet.name.lower()] == (cmdlet.name, cmdlet.synopsis)
        for alias in cmdlet.aliases:
            assert index["aliases"][alias.lower()] == cmdlet.name
        names = [p.name for p in ix.params_of(index, cmdlet.name)]
        assert names == [p.name for p in cmdlet.all_params]


def test_parameter_rows() -> None:
    params = {p.name: p for p in ix.params_of(ix.build(), "new-vmswitch")}
    assert params["SwitchType"].values == ("Private", "Internal")  # ValidateSet narrows the enum
    assert params["Name"].aliases == ("SwitchName",)
    assert params["Name"].position == 0 and params["Name"].role == ""  # a new name
    assert params["WhatIf"].kind == ix.SWITCH and params["WhatIf"].common
    remove = {p.name: p for p in ix.params_of(ix.build(), "Remove-NetNat")}
    assert remove["Name"].role == "nat" and remove["Name"].kind == ix.ARRAY


def test_the_cache_is_written_and_read_back(cache_home: Path) -> None:
    first = ix.load()
    assert ix.cache_file().is_file()
    assert ix.cache_file().is_relative_to(cache_home)
    assert ix.load() == first


def test_a_stale_or_foreign_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    ix.load()
    path = ix.cache_file()
    path.write_bytes(b"not marshal data")
    assert ix.load()["commands"]["new-netnat"][0] == "New-NetNat"
    monkeypatch.setattr(ix, "source_key", lambda: ("changed",))
    built: list[bool] = []
    real_build = ix.build
    monkeypatch.setattr(ix, "build", lambda: built.append(True) or real_build())
    ix.load()
    assert built == [True]


def test_a_cache_others_can_write_is_ignored() -> None:
    ix.load()
    path = ix.cache_file()
    os.chmod(path, 0o666)
    assert ix._read(path, ix.source_key()) is None


def test_the_cache_dir_is_platformdirs_user_cache_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform != "linux":
        pytest.skip("the XDG rule is the Linux one")
    import platformdirs

    monkeypatch.delenv("XDG_CACHE_HOME")
    assert ix.cache_file().parent == Path(platformdirs.user_cache_dir("netnat"))


def test_source_key_changes_with_a_source_file(tmp_path: Path) -> None:
    key = ix.source_key()
    assert key == ix.source_key()
    assert any(str(entry[0]).endswith("netnat/cmdlets/netnat.py") for entry in key[3])
