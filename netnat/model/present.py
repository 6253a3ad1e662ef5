"""Model objects -> PSObjects with Windows' type names and full property lists."""

from __future__ import annotations

from netnat.model.enums import AddressFamily, AddressState
from netnat.model.objects import (
    ExternalAddress,
    NetAdapter,
    NetIPAddress,
    NetNat,
    NetNatGlobal,
    StaticMapping,
    VMNetworkAdapter,
    VMSwitch,
)
from netnat.model.psobject import PSObject
from netnat.model.state import State

CIM = "Microsoft.Management.Infrastructure.CimInstance"
T_NETNAT = f"{CIM}#ROOT/StandardCimv2/MSFT_NetNat"
T_MAPPING = f"{CIM}#ROOT/StandardCimv2/MSFT_NetNatStaticMapping"
T_EXTADDR = f"{CIM}#ROOT/StandardCimv2/MSFT_NetNatExternalAddress"
T_GLOBAL = f"{CIM}#ROOT/StandardCimv2/MSFT_NetNatGlobal"
T_SESSION = f"{CIM}#ROOT/StandardCimv2/MSFT_NetNatSession"
T_IPADDRESS = f"{CIM}#ROOT/StandardCimv2/MSFT_NetIPAddress"
T_IPINTERFACE = f"{CIM}#ROOT/StandardCimv2/MSFT_NetIPInterface"
T_NETADAPTER = f"{CIM}#ROOT/StandardCimv2/MSFT_NetAdapter"
T_VMSWITCH = "Microsoft.HyperV.PowerShell.VMSwitch"
T_VMNIC = "Microsoft.HyperV.PowerShell.VMNetworkAdapter"
T_VMNIC_HOST = "Microsoft.HyperV.PowerShell.VMInternalNetworkAdapter"
INFINITE = "Infinite ([TimeSpan]::MaxValue)"


def _cim(type_name: str, props: dict[str, object], source: object) -> PSObject:
    cls = type_name.rsplit("/", 1)[1]
    names = (type_name, f"{CIM}#{cls}", CIM, "System.Object")
    props.setdefault("PSComputerName", None)
    return PSObject(names, props, source)


def netnat(nat: NetNat) -> PSObject:
    return _cim(
        T_NETNAT,
        {
            "Name": nat.Name,
            "ExternalIPInterfaceAddressPrefix": nat.ExternalIPInterfaceAddressPrefix or None,
            "InternalIPInterfaceAddressPrefix": nat.InternalIPInterfaceAddressPrefix or None,
            "IcmpQueryTimeout": nat.IcmpQueryTimeout,
            "TcpEstablishedConnectionTimeout": nat.TcpEstablishedConnectionTimeout,
            "TcpTransientConnectionTimeout": nat.TcpTransientConnectionTimeout,
            "TcpFilteringBehavior": nat.TcpFilteringBehavior,
            "UdpFilteringBehavior": nat.UdpFilteringBehavior,
            "UdpIdleSessionTimeout": nat.UdpIdleSessionTimeout,
            "UdpInboundRefresh": nat.UdpInboundRefresh,
            "Store": nat.Store,
            "Active": nat.Active,
            "InternalRoutingDomainId": nat.InternalRoutingDomainId or None,
            "Caption": None,
            "Description": None,
            "ElementName": None,
            "InstanceID": nat.Name,
        },
        nat,
    )


def static_mapping(m: StaticMapping) -> PSObject:
    return _cim(
        T_MAPPING,
        {
            "StaticMappingID": m.StaticMappingID,
            "NatName": m.NatName,
            "Protocol": m.Protocol,
            "RemoteExternalIPAddressPrefix": m.RemoteExternalIPAddressPrefix,
            "ExternalIPAddress": m.ExternalIPAddress,
            "ExternalPort": m.ExternalPort,
            "InternalIPAddress": m.InternalIPAddress,
            "InternalPort": m.InternalPort,
            "InternalRoutingDomainId": m.InternalRoutingDomainId,
            "Active": m.Active,
        },
        m,
    )


def external_address(e: ExternalAddress) -> PSObject:
    return _cim(
        T_EXTADDR,
        {
            "ExternalAddressID": e.ExternalAddressID,
            "NatName": e.NatName,
            "IPAddress": e.IPAddress,
            "PortStart": e.PortStart,
            "PortEnd": e.PortEnd,
            "Active": e.Active,
        },
        e,
    )


def nat_global(g: NetNatGlobal) -> PSObject:
    return _cim(
        T_GLOBAL, {"InterRoutingDomainHairpinningMode": g.InterRoutingDomainHairpinningMode}, g
    )


def vmswitch(state: State, sw: VMSwitch) -> PSObject:
    props: dict[str, object] = {
        "Name": sw.Name,
        "Id": sw.Id,
        "Notes": sw.Notes,
        "Extensions": ["Microsoft Windows Filtering Platform", "Microsoft NDIS Capture"],
        "BandwidthReservationMode": sw.BandwidthReservationMode,
        "PacketDirectEnabled": sw.PacketDirectEnabled,
        "EmbeddedTeamingEnabled": sw.EmbeddedTeamingEnabled,
        "AllowNetLbfoTeams": False,
        "IovEnabled": sw.IovEnabled,
        "SwitchType": sw.SwitchType,
        "AllowManagementOS": sw.AllowManagementOS,
        "NetAdapterInterfaceDescription": sw.NetAdapterInterfaceDescription,
        "NetAdapterInterfaceDescriptions": (
            [sw.NetAdapterInterfaceDescription] if sw.NetAdapterInterfaceDescription else []
        ),
        "IovSupport": False,
        "IovSupportReasons": [],
        "ComputerName": state.host.ComputerName,
        "IsDeleted": False,
    }
    return PSObject((T_VMSWITCH, "System.Object"), props, sw)


def vm_network_adapter(state: State, nic: VMNetworkAdapter) -> PSObject:
    sw = state.switch(nic.SwitchId)
    addresses: list[str] = []
    if nic.IsManagementOs:
        adapter = next((a for a in state.adapters if a.VMNetworkAdapterId == nic.Id), None)
        if adapter is not None:
            addresses = [
                ip.IPAddress for ip in state.addresses if ip.InterfaceIndex == adapter.ifIndex
            ]
    else:  # what an admin gave the guest (Add-VMGuestIPAddress)
        addresses = [g.IPAddress for g in state.guest_addresses if g.AdapterId == nic.Id]
    props: dict[str, object] = {
        "Name": nic.Name,
        "Id": f"Microsoft:{nic.Id.upper()}",
        "IsManagementOs": nic.IsManagementOs,
        "VMName": nic.VMName,
        "SwitchName": sw.Name if sw else None,
        "SwitchId": sw.Id if sw else None,
        "MacAddress": nic.MacAddress,
        "Status": ["Ok"] if nic.IsManagementOs else [],
        "IPAddresses": addresses,
        "Connected": bool(sw),
        "IsLegacy": False,
        "DynamicMacAddressEnabled": not nic.IsManagementOs,
        "ComputerName": state.host.ComputerName,
        "IsDeleted": False,
    }
    kind = T_VMNIC_HOST if nic.IsManagementOs else T_VMNIC
    return PSObject((kind, T_VMNIC, "System.Object"), props, nic)


def net_adapter(adapter: NetAdapter) -> PSObject:
    return _cim(
        T_NETADAPTER,
        {
            "Name": adapter.Name,
            "InterfaceDescription": adapter.InterfaceDescription,
            "ifIndex": adapter.ifIndex,
            "Status": adapter.Status,
            "MacAddress": adapter.MacAddress,
            "LinkSpeed": adapter.LinkSpeed,
            "InterfaceAlias": adapter.Name,
            "InterfaceIndex": adapter.ifIndex,
            "ifAlias": adapter.Name,
            "ifDesc": adapter.InterfaceDescription,
            "MtuSize": 1500,
        },
        adapter,
    )


def ip_address(
    state: State,
    ip: NetIPAddress,
    store: str = "ActiveStore",
    addr_state: AddressState | None = None,
) -> PSObject:
    adapter = state.adapter_by_index(ip.InterfaceIndex)
    family = AddressFamily.IPv6 if ":" in ip.IPAddress else AddressFamily.IPv4
    return _cim(
        T_IPADDRESS,
        {
            "IPAddress": ip.IPAddress,
            "InterfaceIndex": ip.InterfaceIndex,
            "InterfaceAlias": adapter.Name if adapter else None,
            "AddressFamily": family,
            "Type": ip.Type,
            "PrefixLength": ip.PrefixLength,
            "PrefixOrigin": ip.PrefixOrigin,
            "SuffixOrigin": ip.SuffixOrigin,
            "AddressState": addr_state if addr_state is not None else AddressState.Preferred,
            "ValidLifetime": INFINITE,
            "PreferredLifetime": INFINITE,
            "SkipAsSource": ip.SkipAsSource,
            "PolicyStore": store,
            "ifIndex": ip.InterfaceIndex,
        },
        ip,
    )


def ip_interface(state: State, adapter: NetAdapter, family: AddressFamily) -> PSObject:
    has_static = any(
        ip.InterfaceIndex == adapter.ifIndex
        and (":" in ip.IPAddress) == (family is AddressFamily.IPv6)
        for ip in state.addresses
    )
    return _cim(
        T_IPINTERFACE,
        {
            "ifIndex": adapter.ifIndex,
            "InterfaceAlias": adapter.Name,
            "AddressFamily": family,
            "NlMtu": 1500,
            "InterfaceMetric": 5000 if adapter.VMNetworkAdapterId else 25,
            "Dhcp": "Disabled" if has_static or adapter.VMNetworkAdapterId else "Enabled",
            "ConnectionState": "Connected",
            "PolicyStore": "ActiveStore",
            "InterfaceIndex": adapter.ifIndex,
        },
        adapter,
    )
