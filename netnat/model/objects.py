"""The host network's objects as frozen dataclasses; field names are the Windows property names.

Only what cannot be derived is stored: a NAT's defaults, a switch's Id, an adapter's ifIndex.
What Windows shows beyond that (InterfaceAlias, AddressState, counters) is computed in
`netnat.model.present` when an object is emitted.
"""

from __future__ import annotations

from netnat.model.enums import (
    FilteringBehaviorType,
    HairpinningMode,
    IPAddressType,
    NatStore,
    PrefixOrigin,
    Protocol,
    SuffixOrigin,
    VMSwitchBandwidthMode,
    VMSwitchType,
)
from netnat.record import dataclass

ZERO_ROUTING_DOMAIN = "{00000000-0000-0000-0000-000000000000}"


@dataclass(frozen=True, slots=True)
class NetNat:
    Name: str
    InternalIPInterfaceAddressPrefix: str = ""
    ExternalIPInterfaceAddressPrefix: str = ""
    InternalRoutingDomainId: str = ""
    IcmpQueryTimeout: int = 30
    TcpEstablishedConnectionTimeout: int = 1800
    TcpTransientConnectionTimeout: int = 120
    TcpFilteringBehavior: FilteringBehaviorType = FilteringBehaviorType.AddressDependentFiltering
    UdpFilteringBehavior: FilteringBehaviorType = FilteringBehaviorType.AddressDependentFiltering
    UdpIdleSessionTimeout: int = 120
    UdpInboundRefresh: bool = False
    Store: NatStore = NatStore.Local
    Active: bool = True


@dataclass(frozen=True, slots=True)
class StaticMapping:
    StaticMappingID: int
    NatName: str
    Protocol: Protocol
    ExternalIPAddress: str
    ExternalPort: int
    InternalIPAddress: str
    InternalPort: int
    RemoteExternalIPAddressPrefix: str = "0.0.0.0/0"
    InternalRoutingDomainId: str = ZERO_ROUTING_DOMAIN
    Active: bool = True


@dataclass(frozen=True, slots=True)
class ExternalAddress:
    ExternalAddressID: int
    NatName: str
    IPAddress: str
    PortStart: int = 0
    PortEnd: int = 0
    Active: bool = True


@dataclass(frozen=True, slots=True)
class NetNatGlobal:
    InterRoutingDomainHairpinningMode: HairpinningMode = HairpinningMode.External


@dataclass(frozen=True, slots=True)
class VMSwitch:
    Id: str  # lowercase GUID without braces
    Name: str
    SwitchType: VMSwitchType
    Notes: str = ""
    AllowManagementOS: bool = True
    NetAdapterName: str = ""  # the physical adapter an External switch binds
    NetAdapterInterfaceDescription: str = ""
    BandwidthReservationMode: VMSwitchBandwidthMode = VMSwitchBandwidthMode.Absolute
    IovEnabled: bool = False
    PacketDirectEnabled: bool = False
    EmbeddedTeamingEnabled: bool = False


@dataclass(frozen=True, slots=True)
class VMNetworkAdapter:
    """A VM's NIC or (IsManagementOs) a host vNIC; a host vNIC owns a NetAdapter."""

    Id: str
    Name: str
    SwitchId: str  # "" when not connected
    IsManagementOs: bool
    VMName: str = ""
    MacAddress: str = "000000000000"  # 12 hex digits, as Hyper-V prints it


@dataclass(frozen=True, slots=True)
class NetAdapter:
    """A host network adapter: a physical one, or the vNIC `vEthernet (<name>)` of a switch."""

    Name: str
    ifIndex: int
    InterfaceDescription: str
    MacAddress: str  # dashed form, 00-15-5D-..
    LinkSpeed: str = "10 Gbps"
    Status: str = "Up"
    VMNetworkAdapterId: str = ""  # set for vNICs: the VMNetworkAdapter behind it


@dataclass(frozen=True, slots=True)
class NetIPAddress:
    IPAddress: str
    InterfaceIndex: int
    PrefixLength: int
    Type: IPAddressType = IPAddressType.Unicast
    PrefixOrigin: PrefixOrigin = PrefixOrigin.Manual
    SuffixOrigin: SuffixOrigin = SuffixOrigin.Manual
    SkipAsSource: bool = False


@dataclass(frozen=True, slots=True)
class NetRoute:
    DestinationPrefix: str
    NextHop: str
    InterfaceIndex: int


@dataclass(frozen=True, slots=True)
class HostInfo:
    ComputerName: str = "NETNAT-HOST"
