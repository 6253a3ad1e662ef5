"""Fixtures: a real netnat process with a store of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "state.toml")
