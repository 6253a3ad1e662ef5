"""Real TCP through the linux backend's NAT: SNAT, static mappings, hairpin, host access."""

from __future__ import annotations

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab

from netnat.model.state import Mode

pytestmark = pytest.mark.kernel
HOST = labstate.HOST_EXTERNAL


def test_snat_peer_sees_the_hosts_external_address(nat_lab: Lab) -> None:
    ep1 = nat_lab.endpoints[0]
    assert ep1.connect(PEER, 9000) == f"peer {HOST}"


def test_static_mapping_reaches_the_endpoint(nat_lab: Lab) -> None:
    nat_lab.go(labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80))
    # the endpoint sees the peer's own address: inbound traffic is not masqueraded
    assert nat_lab.peer.connect(HOST, 8080) == f"ep1 {PEER}"
    assert nat_lab.peer.connect(HOST, 8081).startswith("error")


def test_mapping_to_one_external_address(nat_lab: Lab) -> None:
    nat_lab.host.ip("addr", "add", "10.10.50.21/24", "dev", "ext0")
    nat_lab.go(labstate.mapping(nat_lab.state, "VMNAT", HOST, 8080, "192.168.0.2", 80))
    assert nat_lab.peer.connect(HOST, 8080) == f"ep1 {PEER}"
    assert nat_lab.peer.connect("10.10.50.21", 8080).startswith("error")


def test_hairpin_from_another_endpoint(nat_lab: Lab) -> None:
    nat_lab.go(labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80))
    ep2 = nat_lab.endpoints[1]
    # ep1 answers ep2 through the host: ep1 saw the gateway (masqueraded), and the reply came back
    assert ep2.connect(HOST, 8080) == f"ep1 {labstate.GATEWAY}"


def test_strict_mode_host_cannot_reach_its_mapped_port(nat_lab: Lab) -> None:
    nat_lab.go(labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80))
    assert nat_lab.peer.connect(HOST, 8080) == f"ep1 {PEER}"
    assert nat_lab.host.connect(HOST, 8080).startswith("error")


def test_relaxed_mode_host_reaches_its_mapped_port(nat_lab: Lab) -> None:
    state = labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80)
    nat_lab.go(labstate.relaxed(state))
    assert nat_lab.host.connect(HOST, 8080) == f"ep1 {HOST}"
    nat_lab.go(nat_lab.state.with_(settings=nat_lab.state.settings.__class__(mode=Mode.STRICT)))
    assert nat_lab.host.connect(HOST, 8080).startswith("error")


def test_udp_mapping_element_does_not_open_tcp(nat_lab: Lab) -> None:
    from netnat.model.enums import Protocol

    state = labstate.mapping(
        nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80, protocol=Protocol.UDP
    )
    nat_lab.go(state)
    assert nat_lab.peer.connect(HOST, 8080).startswith("error")
