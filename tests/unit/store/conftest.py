"""Fixtures for the store tests: a State with every object kind, non-default values throughout."""

from __future__ import annotations

from pathlib import Path

import pytest

from netnat.model.enums import (
    FilteringBehaviorType,
    HairpinningMode,
    IPAddressType,
    PrefixOrigin,
    Protocol,
    SuffixOrigin,
    VMSwitchBandwidthMode,
    VMSwitchType,
)
from netnat.model.objects import (
    ExternalAddress,
    HostInfo,
    NetAdapter,
    NetIPAddress,
    NetNat,
    NetNatGlobal,
    NetRoute,
    StaticMapping,
    VMNetworkAdapter,
    VMSwitch,
)
from netnat.model.state import Counters, Mode, Settings, State


def every_kind() -> State:
    """One or two objects of each kind, every field set to something other than its default."""
    return State(
        settings=Settings(backend="linux", mode=Mode.RELAXED),
        host=HostInfo(ComputerName="LAB-01"),
        counters=Counters(
            next_mapping_id=3, next_external_address_id=2, next_if_index=9, next_vnic_number=4
        ),
        nats=(
            NetNat(
                Name="MyNATnetwork",
                InternalIPInterfaceAddressPrefix="192.168.0.0/24",
                ExternalIPInterfaceAddressPrefix="10.10.50.0/24",
                InternalRoutingDomainId="{11111111-2222-3333-4444-555555555555}",
                IcmpQueryTimeout=31,
                TcpEstablishedConnectionTimeout=1801,
                TcpTransientConnectionTimeout=121,
                TcpFilteringBehavior=FilteringBehaviorType.EndpointIndependentFiltering,
                UdpFilteringBehavior=FilteringBehaviorType.EndpointIndependentFiltering,
                UdpIdleSessionTimeout=121,
                UdpInboundRefresh=True,
                Active=False,
            ),
            NetNat(Name="second"),
        ),
        mappings=(
            StaticMapping(
                StaticMappingID=1,
                NatName="MyNATnetwork",
                Protocol=Protocol.UDP,
                ExternalIPAddress="10.10.50.20",
                ExternalPort=53,
                InternalIPAddress="192.168.0.53",
                InternalPort=5353,
                RemoteExternalIPAddressPrefix="10.0.0.0/8",
                InternalRoutingDomainId="{rd}",
                Active=False,
            ),
            StaticMapping(2, "MyNATnetwork", Protocol.TCP, "0.0.0.0", 80, "192.168.0.2", 80),
        ),
        external_addresses=(
            ExternalAddress(1, "MyNATnetwork", "10.10.50.21", PortStart=1000, PortEnd=2000),
        ),
        nat_global=NetNatGlobal(InterRoutingDomainHairpinningMode=HairpinningMode.Local),
        switches=(
            VMSwitch(
                Id="0b7c0a40-2f5c-4e0c-9b0e-7b4a1f6c2d11",
                Name="NATSwitch",
                SwitchType=VMSwitchType.Internal,
                Notes="lab",
                AllowManagementOS=False,
                NetAdapterName="Ethernet",
                NetAdapterInterfaceDescription="Intel(R) Ethernet",
                BandwidthReservationMode=VMSwitchBandwidthMode.NoneMode,
                IovEnabled=True,
                PacketDirectEnabled=True,
                EmbeddedTeamingEnabled=True,
            ),
        ),
        vm_adapters=(
            VMNetworkAdapter(
                "id-1", "NATSwitch", "0b7c", True, VMName="vm1", MacAddress="00155D000002"
            ),
        ),
        adapters=(
            NetAdapter(
                Name="vEthernet (NATSwitch)",
                ifIndex=7,
                InterfaceDescription="Hyper-V Virtual Ethernet Adapter #2",
                MacAddress="00-15-5D-00-00-02",
                LinkSpeed="1 Gbps",
                Status="Disabled",
                VMNetworkAdapterId="id-1",
            ),
        ),
        addresses=(
            NetIPAddress(
                IPAddress="192.168.0.1",
                InterfaceIndex=7,
                PrefixLength=24,
                Type=IPAddressType.Anycast,
                PrefixOrigin=PrefixOrigin.Dhcp,
                SuffixOrigin=SuffixOrigin.Random,
                SkipAsSource=True,
            ),
        ),
        routes=(NetRoute("0.0.0.0/0", "192.168.0.254", 7),),
    )


@pytest.fixture
def full_state() -> State:
    return every_kind()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A store file in a directory that does not exist yet."""
    return tmp_path / "lib" / "netnat" / "state.toml"
