"""Hyper-V switch and network adapter cmdlets on the in-memory session."""

from __future__ import annotations

from support.runner import Runner

from netnat.model.enums import VMSwitchType


def test_internal_switch_brings_host_vnic(run: Runner) -> None:
    (sw,) = run("New-VMSwitch –SwitchName VMNAT -SwitchType Internal")
    assert sw.get("Name") == "VMNAT" and sw.get("SwitchType") is VMSwitchType.Internal
    names = [a.get("Name") for a in run("Get-NetAdapter")]
    assert names == ["Ethernet", "vEthernet (VMNAT)"]
    (vnic,) = run("Get-NetAdapter -Name 'vEthernet (VMNAT)'")
    assert vnic.get("InterfaceDescription") == "Hyper-V Virtual Ethernet Adapter"
    assert vnic.get("MacAddress") == "00-15-5D-00-00-01"
    (mgmt,) = run("Get-VMNetworkAdapter -ManagementOS")
    assert (mgmt.get("Name"), mgmt.get("SwitchName"), mgmt.get("IsManagementOs")) == (
        "VMNAT",
        "VMNAT",
        True,
    )


def test_second_vnic_description_is_numbered(run: Runner) -> None:
    run("New-VMSwitch A -SwitchType Internal")
    run("New-VMSwitch B -SwitchType Internal")
    descs = [a.get("InterfaceDescription") for a in run("Get-NetAdapter vEthernet*")]
    assert descs == ["Hyper-V Virtual Ethernet Adapter", "Hyper-V Virtual Ethernet Adapter #2"]
    indexes = [a.get("ifIndex") for a in run("Get-NetAdapter")]
    assert len(set(indexes)) == 3


def test_private_switch_has_no_vnic(run: Runner) -> None:
    run("New-VMSwitch -Name lab -SwitchType Private")
    assert [a.get("Name") for a in run("Get-NetAdapter")] == ["Ethernet"]


def test_switch_type_external_fails_validate_set(run: Runner) -> None:
    run("New-VMSwitch -Name X -Switchtype External")
    assert run.errors == [
        "Cannot validate argument on parameter 'Switchtype'. The argument \"External\" does not "
        'belong to the set "Internal,Private" specified by the ValidateSet attribute. Supply an '
        "argument that is in the set and then try the command again."
    ]
    assert run.state.switches == ()


def test_external_switch_takes_over_the_adapter_addresses(run: Runner) -> None:
    (sw,) = run("New-VMSwitch -Name ext -NetAdapterName Ethernet")
    assert sw.get("SwitchType") is VMSwitchType.External
    assert sw.get("NetAdapterInterfaceDescription") == "Microsoft Hyper-V Network Adapter"
    (ip,) = run("Get-NetIPAddress -IPAddress 10.10.50.20")
    assert ip.get("InterfaceAlias") == "vEthernet (ext)"
    run("New-VMSwitch -Name ext2 -NetAdapterName Ethernet")
    assert run.fqids == ["ObjectInUse,Microsoft.HyperV.PowerShell.Commands.NewVMSwitch"]
    run("Remove-VMSwitch ext -Force")
    (ip,) = run("Get-NetIPAddress -IPAddress 10.10.50.20")
    assert ip.get("InterfaceAlias") == "Ethernet"


def test_duplicate_switch_names_are_allowed(run: Runner) -> None:
    run("New-VMSwitch nat -SwitchType Internal")
    run("New-VMSwitch nat -SwitchType Internal")
    switches = run("Get-VMSwitch nat")
    assert len(switches) == 2 and switches[0].get("Id") != switches[1].get("Id")


def test_get_vmswitch_not_found(run: Runner) -> None:
    run("Get-VMSwitch -Name X")
    assert run.errors == ['Hyper-V was unable to find a virtual switch with name "X".']
    assert run.fqids == ["InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVMSwitch"]
    assert run.host.errors[0].category == "InvalidArgument"


def test_get_vmswitch_by_type(run: Runner) -> None:
    run("New-VMSwitch a -SwitchType Internal")
    run("New-VMSwitch b -SwitchType Private")
    assert [s.get("Name") for s in run("Get-VMSwitch -SwitchType Private")] == ["b"]


def test_remove_vmswitch_asks_unless_force(run: Runner) -> None:
    run("New-VMSwitch VMNAT -SwitchType Internal")
    run("Remove-VMSwitch VMNAT")
    assert run.errors[-1].startswith("PowerShell is in NonInteractive mode")
    assert len(run.state.switches) == 1
    run("Remove-VMSwitch VMNAT -Force")
    assert run.state.switches == () and [a.Name for a in run.state.adapters] == ["Ethernet"]


def test_remove_switch_takes_vnic_addresses(run: Runner) -> None:
    run("New-VMSwitch VMNAT -SwitchType Internal")
    run(
        'New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)"'
    )
    run("Get-VMSwitch VMNAT")
    run("Remove-VMSwitch -Name VMNAT -Confirm:false")
    assert [a.IPAddress for a in run.state.addresses] == ["10.10.50.20"]


def test_rename_and_set_switch(run: Runner) -> None:
    run("New-VMSwitch Lab -SwitchType Internal")
    (renamed,) = run("Rename-VMSwitch Lab -NewName Lab2 -Passthru")
    assert renamed.get("Name") == "Lab2"
    assert run.state.adapter_by_alias("vEthernet (Lab)") is not None
    run("Set-VMSwitch Lab2 -SwitchType Private")
    assert run.state.switches[0].SwitchType is VMSwitchType.Private
    assert [a.Name for a in run.state.adapters] == ["Ethernet"]
    run('Set-VMSwitch -Name Lab2 -Notes "lab network"')
    assert run.state.switches[0].Notes == "lab network"


def test_new_virtualswitch_from_the_blog(run: Runner) -> None:
    (sw,) = run("New-VirtualSwitch -Type internal")
    assert sw.get("SwitchType") is VMSwitchType.Internal
    run("New-VirtualSwitch -Type internal")
    assert [s.Name for s in run.state.switches] == ["Internal", "Internal2"]


def test_vm_network_adapters(run: Runner) -> None:
    run("New-VMSwitch VMNAT -SwitchType Internal")
    run("Add-VMNetworkAdapter -VMName web1 -SwitchName VMNAT")
    (nic,) = run("Get-VMNetworkAdapter -VMName web1")
    assert (nic.get("Name"), nic.get("SwitchName"), nic.get("IsManagementOs")) == (
        "Network Adapter",
        "VMNAT",
        False,
    )
    run("Add-VMNetworkAdapter -VMName web2")
    run("Connect-VMNetworkAdapter -VMName web2 -SwitchName VMNAT")
    assert {n.get("SwitchName") for n in run("Get-VMNetworkAdapter -All")} == {"VMNAT"}
    run("Remove-VMNetworkAdapter -VMName web1")
    assert [n.get("VMName") for n in run("Get-VMNetworkAdapter -VMName *")] == ["web2"]
    run("Get-VMNetworkAdapter -VMName web1")
    assert run.errors == ['Hyper-V was unable to find a virtual machine with name "web1".']


def test_management_os_adapter_creates_vethernet(run: Runner) -> None:
    run("New-VMSwitch VMNAT -SwitchType Internal")
    run("Add-VMNetworkAdapter -ManagementOS -Name Mgmt -SwitchName VMNAT")
    assert run.state.adapter_by_alias("vEthernet (Mgmt)") is not None
    run("Remove-VMNetworkAdapter -ManagementOS -Name Mgmt")
    assert run.state.adapter_by_alias("vEthernet (Mgmt)") is None


def test_add_adapter_to_missing_switch(run: Runner) -> None:
    run("Add-VMNetworkAdapter -VMName web1 -SwitchName nope")
    assert run.fqids == [
        "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.AddVMNetworkAdapter"
    ]
    assert run.state.vm_adapters == ()
