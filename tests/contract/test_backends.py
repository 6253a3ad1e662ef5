"""One suite for every backend: the same State changes plan and apply cleanly, and what the
backend observes agrees with the store (host vNICs and their addresses)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kernel import labstate
from kernel.netlab import Netns, kernel_prerequisites

from netnat.backends.base import Backend, HostView
from netnat.backends.registry import get_backend
from netnat.model.enums import VMSwitchType
from netnat.model.state import State


def _scenario() -> list[tuple[str, Callable[[State], State]]]:
    """Named changes, each applied to the state the previous one left."""
    m = labstate
    return [
        ("blog NAT", lambda s: m.blog()),
        ("mapping", lambda s: m.mapping(s, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80)),
        (
            "specific mapping",
            lambda s: m.mapping(s, "VMNAT", m.HOST_EXTERNAL, 53, "192.168.0.3", 53),
        ),
        ("VM adapter", lambda s: m.vm_nic(s, "vm1", "Network Adapter", "VMNAT")),
        ("private switch", lambda s: m.switch(s, "Lab", VMSwitchType.Private)),
        ("internal switch", lambda s: m.switch(s, "Second")),
        ("vNIC address", lambda s: m.address(s, "vEthernet (Second)", "172.20.0.1", 24)),
        ("IPv6 vNIC address", lambda s: m.address(s, "vEthernet (Second)", "fd00:20::1", 64)),
        ("vNIC gateway", lambda s: m.route(s, "vEthernet (Second)", "0.0.0.0/0", "172.20.0.254")),
        ("on-link route", lambda s: m.route(s, "vEthernet (Second)", "10.77.0.0/16", "0.0.0.0")),
        ("relaxed", m.relaxed),
        ("remove mapping", lambda s: m.without_mapping(s, 8080)),
        ("remove NAT", lambda s: m.without_nat(s, "VMNAT")),
        ("remove switch", lambda s: m.without_switch(s, "VMNAT")),
        ("back to the start", lambda s: State.initial()),
    ]


class Driver:
    """Runs backend calls where the backend must run (a namespace for `linux`)."""

    def __init__(self, name: str, ns: Netns | None = None) -> None:
        self.name = name
        self.ns = ns

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.ns.call(fn, self.name, *args) if self.ns else fn(self.name, *args)


def _step(name: str, old: State, new: State) -> tuple[str, str, int]:
    backend: Backend = get_backend(name)
    plan = backend.plan(old, new)
    assert plan.render() == backend.plan(old, new).render()  # deterministic
    backend.apply(plan)
    return plan.backend, backend.name, len(backend.plan(new, new).steps)


def _observe(name: str, state: State) -> HostView:
    return get_backend(name).observe(state)


def _drift(name: str, state: State) -> list[str]:
    backend = get_backend(name)
    drift = getattr(backend, "drift", None)
    return list(drift(state)) if drift else []


@pytest.fixture(params=["state", pytest.param("linux", marks=pytest.mark.kernel)])
def driver(request: pytest.FixtureRequest) -> Iterator[Driver]:
    if request.param == "state":
        yield Driver("state")
        return
    kernel_prerequisites()
    ns = Netns("contract").create()
    try:
        yield Driver("linux", ns)
    finally:
        ns.delete()


def _vnic_addresses(state: State) -> dict[str, set[str]]:
    vnics = {v.Id for v in state.vm_adapters if v.IsManagementOs and state.switch(v.SwitchId)}
    wanted = {a.ifIndex: a.Name for a in state.adapters if a.VMNetworkAdapterId in vnics}
    found: dict[str, set[str]] = {name: set() for name in wanted.values()}
    for ip in state.addresses:
        if ip.InterfaceIndex in wanted:
            found[wanted[ip.InterfaceIndex]].add(f"{ip.IPAddress}/{ip.PrefixLength}")
    return found


def test_every_change_applies_and_observe_agrees(driver: Driver) -> None:
    state = State.initial()
    for label, change in _scenario():
        new = change(state)
        plan_backend, backend_name, again = driver.call(_step, state, new)
        assert plan_backend == backend_name == driver.name, label
        assert again == 0, f"{label}: planning a state against itself must be empty"
        view: HostView = driver.call(_observe, new)
        for adapter, addresses in _vnic_addresses(new).items():
            assert adapter in view.adapters, (label, adapter, view.adapters)
            seen = {cidr for name, cidr in view.addresses if name == adapter}
            assert seen == addresses, (label, adapter)
        assert driver.call(_drift, new) == [], label
        state = new


def test_an_empty_plan_needs_nothing(driver: Driver) -> None:
    state = labstate.blog()
    _, _, steps = driver.call(_step, state, state)
    assert steps == 0
