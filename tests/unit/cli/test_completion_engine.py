"""What TAB offers, in process: commands, parameters in any dash form, enum and live values."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.interactive import write_lab

from netnat.cli.completion import answer
from netnat.cli.completion_engine import Request, complete
from netnat.cli.completion_words import PS, split_line


@pytest.fixture(autouse=True)
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = write_lab(tmp_path / "state.toml")
    monkeypatch.setenv("NETNAT_STORE", str(store))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return store


def fish(line: str) -> list[str]:
    """Candidates as fish gets them (unquoted), without descriptions."""
    return [entry.split("\t")[0] for entry in answer("fish", line) or []]


def test_cmdlet_names_ignore_case() -> None:
    assert fish("netnat New-Ne") == ["New-NetIPAddress", "New-NetNat"]
    assert fish("netnat new-netn") == ["New-NetNat"]
    assert "Remove-NetNatStaticMapping" in fish("netnat remove-")


def test_aliases_and_subcommands_complete_too() -> None:
    assert fish("netnat gcm") == ["gcm"]
    assert fish("netnat top") == ["topology"]
    assert fish("netnat *NatGlobal") == ["Get-NetNatGlobal", "Set-NetNatGlobal"]


def test_descriptions_are_the_synopses() -> None:
    assert answer("fish", "netnat New-NetN") == [
        "New-NetNat\tCreates a NAT object (WinNAT) that translates an internal prefix."
    ]


def test_parameter_names_after_any_dash() -> None:
    assert fish("netnat New-NetNat -Int") == [
        "-InternalIPInterfaceAddressPrefix",
        "-InternalRoutingDomainId",
    ]
    assert fish("netnat New-NetNat –int") == [
        "–InternalIPInterfaceAddressPrefix",
        "–InternalRoutingDomainId",
    ]
    assert fish("netnat New-NetNat —Wh") == ["—WhatIf"]


def test_an_alias_prefix_offers_the_alias() -> None:
    assert fish("netnat New-VMSwitch -SwitchN") == ["-SwitchName"]


def test_bound_parameters_are_not_offered_again() -> None:
    assert "-Name" not in fish("netnat New-NetNat -Name X -")
    assert "-Name" in fish("netnat New-NetNat -")


@pytest.mark.parametrize(
    ("line", "values"),
    [
        ("netnat New-VMSwitch -SwitchType ", ["Private", "Internal"]),
        ("netnat Add-NetNatStaticMapping -Protocol ", ["TCP", "UDP"]),
        ("netnat Add-NetNatStaticMapping -Protocol u", ["UDP"]),
        ("netnat Set-NetNat -TcpFilteringBehavior a", ["AddressDependentFiltering"]),
        ("netnat Get-NetNat -ErrorAction si", ["SilentlyContinue"]),
        ("netnat Remove-NetNat -Confirm:", ["-Confirm:true", "-Confirm:false"]),
    ],
)
def test_enum_and_validate_set_values(line: str, values: list[str]) -> None:
    assert fish(line) == values


def test_container_network_modes_when_declared() -> None:
    from netnat.cmdlets.registry import resolve

    if resolve("New-ContainerNetwork") is None:
        pytest.skip("container cmdlets are not in this build yet (issue #4)")
    assert fish("netnat New-ContainerNetwork -Mode ") == [
        "NAT",
        "Transparent",
        "L2Bridge",
        "L2Tunnel",
    ]


def test_nat_names_from_the_store() -> None:
    assert fish("netnat Remove-NetNat -Name ") == ["VMNAT", "Lab NAT"]
    assert fish("netnat Get-NetNat l") == ["Lab NAT"]  # positional -Name
    assert fish("netnat Get-NetNatStaticMapping -NatName vm") == ["VMNAT"]


def test_switch_names_interface_aliases_and_mapping_ids() -> None:
    assert fish("netnat Get-VMSwitch -Name ") == ["VMNAT", "My Switch"]
    assert fish("netnat Add-VMNetworkAdapter -VMName web1 -SwitchName my") == ["My Switch"]
    assert fish("netnat New-NetIPAddress -InterfaceAlias vEth") == [
        "vEthernet (VMNAT)",
        "vEthernet (My Switch)",
    ]
    assert fish("netnat Remove-NetNatStaticMapping -StaticMappingID ") == ["0"]
    assert fish("netnat Remove-NetNatStaticMapping -NatName 'Lab NAT' -StaticMappingID ") == []


def test_new_names_are_not_offered() -> None:
    assert fish("netnat New-NetNat -Name ") == []
    assert fish("netnat New-VMSwitch -Name ") == []


def test_colon_form_and_arrays_keep_what_was_typed() -> None:
    assert fish("netnat Get-VMSwitch -Name:my") == ["-Name:My Switch"]
    assert fish("netnat Get-NetNat -Name VMNAT,l") == ["VMNAT,Lab NAT"]


def test_global_options_and_subcommands() -> None:
    assert fish("netnat --st") == ["--store"]
    assert fish("netnat -o ") == ["default", "table", "list", "json"]
    assert fish("netnat --store /x Remove-NetNat -Name ") == []  # that store does not exist
    assert fish("netnat -y --define a=b -D c=d -o list Get-NetNat -Name v") == ["VMNAT"]
    assert fish("netnat completion ") == ["bash", "zsh", "fish", "pwsh"]
    assert fish("netnat config mode r") == ["relaxed"]
    assert fish("netnat topology --format ") == ["tree", "dot"]
    assert fish("netnat help new-netn") == ["New-NetNat"]
    assert fish("netnat plan Remove-NetNat -Name l") == ["Lab NAT"]


def test_file_names_are_left_to_the_shell() -> None:
    assert answer("bash", "netnat run ex", "ex") is None
    assert answer("bash", "netnat --store ", "") is None


def test_get_command_nouns_and_verbs() -> None:
    assert "NetNat" in fish("netnat Get-Command -Noun Net")
    assert fish("netnat Get-Command -Verb rem") == ["Remove"]
    assert fish("netnat Get-Help -Name get-netnatse") == ["Get-NetNatSession"]


# ---- bash and PowerShell get quoted text ----------------------------------------------------


def test_bash_quotes_a_name_with_spaces_as_one_word() -> None:
    assert answer("bash", "netnat Get-VMSwitch -Name My", "My") == ["'My Switch'"]
    assert answer("bash", "netnat Remove-NetNat -Name ", "") == ["VMNAT", "'Lab NAT'"]


def test_bash_inside_a_quote_the_user_opened() -> None:
    assert answer("bash", 'netnat Get-VMSwitch -Name "My', '"My') == ["My Switch"]
    assert answer("bash", "netnat Get-VMSwitch -Name 'My", "'My") == ["My Switch"]


def test_bash_after_a_colon_that_bash_split_off() -> None:
    assert answer("bash", "netnat Get-VMSwitch -Name:My", "My") == ["'My Switch'"]
    assert answer("bash", "netnat Get-VMSwitch -Name:", ":") == [":VMNAT", "':My Switch'"]


def test_powershell_quotes_values_only() -> None:
    assert answer("pwsh", "netnat Get-VMSwitch -Name My") == ["'My Switch'\tInternal switch"]
    assert answer("pwsh", "netnat Get-VMSwitch -Name:My") == ["-Name:'My Switch'\tInternal switch"]
    assert answer("pwsh", "netnat gcm") == ["gcm\talias of Get-Command"]


# ---- the shell's own completion ---------------------------------------------------------------


def shell_request(text: str, variables: list[str] | None = None) -> list[str]:
    words, current = split_line(text, PS)
    request = Request(words, current, PS, program=False, variables=lambda: variables or [])
    return [c.text for c in complete(request)]


def test_shell_statements_start_with_the_command() -> None:
    assert shell_request("New-VMSw") == ["New-VMSwitch"]
    assert shell_request("Get-NetNat | Remove-NetNat -Name v") == ["VMNAT"]
    assert shell_request("Remove-NetNat -Confirm:") == ["-Confirm:$true", "-Confirm:$false"]


def test_shell_variables() -> None:
    assert shell_request("$na", ["nat", "NatName", "x"]) == ["$nat", "$NatName"]


def test_container_network_names_when_the_model_has_them(lab: Path) -> None:
    from support.interactive import lab_state
    from support.runner import Runner

    from netnat.cmdlets.registry import resolve
    from netnat.store.file import Store

    if resolve("New-ContainerNetwork") is None:
        pytest.skip("container cmdlets are not in this build yet (issue #4)")
    run = Runner(lab_state())
    run("New-ContainerNetwork -Name 'Web Net' -Mode Transparent -NetworkAdapterName Ethernet")
    if run.errors:
        pytest.skip(f"container networks do not work yet: {run.errors}")
    store = Store(lab)
    store.load()
    store.save(run.state)
    assert fish("netnat Get-ContainerNetwork -Name w") == ["Web Net"]
    assert answer("bash", "netnat Remove-ContainerNetwork -Name W", "W") == ["'Web Net'"]
