"""Windows features, the emulated services and the docker daemon's start logic (spec §4.3,
§5.1), and its configuration files, on the in-memory session."""

from __future__ import annotations

import pytest
from support.runner import Runner

from netnat.model.containers import ServiceStartMode, ServiceStatus
from netnat.model.state import Mode
from netnat.record import replace

DAEMON_JSON = r"C:\ProgramData\docker\config\daemon.json"
RUN_SCRIPT = r"C:\ProgramData\docker\runDockerDaemon.cmd"
SERVICE = "Microsoft.PowerShell.Commands."
CONTROLLER = "(System.ServiceProcess.ServiceController:ServiceController)"


@pytest.fixture
def host(run: Runner) -> Runner:
    """The Containers feature installed: docker, hns and vmcompute exist, stopped."""
    run("Install-WindowsFeature Containers")
    assert not run.errors
    return run


def _nets(run: Runner) -> list[tuple[object, object]]:
    return [(n.get("Name"), n.get("SubnetPrefix")) for n in run("Get-ContainerNetwork")]


def test_get_service_before_the_feature_fails_as_windows_does(run: Runner) -> None:
    assert run("Get-Service docker") == []
    (record,) = run.host.errors
    assert record.message == "Cannot find any service with service name 'docker'."
    assert record.category_info() == (
        "ObjectNotFound: (docker:String) [Get-Service], ServiceCommandException"
    )
    assert record.fqid == "NoServiceFoundForGivenName," + SERVICE + "GetServiceCommand"


def test_install_feature_adds_the_three_services_stopped(run: Runner) -> None:
    (result,) = run("Install-WindowsFeature Containers")
    assert (result.get("Success"), result.get("RestartNeeded"), result.get("FeatureResult")) == (
        True,
        "Yes",
        ["Containers"],
    )
    assert run.host.warnings == ["You must restart this server to finish the installation process."]
    rows = [(s.get("Status"), s.get("Name"), s.get("DisplayName")) for s in run("Get-Service")]
    assert rows == [
        (ServiceStatus.Stopped, "docker", "Docker Engine"),
        (ServiceStatus.Stopped, "hns", "Host Network Service"),
        (ServiceStatus.Stopped, "vmcompute", "Hyper-V Host Compute Service"),
    ]
    (again,) = run("Install-WindowsFeature Containers")
    assert (again.get("RestartNeeded"), again.get("ExitCode")) == ("No", "NoChangeNeeded")
    (feature,) = run("Get-WindowsFeature Containers")
    assert feature.get("InstallState") == "Installed"


def test_enable_optional_feature_installs_the_same(run: Runner) -> None:
    (image,) = run("Enable-WindowsOptionalFeature -Online -FeatureName Containers -All")
    assert image.get("RestartNeeded") is True
    assert [s.get("Name") for s in run("Get-Service")] == ["docker", "hns", "vmcompute"]
    run("Enable-WindowsOptionalFeature -Online -FeatureName Nope")
    run("Install-WindowsFeature Nope")
    assert run.errors == [
        "Feature name Nope is unknown.",
        "ArgumentNotValid: The role, role service, or feature name is not valid: 'Nope'. "
        "The name was not found.",
    ]


def test_start_docker_creates_the_default_nat_network_on_172_16_0_0_12(host: Runner) -> None:
    host("Start-Service docker")
    assert host.host.warnings[-1] == "Waiting for service 'Docker Engine (docker)' to start..."
    assert _nets(host) == [("nat", ["172.16.0.0/12"])]
    states = {s.get("Name"): s.get("Status") for s in host("Get-Service")}
    assert set(states.values()) == {ServiceStatus.Running}
    host("Stop-Service docker")
    assert host.host.warnings[-1] == "Waiting for service 'Docker Engine (docker)' to stop..."
    assert _nets(host) == [("nat", ["172.16.0.0/12"])]  # networks stay in HNS


@pytest.mark.parametrize(
    "configure",
    [
        "Set-DockerDaemon -AddArgument --fixed-cidr=192.168.1.0/24",
        "Set-DockerDaemon -AddArgument '--fixed-cidr 192.168.1.0/24'",
        "Set-DockerDaemon -FixedCidr 192.168.1.0/24",
        f"Set-Content -Path '{DAEMON_JSON}' -Value '{{\"fixed-cidr\": \"192.168.1.0/24\"}}'",
    ],
)
def test_fixed_cidr_sets_the_default_network(host: Runner, configure: str) -> None:
    host(configure)
    host("Start-Service docker")
    assert not host.errors, host.errors
    assert _nets(host) == [("nat", ["192.168.1.0/24"])]


@pytest.mark.parametrize(
    "configure",
    [
        "Set-DockerDaemon -AddArgument '-b \"none\"'",
        "Set-DockerDaemon -AddArgument '-b “none”'",
        "Set-DockerDaemon -AddArgument --bridge=none",
        "Set-DockerDaemon -Bridge none",
    ],
)
def test_bridge_none_means_no_default_network(host: Runner, configure: str) -> None:
    host(configure)
    host("Start-Service docker")
    assert not host.errors and _nets(host) == []
    assert host.state.services[0].Status is ServiceStatus.Running


def test_start_renames_the_first_nat_network_to_nat(host: Runner) -> None:
    host("New-ContainerNetwork -Name mynet -Mode NAT -SubnetPrefix 10.5.0.0/16")
    host("Start-Service docker")
    assert _nets(host) == [("nat", ["10.5.0.0/16"])]  # re-adopted, no second NAT


def test_start_fails_like_windows_when_another_nat_holds_the_host(nat_host: Runner) -> None:
    nat_host("Install-WindowsFeature Containers")
    nat_host("Start-Service docker")
    (record,) = nat_host.host.errors
    assert record.message == "Failed to start service 'Docker Engine (docker)'."
    assert record.category_info() == (
        f"OpenError: {CONTROLLER} [Start-Service], ServiceCommandException"
    )
    assert record.fqid == "StartServiceFailed," + SERVICE + "StartServiceCommand"
    assert nat_host.host.verbose == [] and nat_host.state.container_networks == ()
    assert nat_host.state.services[0].Status is ServiceStatus.Stopped


def test_relaxed_mode_lets_docker_start_beside_the_vm_nat(nat_host: Runner) -> None:
    relaxed = Runner(
        nat_host.state.with_(settings=replace(nat_host.state.settings, mode=Mode.RELAXED))
    )
    relaxed("Install-WindowsFeature Containers")
    relaxed("Start-Service docker")
    assert not relaxed.errors
    assert sorted(n.InternalIPInterfaceAddressPrefix for n in relaxed.state.nats) == [
        "172.16.0.0/12",
        "192.168.0.0/24",
    ]


def test_disabled_service_cannot_be_started(host: Runner) -> None:
    host("Set-Service docker -StartupType Disabled")
    host("Start-Service docker")
    (record,) = host.host.errors
    assert record.message == (
        "Service 'Docker Engine (docker)' cannot be started due to the following error: "
        "Cannot start service docker on computer '.'."
    )
    assert record.category_info() == (
        f"OpenError: {CONTROLLER} [Start-Service], ServiceCommandException"
    )
    assert record.fqid == "CouldNotStartService," + SERVICE + "StartServiceCommand"


def test_set_service_startup_type_typo_is_the_enum_binding_error(host: Runner) -> None:
    host("Set-Service docker -StartupType automaticac")
    (record,) = host.host.errors
    assert record.message == (
        "Cannot bind parameter 'StartupType'. Cannot convert value \"automaticac\" to type "
        '"System.ServiceProcess.ServiceStartMode". Error: "Unable to match the identifier name '
        "automaticac to a valid enumerator name. Specify one of the following enumerator names "
        'and try again:\nBoot, System, Automatic, Manual, Disabled"'
    )
    assert record.fqid == "CannotConvertArgumentNoMessage," + SERVICE + "SetServiceCommand"


def test_set_service_unknown_name_and_startup_type(host: Runner) -> None:
    host("Set-Service sshd -StartupType Automatic")
    (record,) = host.host.errors
    assert record.message == "Service sshd was not found on computer '.'."
    assert record.category_info() == (
        "ObjectNotFound: (.:String) [Set-Service], InvalidOperationException"
    )
    assert record.fqid == "InvalidOperationException," + SERVICE + "SetServiceCommand"
    host("Set-Service docker -StartupType Manual -Status Running")
    docker = host.state.services[0]
    assert (docker.StartType, docker.Status) == (ServiceStartMode.Manual, ServiceStatus.Running)


def test_start_service_unknown_name_and_restart(host: Runner) -> None:
    host("Start-Service nope")
    assert host.fqids == ["NoServiceFoundForGivenName," + SERVICE + "StartServiceCommand"]
    host("Restart-Service docker")
    assert host.host.warnings[-1] == "Waiting for service 'Docker Engine (docker)' to start..."
    assert host.state.services[0].Status is ServiceStatus.Running


def test_get_service_pipes_into_stop_service(host: Runner) -> None:
    host("Start-Service docker")
    host("Stop-Service", inputs=host("Get-Service hns,vmcompute"))
    states = [s.Status for s in host.state.services]
    assert states == [ServiceStatus.Running, ServiceStatus.Stopped, ServiceStatus.Stopped]


# ---- the daemon's configuration ----------------------------------------------------------


def test_daemon_json_round_trip_and_clash_with_a_flag(host: Runner) -> None:
    host(f"Set-Content -Path '{DAEMON_JSON}' -Value '{{\"bridge\": \"nat\"}}'")
    assert host.state.docker.DaemonJson == '{"bridge": "nat"}\r\n'
    host("Set-DockerDaemon -AddArgument:'-b none'")
    (daemon,) = host("Get-DockerDaemon")
    assert daemon.get("Problem") == (
        r"unable to configure the Docker daemon with file C:\ProgramData\docker\config"
        r"\daemon.json: the following directives are specified both as a flag and in the "
        "configuration file: bridge: (from flag: none, from file: nat)"
    )
    host("Start-Service docker")
    assert host.errors == ["Failed to start service 'Docker Engine (docker)'."]
    host("Set-DockerDaemon -Reset")
    host("Start-Service docker")
    assert len(host.errors) == 1
    assert _nets(host) == [("nat", ["172.16.0.0/12"])]


def test_editing_while_docker_runs_warns(host: Runner) -> None:
    host("Start-Service docker")
    host("Set-DockerDaemon -FixedCidr 10.9.0.0/16")
    assert host.host.warnings[-1] == (
        "The docker service is running: the change takes effect when it starts again "
        "(Restart-Service docker)."
    )
    host("Set-DockerDaemon -FixedCidr nonsense")
    assert host.errors == ["'nonsense' is not a prefix such as 192.168.1.0/24."]


def test_docker_configuration_needs_the_feature(run: Runner) -> None:
    run("Set-DockerDaemon -Bridge none")
    run(f"Set-Content -Path '{DAEMON_JSON}' -Value x")
    assert run.errors == [
        "The docker daemon is not installed: install the Containers feature first "
        "(Install-WindowsFeature Containers).",
        rf"Cannot find path '{DAEMON_JSON}' because it does not exist.",
    ]


def test_other_files_are_refused_with_path_not_found(host: Runner) -> None:
    host(r"Get-Content 'C:\Windows\win.ini'")
    host("Set-Content -Path /etc/passwd -Value x")
    host(r"Set-Content -Path 'Q:\x' -Value x")
    assert host.errors == [
        r"Cannot find path 'C:\Windows\win.ini' because it does not exist.",
        r"Cannot find path 'C:\etc\passwd' because it does not exist.",
        "Cannot find drive. A drive with the name 'Q' does not exist.",
    ]
    assert host.fqids[0] == "PathNotFound," + SERVICE + "GetContentCommand"
