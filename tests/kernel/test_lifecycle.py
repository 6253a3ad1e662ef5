"""Kernel objects follow the store: taps, removals, sync after hand edits, drift."""

from __future__ import annotations

import json

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab

from netnat.backends.linux.names import TABLE, bridge_name, tap_name
from netnat.model.enums import VMSwitchType
from netnat.record import replace

pytestmark = pytest.mark.kernel
HOST = labstate.HOST_EXTERNAL


def _links(lab: Lab) -> dict[str, dict[str, object]]:
    return {link["ifname"]: link for link in json.loads(lab.host.ip("-j", "-d", "link", "show"))}


def _elements(lab: Lab, name: str) -> list[object]:
    doc = json.loads(lab.host.exec("nft", "-j", "list", "map", "ip", TABLE, name))
    elements: list[object] = next(i["map"] for i in doc["nftables"] if "map" in i).get("elem", [])
    return elements


def _has_table(lab: Lab) -> bool:
    return f"table ip {TABLE}" in lab.host.exec("nft", "list", "tables")


def test_vm_adapter_is_a_tap_on_its_switchs_bridge(lab: Lab) -> None:
    state = labstate.switch(labstate.blog(), "Lab", kind=VMSwitchType.Private)
    state = labstate.vm_nic(state, "vm1", "Network Adapter", "VMNAT")
    lab.go(state)
    nic = next(v for v in lab.state.vm_adapters if not v.IsManagementOs)
    tap = _links(lab)[tap_name(nic.Id)]
    assert tap["master"] == lab.bridge("VMNAT")
    assert tap["linkinfo"]["info_kind"] == "tun"  # type: ignore[index]
    assert "tap" in lab.host.ip("-d", "link", "show", tap_name(nic.Id))
    assert tap["ifalias"] == "VM vm1 (Network Adapter)"
    # a private switch is a bridge without a host address
    private = _links(lab)[lab.bridge("Lab")]
    assert private["ifalias"] == "vSwitch (Lab)"
    addresses = json.loads(lab.host.ip("-j", "-4", "addr", "show", lab.bridge("Lab")))
    assert all(not a.get("addr_info") for a in addresses)
    # connecting the adapter to the other switch moves the tap; removing the adapter deletes it
    lab_id = labstate.by_name(lab.state, "Lab").Id
    moved = tuple(
        replace(v, SwitchId=lab_id) if v.Id == nic.Id else v for v in lab.state.vm_adapters
    )
    lab.go(lab.state.with_(vm_adapters=moved))
    assert _links(lab)[tap_name(nic.Id)]["master"] == lab.bridge("Lab")
    lab.go(lab.state.with_(vm_adapters=tuple(v for v in lab.state.vm_adapters if v.Id != nic.Id)))
    assert tap_name(nic.Id) not in _links(lab)


def _open_like_qemu(tap: str) -> str:
    """What QEMU's `-netdev tap,ifname=<tap>,script=no` does: TUNSETIFF on /dev/net/tun."""
    import fcntl
    import os
    import struct
    import subprocess

    tunsetiff, iff_tap, iff_no_pi = 0x400454CA, 0x0002, 0x1000
    fd = os.open("/dev/net/tun", os.O_RDWR)
    try:
        fcntl.ioctl(fd, tunsetiff, struct.pack("16sH", tap.encode(), iff_tap | iff_no_pi))
        return subprocess.run(
            ["ip", "link", "show", tap], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    finally:
        os.close(fd)


def test_a_vm_can_open_its_tap(lab: Lab) -> None:
    lab.go(labstate.vm_nic(labstate.blog(), "vm1", "nic", "VMNAT"))
    tap = tap_name(next(v.Id for v in lab.state.vm_adapters if not v.IsManagementOs))
    shown = lab.host.call(_open_like_qemu, tap)
    assert "LOWER_UP" in shown and f"master {lab.bridge()}" in shown
    assert "LOWER_UP" not in lab.host.ip("link", "show", tap)  # closed again: no carrier


def test_removing_a_mapping_removes_one_element_and_traffic_stops(nat_lab: Lab) -> None:
    state = labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80)
    state = labstate.mapping(state, "VMNAT", "0.0.0.0", 8081, "192.168.0.2", 80)
    nat_lab.go(state)
    assert len(_elements(nat_lab, "static_any")) == 2
    plan = nat_lab.go(labstate.without_mapping(nat_lab.state, 8080))
    assert "delete element ip netnat static_any { tcp . 8080 }" in plan
    assert len(_elements(nat_lab, "static_any")) == 1
    assert nat_lab.peer.connect(HOST, 8080).startswith("error")
    assert nat_lab.peer.connect(HOST, 8081) == f"ep1 {PEER}"


def test_removing_the_nat_removes_its_table_only(nat_lab: Lab) -> None:
    nat_lab.go(labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80))
    before = _links(nat_lab)
    nat_lab.go(labstate.without_nat(nat_lab.state, "VMNAT"))
    assert not _has_table(nat_lab)
    assert set(_links(nat_lab)) == set(before)  # switch and vNIC address stay (WinNAT rule)
    assert nat_lab.peer.connect(HOST, 8080).startswith("error")
    assert nat_lab.endpoints[0].connect(PEER, 9000).startswith("error")  # no SNAT any more


def test_removing_the_switch_removes_its_bridge_and_taps(nat_lab: Lab) -> None:
    state = labstate.vm_nic(nat_lab.state, "vm1", "nic", "VMNAT")
    nat_lab.go(state)
    bridge = nat_lab.bridge()
    nic = next(v for v in nat_lab.state.vm_adapters if not v.IsManagementOs)
    nat_lab.go(labstate.without_switch(nat_lab.state, "VMNAT"))
    links = _links(nat_lab)
    assert bridge not in links
    assert tap_name(nic.Id) in links and "master" not in links[tap_name(nic.Id)]
    assert "tvep0" in links and "ext0" in links  # what netnat did not create stays
    assert nat_lab.endpoints[0].connect(PEER, 9000).startswith("error")


def test_sync_recreates_a_bridge_deleted_by_hand(nat_lab: Lab) -> None:
    nat_lab.go(labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80))
    bridge = nat_lab.bridge()
    nat_lab.host.ip("link", "del", bridge)
    nat_lab.host.exec("nft", "delete", "element", "ip", TABLE, "static_any", "{ tcp . 8080 }")
    drift = nat_lab.drift()
    assert any(bridge in line and "missing" in line for line in drift), drift
    assert any("8080" in line for line in drift), drift
    nat_lab.sync()
    assert nat_lab.drift() == []
    assert _links(nat_lab)[bridge]["ifalias"] == "vEthernet (VMNAT)"
    nat_lab.host.ip("link", "set", "tvep0", "master", bridge)  # the endpoint re-plugs its cable
    assert nat_lab.peer.connect(HOST, 8080) == f"ep1 {PEER}"


def test_sync_removes_netnat_objects_the_store_no_longer_has(nat_lab: Lab) -> None:
    stray = bridge_name("00000000-0000-4000-8000-000000000000")
    nat_lab.host.ip("link", "add", stray, "type", "bridge")
    nat_lab.host.ip("addr", "add", "192.168.0.254/24", "dev", nat_lab.bridge())
    nat_lab.host.exec(
        "nft", "add", "element", "ip", TABLE, "static_any", "{ tcp . 9999 : 192.168.0.9 . 99 }"
    )
    drift = set(nat_lab.drift())
    assert f"bridge {stray} is not in the store" in drift
    assert f"address 192.168.0.254/24 on {nat_lab.bridge()} is not in the store" in drift
    assert "static mapping tcp 0.0.0.0:9999 is not in the store" in drift
    nat_lab.sync()
    assert stray not in _links(nat_lab)
    assert "192.168.0.254" not in nat_lab.host.ip("addr", "show", nat_lab.bridge())
    assert _elements(nat_lab, "static_any") == []
    assert nat_lab.drift() == []


def test_sync_turns_forwarding_and_the_bridge_back_on(nat_lab: Lab) -> None:
    nat_lab.host.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=0")
    nat_lab.host.ip("link", "set", nat_lab.bridge(), "down")
    drift = nat_lab.drift()
    assert "net.ipv4.ip_forward is off" in drift
    assert f"link {nat_lab.bridge()} is down" in drift
    nat_lab.sync()
    assert nat_lab.drift() == []
    assert nat_lab.host.exec("sysctl", "-n", "net.ipv4.ip_forward").strip() == "1"
    assert nat_lab.endpoints[0].connect(PEER, 9000) == f"peer {HOST}"
