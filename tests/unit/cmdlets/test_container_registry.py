"""The HKLM: switch registry over the State, Test-Path on the emulated drives, and
Restart-Computer, on the in-memory session."""

from __future__ import annotations

from support.runner import Runner

from netnat.model.containers import ServiceStartMode, ServiceStatus
from netnat.model.psobject import PSObject

PARAMS = r"HKLM:\SYSTEM\CurrentControlSet\Services\vmsmp\parameters"
SWITCH_LIST = PARAMS + r"\SwitchList"
NATIVE = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\vmsmp\parameters\SwitchList"
PROVIDER = "Microsoft.PowerShell.Core\\Registry"
MGMT = "Microsoft.PowerShell.Commands."


def _two_nats(run: Runner) -> Runner:
    """The multiple-NAT bug: two switches named nat (one of them docker's network)."""
    run("Install-WindowsFeature Containers")
    run("Start-Service docker")
    run("New-VMSwitch -SwitchName nat -SwitchType Internal")
    run("New-VMSwitch -SwitchName VMs -SwitchType Internal")
    assert not run.errors, run.errors
    return run


def test_switchlist_has_one_key_per_switch_named_by_its_id(run: Runner) -> None:
    _two_nats(run)
    keys = run(f"Get-ChildItem '{SWITCH_LIST}'")
    ids = sorted(s.Id for s in run.state.switches)
    assert [k.get("PSChildName") for k in keys] == ids
    key = keys[0]
    assert key.type_name == "Microsoft.Win32.RegistryKey"
    assert key.get("Name") == f"{NATIVE}\\{ids[0]}"
    assert key.get("PSPath") == f"{PROVIDER}::{NATIVE}\\{ids[0]}"
    assert key.get("PSParentPath") == f"{PROVIDER}::{NATIVE}"
    assert (key.get("PSDrive"), key.get("PSProvider"), key.get("PSIsContainer")) == (
        "HKLM",
        PROVIDER,
        True,
    )
    assert (key.get("Property"), key.get("SubKeyCount"), key.get("ValueCount")) == (
        ["FriendlyName"],
        0,
        1,
    )
    assert key.methods is not None
    names = {run.state.switch(i).Name for i in ids}  # type: ignore[union-attr]
    assert {k.methods["GetValue"]("FriendlyName") for k in keys if k.methods} == names
    assert key.methods["GetValue"]("Nope") is None
    assert key.methods["GetValueNames"]() == ["FriendlyName"]
    assert key.methods["GetSubKeyNames"]() == []
    assert key.methods["GetValueKind"]("FriendlyName") == "String"


def test_niclist_lists_network_adapters(run: Runner) -> None:
    run("New-VMSwitch -SwitchName VMs -SwitchType Internal")
    run("Add-VMNetworkAdapter -VMName web1 -SwitchName VMs")
    names = [
        k.methods["GetValue"]("FriendlyName") for k in run(f"gci '{PARAMS}\\NicList'") if k.methods
    ]
    assert sorted(names) == ["Network Adapter", "VMs"]
    assert [k.get("PSChildName") for k in run(f"Get-ChildItem '{PARAMS}'")] == [
        "NicList",
        "SwitchList",
    ]


def test_item_property_and_get_item(run: Runner) -> None:
    run("New-VMSwitch -SwitchName nat -SwitchType Internal")
    sid = run.state.switches[0].Id
    (props,) = run(f"Get-ItemProperty '{SWITCH_LIST}\\{sid}'")
    assert list(props.props)[:3] == ["FriendlyName", "PSPath", "PSParentPath"]
    assert props.get("FriendlyName") == "nat"
    (key,) = run(
        f"Get-Item 'hklm:/system/currentcontrolset/services/vmsmp/parameters/switchlist/{sid}'"
    )
    assert key.get("PSChildName") == sid
    run(f"Get-ItemProperty '{SWITCH_LIST}\\{sid}' -Name Nope")
    assert run.errors == [f"Property Nope does not exist at path {NATIVE}\\{sid}."]


def test_removing_a_switch_key_removes_the_switch(run: Runner) -> None:
    _two_nats(run)
    doomed = [s for s in run.state.switches if s.Name == "nat"]
    for sw in doomed:
        run(f"Remove-Item -Path '{SWITCH_LIST}\\{sw.Id}' -Recurse")
    assert [s.Name for s in run.state.switches] == ["VMs"]
    assert "vEthernet (nat)" not in [a.Name for a in run.state.adapters]
    assert not run.errors


def test_piped_keys_remove_by_their_pspath(run: Runner) -> None:
    _two_nats(run)
    run("Remove-Item -Recurse", inputs=run(f"Get-ChildItem '{SWITCH_LIST}'"))
    assert run.state.switches == ()


def test_a_key_with_children_asks_first_with_powershells_text() -> None:
    run = Runner(answers=[2])  # No
    run("New-VMSwitch -SwitchName nat -SwitchType Internal")
    run(f"Remove-Item -Path '{SWITCH_LIST}'")
    assert run.host.prompts == [
        f"The item at {SWITCH_LIST} has children and the Recurse parameter was not specified. "
        "If you continue, all children will be removed with the item. Are you sure you want to "
        "continue?"
    ]
    assert len(run.state.switches) == 1
    yes = Runner(run.state, answers=[0])
    yes(f"Remove-Item -Path '{SWITCH_LIST}'")
    assert yes.state.switches == ()


def test_whatif_changes_nothing(run: Runner) -> None:
    run("New-VMSwitch -SwitchName nat -SwitchType Internal")
    sid = run.state.switches[0].Id
    run(f"Remove-Item -Path '{SWITCH_LIST}\\{sid}' -Recurse -WhatIf")
    assert run.host.lines == [
        f'What if: Performing the operation "Remove Key" on target "Item: {NATIVE}\\{sid}".'
    ]
    assert len(run.state.switches) == 1


def test_paths_outside_the_emulated_drives_are_path_not_found(run: Runner) -> None:
    run("New-VMSwitch -SwitchName nat -SwitchType Internal")
    guid = run.state.switches[0].Id
    # the cleanup loop without $KeyPath: `\<guid>` is the root of the current drive, C:
    run(f"Remove-Item -Path '\\{guid}' -Recurse")
    (record,) = run.host.errors
    assert record.message == f"Cannot find path 'C:\\{guid}' because it does not exist."
    assert record.category_info() == (
        f"ObjectNotFound: (C:\\{guid}:String) [Remove-Item], ItemNotFoundException"
    )
    assert record.fqid == "PathNotFound," + MGMT + "RemoveItemCommand"
    run("Get-ChildItem 'HKLM:\\SOFTWARE\\Microsoft'")
    run("Get-ChildItem /etc")
    run("Remove-Item 'C:\\Windows' -Recurse")
    assert run.errors[1:] == [
        "Cannot find path 'HKLM:\\SOFTWARE\\Microsoft' because it does not exist.",
        "Cannot find path 'C:\\etc' because it does not exist.",
        "Cannot find path 'C:\\Windows' because it does not exist.",
    ]
    assert len(run.state.switches) == 1


def test_keys_above_parameters_are_not_removable(run: Runner) -> None:
    run("Remove-Item 'HKLM:\\SYSTEM' -Recurse")
    assert run.errors == ["Requested registry access is not allowed."]


def test_test_path_answers_for_the_registry_and_the_docker_files(run: Runner) -> None:
    def test_path(path: str) -> bool:
        from netnat.cmdlets.core_misc import item_kind

        class Ctx:
            state = run.state

        return item_kind(Ctx(), path) is not None  # type: ignore[arg-type]

    run("New-VMSwitch -SwitchName nat -SwitchType Internal")
    sid = run.state.switches[0].Id
    assert test_path(f"{SWITCH_LIST}\\{sid}") and test_path(SWITCH_LIST)
    assert test_path(f"Registry::{NATIVE}")
    assert not test_path(f"{SWITCH_LIST}\\nope") and not test_path("HKLM:\\SOFTWARE")
    daemon = r"C:\ProgramData\docker\config\daemon.json"
    assert not test_path(r"C:\ProgramData\docker")
    run("Install-WindowsFeature Containers")
    assert test_path(r"C:\ProgramData\docker\config") and not test_path(daemon)
    assert test_path(r"C:\ProgramData\docker\runDockerDaemon.cmd")
    run("Set-DockerDaemon -Bridge none")
    assert test_path(daemon) and not test_path(r"C:\Windows")


# ---- Restart-Computer --------------------------------------------------------------------


def test_restart_drops_networks_without_a_switch_and_starts_automatic_services(run: Runner) -> None:
    _two_nats(run)
    for key in run(f"Get-ChildItem '{SWITCH_LIST}'"):
        if key.methods and key.methods["GetValue"]("FriendlyName") == "nat":
            run(f"Remove-Item -Path '{key.get('PSPath')}' -Recurse")
    run("Remove-NetNat -Confirm:$false")
    assert len(run.state.container_networks) == 1  # HNS still has it
    run("Restart-Computer")
    assert not run.errors
    # docker (Automatic) started again and, with no nat network left, created a fresh one
    assert [n.Name for n in run.state.container_networks] == ["nat"]
    assert sorted(s.Name for s in run.state.switches) == ["VMs", "nat"]
    assert len(run.state.nats) == 1
    statuses = {s.Name: s.Status for s in run.state.services}
    assert statuses == {n: ServiceStatus.Running for n in ("docker", "hns", "vmcompute")}


def test_restart_leaves_manual_services_stopped_and_reports_a_failed_start(
    nat_host: Runner,
) -> None:
    nat_host("Install-WindowsFeature Containers")
    nat_host("Restart-Computer")  # docker is Automatic, but the VMNAT NAT holds the host
    assert nat_host.host.warnings[-1] == (
        "After the restart, the service Docker Engine (docker) did not start: Error starting "
        "daemon: Error initializing network controller: Error creating default network: HNS "
        "failed with error : The object already exists."
    )
    assert {s.Status for s in nat_host.state.services} == {ServiceStatus.Stopped}
    nat_host("Set-Service docker -StartupType Manual")
    nat_host("Restart-Computer")
    docker = nat_host.state.services[0]
    assert (docker.StartType, docker.Status) == (ServiceStartMode.Manual, ServiceStatus.Stopped)


def test_restart_computer_whatif_and_remote(run: Runner) -> None:
    run("Restart-Computer -WhatIf")
    assert run.host.lines == [
        'What if: Performing the operation "Enable the Local shutdown access rights and restart '
        'the computer." on target "localhost (NETNAT-HOST)".'
    ]
    run("Restart-Computer -ComputerName server2")
    assert run.fqids == ["RemoteNotSupported,Microsoft.PowerShell.Commands.RestartComputerCommand"]


def test_registry_key_renders_with_its_hive_header(run: Runner) -> None:
    from netnat.output import render

    run("New-VMSwitch -SwitchName nat -SwitchType Internal")
    keys: list[object] = list(run(f"Get-ChildItem '{SWITCH_LIST}'"))
    sid = run.state.switches[0].Id
    assert isinstance(keys[0], PSObject)
    assert render(keys, "default", 120) == (
        f"\n\n    Hive: {NATIVE}\n\n\n"
        "Name                           Property\n"
        "----                           --------\n"
        f"{sid[:27]}... FriendlyName : nat\n\n"
    )


class RecordingKernel:
    """The backend's whole-kernel hooks, as the linux backend offers them."""

    def __init__(self) -> None:
        self.synced: list[object] = []

    def sync(self, state: object) -> object:
        self.synced.append(state)
        return None

    def drift(self, state: object) -> list[str]:
        return []


def test_restart_rebuilds_the_kernel_from_the_committed_store(run: Runner) -> None:
    kernel = RecordingKernel()
    run.session.kernel = kernel
    run("Install-WindowsFeature Containers")
    run("Restart-Computer")
    # the reboot's state is committed first, then every kernel object is rebuilt from it
    assert kernel.synced == [run.session.committed] and run.committer.commits[-1] is run.state
    assert run.state.services[0].Status is ServiceStatus.Running
