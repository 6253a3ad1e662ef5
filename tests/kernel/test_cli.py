"""End to end: the netnat CLI with --backend linux, run inside the host namespace, builds the
blog's NAT; real packets prove it; the Remove-* cmdlets take exactly their objects away."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab
from kernel.netlab import kernel_prerequisites

from netnat.backends.linux.names import TABLE

pytestmark = pytest.mark.kernel
HOST = labstate.HOST_EXTERNAL
RUNBOOK = """\
New-VMSwitch -SwitchName VMNAT -SwitchType Internal
New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)"
New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24
Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 `
    -ExternalPort 8080 -InternalIPAddress 192.168.0.2 -InternalPort 80
"""


class Cli:
    def __init__(self, lab: Lab, store: Path) -> None:
        self.lab = lab
        self.store = store

    def __call__(self, *args: str) -> str:
        argv = [sys.executable, "-m", "netnat", "--store", str(self.store), "--backend", "linux"]
        return self.lab.host.exec(*argv, *args, timeout=60)


@pytest.fixture
def cli(lab: Lab, tmp_path: Path) -> Iterator[Cli]:
    store_dir = tmp_path / "store"
    store_dir.mkdir(mode=0o700)
    yield Cli(lab, store_dir / "state.toml")


def _bridge(lab: Lab) -> str:
    for link in json.loads(lab.host.ip("-j", "-d", "link", "show")):
        if link.get("ifalias") == "vEthernet (VMNAT)" and link["ifname"].startswith("nnbr"):
            return str(link["ifname"])
    raise AssertionError("no netnat bridge for VMNAT")


def _plug(lab: Lab) -> None:
    """Endpoints 192.168.0.2 (server on :80) and .3 on the bridge the CLI made."""
    bridge = _bridge(lab)
    for index, address in ((0, "192.168.0.2"), (1, "192.168.0.3")):
        ep = lab.endpoints[index]
        port = f"tvep{index}"
        lab.host.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ep.name)
        lab.host.ip("link", "set", port, "master", bridge, "up")
        ep.ip("addr", "add", f"{address}/24", "dev", "eth0")
        ep.ip("link", "set", "eth0", "up")
        ep.ip("route", "add", "default", "via", labstate.GATEWAY)
    lab.endpoints[0].serve(80, "ep1")
    lab.peer.serve(9000, "peer")


def _check_nat(lab: Lab) -> None:
    assert lab.endpoints[0].connect(PEER, 9000) == f"peer {HOST}"  # SNAT
    assert lab.peer.connect(HOST, 8080) == f"ep1 {PEER}"  # static mapping
    assert lab.endpoints[1].connect(HOST, 8080) == f"ep1 {labstate.GATEWAY}"  # hairpin
    assert lab.host.connect(HOST, 8080).startswith("error")  # strict: not from the host


def test_blog_cmdlets_one_call_each(lab: Lab, cli: Cli) -> None:
    kernel_prerequisites("conntrack")  # Get-NetNatSession reads conntrack
    cli("New-VMSwitch", "-SwitchName", "VMNAT", "-SwitchType", "Internal")
    cli(
        "New-NetIPAddress",
        "-IPAddress",
        "192.168.0.1",
        "-PrefixLength",
        "24",
        "-InterfaceAlias",
        "vEthernet (VMNAT)",
    )
    cli("New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24")
    cli(
        "Add-NetNatStaticMapping",
        "-NatName",
        "VMNAT",
        "-Protocol",
        "TCP",
        "-ExternalIPAddress",
        "0.0.0.0",
        "-ExternalPort",
        "8080",
        "-InternalIPAddress",
        "192.168.0.2",
        "-InternalPort",
        "80",
    )
    _plug(lab)
    _check_nat(lab)

    lab.peer.hold(HOST, 8080, seconds=30)
    sessions = json.loads(cli("-o", "json", "Get-NetNatSession"))
    rows = sessions if isinstance(sessions, list) else [sessions]
    inbound = [r for r in rows if r["ExternalSourcePort"] == 8080]
    assert inbound and inbound[0]["InternalSourceAddress"] == "192.168.0.2", rows
    assert inbound[0]["ExternalDestinationAddress"] == PEER

    cli("Remove-NetNatStaticMapping", "-NatName", "VMNAT", "-Confirm:false")
    assert lab.peer.connect(HOST, 8080).startswith("error")
    assert lab.endpoints[0].connect(PEER, 9000) == f"peer {HOST}"
    cli("Remove-NetNat", "-Name", "VMNAT", "-Confirm:false")
    assert f"table ip {TABLE}" not in lab.host.exec("nft", "list", "tables")
    assert lab.endpoints[0].connect(PEER, 9000).startswith("error")
    bridge = _bridge(lab)
    cli("Remove-VMSwitch", "-Name", "VMNAT", "-Force")
    assert bridge not in lab.host.ip("link", "show")


def test_blog_runbook_as_one_run(lab: Lab, cli: Cli, tmp_path: Path) -> None:
    script = tmp_path / "store" / "vmnat.ps1"
    script.write_text(RUNBOOK, encoding="utf-8")
    cli("run", str(script))
    _plug(lab)
    _check_nat(lab)
    plan = cli(
        "plan",
        "Add-NetNatStaticMapping",
        "-NatName",
        "VMNAT",
        "-Protocol",
        "TCP",
        "-ExternalIPAddress",
        "0.0.0.0",
        "-ExternalPort",
        "8081",
        "-InternalIPAddress",
        "192.168.0.3",
        "-InternalPort",
        "80",
    )
    assert "add element ip netnat static_any { tcp . 8081 : 192.168.0.3 . 80 }" in plan
    assert lab.peer.connect(HOST, 8081).startswith("error")  # plan changed nothing
