"""All or nothing, and hands off: rollback on failure, no root no change, foreign objects kept."""

from __future__ import annotations

import os

import pytest
from kernel import labstate
from kernel.conftest import PEER, Lab, snapshot

from netnat.backends.linux import LinuxBackend
from netnat.backends.linux.kernel import Kernel, KernelFailure
from netnat.errors import BackendError
from netnat.model.state import State

pytestmark = pytest.mark.kernel
HOST = labstate.HOST_EXTERNAL


def _fail_on(method: str, when: str) -> object:
    original = getattr(Kernel, method)

    def failing(self: Kernel, name: str, *args: object) -> object:
        if name.startswith(when):
            raise KernelFailure(f"injected failure on {name}")
        return original(self, name, *args)

    return failing


def _apply(old: State, new: State) -> None:
    backend = LinuxBackend()
    backend.apply(backend.plan(old, new))


@pytest.mark.parametrize(
    ("method", "when"),
    [("add_link", "nntap"), ("write_sysctl", "net.netfilter")],
    ids=["tap-before-nft", "sysctl-after-nft"],
)
def test_failure_in_the_middle_of_apply_leaves_the_kernel_as_before(
    lab: Lab, monkeypatch: pytest.MonkeyPatch, method: str, when: str
) -> None:
    state = labstate.mapping(labstate.blog(), "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80)
    state = labstate.vm_nic(state, "vm1", "nic", "VMNAT")
    before = snapshot(lab)
    monkeypatch.setattr(Kernel, method, _fail_on(method, when))
    with pytest.raises(BackendError) as caught:
        lab.host.call(_apply, lab.state, state)
    assert "injected failure" in caught.value.record.message
    assert "put back as it was" in caught.value.record.message
    assert snapshot(lab) == before


def test_failure_while_deleting_restores_taps_table_and_traffic(
    nat_lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = labstate.mapping(nat_lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80)
    nat_lab.go(labstate.vm_nic(state, "vm1", "nic", "VMNAT"))
    before = snapshot(nat_lab)
    monkeypatch.setattr(Kernel, "delete_link", _fail_on("delete_link", "nnbr"))
    empty = labstate.without_switch(labstate.without_nat(nat_lab.state, "VMNAT"), "VMNAT")
    with pytest.raises(BackendError):
        nat_lab.host.call(_apply, nat_lab.state, empty)
    assert snapshot(nat_lab) == before
    assert nat_lab.peer.connect(HOST, 8080) == f"ep1 {PEER}"


def _apply_without_root(old: State, new: State) -> None:
    os.setgid(65534)
    os.setuid(65534)  # nobody: no CAP_NET_ADMIN any more
    _apply(old, new)


def test_without_cap_net_admin_nothing_changes(lab: Lab) -> None:
    before = snapshot(lab)
    with pytest.raises(BackendError) as caught:
        lab.host.call(_apply_without_root, lab.state, labstate.blog())
    assert "CAP_NET_ADMIN" in caught.value.record.message
    assert "root" in caught.value.record.message
    assert snapshot(lab) == before


FOREIGN_TABLE = """
table ip othernat {
  set blocked { type ipv4_addr; elements = { 198.51.100.7 }; }
  chain post { type nat hook postrouting priority 50; policy accept; ip saddr 172.31.0.0/16 masquerade; }
  chain pre { type nat hook prerouting priority -150; policy accept; tcp dport 8443 dnat to 172.31.0.5:443; }
}
table inet filter {
  set x { type ipv4_addr; }
  chain input { type filter hook input priority 0; policy accept; ip saddr @x accept; }
}
"""


def _foreign(lab: Lab) -> tuple[str, str, str]:
    return (
        lab.host.exec("nft", "list", "table", "ip", "othernat"),
        lab.host.exec("nft", "list", "table", "inet", "filter"),
        lab.host.ip("-d", "link", "show", "br-foreign") + lab.host.ip("addr", "show", "br-foreign"),
    )


def test_foreign_tables_and_bridges_stay_byte_identical(lab: Lab) -> None:
    lab.host.exec("nft", "-f", "-", stdin=FOREIGN_TABLE)
    lab.host.ip("link", "add", "br-foreign", "type", "bridge")
    lab.host.ip("link", "set", "br-foreign", "alias", "vEthernet (VMNAT)")  # same alias as ours
    lab.host.ip("addr", "add", "172.31.0.1/16", "dev", "br-foreign")
    before = _foreign(lab)

    lab.go(labstate.blog())
    lab.attach(0, "192.168.0.2")
    lab.endpoints[0].serve(80, "ep1")
    lab.go(labstate.mapping(lab.state, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80))
    lab.go(labstate.vm_nic(lab.state, "vm1", "nic", "VMNAT"))
    assert lab.peer.connect(HOST, 8080) == f"ep1 {PEER}"
    assert lab.drift() == []
    lab.sync()
    lab.go(labstate.relaxed(lab.state))
    lab.go(State.initial())
    lab.sync()

    assert _foreign(lab) == before
