"""Fixtures for the kernel tests: a lab of namespaces (host, outside peer, endpoints).

The backend runs inside the `host` namespace; `peer` sits on the host's external side
(10.10.50.0/24); endpoints sit behind a netnat bridge with addresses from 192.168.0.0/24.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from kernel import labstate
from kernel.netlab import Netns, kernel_prerequisites, namespaces

from netnat.backends.base import Plan
from netnat.backends.linux import LinuxBackend
from netnat.backends.linux.names import bridge_name
from netnat.model.state import State

PEER = "10.10.50.30"
VOLATILE = ("timer",)  # bridge timers tick; everything else must come back the same


def snapshot(lab: Lab) -> dict[str, object]:
    """What the host namespace holds: links, addresses, routes, nft ruleset, forwarding."""
    links = {}
    for link in json.loads(lab.host.ip("-j", "-d", "link", "show")):
        info = link.get("linkinfo", {})
        data = {
            k: v
            for k, v in info.get("info_data", {}).items()
            if not any(word in k for word in VOLATILE)
        }
        links[link["ifname"]] = (
            info.get("info_kind"),
            link.get("master"),
            link.get("ifalias"),
            "UP" in link["flags"],
            link.get("address"),
            data,
        )
    addresses = {
        a["ifname"]: sorted(
            f"{i['local']}/{i['prefixlen']}" for i in a["addr_info"] if i.get("scope") != "link"
        )
        for a in json.loads(lab.host.ip("-j", "addr", "show"))
    }
    return {
        "links": links,
        "addresses": addresses,
        "routes": lab.host.ip("route", "show"),
        "nft": lab.host.exec("nft", "list", "ruleset"),  # the test's own namespace
        "forward": lab.host.exec("sysctl", "-n", "net.ipv4.ip_forward"),
    }


def _plan_and_apply(old: State, new: State) -> str:
    backend = LinuxBackend()
    plan = backend.plan(old, new)
    backend.apply(plan)
    return plan.render()


def _sync(state: State) -> Plan:
    return LinuxBackend().sync(state)


def _drift(state: State) -> list[str]:
    return LinuxBackend().drift(state)


@dataclass
class Lab:
    host: Netns
    peer: Netns
    endpoints: list[Netns]
    state: State = field(default_factory=State.initial)

    def go(self, new: State) -> str:
        """plan + apply from the current state to `new`, inside the host namespace."""
        text = self.host.call(_plan_and_apply, self.state, new)
        self.state = new
        return text

    def sync(self) -> Plan:
        return self.host.call(_sync, self.state)

    def drift(self) -> list[str]:
        return self.host.call(_drift, self.state)

    def bridge(self, switch: str = "VMNAT") -> str:
        return bridge_name(labstate.by_name(self.state, switch).Id)

    def attach(self, index: int, address: str, switch: str = "VMNAT") -> Netns:
        """Plug endpoint `index` into the switch's bridge with a veth pair."""
        ep = self.endpoints[index]
        port = f"tvep{index}"
        self.host.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ep.name)
        self.host.ip("link", "set", port, "master", self.bridge(switch), "up")
        ep.ip("addr", "add", f"{address}/24", "dev", "eth0")
        ep.ip("link", "set", "eth0", "up")
        ep.ip("route", "add", "default", "via", labstate.GATEWAY)
        return ep


@pytest.fixture
def lab() -> Iterator[Lab]:
    kernel_prerequisites()
    with namespaces("host", "peer", "ep1", "ep2") as (host, peer, ep1, ep2):
        host.ip("link", "add", "ext0", "type", "veth", "peer", "name", "ext1", "netns", peer.name)
        host.ip("addr", "add", f"{labstate.HOST_EXTERNAL}/24", "dev", "ext0")
        host.ip("link", "set", "ext0", "alias", "Ethernet", "up")
        peer.ip("addr", "add", f"{PEER}/24", "dev", "ext1")
        peer.ip("link", "set", "ext1", "up")
        yield Lab(host, peer, [ep1, ep2])


@pytest.fixture
def nat_lab(lab: Lab) -> Lab:
    """The blog's NAT built by the backend, endpoints 192.168.0.2 and .3 plugged in, a server
    on ep1:80 and on the peer:9000."""
    lab.go(labstate.blog())
    lab.attach(0, "192.168.0.2")
    lab.attach(1, "192.168.0.3")
    lab.endpoints[0].serve(80, "ep1")
    lab.peer.serve(9000, "peer")
    return lab
