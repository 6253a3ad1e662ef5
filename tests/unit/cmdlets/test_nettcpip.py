"""NetTCPIP and NetAdapter cmdlets on the in-memory session."""

from __future__ import annotations

from support.runner import Runner

from netnat.model.enums import AddressState


def test_new_netipaddress_returns_two_objects(run: Runner) -> None:
    run("New-VMSwitch VMNAT -SwitchType Internal")
    out = run(
        'New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)"'
    )
    assert [(o.get("PolicyStore"), o.get("AddressState")) for o in out] == [
        ("ActiveStore", AddressState.Tentative),
        ("PersistentStore", AddressState.Invalid),
    ]
    (got,) = run("Get-NetIPAddress -InterfaceAlias 'vEthernet (VMNAT)'")
    assert got.get("AddressState") is AddressState.Preferred
    assert got.get("PrefixLength") == 24


def test_prefix_length_defaults_to_32(run: Runner) -> None:
    (first, _) = run("New-NetIPAddress 10.10.50.21 -InterfaceAlias Ethernet")
    assert first.get("PrefixLength") == 32


def test_address_already_exists(run: Runner) -> None:
    run("New-NetIPAddress -IPAddress 10.10.50.20 -InterfaceAlias Ethernet -PrefixLength 24")
    assert run.errors == ["Instance MSFT_NetIPAddress already exists"]
    assert run.fqids == ["Windows System Error 87,New-NetIPAddress"]


def test_whatif_prints_both_stores(run: Runner) -> None:
    run("New-NetIPAddress -IPAddress 10.10.50.21 -InterfaceIndex 1 -WhatIf")
    assert run.host.lines == [
        'What if: Performing operation "New" on Target "NetIPAddress -IPv4Address 10.10.50.21 '
        '-InterfaceIndex 1 -Store Active"',
        'What if: Performing operation "New" on Target "NetIPAddress -IPv4Address 10.10.50.21 '
        '-InterfaceIndex 1 -Store Persistent"',
    ]
    assert len(run.state.addresses) == 1


def test_blog_alias_without_space_finds_nothing(run: Runner) -> None:
    run("New-VMSwitch VMNAT -SwitchType Internal")
    run('Get-NetIPAddress -InterfaceAlias "vEthernet(VMNAT)"')
    assert run.errors == [
        "No MSFT_NetIPAddress objects found with property 'InterfaceAlias' equal to "
        "'vEthernet(VMNAT)'.  Verify the value of the property and retry."
    ]


def test_query_form_for_several_filters(run: Runner) -> None:
    run("Get-NetIPAddress -InterfaceAlias xNetworkingLBA -AddressFamily IPv4")
    assert run.errors == [
        "No matching MSFT_NetIPAddress objects found by CIM query for instances of the "
        "ROOT/StandardCimv2/MSFT_NetIPAddress class on the  CIM server: SELECT * FROM "
        "MSFT_NetIPAddress  WHERE ((InterfaceAlias LIKE 'xNetworkingLBA')) AND "
        "((AddressFamily = 2)). Verify query parameters and retry."
    ]


def test_remove_netipaddress_prompts_per_store() -> None:
    run = Runner(answers=[2, 2])
    run("Remove-NetIPAddress -IPAddress 10.10.50.20")
    assert len(run.host.prompts) == 2 and run.host.prompts[1].endswith('-Store Persistent"')
    assert len(run.state.addresses) == 1
    run("Remove-NetIPAddress -IPAddress 10.10.50.20 -Confirm:false")
    assert run.state.addresses == ()


def test_set_netipaddress(run: Runner) -> None:
    run("Set-NetIPAddress -IPAddress 10.10.50.20 -PrefixLength 16")
    assert run.state.addresses[0].PrefixLength == 16


def test_ip_interface_rows(run: Runner) -> None:
    rows = run("Get-NetIPInterface")
    assert [(r.get("InterfaceAlias"), str(r.get("AddressFamily"))) for r in rows] == [
        ("Ethernet", "IPv6"),
        ("Ethernet", "IPv4"),
    ]
    (ipv4,) = run("Get-NetIPInterface -AddressFamily IPv4")
    assert ipv4.get("Dhcp") == "Disabled"


def test_get_netadapter_not_found_and_by_index(run: Runner) -> None:
    run("Get-NetAdapter -Name X")
    assert run.errors == [
        "No MSFT_NetAdapter objects found with property 'Name' equal to 'X'.  "
        "Verify the value of the property and retry."
    ]
    (eth,) = run("Get-NetAdapter -InterfaceIndex 1")
    assert eth.get("Name") == "Ethernet"


def test_default_gateway_adds_route(run: Runner) -> None:
    run(
        "New-NetIPAddress 10.10.50.22 -InterfaceAlias Ethernet -PrefixLength 24 -DefaultGateway 10.10.50.1"
    )
    assert [(r.DestinationPrefix, r.NextHop) for r in run.state.routes] == [
        ("0.0.0.0/0", "10.10.50.1")
    ]
