"""`netnat topology`: the tree of the store's network, its colours and width, and DOT."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.interactive import lab_state, write_lab

from netnat.cli.main import Options
from netnat.cli.topology import build, show
from netnat.cli.topology_render import dot_text, tree_text

LAB_TREE = """\
NETNAT-HOST
├── Ethernet  10.10.50.20/24
├── VMNAT  Internal switch
│   ├── vEthernet (VMNAT)  192.168.0.1/24
│   │   └── NAT VMNAT  192.168.0.0/24
│   │       └── TCP 0.0.0.0:8080 -> 192.168.0.10:80  mapping 0
│   └── VM web1: Network Adapter  MAC {mac}
├── My Switch  Internal switch
│   └── vEthernet (My Switch)  no address
└── NAT Lab NAT  10.99.0.0/24, no switch vNIC in its prefix
"""


def lab_tree() -> str:
    state = lab_state()
    mac = next(v.MacAddress for v in state.vm_adapters if not v.IsManagementOs)
    return LAB_TREE.format(mac=mac)


def test_the_tree_of_the_lab() -> None:
    assert tree_text(build(lab_state()), 120, color=False) == lab_tree()


def test_ascii_lines_without_utf8() -> None:
    text = tree_text(build(lab_state()), 120, color=False, unicode=False)
    assert "|-- Ethernet" in text and "`-- NAT Lab NAT" in text and "├" not in text


def test_lines_are_cut_to_the_width() -> None:
    text = tree_text(build(lab_state()), 30, color=False)
    assert max(len(line) for line in text.splitlines()) <= 30
    assert "…" in text


def test_colour_only_on_a_terminal_and_never_with_no_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = write_lab(tmp_path / "state.toml")
    opts = Options(store=str(store))
    piped = io.StringIO()
    assert show(opts, "tree", piped) == 0
    assert "\x1b[" not in piped.getvalue() and "NAT VMNAT" in piped.getvalue()
    master, slave = os.openpty()
    try:
        with open(slave, "w", encoding="utf-8", closefd=False) as tty:
            monkeypatch.delenv("NO_COLOR", raising=False)
            show(opts, "tree", tty)
            coloured = os.read(master, 65536).decode()
            monkeypatch.setenv("NO_COLOR", "1")
            show(opts, "tree", tty)
            plain = os.read(master, 65536).decode()
    finally:
        os.close(master)
        os.close(slave)
    assert "\x1b[1;33mNAT VMNAT" in coloured
    assert "\x1b[" not in plain and "NAT VMNAT" in plain


def test_dot_output() -> None:
    text = dot_text(build(lab_state()))
    assert text.startswith("digraph netnat {\n") and text.endswith("}\n")
    assert 'label="vEthernet (My Switch)\\nno address", shape=box' in text
    assert 'label="NAT VMNAT\\n192.168.0.0/24", shape=hexagon' in text
    nodes = text.count("[label=")
    edges = len(re.findall(r"^    n\d+ -> n\d+;$", text, re.MULTILINE))
    assert edges == nodes - 1  # a tree
    if shutil.which("dot"):
        done = subprocess.run(
            ["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr


def test_dot_escapes_quotes() -> None:
    from netnat.cli.topology import Node

    assert 'label="a \\"b\\" \\\\c"' in dot_text(Node("host", 'a "b" \\c'))


def test_the_command(tmp_path: Path) -> None:
    store = write_lab(tmp_path / "state.toml")
    env = {**os.environ, "NETNAT_STORE": str(store), "NO_COLOR": "1"}
    for fmt, expected in (("tree", lab_tree()), ("dot", dot_text(build(lab_state())))):
        done = subprocess.run(
            [sys.executable, "-m", "netnat", "topology", "--format", fmt],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


def test_container_networks_and_endpoints() -> None:
    containers = pytest.importorskip("netnat.model.containers")
    from netnat.model.state import State
    from netnat.record import fields

    if "container_networks" not in {f.name for f in fields(State)}:
        pytest.skip("the model has no container networks yet (issue #4)")
    state = lab_state()
    switch = next(s for s in state.switches if s.Name == "VMNAT")
    network = containers.ContainerNetwork(
        Id=switch.Id,
        Name="nat",
        Mode=containers.NetworkMode.NAT,
        SubnetPrefix="192.168.0.0/24",
        SwitchId=switch.Id,
        NatName="VMNAT",
    )
    endpoint = containers.ContainerEndpoint(
        Id="e1",
        ContainerName="web",
        NetworkId=switch.Id,
        IPAddress="192.168.0.20",
        PrefixLength=24,
        MacAddress="00-15-5D-00-00-09",
    )
    state = state.with_(container_networks=(network,), endpoints=(endpoint,))
    text = tree_text(build(state), 120, color=False)
    assert "│   └── network nat  NAT network, 192.168.0.0/24, NAT VMNAT\n" in text
    assert "│       └── container web  192.168.0.20/24\n" in text
