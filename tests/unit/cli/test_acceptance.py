"""Issue #2's acceptance, as a new user would try it: real processes, real store file."""

from __future__ import annotations

from support.cli import Cli

SWITCH_TABLE = """
Name  SwitchType NetAdapterInterfaceDescription
----  ---------- ------------------------------
VMNAT Internal

"""
NAT_LIST = """
Name                             : VMNAT
ExternalIPInterfaceAddressPrefix :
InternalIPInterfaceAddressPrefix : 192.168.0.0/24
IcmpQueryTimeout                 : 30
TcpEstablishedConnectionTimeout  : 1800
TcpTransientConnectionTimeout    : 120
TcpFilteringBehavior             : AddressDependentFiltering
UdpFilteringBehavior             : AddressDependentFiltering
UdpIdleSessionTimeout            : 120
UdpInboundRefresh                : False
Store                            : Local
Active                           : True


"""
MAPPING_LIST = """
StaticMappingID               : 0
NatName                       : VMNAT
Protocol                      : TCP
RemoteExternalIPAddressPrefix : 0.0.0.0/0
ExternalIPAddress             : 0.0.0.0
ExternalPort                  : 8080
InternalIPAddress             : 192.168.0.10
InternalPort                  : 80
InternalRoutingDomainId       : {00000000-0000-0000-0000-000000000000}
Active                        : True


"""


def _nat_host(cli: Cli) -> None:
    assert cli("New-VMSwitch", "–SwitchName", "VMNAT", "-SwitchType", "Internal").code == 0
    assert (
        cli(
            "New-NetIPAddress",
            "-IPAddress",
            "192.168.0.1",
            "-PrefixLength",
            "24",
            "-InterfaceAlias",
            "vEthernet (VMNAT)",
        ).code
        == 0
    )
    assert (
        cli(
            "new-netnat", "-name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"
        ).code
        == 0
    )


def test_switch_table_and_vnic(cli: Cli) -> None:
    made = cli("New-VMSwitch", "–SwitchName", "VMNAT", "-SwitchType", "Internal")
    assert (made.code, made.out, made.err) == (0, SWITCH_TABLE, "")
    assert cli("get-vmswitch").out == SWITCH_TABLE
    adapters = cli("Get-NetAdapter").out
    assert "vEthernet (VMNAT)     Hyper-V Virtual Ethernet Adapter" in adapters


def test_new_netnat_prints_the_12_row_list(cli: Cli) -> None:
    cli("New-VMSwitch", "–SwitchName", "VMNAT", "-SwitchType", "Internal")
    cli(
        "New-NetIPAddress",
        "-IPAddress",
        "192.168.0.1",
        "-PrefixLength",
        "24",
        "-InterfaceAlias",
        "vEthernet (VMNAT)",
    )
    made = cli(
        "new-netnat", "-name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"
    )
    assert (made.code, made.out, made.err) == (0, NAT_LIST, "")


def test_ambiguous_parameter(cli: Cli) -> None:
    _nat_host(cli)
    before = cli.store_bytes()
    bad = cli("New-NetNat", "-Name", "B", "-Int", "10.0.0.0/8")
    assert bad.code == 1 and bad.out == ""
    assert bad.err == (
        "New-NetNat : Parameter cannot be processed because the parameter name 'Int' is "
        "ambiguous. Possible matches include: -InternalIPInterfaceAddressPrefix "
        "-InternalRoutingDomainId.\n"
        "At line:1 char:20\n"
        "+ New-NetNat -Name B -Int 10.0.0.0/8\n"
        "+                    ~~~~\n"
        "    + CategoryInfo          : InvalidArgument: (:) [New-NetNat], ParameterBindingException\n"
        "    + FullyQualifiedErrorId : AmbiguousParameter,New-NetNat\n"
        "\n"
    )
    assert cli.store_bytes() == before


def test_misspelled_parameter(cli: Cli) -> None:
    _nat_host(cli)
    before = cli.store_bytes()
    bad = cli("New-NetNat", "-Nmae", "B")
    assert bad.code == 1
    assert bad.err.startswith(
        "New-NetNat : A parameter cannot be found that matches parameter name 'Nmae'.\n"
    )
    assert "FullyQualifiedErrorId : NamedParameterNotFound,New-NetNat" in bad.err
    assert cli.store_bytes() == before


def test_second_nat(cli: Cli) -> None:
    _nat_host(cli)
    before = cli.store_bytes()
    bad = cli("New-NetNat", "-Name", "B", "-InternalIPInterfaceAddressPrefix", "172.16.0.0/12")
    assert bad.code == 1 and bad.out == ""
    assert bad.err.splitlines()[0] == "New-NetNat : The parameter is incorrect."
    assert bad.err.splitlines()[4:6] == [
        "    + CategoryInfo          : InvalidArgument: (MSFT_NetNat:root/StandardCimv2/MSFT_NetNat)"
        " [New-NetNat], CimException",
        "    + FullyQualifiedErrorId : Windows System Error 87,New-NetNat",
    ]
    assert cli.store_bytes() == before


def test_static_mapping_and_remove(cli: Cli) -> None:
    _nat_host(cli)
    added = cli(
        "Add-NetNatStaticMapping",
        "-NatName",
        "VMNAT",
        "-Protocol",
        "TCP",
        "-ExternalIPAddress",
        "0.0.0.0/24",
        "-ExternalPort",
        "8080",
        "-InternalIPAddress",
        "192.168.0.10",
        "-InternalPort",
        "80",
    )
    assert (added.code, added.out) == (0, MAPPING_LIST)
    before = cli.store_bytes()
    refused = cli("Remove-NetNat")
    assert refused.code == 1
    assert "PowerShell is in NonInteractive mode." in refused.err
    assert cli.store_bytes() == before
    removed = cli("Remove-NetNat", "-Confirm:false")
    assert (removed.code, removed.out, removed.err) == (0, "", "")
    assert cli("Get-NetNat").out == ""


def test_confirm_false_spellings(cli: Cli) -> None:
    for spelling in ("-Confirm:0", "-Confirm:", "-Confirm:$false", "-cf:false"):
        _nat_host(cli) if not cli("Get-NetNat").out else None
        done = cli("Remove-NetNat", spelling)
        assert done.code == 0, (spelling, done.err)
        assert cli("Get-NetNat").out == ""
        cli.store.unlink()


def test_corrupt_store_is_reported_and_kept(cli: Cli) -> None:
    cli.store.write_text("schema = 1\n[[nat]\nName = 'x'\n")
    before = cli.store_bytes()
    for argv in (("Get-NetNat",), ("New-NetNat", "-Name", "X")):
        bad = cli(*argv)
        assert bad.code == 1
        assert str(cli.store) in bad.err
    assert cli.store_bytes() == before


def test_unknown_cmdlet(cli: Cli) -> None:
    bad = cli("Get-Foo", "-Bar")
    assert bad.code == 1
    assert bad.err.startswith(
        "Get-Foo : The term 'Get-Foo' is not recognized as the name of a cmdlet, function, "
        "script file, or operable program."
    )
    assert "CommandNotFoundException" in bad.err


def test_json_output(cli: Cli) -> None:
    _nat_host(cli)
    out = cli("-o", "json", "Get-NetNat").out
    assert out.startswith('{\n    "Name":  "VMNAT",\n')
    assert '"TcpFilteringBehavior":  1,' in out


def test_help(cli: Cli) -> None:
    top = cli("--help")
    assert top.code == 0 and "New-NetNat" in top.out and "Add-NetNatStaticMapping" in top.out
    syntax = cli("New-NetNat", "-?")
    assert syntax.code == 0
    assert "New-NetNat [-Name] <String> [-ExternalIPInterfaceAddressPrefix <String>]" in syntax.out


def test_whatif_changes_nothing(cli: Cli) -> None:
    _nat_host(cli)
    before = cli.store_bytes()
    done = cli("Remove-NetNat", "-WhatIf")
    assert done.out == "What if: Performing operation Delete on Target VMNAT PolicyStore Local\n"
    assert cli.store_bytes() == before


def test_prompt_answered_on_stdin_is_not_a_terminal(cli: Cli) -> None:
    _nat_host(cli)
    done = cli("--yes", "Remove-NetNat")
    assert done.code == 0 and cli("Get-NetNat").out == ""


def test_config_mode(cli: Cli) -> None:
    assert cli("config").out == "backend = state\nmode = strict\n"
    assert cli("config", "mode", "relaxed").code == 0
    assert cli("config", "mode").out == "mode = relaxed\n"
    bad = cli("config", "mode", "loose")
    assert bad.code == 1 and "strict, relaxed" in bad.err


def test_plan_prints_and_changes_nothing(cli: Cli) -> None:
    done = cli("plan", "New-VMSwitch", "-Name", "Lab", "-SwitchType", "Private")
    assert done.code == 0
    assert "+ switch Lab (Private)" in done.out
    assert not cli.store.exists()
