"""The blog's scripts (shared/seed/winnat-blog.txt) parse literally, with the expected AST shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from netnat.errors import ParseError
from netnat.lang import ast
from netnat.lang.clean import clean_paste
from netnat.lang.dump import dump
from netnat.lang.parser import parse

SEED = Path(__file__).resolve().parents[4] / "shared" / "seed" / "winnat-blog.txt"
DEFINES = {
    "shared prefix": "192.168.0.0/16",
    "container prefix": "192.168.1.0/24",
    "name of vSwitch": "nat",
    "IPAddress": "192.168.1.1",
}

# "Configuration Example", pasted as it is: bullets, prose, PS C:\> prompts, curly quotes, en-dashes.
SHARED_NAT = r"""Example
-
User has connected VMs to a NAT network through an internal vSwitch named “VMNAT” and now wants to install Windows Container feature with docker engine
-
PS C:\> Get-NetNat “VMNAT”| Remove-NetNat (this will remove the NAT but keep the internal vSwitch).
- Install Windows Container Feature
- DO NOT START Docker Service (daemon)
- Edit the arguments passed to the docker daemon (dockerd) by adding --fixed-cidr=<container prefix> parameter. This tells docker to create a default nat network with the IP subnet <container prefix> (e.g. 192.168.1.0/24) so that HNS can allocate IPs from this prefix.
-
PS C:\> Start-Service Docker; Stop-Service Docker
-
PS C:\> Get-NetNat | Remove-NetNAT (again, this will remove the NAT but keep the internal vSwitch)
-
PS C:\> New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix <shared prefix>
-
PS C:\> Start-Service docker
-
Docker/HNS will assign IPs to Windows containers from the <container prefix>
Admin will assign IPs to VMs from the difference set of the <shared prefix> and <container prefix>
-
User has installed Windows Container feature with docker engine running and now wants to connect VMs to the NAT network
-
PS C:\> Stop-Service docker
-
PS C:\> Get-ContainerNetwork | Remove-ContainerNetwork -force
-
PS C:\> Get-NetNat | Remove-NetNat (this will remove the NAT but keep the internal vSwitch)
- Edit the arguments passed to the docker daemon (dockerd) by adding -b “none” option to the end of docker daemon (dockerd) command to tell docker not to create a default NAT network.
-
PS C:\> New-ContainerNetwork –name nat –Mode NAT –subnetprefix <container prefix> (create a new NAT and internal vSwitch – HNS will allocate IPs to container endpoints attached to this network from the <container prefix>)
-
PS C:\> Get-Netnat | Remove-NetNAT (again, this will remove the NAT but keep the internal vSwitch)
-
PS C:\> New-NetNat -Name SharedNAT -InternalIPInterfaceAddressPrefix <shared prefix>
-
PS C:\> New-VirtualSwitch -Type internal (attach VMs to this new vSwitch)
-
PS C:\> Start-Service docker
-
Docker/HNS will assign IPs to Windows containers from the <container prefix>
Admin will assign IPs to VMs from the difference set of the <shared prefix> and <container prefix>
In the end, you should have two internal VM switches and one NetNat shared between them."""

# "Troubleshooting": the five commands, with the blog's placeholders.
TROUBLESHOOTING = r"""Get-NetNat
Get-NetNat | Remove-NetNat
Get-VMSwitch
Get-NetIPAddress -InterfaceAlias "vEthernet(<name of vSwitch>)"
Remove-NetIPAddress -InterfaceAlias "vEthernet(<name of vSwitch>)" -IPAddress <IPAddress>"""

# "Removing Multiple NATs".
REMOVE_MULTIPLE_NATS = r"""$KeyPath = "HKLM:\SYSTEM\CurrentControlSet\Services\vmsmp\parameters\SwitchList"
$keys = get-childitem $KeyPath
foreach($key in $keys)
{
if ($key.GetValue("FriendlyName") -eq 'nat')
{
$newKeyPath = $KeyPath+"\"+$key.PSChildName
Remove-Item -Path $newKeyPath -Recurse
}
}
remove-netnat -Confirm:$false
Get-ContainerNetwork | Remove-ContainerNetwork"""


def statements(text: str, defines: dict[str, str] | None = None) -> list[tuple[int, str]]:
    cleaned = clean_paste(text, defines)
    assert cleaned.missing_placeholders == ()
    script = parse(cleaned.text, line_map=cleaned.line_map)
    return [(s.span.line, dump(s)) for s in script.statements]


def test_shared_nat_scenario() -> None:
    cleaned = clean_paste(SHARED_NAT)
    assert cleaned.transcript
    assert cleaned.missing_placeholders == ("<shared prefix>", "<container prefix>")
    assert len(cleaned.warnings) == 6
    assert statements(SHARED_NAT, DEFINES) == [
        (5, "(Pipeline [(Command 'Get-NetNat' [(Str 'VMNAT')]) (Command 'Remove-NetNat')])"),
        (10, "(Pipeline [(Command 'Start-Service' ['Docker'])])"),
        (10, "(Pipeline [(Command 'Stop-Service' ['Docker'])])"),
        (12, "(Pipeline [(Command 'Get-NetNat') (Command 'Remove-NetNAT')])"),
        (14, "(Pipeline [(Command 'New-NetNat' [-Name 'SharedNAT' "
             "-InternalIPInterfaceAddressPrefix '192.168.0.0/16'])])"),
        (16, "(Pipeline [(Command 'Start-Service' ['docker'])])"),
        (23, "(Pipeline [(Command 'Stop-Service' ['docker'])])"),
        (25, "(Pipeline [(Command 'Get-ContainerNetwork') (Command 'Remove-ContainerNetwork' [-force])])"),
        (27, "(Pipeline [(Command 'Get-NetNat') (Command 'Remove-NetNat')])"),
        (30, "(Pipeline [(Command 'New-ContainerNetwork' [-name 'nat' -Mode 'NAT' "
             "-subnetprefix '192.168.1.0/24'])])"),
        (32, "(Pipeline [(Command 'Get-Netnat') (Command 'Remove-NetNAT')])"),
        (34, "(Pipeline [(Command 'New-NetNat' [-Name 'SharedNAT' "
             "-InternalIPInterfaceAddressPrefix '192.168.0.0/16'])])"),
        (36, "(Pipeline [(Command 'New-VirtualSwitch' [-Type 'internal'])])"),
        (38, "(Pipeline [(Command 'Start-Service' ['docker'])])"),
    ]  # fmt: skip


def test_shared_nat_en_dash_parameters_keep_their_text() -> None:
    cleaned = clean_paste(SHARED_NAT, DEFINES)
    script = parse(cleaned.text, line_map=cleaned.line_map)
    pipeline = script.statements[9]
    assert isinstance(pipeline, ast.Pipeline)
    command = pipeline.elements[0]
    assert isinstance(command, ast.CommandNode)
    first = command.elements[0]
    assert isinstance(first, ast.CommandParameter)
    assert (first.name, first.text) == ("name", "\u2013name")
    assert first.span.line_text.startswith("PS C:\\> New-ContainerNetwork")
    assert first.span.col == len("PS C:\\> New-ContainerNetwork ") + 1


def test_troubleshooting_block() -> None:
    assert clean_paste(TROUBLESHOOTING).missing_placeholders == ("<name of vSwitch>", "<IPAddress>")
    assert statements(TROUBLESHOOTING, DEFINES) == [
        (1, "(Pipeline [(Command 'Get-NetNat')])"),
        (2, "(Pipeline [(Command 'Get-NetNat') (Command 'Remove-NetNat')])"),
        (3, "(Pipeline [(Command 'Get-VMSwitch')])"),
        (4, "(Pipeline [(Command 'Get-NetIPAddress' [-InterfaceAlias (Str 'vEthernet(nat)')])])"),
        (5, "(Pipeline [(Command 'Remove-NetIPAddress' [-InterfaceAlias (Str 'vEthernet(nat)') "
            "-IPAddress '192.168.1.1'])])"),
    ]  # fmt: skip


def test_remove_multiple_nats() -> None:
    got = statements(REMOVE_MULTIPLE_NATS)
    assert got == [
        (1, "(Assignment $KeyPath '=' (Pipeline [(Expr (Str "
            "'HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\vmsmp\\\\parameters\\\\SwitchList'))]))"),
        (2, "(Assignment $keys '=' (Pipeline [(Command 'get-childitem' [$KeyPath])]))"),
        (3, "(Foreach $key (Pipeline [(Expr $keys)]) (StatementBlock [(If [(IfClause "
            "(Pipeline [(Expr (Binary '-eq' (InvokeMember $key 'GetValue' [(Str 'FriendlyName')]) "
            "(Str 'nat')))]) (StatementBlock [(Assignment $newKeyPath '=' (Pipeline [(Expr "
            "(Binary '+' (Binary '+' $KeyPath (Str '\\\\')) (MemberAccess $key 'PSChildName')))])) "
            "(Pipeline [(Command 'Remove-Item' [-Path $newKeyPath -Recurse])])]))])]))"),
        (11, "(Pipeline [(Command 'remove-netnat' [(-Confirm: $false)])])"),
        (12, "(Pipeline [(Command 'Get-ContainerNetwork') (Command 'Remove-ContainerNetwork')])"),
    ]  # fmt: skip


def test_unfilled_placeholders_are_refused_before_parsing() -> None:
    cleaned = clean_paste(TROUBLESHOOTING, {"IPAddress": "1.2.3.4"})
    assert cleaned.missing_placeholders == ("<name of vSwitch>",)


def test_whole_seed_file() -> None:
    if not SEED.exists():
        pytest.skip(f"seed file not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    cleaned = clean_paste(text, DEFINES)
    assert cleaned.transcript  # prompts in the post: only the prompted lines are code
    script = parse(cleaned.text, line_map=cleaned.line_map)
    lines = text.split("\n")
    assert [lines[s.span.line - 1][:8] for s in script.statements] == ["PS C:\\> "] * 14


def test_prose_pasted_without_prompts_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse("- Make sure you only have one NAT\nGet-NetNat")
