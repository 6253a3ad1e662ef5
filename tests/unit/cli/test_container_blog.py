"""Issue #4's acceptance as a user runs it: real `netnat` processes on a store of their own.

The blog's shared-NAT scenarios and its "Removing Multiple NATs" script replay literally (the
files in examples/ hold the post's blocks verbatim), then the resulting host is checked; the
examples/*.ps1 runbooks run; Test-NetNat / `netnat doctor` find the problems of a store
prepared by hand, and the fixes they print make them go away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import Cli

from netnat.model.containers import ServiceStatus
from netnat.model.enums import VMSwitchType
from netnat.store.file import Store

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
DEFINES = (
    "--define",
    "container prefix=192.168.1.0/24",
    "--define",
    "shared prefix=192.168.0.0/16",
)


def _ok(cli: Cli, *argv: str) -> str:
    done = cli(*argv)
    assert done.code == 0, done.err
    return done.out


def _script(cli: Cli, text: str, *options: str) -> str:
    return _ok(cli, *options, "-c", text)


def _shared_host_checks(cli: Cli, vm_switch: str) -> None:
    """Two internal switches, one NetNat SharedNAT, docker running, the container network on
    the container prefix; VM addresses from the difference set only."""
    state = Store(cli.store).load()
    switches = sorted((s.Name, s.SwitchType) for s in state.switches)
    assert switches == sorted([(vm_switch, VMSwitchType.Internal), ("nat", VMSwitchType.Internal)])
    assert [(n.Name, n.InternalIPInterfaceAddressPrefix) for n in state.nats] == [
        ("SharedNAT", "192.168.0.0/16")
    ]
    docker = next(s for s in state.services if s.Name == "docker")
    assert docker.Status is ServiceStatus.Running
    assert [(n.Name, n.SubnetPrefix, n.GatewayAddress) for n in state.container_networks] == [
        ("nat", "192.168.1.0/24", "192.168.1.1")
    ]
    _ok(cli, "Add-VMNetworkAdapter", "-VMName", "web1", "-SwitchName", vm_switch)
    assert "192.168.0.10" in _ok(
        cli, "Add-VMGuestIPAddress", "-VMName", "web1", "-IPAddress", "192.168.0.10"
    )
    assert "192.168.2.7" in _ok(cli, "Add-VMGuestIPAddress", "web1", "192.168.2.7")
    refused = cli("Add-VMGuestIPAddress", "-VMName", "web1", "-IPAddress", "192.168.1.20")
    assert refused.code == 1
    assert (
        "192.168.1.20 is in 192.168.1.0/24, the pool from which HNS gives addresses" in refused.err
    )
    endpoint = _ok(
        cli, "Add-ContainerNetworkEndpoint", "-ContainerName", "web", "-NetworkName", "nat"
    )
    assert "192.168.1.2 " in endpoint
    assert _ok(cli, "doctor") == "No problems found.\n"


def test_shared_nat_vms_first_replays_literally(cli: Cli) -> None:
    _script(
        cli,
        "New-VMSwitch -SwitchName VMNAT -SwitchType Internal | Out-Null\n"
        'New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)" | Out-Null\n'
        "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24 | Out-Null\n"
        "Install-WindowsFeature Containers | Out-Null\n"
        "Set-DockerDaemon -AddArgument --fixed-cidr=192.168.1.0/24",
    )
    assert Store(cli.store).load().settings.mode.value == "strict"
    _ok(cli, "--yes", "run", str(EXAMPLES / "blog-shared-nat-vms-first.txt"), *DEFINES)
    _shared_host_checks(cli, "VMNAT")


def test_shared_nat_containers_first_replays_literally(cli: Cli) -> None:
    _script(cli, "Install-WindowsFeature Containers | Out-Null\nStart-Service docker")
    assert "172.16.0.0/12" in _ok(cli, "Get-ContainerNetwork")
    _ok(cli, "Set-DockerDaemon", "-AddArgument", '-b "none"')
    _ok(cli, "--yes", "run", str(EXAMPLES / "blog-shared-nat-containers-first.txt"), *DEFINES)
    _shared_host_checks(cli, "Internal")


def test_remove_multiple_nats_replays_literally(cli: Cli) -> None:
    _script(
        cli,
        "Install-WindowsFeature Containers | Out-Null\nStart-Service docker\n"
        "New-VMSwitch -SwitchName nat -SwitchType Internal | Out-Null",
    )
    assert [s.Name for s in Store(cli.store).load().switches] == ["nat", "nat"]
    lines = (EXAMPLES / "blog-remove-multiple-nats.txt").read_text(encoding="utf-8").splitlines()
    script = "\n".join(lines[1:13])  # the block between the prose and "Restart the Computer"
    assert lines[13] == "Restart the Computer"
    _ok(cli, "--yes", "-c", script)
    state = Store(cli.store).load()
    assert not [s for s in state.switches if s.Name == "nat"] and state.nats == ()
    _ok(cli, "Restart-Computer")  # the post's last step: docker makes one fresh nat network
    state = Store(cli.store).load()
    assert [s.Name for s in state.switches] == ["nat"] and len(state.nats) == 1


@pytest.mark.parametrize(
    "example",
    [
        "blog-shared-nat-vms-first.ps1",
        "blog-shared-nat-containers-first.ps1",
        "blog-remove-multiple-nats.ps1",
    ],
)
def test_example_runbooks_run_cleanly(cli: Cli, example: str) -> None:
    done = cli("--yes", "run", str(EXAMPLES / example))
    assert (done.code, done.err) == (0, ""), done.err
    state = Store(cli.store).load()
    assert len(state.nats) == 1
    if example != "blog-remove-multiple-nats.ps1":
        assert state.nats[0].Name == "SharedNAT"
        assert [g.IPAddress for g in state.guest_addresses] == ["192.168.0.10"]


# ---- Test-NetNat / netnat doctor on a store prepared by hand -------------------------------

PREPARED = """\
schema = 1

[settings]
backend = "state"
mode = "strict"

[counters]
next_mapping_id = 1
next_if_index = 4
next_vnic_number = 3

[[nat]]
Name = "VMNAT"
InternalIPInterfaceAddressPrefix = "192.168.0.0/24"

[[nat]]
Name = "Second"
InternalIPInterfaceAddressPrefix = "10.20.0.0/16"

[[mapping]]
StaticMappingID = 0
NatName = "VMNAT"
Protocol = "TCP"
ExternalIPAddress = "0.0.0.0"
ExternalPort = 8080
InternalIPAddress = "172.30.0.5"
InternalPort = 80

[[switch]]
Id = "11111111-1111-4111-8111-111111111111"
Name = "nat"
SwitchType = "Internal"

[[switch]]
Id = "22222222-2222-4222-8222-222222222222"
Name = "nat"
SwitchType = "Internal"

[[vm_adapter]]
Id = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
Name = "nat"
SwitchId = "11111111-1111-4111-8111-111111111111"
IsManagementOs = true
MacAddress = "00155D000001"

[[adapter]]
Name = "Ethernet"
ifIndex = 1
InterfaceDescription = "Microsoft Hyper-V Network Adapter"
MacAddress = "00-15-5D-0A-32-14"
LinkSpeed = "1 Gbps"

[[adapter]]
Name = "vEthernet (nat)"
ifIndex = 2
InterfaceDescription = "Hyper-V Virtual Ethernet Adapter"
MacAddress = "00-15-5D-00-00-01"
VMNetworkAdapterId = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"

[[address]]
IPAddress = "192.168.0.50"
InterfaceIndex = 1
PrefixLength = 24

[[address]]
IPAddress = "172.16.0.1"
InterfaceIndex = 2
PrefixLength = 12
"""


def _findings(cli: Cli) -> list[dict[str, str]]:
    out = _ok(cli, "-o", "json", "Test-NetNat")
    found = json.loads(out) if out.strip() else []
    return [found] if isinstance(found, dict) else list(found)


def test_doctor_finds_each_problem_of_a_prepared_store_and_its_fixes_work(cli: Cli) -> None:
    cli.store.parent.mkdir(parents=True, exist_ok=True)
    cli.store.write_text(PREPARED, encoding="utf-8")
    report = cli("doctor")
    assert report.code == 1, report.err
    checks = [f["Check"] for f in _findings(cli)]
    assert checks == [
        "MultipleNats",
        "DuplicateSwitches",
        "StaleGatewayAddress",
        "PrefixHoldsHostAddress",
        "MappingOutsideNat",
    ]
    assert all(f"Check   : {check}" in report.out for check in checks)
    for _ in range(len(checks)):  # an admin fixes one thing, then asks again
        found = _findings(cli)
        if not found:
            break
        _ok(cli, "--yes", "-c", found[0]["Fix"])
    assert _ok(cli, "doctor") == "No problems found.\n"
    assert _ok(cli, "Test-NetNat") == ""


def test_test_netnat_is_silent_on_a_clean_store(cli: Cli) -> None:
    assert _ok(cli, "Test-NetNat") == ""
    assert _ok(cli, "doctor") == "No problems found.\n"
