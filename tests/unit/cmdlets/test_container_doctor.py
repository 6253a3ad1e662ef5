"""Test-NetNat: each problem of the blog's troubleshooting list (and netnat's extra checks) is
found with the command that fixes it, and nothing is found on a clean host."""

from __future__ import annotations

import pytest
from support.runner import Runner

from netnat.errors import BackendError, ErrorRecord
from netnat.model.state import Mode, Settings, State
from netnat.record import replace


def _findings(run: Runner) -> list[tuple[object, object, object]]:
    return [(f.get("Check"), f.get("Problem"), f.get("Fix")) for f in run("Test-NetNat")]


def _checks(run: Runner) -> list[object]:
    return [f[0] for f in _findings(run)]


def _strict(run: Runner) -> Runner:
    """The same host in strict mode (as a store edited by hand, or after `config mode`)."""
    return Runner(run.state.with_(settings=replace(run.state.settings, mode=Mode.STRICT)))


@pytest.fixture
def loose() -> Runner:
    return Runner(State.initial().with_(settings=Settings(mode=Mode.RELAXED)))


def test_clean_hosts_have_no_findings(run: Runner, nat_host: Runner) -> None:
    assert _findings(Runner()) == []
    assert _findings(nat_host) == []
    nat_host(
        "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 "
        "-ExternalPort 80 -InternalIPAddress 192.168.0.10 -InternalPort 80"
    )
    nat_host("Install-WindowsFeature Containers")
    assert _findings(nat_host) == [
        (
            "DockerWillNotStart",
            "The docker service would not start: Error starting daemon: Error initializing "
            "network controller: Error creating default network: HNS failed with error : The "
            "object already exists.",
            "Set-DockerDaemon -Bridge none (no default nat network), or remove the NAT that "
            "holds the host: Get-NetNat | Remove-NetNat -Confirm:$false",
        )
    ]
    nat_host("Set-DockerDaemon -Bridge none")
    nat_host("Start-Service docker")
    assert _findings(nat_host) == []


def test_more_than_one_nat(loose: Runner) -> None:
    loose("New-NetNat -Name A -InternalIPInterfaceAddressPrefix 192.168.0.0/24")
    loose("New-NetNat -Name B -InternalIPInterfaceAddressPrefix 192.168.5.0/24")
    assert _checks(loose) == []  # relaxed mode allows several
    assert _findings(_strict(loose)) == [
        (
            "MultipleNats",
            "There are 2 NATs (A, B); WinNAT allows one per host.",
            "Remove-NetNat -Name B -Confirm:$false",
        )
    ]


def test_duplicate_switches_and_nat_networks(loose: Runner) -> None:
    loose("New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 172.16.0.0/16")
    loose("New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 172.17.0.0/16")
    assert _findings(loose) == [
        (
            "DuplicateSwitches",
            "There are 2 virtual switches named 'nat'.",
            "Get-VMSwitch -Name 'nat' | Select-Object -Skip 1 | Remove-VMSwitch -Force",
        ),
        (
            "MultipleNatNetworks",
            "There are 2 container NAT networks (nat, nat), each with an internal switch; "
            "containers need one.",
            "Stop-Service docker; Get-ContainerNetwork | Remove-ContainerNetwork -Force; "
            "Start-Service docker",
        ),
    ]


def test_stale_gateway_of_an_old_nat(nat_host: Runner) -> None:
    nat_host("Remove-NetNat -Name VMNAT -Confirm:$false")
    assert _findings(nat_host) == [
        (
            "StaleGatewayAddress",
            "vEthernet (VMNAT) still has 192.168.0.1/24, which no NAT translates (the gateway "
            "of an old NAT?).",
            "Remove-NetIPAddress -InterfaceAlias 'vEthernet (VMNAT)' -IPAddress 192.168.0.1 "
            "-Confirm:$false",
        )
    ]


def test_roaming_host_address_inside_the_internal_prefix(nat_host: Runner) -> None:
    nat_host("New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 192.168.0.77 -PrefixLength 24")
    assert not nat_host.errors
    assert _findings(nat_host) == [
        (
            "PrefixHoldsHostAddress",
            "The internal prefix 192.168.0.0/24 of NAT VMNAT holds the host address "
            "192.168.0.77 (a roaming host joined a network inside the NAT's prefix).",
            "Remove-NetNat -Name VMNAT -Confirm:$false; Remove-NetIPAddress -InterfaceAlias "
            "'vEthernet (VMNAT)' -IPAddress 192.168.0.1 -Confirm:$false; New-NetIPAddress "
            "-InterfaceAlias 'vEthernet (VMNAT)' -IPAddress 192.168.1.1 -PrefixLength 24; "
            "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.1.0/24",
        )
    ]


def test_container_and_vm_addresses_that_collide(loose: Runner) -> None:
    loose("New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 192.168.1.0/24")
    loose("New-VMSwitch -SwitchName VMs -SwitchType Internal")
    loose("Add-VMNetworkAdapter -VMName web1 -SwitchName VMs")
    loose("Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat")
    loose("Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.1.9")  # relaxed: accepted
    state = loose.state
    clash = replace(state.guest_addresses[0], IPAddress="192.168.1.2")  # a hand-edited store
    found = _findings(Runner(state.with_(guest_addresses=(clash,))))
    assert found == [
        (
            "AddressCollision",
            "Container web and VM web1 (Network Adapter) both have 192.168.1.2.",
            "Remove-ContainerNetworkEndpoint -ContainerName web -NetworkName nat; "
            "Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat",
        ),
        (
            "AddressCollision",
            "VM web1 (Network Adapter) has 192.168.1.2, inside the container prefix "
            "192.168.1.0/24 of network nat: VMs take addresses from the rest of the shared "
            "prefix.",
            "Remove-VMGuestIPAddress -VMName web1 -IPAddress 192.168.1.2",
        ),
    ]
    assert [c for c, _, _ in _findings(loose)] == ["AddressCollision"]


def test_mapping_whose_internal_address_is_in_no_nat(nat_host: Runner) -> None:
    nat_host(
        "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 "
        "-ExternalPort 8080 -InternalIPAddress 10.9.9.9 -InternalPort 80"
    )
    assert _findings(nat_host) == [
        (
            "MappingOutsideNat",
            "Static mapping 0 (TCP 8080) forwards to 10.9.9.9, which is in no NAT's internal "
            "prefix.",
            "Remove-NetNatStaticMapping -StaticMappingID 0 -Confirm:$false",
        )
    ]


def test_network_that_lost_its_switch(run: Runner) -> None:
    run("New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 192.168.1.0/24")
    run("Remove-VMSwitch -Name nat -Force")
    assert (
        "NetworkWithoutSwitch",
        "Container network nat has lost its switch; HNS drops it at restart.",
        "Restart-Computer",
    ) in _findings(run)


class FakeKernel:
    def __init__(self, lines: list[str] | None = None) -> None:
        self.lines = lines

    def sync(self, state: State) -> object:
        return None

    def drift(self, state: State) -> list[str]:
        if self.lines is None:
            raise BackendError(ErrorRecord("The linux backend needs CAP_NET_ADMIN.", "x", "y"))
        return self.lines


def test_kernel_drift_on_linux(run: Runner) -> None:
    run.session.kernel = FakeKernel(["bridge nnbr1a2b3c4d (vEthernet (nat)) is missing"])
    assert _findings(run) == [
        (
            "KernelDrift",
            "The kernel differs from the store: bridge nnbr1a2b3c4d (vEthernet (nat)) is missing.",
            "netnat sync",
        )
    ]
    run.session.kernel = FakeKernel(None)
    assert _findings(run) == [
        (
            "KernelUnreadable",
            "The linux backend needs CAP_NET_ADMIN.",
            "Run netnat as root (sudo netnat doctor).",
        )
    ]
