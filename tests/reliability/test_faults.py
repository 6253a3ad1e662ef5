"""Injected faults in the linux backend: each kernel call of an apply made to fail in turn.

Extends tests/kernel/test_safety.py (one fault per test) to every call of plans that create,
change and delete bridges, taps, vNIC addresses and routes, an External switch's uplink, the
nft table and the sysctls: after each failure the namespace's kernel (links, addresses, routes,
nft ruleset, forwarding) is as before the call; through the CLI the store directory is byte for
byte as before too. The fault at call n+1 of an n-call apply does not fire, so each loop ends
with the change applied, and the next plan starts from there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from kernel import labstate
from kernel.conftest import Lab, snapshot
from reliability import figures
from reliability.support import KERNEL_CALLS, Trap, fork_main, seeded_guids, snapshot_dir

from netnat.backends.linux import LinuxBackend
from netnat.backends.linux.kernel import KernelFailure
from netnat.errors import BackendError
from netnat.model.enums import VMSwitchType
from netnat.model.state import State
from netnat.store.file import Store

pytestmark = pytest.mark.kernel
MAX_CALLS = 200  # bound on the loops: no plan here makes more kernel calls


def kernel(lab: Lab) -> dict[str, object]:
    """kernel.conftest.snapshot without the routes' `linkdown` flag (a bridge's carrier
    follows its ports' a moment later)."""
    shot = snapshot(lab)
    shot["routes"] = str(shot["routes"]).replace(" linkdown", "")
    return shot


def _faulty_apply(old: State, new: State, at: int, action: str) -> int:
    """In the namespace: apply old -> new with the `at`-th kernel call failing; the number of
    kernel calls made (when the fault did not fire)."""
    trap = Trap(
        at=at, action=action, watch=KERNEL_CALLS, error=lambda: KernelFailure("injected fault")
    )
    trap.install()
    backend = LinuxBackend()
    backend.apply(backend.plan(old, new))
    return trap.count


def _every_call_fails_in_turn(lab: Lab, new: State, action: str = "raise") -> int:
    """Fail call 1, 2, ... of lab.state -> new until the apply succeeds; after each failure
    the kernel must be as it was. Returns the number of faults injected."""
    before = kernel(lab)
    for at in range(1, MAX_CALLS):
        try:
            lab.host.call(_faulty_apply, lab.state, new, at, action)
        except BackendError as failed:
            message = failed.record.message
            assert "injected fault" in message, message
            assert "put back as it was" in message, message
            assert kernel(lab) == before, f"call {at} failed, the kernel was not restored"
            continue
        lab.state = new
        assert lab.drift() == []
        return at - 1
    raise AssertionError(f"an apply made more than {MAX_CALLS} kernel calls")


def _plans() -> list[tuple[str, Callable[[State], State]]]:
    m = labstate

    def build(s: State) -> State:
        s = m.blog()
        s = m.switch(s, "Lab", VMSwitchType.Private)
        s = m.switch(s, "Second")
        s = m.address(s, "vEthernet (Second)", "172.20.0.1", 24)
        s = m.route(s, "vEthernet (Second)", "10.77.0.0/16", "172.20.0.254")
        s = m.mapping(s, "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80)
        s = m.mapping(s, "VMNAT", m.HOST_EXTERNAL, 53, "192.168.0.3", 53)
        s = m.vm_nic(s, "vm1", "nic", "VMNAT")
        return m.vm_nic(s, "vm2", "nic", "Lab")

    def change(s: State) -> State:
        s = m.without_mapping(s, 8080)
        s = m.mapping(s, "VMNAT", "0.0.0.0", 8081, "192.168.0.4", 81)
        s = m.vm_nic(s, "vm3", "nic", "Second")
        s = m.without_switch(s, "Lab")  # its tap vm2 goes with it
        return m.relaxed(s)

    return [
        ("create: bridges, taps, addresses, a route, nft, sysctls", build),
        ("change: mappings, a tap, a switch with its tap, the mode", change),
        ("delete: the NAT and a switch (its VM adapter disconnected)", _drop_vmnat),
        ("delete: everything left", lambda s: State.initial()),
    ]


def _drop_vmnat(s: State) -> State:
    return labstate.without_switch(labstate.without_nat(s, "VMNAT"), "VMNAT")


def _external(s: State) -> State:
    s = labstate.external_switch(s, "Ext", "Ethernet")
    return labstate.vm_nic(s, "vm1", "nic", "Ext")


def test_each_kernel_call_of_an_apply_fails_in_turn_and_is_rolled_back(rlab: Lab) -> None:
    faults = 0
    for name, step in _plans():
        injected = _every_call_fails_in_turn(rlab, step(rlab.state))
        assert injected > 0, name
        faults += injected
    figures.add("faults: kernel calls failed in turn and rolled back (backend)", faults)
    print(f"{faults} faults injected and rolled back")


def test_external_switch_uplink_keeps_its_address_when_a_call_fails(rlab: Lab) -> None:
    _every_call_fails_in_turn(rlab, _external(rlab.state))
    _every_call_fails_in_turn(rlab, State.initial())


def _tap_on(s: State) -> State:
    return labstate.vm_nic(s, "vm9", "nic", "VMNAT")


def test_a_bridge_keeps_its_mac_when_a_port_addition_is_rolled_back(rlab: Lab) -> None:
    rlab.go(labstate.blog())
    _every_call_fails_in_turn(rlab, _tap_on(rlab.state))


def _two_bridges_with_ports(s: State) -> State:
    s = labstate.switch(labstate.blog(), "Second")
    s = labstate.vm_nic(s, "vm1", "nic", "VMNAT")
    return labstate.vm_nic(s, "vm2", "nic", "Second")


def test_deleting_two_bridges_that_had_ports_rolls_back(rlab: Lab) -> None:
    rlab.go(_two_bridges_with_ports(rlab.state))
    _every_call_fails_in_turn(rlab, State.initial())


def test_a_call_that_fails_after_taking_effect_is_rolled_back_too(rlab: Lab) -> None:
    state = labstate.vm_nic(labstate.blog(), "vm1", "nic", "VMNAT")
    _every_call_fails_in_turn(rlab, state, action="raise-after")


def _interrupted_apply(old: State, new: State, at: int) -> str:
    """Ctrl-C (KeyboardInterrupt) during the `at`-th kernel call of an apply."""
    trap = Trap(at=at, action="raise", watch=KERNEL_CALLS, error=KeyboardInterrupt)
    trap.install()
    backend = LinuxBackend()
    try:
        backend.apply(backend.plan(old, new))
    except KeyboardInterrupt:
        return "interrupted"
    return "done"


def test_ctrl_c_in_the_middle_of_an_apply_is_rolled_back(rlab: Lab) -> None:
    before = kernel(rlab)
    new = labstate.vm_nic(labstate.blog(), "vm1", "nic", "VMNAT")
    assert rlab.host.call(_interrupted_apply, rlab.state, new, 2) == "interrupted"
    assert kernel(rlab) == before


# ---- through the CLI: the store is untouched when the apply fails ------------------------

CMDLETS = [
    ["New-VMSwitch", "-Name", "VMNAT", "-SwitchType", "Internal"],
    [
        "New-NetIPAddress",
        "-IPAddress",
        "192.168.0.1",
        "-PrefixLength",
        "24",
        "-InterfaceAlias",
        "vEthernet (VMNAT)",
    ],
    ["New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"],
    [
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
    ],
    ["Add-VMNetworkAdapter", "-VMName", "vm1", "-Name", "nic", "-SwitchName", "VMNAT"],
    ["New-VMSwitch", "-Name", "Lab", "-SwitchType", "Private"],
    ["Add-VMNetworkAdapter", "-VMName", "vm2", "-Name", "nic", "-SwitchName", "Lab"],
    ["Remove-VMSwitch", "-Name", "Lab", "-Force"],
    ["Remove-NetNat", "-Name", "VMNAT", "-Confirm:false"],
    ["Remove-VMSwitch", "-Name", "VMNAT", "-Force"],
]


def test_each_kernel_call_fails_in_turn_through_the_cli(
    rlab: Lab, store: Path, tmp_path: Path
) -> None:
    faults = 0
    for number, words in enumerate(CMDLETS):
        argv = ["--store", str(store), "--backend", "linux", "--non-interactive", *words]
        for at in range(1, MAX_CALLS):
            before, files = kernel(rlab), _files(store)
            trap = Trap(
                at=at,
                action="raise",
                watch=KERNEL_CALLS,
                error=lambda: KernelFailure("injected fault"),
            )
            done = fork_main(
                argv,
                tmp_path,
                trap=trap,
                netns=rlab.host.name,
                setup=seeded_guids(f"cmdlet{number}"),
            )
            if done.code == 0:
                break
            assert done.code == 1, done.err
            assert "injected fault" in done.err and "put back as it was" in done.err, done.err
            assert "Traceback" not in done.err
            assert _files(store) == files, f"{words[0]}: the store changed though apply failed"
            assert kernel(rlab) == before, f"{words[0]}: call {at} not rolled back"
            faults += 1
        else:
            raise AssertionError(f"{words[0]} made more than {MAX_CALLS} kernel calls")
        assert at > 1, f"{words[0]} made no kernel call"
    figures.add("faults: kernel calls failed in turn through the CLI (store untouched)", faults)


def _files(store: Path) -> dict[str, bytes]:
    files = snapshot_dir(store.parent) if store.parent.exists() else {}
    files.pop(store.name + ".lock", None)  # made empty on first use, never changed
    return files


# ---- a runbook whose apply keeps failing --------------------------------------------------

RUNBOOK = """\
New-VMSwitch -Name VMNAT -SwitchType Internal
New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)"
New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24
Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 `
    -ExternalPort 8080 -InternalIPAddress 192.168.0.2 -InternalPort 80 | Out-Null
Add-VMNetworkAdapter -VMName vm1 -Name nic -SwitchName VMNAT
Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 `
    -ExternalPort 8081 -InternalIPAddress 192.168.0.3 -InternalPort 80 | Out-Null
"done"
"""


def _no_taps() -> None:
    """Setup for the child: every tap creation fails (a kernel without the tun module)."""
    from netnat.backends.linux.kernel import Kernel

    original = Kernel.add_link

    def add_link(self: Kernel, name: str, kind: str) -> None:
        if name.startswith("nntap"):
            raise KernelFailure("injected fault: no tun module")
        original(self, name, kind)

    Kernel.add_link = add_link  # type: ignore[method-assign]


def _drift(state: State) -> list[str]:
    return LinuxBackend().drift(state)


def _failing_runbook(lab: Lab, store: Path, workdir: Path) -> tuple[State, str]:
    argv = ["--store", str(store), "--backend", "linux", "--non-interactive", "-c", RUNBOOK]
    done = fork_main(argv, workdir, netns=lab.host.name, setup=_no_taps)
    assert done.code == 1, done.err
    assert "injected fault: no tun module" in done.err and "Traceback" not in done.err
    state = Store(store).load()
    assert lab.host.call(_drift, state) == [], "the kernel and the store disagree"
    return state, done.out


def test_a_runbook_whose_apply_fails_leaves_kernel_and_store_agreeing(
    rlab: Lab, store: Path, tmp_path: Path
) -> None:
    state, _ = _failing_runbook(rlab, store, tmp_path)
    assert [s.Name for s in state.switches] == ["VMNAT"]
    assert [n.Name for n in state.nats] == ["VMNAT"]
    assert 8080 in [m.ExternalPort for m in state.mappings]
    assert "vm1" not in [v.VMName for v in state.vm_adapters]
    figures.add("faults: runbooks with a failing apply (kernel and store agree)")


def test_a_runbook_keeps_the_changes_after_a_failed_cmdlet(
    rlab: Lab, store: Path, tmp_path: Path
) -> None:
    state, out = _failing_runbook(rlab, store, tmp_path)
    assert "done" in out
    assert 8081 in [m.ExternalPort for m in state.mappings]
