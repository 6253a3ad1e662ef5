"""Fixtures of the reliability tests: a fresh store, a lab of `nnr-` namespaces; every test here
is marked `reliability` (CI runs them: `python -m pytest` collects tests/); the kernel ones are
also marked `kernel` and skip without root, except with CI=true, where they fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab
from kernel.netlab import kernel_prerequisites
from reliability import figures
from reliability.support import namespaces

HERE = Path(__file__).parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "reliability: parallel writers, crashes, faults, hostile input, privilege"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.reliability)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if figures.FIGURES:
        terminalreporter.section("reliability figures")
        for line in figures.lines():
            terminalreporter.write_line(line)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """`<tmp>/store/state.toml` in a directory only its owner can write (not created yet)."""
    directory = tmp_path / "store"
    directory.mkdir(mode=0o755)
    directory.chmod(0o755)
    return directory / "state.toml"


@pytest.fixture
def rlab() -> Iterator[Lab]:
    """The kernel tests' lab (host with `ext0` alias Ethernet, a peer, two endpoints), in
    namespaces named nnr-<role>-<random>."""
    kernel_prerequisites()
    with namespaces("host", "peer", "ep1", "ep2") as (host, peer, ep1, ep2):
        host.ip("link", "add", "ext0", "type", "veth", "peer", "name", "ext1", "netns", peer.name)
        host.ip("addr", "add", f"{labstate.HOST_EXTERNAL}/24", "dev", "ext0")
        host.ip("link", "set", "ext0", "alias", "Ethernet", "up")
        peer.ip("addr", "add", f"{PEER}/24", "dev", "ext1")
        peer.ip("link", "set", "ext1", "up")
        yield Lab(host, peer, [ep1, ep2])
