"""Container networks (New/Get/Remove-ContainerNetwork), HNS IPAM and netnat's endpoint and
VM guest address cmdlets, on the in-memory session."""

from __future__ import annotations

import pytest
from support.runner import Runner

from netnat.model.containers import NetworkMode
from netnat.model.enums import VMSwitchType
from netnat.model.state import Mode, Settings, State

CLASS = "Microsoft.Containers.PowerShell.Cmdlets."


def _network(run: Runner, prefix: str = "192.168.1.0/24", name: str = "nat") -> None:
    run(f"New-ContainerNetwork -Name {name} -Mode NAT -SubnetPrefix {prefix}")
    assert not run.errors, run.errors


def test_nat_network_owns_an_internal_switch_its_gateway_and_a_netnat(run: Runner) -> None:
    (net,) = run("New-ContainerNetwork –name nat –Mode NAT –subnetprefix 192.168.1.0/24")
    assert net.type_name == "Microsoft.Containers.PowerShell.Objects.ContainerNetwork"
    assert (net.get("Name"), net.get("Mode"), net.get("Subnets")) == (
        "nat",
        NetworkMode.NAT,
        ["192.168.1.0/24"],
    )
    assert net.get("Gateways") == ["192.168.1.1"]
    (sw,) = run("Get-VMSwitch")
    assert (sw.get("Name"), sw.get("SwitchType"), sw.get("Id")) == (
        "nat",
        VMSwitchType.Internal,
        net.get("Id"),
    )
    (gateway,) = run("Get-NetIPAddress -InterfaceAlias 'vEthernet (nat)'")[:1]
    assert (gateway.get("IPAddress"), gateway.get("PrefixLength")) == ("192.168.1.1", 24)
    (nat,) = run("Get-NetNat")
    assert nat.get("InternalIPInterfaceAddressPrefix") == "192.168.1.0/24"
    assert str(nat.get("Name")) == "NAT" + str(net.get("Id")).upper()


def test_default_subnet_is_tp5s_172_16_0_0_12(run: Runner) -> None:
    (net,) = run("New-ContainerNetwork -Name nat")
    assert net.get("SubnetPrefix") == ["172.16.0.0/12"]
    assert net.get("Gateways") == ["172.16.0.1"]


def test_second_nat_network_is_object_already_exists_in_strict_mode(run: Runner) -> None:
    _network(run)
    assert run("New-ContainerNetwork -Name other -Mode NAT -SubnetPrefix 10.1.0.0/16") == []
    (record,) = run.host.errors
    assert record.message == "Object already exists"
    assert record.category_info() == (
        "InvalidOperation: (:) [New-ContainerNetwork], VirtualizationException"
    )
    assert record.fqid == "OperationFailed," + CLASS + "NewContainerNetwork"
    assert [s.get("Name") for s in run("Get-VMSwitch")] == ["nat"]


def test_a_netnat_of_the_admin_also_holds_the_host(nat_host: Runner) -> None:
    nat_host("New-ContainerNetwork -Name nat -Mode NAT -SubnetPrefix 192.168.1.0/24")
    assert nat_host.errors == ["Object already exists"]


def test_relaxed_mode_allows_a_second_nat_network_but_not_an_overlap() -> None:
    run = Runner(State.initial().with_(settings=Settings(mode=Mode.RELAXED)))
    _network(run)
    _network(run, "10.1.0.0/16", "second")
    run("New-ContainerNetwork -Name third -Mode NAT -SubnetPrefix 192.168.1.128/25")
    assert run.errors == ["The parameter is incorrect."]
    assert len(run.state.nats) == 2


@pytest.mark.parametrize(
    "args",
    [
        "-SubnetPrefix 192.168.1.0/33",
        "-SubnetPrefix nonsense",
        "-SubnetPrefix 192.168.1.0/24 -GatewayAddress 10.0.0.1",
        "-SubnetPrefix 10.10.50.0/24",  # holds the host's own address (strict)
    ],
)
def test_bad_subnets_are_the_parameter_is_incorrect(run: Runner, args: str) -> None:
    assert run(f"New-ContainerNetwork -Name nat -Mode NAT {args}") == []
    assert run.errors == ["The parameter is incorrect."]
    assert run.state.switches == () and run.state.nats == ()


def test_transparent_network_without_an_adapter_is_unspecified_error(run: Runner) -> None:
    run("New-ContainerNetwork -Name t -Mode Transparent -NetworkAdapterName Nope")
    assert run.errors == ["Unspecified error"]
    assert run.fqids == ["OperationFailed," + CLASS + "NewContainerNetwork"]


def test_transparent_network_binds_the_physical_adapter(run: Runner) -> None:
    (net,) = run("New-ContainerNetwork -Name t -Mode Transparent -NetworkAdapterName Ethernet")
    (sw,) = run("Get-VMSwitch")
    assert sw.get("SwitchType") is VMSwitchType.External
    assert net.get("NetworkAdapterName") == "Ethernet"
    assert run.state.nats == ()


def test_remove_prompts_with_the_observed_text_and_removes_switch_and_nat() -> None:
    run = Runner(answers=[0])
    _network(run)
    run("Remove-ContainerNetwork", inputs=run("Get-ContainerNetwork"))
    assert run.host.prompts == ['Remove-ContainerNetwork will remove the container network "nat".']
    assert run.state.container_networks == ()
    assert run.state.switches == () and run.state.nats == ()
    assert [a.Name for a in run.state.adapters] == ["Ethernet"]


def test_remove_force_does_not_ask_and_noninteractive_refuses_without_it(run: Runner) -> None:
    _network(run)
    run("Remove-ContainerNetwork -Name nat")
    assert run.errors == [
        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
    ]
    run("Remove-ContainerNetwork -Name nat -Force")
    assert run.state.container_networks == ()


def test_removing_a_transparent_network_whose_switch_is_gone_is_refused(run: Runner) -> None:
    run("New-ContainerNetwork -Name t -Mode Transparent -NetworkAdapterName Ethernet")
    run("Remove-VMSwitch -Name t -Force")
    run("Remove-ContainerNetwork -Name t -Force")
    (record,) = run.host.errors
    assert record.message == "The parameter is incorrect."
    assert record.category_info() == (
        "InvalidOperation: (:) [Remove-ContainerNetwork], VirtualizationException"
    )
    assert record.fqid == "OperationFailed," + CLASS + "RemoveContainerNetwork"
    assert len(run.state.container_networks) == 1


def test_a_nat_network_whose_switch_is_gone_is_removed_with_its_nat(run: Runner) -> None:
    _network(run)
    run("Remove-VMSwitch -Name nat -Force")
    run("Remove-ContainerNetwork -Name nat -Force")
    assert not run.errors
    assert run.state.container_networks == () and run.state.nats == ()


# ---- IPAM and endpoints ------------------------------------------------------------------


def test_pool_hands_out_addresses_in_order_after_the_gateway(run: Runner) -> None:
    _network(run)
    got = [run(f"Add-ContainerNetworkEndpoint c{i} nat")[0].get("IPAddress") for i in range(3)]
    assert got == ["192.168.1.2", "192.168.1.3", "192.168.1.4"]
    run("Remove-ContainerNetworkEndpoint -ContainerName c1")
    (again,) = run("Add-ContainerNetworkEndpoint -ContainerName c9 -NetworkName nat")
    assert again.get("IPAddress") == "192.168.1.3"  # free again, and never two holders
    rows = [
        (e.get("ContainerName"), e.get("IPAddress")) for e in run("Get-ContainerNetworkEndpoint")
    ]
    assert rows == [("c0", "192.168.1.2"), ("c2", "192.168.1.4"), ("c9", "192.168.1.3")]
    (net,) = run("Get-ContainerNetwork")
    assert net.get("Endpoints") == ["192.168.1.2 c0", "192.168.1.4 c2", "192.168.1.3 c9"]


def test_pool_skips_vm_and_host_addresses() -> None:
    run = Runner(State.initial().with_(settings=Settings(mode=Mode.RELAXED)))
    _network(run)
    run("New-VMSwitch -SwitchName VMs -SwitchType Internal")
    run("Add-VMNetworkAdapter -VMName web1 -SwitchName VMs")
    run("Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.1.2")  # relaxed: allowed
    run(
        "New-NetIPAddress -IPAddress 192.168.1.3 -PrefixLength 24 -InterfaceAlias 'vEthernet (VMs)'"
    )
    assert not run.errors, run.errors
    (ep,) = run("Add-ContainerNetworkEndpoint web nat")
    assert ep.get("IPAddress") == "192.168.1.4"
    run("Add-ContainerNetworkEndpoint db nat -IPAddress 192.168.1.2")
    assert run.errors == ["192.168.1.2 is in use by VM web1 (Network Adapter)."]


def test_endpoint_errors(run: Runner) -> None:
    _network(run)
    run("Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nope")
    run("Add-ContainerNetworkEndpoint -ContainerName '../x' -NetworkName nat")
    run("Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat -IPAddress 192.168.1.1")
    run("Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat -IPAddress 10.0.0.5")
    run("Remove-ContainerNetworkEndpoint -ContainerName ghost")
    assert run.errors == [
        "There is no container network named 'nope'.",
        "The container name '../x' is not valid: use letters, digits, '_', '.' and '-', at most "
        "63 characters, starting with a letter or digit.",
        "192.168.1.1 is in use by host adapter vEthernet (nat).",
        "10.0.0.5 is not a host address of 192.168.1.0/24.",
        "Container 'ghost' has no endpoint.",
    ]


def test_pool_exhaustion() -> None:
    run = Runner()
    _network(run, "192.168.1.0/30")
    run("Add-ContainerNetworkEndpoint a nat")
    run("Add-ContainerNetworkEndpoint b nat")
    assert run.errors == ["No free address is left in 192.168.1.0/30."]


def test_removing_the_network_removes_its_endpoints(run: Runner) -> None:
    _network(run)
    run("Add-ContainerNetworkEndpoint web nat")
    run("Remove-ContainerNetwork nat -Force")
    assert run.state.endpoints == ()


# ---- VM guest addresses: the blog's "difference set" -------------------------------------


@pytest.fixture
def shared(run: Runner) -> Runner:
    """Container network on 192.168.1.0/24 inside SharedNAT 192.168.0.0/16, a VM on VMs."""
    _network(run)
    run("Remove-NetNat -Confirm:$false", inputs=run("Get-NetNat"))
    run("New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/16")
    run("New-VMSwitch -SwitchName VMs -SwitchType Internal")
    run("Add-VMNetworkAdapter -VMName web1 -SwitchName VMs")
    assert not run.errors, run.errors
    return run


def test_vm_address_from_the_difference_set_is_accepted(shared: Runner) -> None:
    (guest,) = shared("Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10")
    assert (guest.get("IPAddress"), guest.get("PrefixLength"), guest.get("SwitchName")) == (
        "192.168.0.10",
        16,
        "VMs",
    )
    (nic,) = shared("Get-VMNetworkAdapter -VMName web1")
    assert nic.get("IPAddresses") == ["192.168.0.10"]


def test_vm_address_inside_the_container_prefix_is_refused(shared: Runner) -> None:
    assert shared("Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.1.20") == []
    (record,) = shared.host.errors
    assert record.message == (
        "The address 192.168.1.20 cannot be given to VM web1: 192.168.1.20 is in "
        "192.168.1.0/24, the pool from which HNS gives addresses to the containers of network "
        '"nat". Give VMs addresses from the difference set of the shared prefix and the '
        "container prefix."
    )
    assert record.fqid == "AddressNotAvailable,Add-VMGuestIPAddress"
    assert shared.state.guest_addresses == ()


def test_vm_address_held_by_a_container_or_unknown_vm(shared: Runner) -> None:
    shared("Add-VMGuestIPAddress -VMName nobody -IPAddress 192.168.0.11")
    shared("Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10")
    shared("Add-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10")
    assert shared.errors[0] == 'Hyper-V was unable to find a virtual machine with name "nobody".'
    assert "192.168.0.10 is in use by VM web1 (Network Adapter)" in shared.errors[1]
    shared("Remove-VMGuestIPAddress -VMName web1 -IPAddress 192.168.0.10")
    assert shared("Get-VMGuestIPAddress") == []
