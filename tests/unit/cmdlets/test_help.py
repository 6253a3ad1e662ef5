"""Get-Help over the declarations, and every example in the help run on the state backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.runner import Runner

from netnat.backends.registry import get_backend
from netnat.binding.decl import Cmdlet, Example
from netnat.binding.syntax import syntax
from netnat.cli.commit import StoreCommitter
from netnat.cmdlets.registry import all_cmdlets, resolve
from netnat.engine.host import RecordingHost
from netnat.engine.script import run_text
from netnat.engine.session import Session
from netnat.model.state import State
from netnat.store.file import Store

EXAMPLES = [
    pytest.param(cmdlet, number, example, id=f"{cmdlet.name}-{number}")
    for cmdlet in all_cmdlets()
    for number, example in enumerate(cmdlet.examples, 1)
]


def help_text(line: str) -> str:
    """The text Get-Help writes for `line`, run as a runbook."""
    host = RecordingHost()
    result = run_text(line, Session(State.initial(), host), resolve)
    assert result.code == 0, [e.message for e in host.errors]
    assert all(isinstance(o, str) for o in host.output)
    return "\n".join(str(o) for o in host.output)


@pytest.mark.parametrize("cmdlet", all_cmdlets(), ids=lambda c: c.name)
def test_every_cmdlet_has_an_example(cmdlet: Cmdlet) -> None:
    assert cmdlet.examples, f"{cmdlet.name} needs at least one example"
    assert cmdlet.synopsis, f"{cmdlet.name} needs a synopsis"


@pytest.mark.parametrize(("cmdlet", "number", "example"), EXAMPLES)
def test_every_example_runs_on_the_state_backend(
    cmdlet: Cmdlet, number: int, example: Example, tmp_path: Path
) -> None:
    backend = get_backend("state")
    host = RecordingHost()
    session = Session(
        State.initial(),
        host,
        StoreCommitter(Store(tmp_path / "s.toml"), backend),
        sessions=backend.sessions,
    )
    result = run_text(example.code, session, resolve)
    assert result.parse_errors == []
    assert [e.message for e in host.errors] == []
    assert result.code == 0
    assert host.prompts == []  # examples never stop at a prompt


def test_default_view() -> None:
    text = help_text("Get-Help New-NetNat")
    cmdlet = resolve("New-NetNat")
    assert cmdlet is not None
    assert text.startswith("\nNAME\n    New-NetNat\n\nSYNOPSIS\n    Creates a NAT object")
    assert "\nSYNTAX\n    New-NetNat [-Name] <String> [-ExternalIPInterfaceAddressPrefix" in text
    assert "\nDESCRIPTION\n" in text
    assert 'To see the examples, type: "Get-Help New-NetNat -Examples".' in text
    assert "PARAMETERS" not in text and "EXAMPLES" not in text


def test_syntax_has_one_paragraph_per_parameter_set() -> None:
    text = help_text("Get-Help New-VMSwitch")
    cmdlet = resolve("New-VMSwitch")
    assert cmdlet is not None
    assert text.count("\n    New-VMSwitch [-Name] <String>") == len(syntax(cmdlet)) == 3
    assert "-SwitchType {Internal | Private}" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_examples_view() -> None:
    text = help_text("Get-Help Add-NetNatStaticMapping -Examples")
    assert "-------------------------- Example 1 --------------------------" in text
    assert "PS C:\\> Add-NetNatStaticMapping -NatName VMNAT -Protocol TCP" in text
    assert "Publishes the web server of a VM on port 8080" in text
    assert "SYNTAX" not in text


def test_full_view_describes_every_parameter() -> None:
    text = help_text("Get-Help New-VMSwitch -Full")
    assert "    -Name <String>\n        The name of the switch." in text
    block = text.split("    -SwitchType <VMSwitchType>\n", 1)[1].split("\n\n    -", 1)[0]
    assert "Accepted values: Private, Internal." in block
    assert "Required?                    true (SwitchType)" in block
    assert "Position?                    named" in block
    assert "Aliases                      none" in block
    assert "Aliases                      SwitchName" in text
    assert "Accept pipeline input?       true (ByPropertyName)" in text
    assert "<CommonParameters>" in text
    assert "\nINPUTS\n" in text and "\nOUTPUTS\n" in text and "\nEXAMPLES\n" in text


def test_detailed_view_and_one_parameter() -> None:
    detailed = help_text("Get-Help Remove-NetNat -Detailed")
    assert "    -Name <String[]>\n" in detailed and "Required?" not in detailed
    assert "EXAMPLES" in detailed
    one = help_text("Get-Help Add-NetNatStaticMapping -Parameter Proto*")
    assert one.strip().startswith("-Protocol <Protocol>")
    assert "Accepted values: TCP, UDP." in one


def test_every_cmdlet_renders_in_every_view() -> None:
    for cmdlet in all_cmdlets():
        for view in ("", " -Full", " -Detailed", " -Examples"):
            assert cmdlet.name in help_text(f"Get-Help {cmdlet.name}{view}")


def test_aliases_wildcards_and_the_overview() -> None:
    assert "\n    Get-Command\n" in help_text("help gcm")
    assert "\n    Get-NetNat\n" in help_text("man Get-NetNat")
    assert "Get-Command -Noun NetNat" in help_text("Get-Help")
    run = Runner()
    listed = run("Get-Help *NetNatStatic*")
    assert [o.get("Name") for o in listed] == [
        "Add-NetNatStaticMapping",
        "Get-NetNatStaticMapping",
        "Remove-NetNatStaticMapping",
    ]
    assert listed[0].get("Module") == "NetNat" and listed[0].get("Category") == "Function"


def test_an_unknown_name_is_an_error() -> None:
    run = Runner()
    run("Get-Help Get-Nothing")
    assert run.fqids == ["HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand"]
    assert run("Get-Help *Nothing*") == [] and len(run.fqids) == 1


def test_get_command_by_noun_and_verb() -> None:
    run = Runner()
    nouns = [str(o.get("Name")) for o in run("Get-Command -Noun NetNat")]
    assert {"Get-NetNat", "New-NetNat", "Remove-NetNat", "Set-NetNat"} <= set(nouns)
    assert all(n.split("-", 1)[1] == "NetNat" for n in nouns) and nouns == sorted(nouns)
    verbs = [str(o.get("Name")) for o in run("Get-Command -Verb Remove")]
    assert "Remove-NetNat" in verbs and "Remove-VMSwitch" in verbs
    assert all(v.startswith("Remove-") for v in verbs)
    helps = run("Get-Command -Name Get-Help")
    assert helps[0].get("Source") == "Microsoft.PowerShell.Core"
