"""An External switch: the bridge enslaves the host's adapter, whose IP configuration moves
onto the bridge (as Hyper-V moves it to the vNIC) and moves back when the switch goes."""

from __future__ import annotations

import json

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab, snapshot
from kernel.faults import each_call_fails

pytestmark = pytest.mark.kernel
HOST = labstate.HOST_EXTERNAL


def _addresses(lab: Lab, dev: str) -> list[str]:
    doc = json.loads(lab.host.ip("-j", "-4", "addr", "show", "dev", dev))
    return [f"{a['local']}/{a['prefixlen']}" for entry in doc for a in entry["addr_info"]]


def test_external_switch_binds_the_adapter_and_gives_it_back(lab: Lab) -> None:
    lab.host.ip("route", "add", "default", "via", PEER, "dev", "ext0")
    lab.peer.serve(9000, "peer")
    # the model's adapter `Ethernet` is the kernel's ext0, found by its ifalias
    lab.go(labstate.external_switch(lab.state, "ExtSw", "Ethernet"))
    bridge = lab.bridge("ExtSw")
    ext0 = json.loads(lab.host.ip("-j", "link", "show", "ext0"))[0]
    assert ext0["master"] == bridge
    assert _addresses(lab, bridge) == [f"{HOST}/24"]
    assert _addresses(lab, "ext0") == []
    assert f"default via {PEER} dev {bridge}" in lab.host.ip("route", "show", "default")
    assert lab.drift() == []
    assert lab.host.connect(PEER, 9000) == f"peer {HOST}"
    # an endpoint on the external switch is on the outside network itself (bridged, no NAT)
    ep = lab.endpoints[0]
    lab.host.ip("link", "add", "tvep0", "type", "veth", "peer", "name", "eth0", "netns", ep.name)
    lab.host.ip("link", "set", "tvep0", "master", bridge, "up")
    ep.ip("addr", "add", "10.10.50.40/24", "dev", "eth0")
    ep.ip("link", "set", "eth0", "up")
    assert ep.connect(PEER, 9000) == "peer 10.10.50.40"

    lab.go(labstate.without_switch(lab.state, "ExtSw"))
    ext0 = json.loads(lab.host.ip("-j", "link", "show", "ext0"))[0]
    assert "master" not in ext0
    assert _addresses(lab, "ext0") == [f"{HOST}/24"]
    assert f"default via {PEER} dev ext0" in lab.host.ip("route", "show", "default")
    assert bridge not in lab.host.ip("link", "show")
    assert lab.host.connect(PEER, 9000) == f"peer {HOST}"


def test_external_switch_on_a_missing_adapter_fails_cleanly(lab: Lab) -> None:
    from netnat.errors import BackendError

    lab.host.ip("link", "set", "ext0", "alias", "Something else")
    before = lab.host.ip("link", "show")
    with pytest.raises(BackendError) as caught:
        lab.go(labstate.external_switch(lab.state, "ExtSw", "Ethernet"))
    assert "no network interface named 'Ethernet'" in caught.value.record.message
    assert lab.host.ip("link", "show") == before


def test_failure_while_moving_the_adapter_puts_everything_back(
    lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netnat.backends.linux.kernel import Kernel, KernelFailure
    from netnat.errors import BackendError

    lab.host.ip("route", "add", "default", "via", PEER, "dev", "ext0")
    before = snapshot(lab)
    original = Kernel.add_route

    def failing(self: Kernel, name: str, *args: object) -> bool:
        if name.startswith("nnbr"):
            raise KernelFailure("injected failure while moving routes")
        return original(self, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Kernel, "add_route", failing)
    with pytest.raises(BackendError, match="injected failure"):
        lab.go(labstate.external_switch(lab.state, "ExtSw", "Ethernet"))
    assert snapshot(lab) == before


@pytest.mark.parametrize("after", [False, True], ids=["fails", "fails-after-taking-effect"])
def test_each_call_moving_an_adapter_fails_in_turn_and_the_host_keeps_its_addresses(
    lab: Lab, after: bool
) -> None:
    """ext0 with a secondary address, a second subnet, a default route and a static route
    through a gateway of that subnet: whichever call of the move fails, all comes back (the
    primary stays primary, the routes have their gateways); the bridge takes ext0's MAC."""
    lab.host.ip("addr", "add", "10.10.50.21/24", "dev", "ext0")  # secondary
    lab.host.ip("addr", "add", "172.30.0.1/16", "dev", "ext0")
    lab.host.ip("route", "add", "default", "via", PEER, "dev", "ext0")
    lab.host.ip("route", "add", "10.99.0.0/16", "via", "172.30.0.9", "proto", "static")
    alone = snapshot(lab)
    attach = each_call_fails(lab, labstate.external_switch(lab.state, "ExtSw", "Ethernet"), after)
    bridge = lab.bridge("ExtSw")
    ext0 = json.loads(lab.host.ip("-j", "link", "show", "ext0"))[0]
    assert json.loads(lab.host.ip("-j", "link", "show", bridge))[0]["address"] == ext0["address"]
    assert sorted(_addresses(lab, bridge)) == ["10.10.50.20/24", "10.10.50.21/24", "172.30.0.1/16"]
    routes = lab.host.ip("route", "show")
    assert f"10.10.50.0/24 dev {bridge} proto kernel scope link src {HOST}" in routes
    assert f"default via {PEER} dev {bridge}" in routes
    assert f"10.99.0.0/16 via 172.30.0.9 dev {bridge}" in routes
    release = each_call_fails(lab, labstate.without_switch(lab.state, "ExtSw"), after)
    assert snapshot(lab) == alone
    assert attach > 5 and release > 3
