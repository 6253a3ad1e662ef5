"""Container endpoints on the linux backend: a veth pair from the network's bridge into the
namespace nnc-<container>, its address from the pool, traffic out through the NAT."""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab
from kernel.faults import each_call_fails
from kernel.netlab import Netns, run
from support.runner import Runner

from netnat.backends.linux.names import veth_name
from netnat.model.state import State

pytestmark = pytest.mark.kernel
HOST = labstate.HOST_EXTERNAL


def _container_host(*containers: str) -> State:
    """The blog's container network (192.168.1.0/24) and the containers on it, built by the
    cmdlets themselves."""
    cmd = Runner()
    cmd("New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 192.168.1.0/24")
    for name in containers:
        cmd(f"Add-ContainerNetworkEndpoint -ContainerName {name} -NetworkName nat")
    assert not cmd.errors, cmd.errors
    return cmd.state


@contextlib.contextmanager
def _containers(count: int) -> Iterator[list[Netns]]:
    """Handles on the namespaces netnat will create (random names), deleted by name after."""
    made = []
    for _ in range(count):
        ns = Netns("unused")
        ns.name = f"nnc-t{secrets.token_hex(4)}"
        made.append(ns)
    try:
        yield made
    finally:
        for ns in made:
            run(["ip", "netns", "del", ns.name], check=False)


def _eth0(ns: Netns) -> list[str]:
    info = json.loads(ns.ip("-j", "-4", "addr", "show", "dev", "eth0"))
    return [f"{a['local']}/{a['prefixlen']}" for a in info[0]["addr_info"]]


def test_endpoint_gets_its_pool_address_and_reaches_the_peer_through_the_nat(lab: Lab) -> None:
    lab.peer.serve(9000, "peer")
    with _containers(2) as (web, db):
        lab.go(_container_host(web.name[4:], db.name[4:]))
        assert _eth0(web) == ["192.168.1.2/24"]  # gateway .1 first, then the pool in order
        assert _eth0(db) == ["192.168.1.3/24"]
        assert "default via 192.168.1.1" in web.ip("route", "show")
        # SNAT: the peer sees the host's external address
        assert web.connect(PEER, 9000) == f"peer {HOST}"
        # the host end is a generated name on the network's bridge
        ep = lab.state.endpoints[0]
        link = json.loads(lab.host.ip("-j", "link", "show", veth_name(ep.Id)))[0]
        net = lab.state.container_networks[0]
        assert link["master"] == lab.bridge(net.Name)
        assert lab.drift() == []


def test_detaching_deletes_the_veth_and_the_namespace(lab: Lab) -> None:
    with _containers(1) as (web,):
        lab.go(_container_host(web.name[4:]))
        ep = lab.state.endpoints[0]
        lab.go(lab.state.with_(endpoints=()))
        assert veth_name(ep.Id) not in lab.host.ip("link", "show")
        assert web.name not in run(["ip", "netns", "list"])


def test_sync_rebuilds_a_deleted_endpoint(lab: Lab) -> None:
    lab.peer.serve(9000, "peer")
    with _containers(1) as (web,):
        lab.go(_container_host(web.name[4:]))
        ep = lab.state.endpoints[0]
        lab.host.ip("link", "del", veth_name(ep.Id))
        assert any("container endpoint" in line for line in lab.drift())
        lab.sync()
        assert lab.drift() == []
        assert _eth0(web) == ["192.168.1.2/24"]
        assert web.connect(PEER, 9000) == f"peer {HOST}"


def test_plan_text_for_an_endpoint_needs_no_root() -> None:
    """The plan is pure: generated names only, the namespace named after the container."""
    from netnat.backends.linux import LinuxBackend

    before = _container_host()
    cmd = Runner(before)
    cmd("Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat")
    ep = cmd.state.endpoints[0]
    text = LinuxBackend().plan(before, cmd.state).render()
    assert text.splitlines()[1:4] == [
        "ip netns add nnc-web  # unless it exists",
        f"ip link add {veth_name(ep.Id)} type veth peer name eth0 netns nnc-web",
        f"ip link set dev {veth_name(ep.Id)} master {lab_bridge(cmd.state)} up",
    ]
    assert "ip -n nnc-web addr add 192.168.1.2/24 dev eth0" in text
    assert "ip -n nnc-web route add default via 192.168.1.1" in text
    gone = LinuxBackend().plan(cmd.state, before).render()
    assert gone.splitlines()[1:] == [
        f"ip link del dev {veth_name(ep.Id)}",
        "ip netns del nnc-web  # once only lo is left",
    ]


def lab_bridge(state: State) -> str:
    from netnat.backends.linux.names import bridge_name

    return bridge_name(state.switches[0].Id)


@pytest.mark.parametrize("after", [False, True], ids=["fails", "fails-after-taking-effect"])
def test_each_call_plugging_or_unplugging_endpoints_fails_in_turn(lab: Lab, after: bool) -> None:
    """Whichever kernel change fails, the veth pairs and the namespaces netnat made go again
    (or come back as they were, MAC addresses included)."""
    with _containers(2) as (web, db):

        def present() -> list[bool]:
            listed = run(["ip", "netns", "list"]).split()
            return [web.name in listed, db.name in listed]

        assert each_call_fails(lab, _container_host(web.name[4:], db.name[4:]), after, present)
        assert present() == [True, True] and lab.drift() == []
        assert each_call_fails(lab, State.initial(), after, present)
        assert present() == [False, False]
