"""A sequence of state-changing netnat calls for the crash tests, and the States it commits.

Every call changes the store (switches, vNIC addresses, the NAT, mappings, VM adapters, their
removal), so the States after each prefix of the sequence are all different, and the store after
a kill must be one of two: before the killed call, or after it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reliability.support import Forked, Trap, fork_main, load, seeded_guids

from netnat.model.state import State

Argv = list[str]


@dataclass(frozen=True)
class Op:
    index: int
    argv: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.argv[0]

    def guid_seed(self) -> Callable[[], None]:
        return seeded_guids(f"op{self.index}")


def mapping(port: int, last: int) -> Argv:
    return [
        "Add-NetNatStaticMapping",
        "-NatName",
        "VMNAT",
        "-Protocol",
        "TCP",
        "-ExternalIPAddress",
        "0.0.0.0",
        "-ExternalPort",
        str(port),
        "-InternalIPAddress",
        f"192.168.0.{last}",
        "-InternalPort",
        "80",
    ]


def operations(count: int) -> list[Op]:
    """`count` calls: the blog's switch, vNIC address and NAT, then a mix of the rest."""
    calls: list[Argv] = [
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
    ]
    mapping_ids: list[int] = []
    next_id = 0
    vms: list[str] = []
    privates: list[str] = []
    k = 0
    while len(calls) < count - 2:
        k += 1
        step = k % 8
        if step in (1, 3, 6):
            calls.append(mapping(8000 + k, 2 + k % 200))
            mapping_ids.append(next_id)
            next_id += 1
        elif step == 2:
            vms.append(f"vm{k}")
            calls.append(
                [
                    "Add-VMNetworkAdapter",
                    "-VMName",
                    f"vm{k}",
                    "-Name",
                    "nic",
                    "-SwitchName",
                    "VMNAT",
                ]
            )
        elif step == 4 and mapping_ids:
            gone = mapping_ids.pop(0)
            calls.append(
                [
                    "Remove-NetNatStaticMapping",
                    "-NatName",
                    "VMNAT",
                    "-StaticMappingID",
                    str(gone),
                    "-Confirm:false",
                ]
            )
        elif step == 5:
            privates.append(f"Lab{k}")
            calls.append(["New-VMSwitch", "-Name", f"Lab{k}", "-SwitchType", "Private"])
        elif step == 7 and vms:
            calls.append(["Remove-VMNetworkAdapter", "-VMName", vms.pop(0), "-Name", "nic"])
        elif step == 0 and privates:
            calls.append(["Remove-VMSwitch", "-Name", privates.pop(0), "-Force"])
    calls += [
        ["Remove-NetNat", "-Name", "VMNAT", "-Confirm:false"],
        ["Remove-VMSwitch", "-Name", "VMNAT", "-Force"],
    ]
    return [Op(i, tuple(argv)) for i, argv in enumerate(calls)]


def reference(ops: list[Op], store: Path, workdir: Path) -> tuple[list[State], dict[str, int]]:
    """The State committed after each prefix of `ops` (index 0: before any), from a run with
    no faults on the state backend; and the most watched calls one op of each kind made."""
    states = [load(store)]
    calls: dict[str, int] = {}
    for op in ops:
        done = run(op, store, workdir, None, "state")
        assert done.code == 0, (op.argv, done.err)
        states.append(load(store))
        assert states[-1] != states[-2], f"{op.argv} changed nothing"
        calls[op.kind] = max(calls.get(op.kind, 0), done.calls)
    return states, calls


def run(
    op: Op, store: Path, workdir: Path, trap: Trap | None, backend: str, netns: str | None = None
) -> Forked:
    argv = ["--store", str(store), "--backend", backend, "--non-interactive", *op.argv]
    return fork_main(argv, workdir, trap=trap, netns=netns, setup=op.guid_seed())
