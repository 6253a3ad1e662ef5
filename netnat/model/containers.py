"""Windows container host objects: HNS networks and endpoints, services, features, the docker
daemon's configuration files and the addresses admins give to VMs (frozen dataclasses)."""

from __future__ import annotations

from netnat.model.enums import NetEnum
from netnat.record import dataclass


class NetworkMode(NetEnum):
    """Container network modes of the TP5/WS2016 Containers module (numbers [inf])."""

    NAT = 0
    Transparent = 1
    L2Bridge = 2
    L2Tunnel = 3

    @classmethod
    def dotnet_name(cls) -> str:
        return "Microsoft.Containers.PowerShell.Objects.NetworkMode"  # [inf]


class ServiceStatus(NetEnum):
    Stopped = 1
    StartPending = 2
    StopPending = 3
    Running = 4
    ContinuePending = 5
    PausePending = 6
    Paused = 7

    @classmethod
    def dotnet_name(cls) -> str:
        return "System.ServiceProcess.ServiceControllerStatus"


class ServiceStartMode(NetEnum):
    Boot = 0
    System = 1
    Automatic = 2
    Manual = 3
    Disabled = 4

    @classmethod
    def dotnet_name(cls) -> str:
        return "System.ServiceProcess.ServiceStartMode"


@dataclass(frozen=True, slots=True)
class ContainerNetwork:
    """An HNS network. A NAT network owns the internal switch `SwitchId` (same Id) and the
    NetNat `NatName`; Transparent/L2 networks own an External switch."""

    Id: str
    Name: str
    Mode: NetworkMode
    SubnetPrefix: str = ""
    GatewayAddress: str = ""
    DNSServers: str = ""  # comma-separated
    DNSSuffix: str = ""
    NetworkAdapterName: str = ""
    SwitchId: str = ""
    NatName: str = ""
    SourceMac: str = ""


@dataclass(frozen=True, slots=True)
class ContainerEndpoint:
    """A container's attachment to a network: its address from the network's pool."""

    Id: str
    ContainerName: str
    NetworkId: str
    IPAddress: str
    PrefixLength: int
    MacAddress: str  # dashed form, 00-15-5D-..


@dataclass(frozen=True, slots=True)
class GuestAddress:
    """An address an admin configured inside a VM (on the VM network adapter `AdapterId`)."""

    AdapterId: str
    IPAddress: str
    PrefixLength: int


@dataclass(frozen=True, slots=True)
class Service:
    Name: str
    DisplayName: str
    StartType: ServiceStartMode
    Status: ServiceStatus = ServiceStatus.Stopped


@dataclass(frozen=True, slots=True)
class WindowsFeature:
    """An installed Windows feature (server role or optional feature), by its Name."""

    Name: str


@dataclass(frozen=True, slots=True)
class DockerConfig:
    """The daemon's two configuration files as the admin wrote them ("" = no such file)."""

    DaemonJson: str = ""  # C:\ProgramData\docker\config\daemon.json
    RunScript: str = ""  # C:\ProgramData\docker\runDockerDaemon.cmd (the dockerd line)
