"""NetNat cmdlets on the in-memory session: happy paths, WinNAT's rules, not-found errors."""

from __future__ import annotations

from support.runner import Runner

from netnat.model.enums import FilteringBehaviorType, HairpinningMode, Protocol


def test_new_netnat_has_windows_defaults(run: Runner) -> None:
    (nat,) = run("New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24")
    assert nat.get("Name") == "VMNAT"
    assert nat.get("InternalIPInterfaceAddressPrefix") == "192.168.0.0/24"
    assert nat.get("IcmpQueryTimeout") == 30
    assert nat.get("TcpEstablishedConnectionTimeout") == 1800
    assert nat.get("TcpTransientConnectionTimeout") == 120
    assert nat.get("TcpFilteringBehavior") is FilteringBehaviorType.AddressDependentFiltering
    assert nat.get("UdpIdleSessionTimeout") == 120
    assert nat.get("UdpInboundRefresh") is False
    assert str(nat.get("Store")) == "Local"
    assert nat.get("Active") is True
    assert [n.Name for n in run.state.nats] == ["VMNAT"]


def test_second_nat_is_refused_in_strict_mode(nat_host: Runner) -> None:
    before = nat_host.state
    assert nat_host("New-NetNat -Name B -InternalIPInterfaceAddressPrefix 10.1.0.0/16") == []
    assert nat_host.errors == ["The parameter is incorrect."]
    assert nat_host.fqids == ["Windows System Error 87,New-NetNat"]
    record = nat_host.host.errors[0]
    assert record.category_info() == (
        "InvalidArgument: (MSFT_NetNat:root/StandardCimv2/MSFT_NetNat) [New-NetNat], CimException"
    )
    assert nat_host.state == before


def test_relaxed_mode_allows_several_nats(relaxed: Runner) -> None:
    relaxed("New-NetNat -Name A -InternalIPInterfaceAddressPrefix 10.1.0.0/16")
    relaxed("New-NetNat -Name B -InternalIPInterfaceAddressPrefix 10.2.0.0/16")
    assert [n.Name for n in relaxed.state.nats] == ["A", "B"]
    relaxed("New-NetNat -Name C -InternalIPInterfaceAddressPrefix 10.2.128.0/17")
    assert relaxed.fqids == ["Windows System Error 87,New-NetNat"], "NATs may not overlap"


def test_prefix_overlapping_host_address_is_refused(run: Runner) -> None:
    # the simulated host has 10.10.50.20/24 on Ethernet (the blog's roaming example)
    run("New-NetNat -Name X -InternalIPInterfaceAddressPrefix 10.0.0.0/8")
    assert run.fqids == ["Windows System Error 87,New-NetNat"]
    assert run.state.nats == ()


def test_relaxed_mode_lifts_host_overlap(relaxed: Runner) -> None:
    relaxed("New-NetNat -Name X -InternalIPInterfaceAddressPrefix 10.0.0.0/8")
    assert not relaxed.errors


def test_same_name_gives_error_52(relaxed: Runner) -> None:
    relaxed("New-NetNat -Name A -InternalIPInterfaceAddressPrefix 10.1.0.0/16")
    relaxed("New-NetNat -Name a -InternalIPInterfaceAddressPrefix 10.3.0.0/16")
    assert relaxed.fqids == ["Windows System Error 52,New-NetNat"]
    assert relaxed.errors[0].startswith("You were not connected because a duplicate name")


def test_get_netnat_filters_and_not_found(nat_host: Runner) -> None:
    assert [n.get("Name") for n in nat_host("Get-NetNat")] == ["VMNAT"]
    assert [n.get("Name") for n in nat_host("Get-NetNat vm*")] == ["VMNAT"]
    assert nat_host("Get-NetNat -Name nope*") == []
    assert not nat_host.errors
    assert nat_host("Get-NetNat -Name X") == []
    assert nat_host.errors == [
        "No MSFT_NetNat objects found with property 'Name' equal to 'X'.  "
        "Verify the value of the property and retry."
    ]
    assert nat_host.fqids == ["CmdletizationQuery_NotFound_Name,Get-NetNat"]


def test_get_netnat_on_empty_host_is_silent(run: Runner) -> None:
    assert run("Get-NetNat") == []
    assert not run.errors


def test_set_netnat_changes_settings(nat_host: Runner) -> None:
    assert nat_host("Set-NetNat -Name VMNAT -UdpIdleSessionTimeout 300") == []
    (out,) = nat_host(
        "Set-NetNat VMNAT -TcpFilteringBehavior endpointindependentfiltering -PassThru"
    )
    assert out.get("TcpFilteringBehavior") is FilteringBehaviorType.EndpointIndependentFiltering
    assert nat_host.state.nats[0].UdpIdleSessionTimeout == 300


def test_remove_netnat_confirm_false_removes_nat_and_mappings(nat_host: Runner) -> None:
    nat_host(
        "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 "
        "-ExternalPort 80 -InternalIPAddress 192.168.0.10"
    )
    nat_host("Remove-NetNat -Confirm:false")
    assert nat_host.state.nats == () and nat_host.state.mappings == ()
    assert nat_host.state.switches, "the switch stays"
    assert any(a.IPAddress == "192.168.0.1" for a in nat_host.state.addresses), "the IP stays"


def test_remove_netnat_without_terminal_fails(nat_host: Runner) -> None:
    nat_host("Remove-NetNat")
    assert nat_host.errors == [
        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
    ]
    assert len(nat_host.state.nats) == 1


def test_remove_netnat_prompt_yes_and_no() -> None:
    run = Runner(answers=[2])  # No
    run("New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24")
    run("Remove-NetNat VMNAT")
    assert len(run.state.nats) == 1
    assert run.host.prompts == [
        "Are you sure you want to perform this action?\n"
        "Performing operation Delete on Target VMNAT PolicyStore Local"
    ]
    run.host.answers = [0]
    run("Remove-NetNat VMNAT")
    assert run.state.nats == ()


def test_remove_netnat_whatif_changes_nothing(nat_host: Runner) -> None:
    nat_host("Remove-NetNat -WhatIf")
    assert nat_host.host.lines == [
        "What if: Performing operation Delete on Target VMNAT PolicyStore Local"
    ]
    assert len(nat_host.state.nats) == 1


def test_pipeline_get_into_remove(nat_host: Runner) -> None:
    nats = nat_host("Get-NetNat VMNAT")
    nat_host("Remove-NetNat -Confirm:false", inputs=nats)
    assert nat_host.state.nats == ()


def test_static_mapping_defaults_and_external_prefix_dropped(nat_host: Runner) -> None:
    (m,) = nat_host(
        "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0/24 "
        "-ExternalPort 8080 -InternalIPAddress 192.168.0.10 -InternalPort 80"
    )
    assert m.get("StaticMappingID") == 0
    assert m.get("ExternalIPAddress") == "0.0.0.0"
    assert m.get("Protocol") is Protocol.TCP
    assert m.get("RemoteExternalIPAddressPrefix") == "0.0.0.0/0"
    assert m.get("InternalRoutingDomainId") == "{00000000-0000-0000-0000-000000000000}"
    (m2,) = nat_host(
        "Add-NetNatStaticMapping VMNAT -Protocol UDP -ExternalIPAddress 0.0.0.0 "
        "-ExternalPort 53 -InternalIPAddress 192.168.0.11"
    )
    assert m2.get("StaticMappingID") == 1 and m2.get("InternalPort") == 53


def test_duplicate_external_port_is_refused(nat_host: Runner) -> None:
    line = (
        "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 "
        "-ExternalPort 80 -InternalIPAddress {ip} -InternalPort 80"
    )
    nat_host(line.format(ip="192.168.0.10"))
    before = nat_host.state
    nat_host(line.format(ip="192.168.0.11"))
    assert nat_host.fqids == ["Windows System Error 52,Add-NetNatStaticMapping"]
    assert nat_host.state == before
    # another protocol on the same port is fine
    nat_host(line.replace("TCP", "UDP").format(ip="192.168.0.11"))
    assert len(nat_host.state.mappings) == 2


def test_mapping_ids_are_not_reused(nat_host: Runner) -> None:
    add = (
        "Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP -ExternalIPAddress 0.0.0.0 "
        "-ExternalPort {p} -InternalIPAddress 192.168.0.10"
    )
    nat_host(add.format(p=81))
    nat_host("Remove-NetNatStaticMapping -StaticMappingID 0 -Confirm:false")
    (m,) = nat_host(add.format(p=82))
    assert m.get("StaticMappingID") == 1


def test_get_and_remove_mapping_not_found(nat_host: Runner) -> None:
    assert nat_host("Get-NetNatStaticMapping") == []
    nat_host("Get-NetNatStaticMapping -NatName nope")
    assert nat_host.fqids == ["CmdletizationQuery_NotFound_NatName,Get-NetNatStaticMapping"]


def test_mapping_to_unknown_nat_fails(run: Runner) -> None:
    run(
        "Add-NetNatStaticMapping -NatName nope -Protocol TCP -ExternalIPAddress 0.0.0.0 "
        "-ExternalPort 80 -InternalIPAddress 192.168.0.10"
    )
    assert run.fqids == ["Windows System Error 87,Add-NetNatStaticMapping"]


def test_external_addresses(nat_host: Runner) -> None:
    (e,) = nat_host(
        "Add-NetNatExternalAddress -NatName VMNAT -IPAddress 10.10.50.20 "
        "-PortStart 5000 -PortEnd 6000"
    )
    assert (e.get("ExternalAddressID"), e.get("PortStart"), e.get("PortEnd")) == (0, 5000, 6000)
    assert len(nat_host("Get-NetNatExternalAddress")) == 1
    nat_host("Remove-NetNatExternalAddress -NatName VMNAT -Confirm:false")
    assert nat_host.state.external_addresses == ()


def test_nat_global_and_sessions(run: Runner) -> None:
    (g,) = run("Get-NetNatGlobal")
    assert g.get("InterRoutingDomainHairpinningMode") is HairpinningMode.External
    run("Set-NetNatGlobal -InterRoutingDomainHairpinningMode Local")
    assert run.state.nat_global.InterRoutingDomainHairpinningMode is HairpinningMode.Local
    assert run("Get-NetNatSession") == []


def test_remote_targets_are_refused(run: Runner) -> None:
    run("Get-NetNat -AsJob")
    assert run.fqids == ["RemoteNotSupported,Get-NetNat"]
