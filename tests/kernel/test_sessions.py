"""Get-NetNatSession on linux: open connections show their translated addresses and ports."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab
from kernel.netlab import kernel_prerequisites

from netnat.backends.linux import LinuxBackend
from netnat.model.enums import Protocol
from netnat.model.objects import NetNat

pytestmark = pytest.mark.kernel
HOST = labstate.HOST_EXTERNAL


@pytest.fixture(autouse=True)
def _conntrack() -> None:
    kernel_prerequisites("conntrack")


def _sessions(nat: NetNat) -> list[dict[str, object]]:
    return [dict(s.props) for s in LinuxBackend().sessions(nat)]  # type: ignore[attr-defined]


def test_outbound_session_shows_internal_and_translated_tuples(nat_lab: Lab) -> None:
    ep1 = nat_lab.endpoints[0]
    ep1.hold(PEER, 9000, seconds=20)
    rows = nat_lab.host.call(_sessions, nat_lab.state.nats[0])
    out = [r for r in rows if r["ExternalDestinationPort"] == 9000]
    assert len(out) == 1, rows
    row = out[0]
    assert row["NatName"] == "VMNAT"
    assert row["Protocol"] is Protocol.TCP
    assert row["InternalSourceAddress"] == "192.168.0.2"
    assert row["InternalDestinationAddress"] == PEER
    assert row["InternalDestinationPort"] == 9000
    assert row["ExternalSourceAddress"] == HOST
    assert isinstance(row["ExternalSourcePort"], int) and row["ExternalSourcePort"] > 0
    assert row["ExternalDestinationAddress"] == PEER
    assert row["InternalRoutingDomainId"] == "{00000000-0000-0000-0000-000000000000}"
    created = row["CreationTime"]
    assert isinstance(created, datetime)
    assert abs(datetime.now() - created) < timedelta(seconds=30)


def test_inbound_session_through_a_static_mapping(nat_lab: Lab) -> None:
    nat_lab.go(labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80))
    nat_lab.peer.hold(HOST, 8080, seconds=20)
    rows = nat_lab.host.call(_sessions, nat_lab.state.nats[0])
    inbound = [r for r in rows if r["ExternalSourcePort"] == 8080]
    assert len(inbound) == 1, rows
    row = inbound[0]
    assert (row["InternalSourceAddress"], row["InternalSourcePort"]) == ("192.168.0.2", 80)
    assert row["ExternalSourceAddress"] == HOST
    assert row["ExternalDestinationAddress"] == PEER
    assert row["InternalDestinationAddress"] == PEER


def test_no_sessions_for_another_prefix(nat_lab: Lab) -> None:
    nat_lab.endpoints[0].hold(PEER, 9000, seconds=20)
    other = NetNat(Name="Other", InternalIPInterfaceAddressPrefix="172.16.0.0/24")
    assert nat_lab.host.call(_sessions, other) == []
