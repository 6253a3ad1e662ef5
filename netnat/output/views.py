"""Default views per PowerShell type name, as data (the role of Windows' *.format.ps1xml files).

A view is a shape (table or list) plus columns. Column widths and alignments written here
come from observed Windows PowerShell 5.1 output (spec/windows-cmdlets.md); a column without
a width is sized from its label and cells, one without an alignment takes it from the first
object's value. Other modules add views with `register_view()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from netnat.model.present import (
    T_EXTADDR,
    T_GLOBAL,
    T_IPADDRESS,
    T_IPINTERFACE,
    T_MAPPING,
    T_NETADAPTER,
    T_NETNAT,
    T_SESSION,
    T_VMNIC,
    T_VMNIC_HOST,
    T_VMSWITCH,
)
from netnat.model.present_host import (
    T_CONTAINER_NETWORK,
    T_DAEMON,
    T_DISM_FEATURE,
    T_DISM_IMAGE,
    T_ENDPOINT,
    T_FEATURE,
    T_FEATURE_RESULT,
    T_FINDING,
    T_GUEST_ADDRESS,
    T_REGISTRY_KEY,
)
from netnat.model.psobject import PSObject
from netnat.output.values import cell_text
from netnat.record import dataclass

Shape = Literal["table", "list"]
Align = Literal["left", "right"]


@dataclass(frozen=True, slots=True)
class Column:
    """One table column or list row."""

    label: str
    prop: str = ""  # the property read; empty = the label
    width: int | None = None  # fixed width; None = from label and cells
    align: Align | None = None  # None = from the first object's value type
    fmt: Callable[[PSObject], str] | None = None  # object -> cell text; None = the value's text
    wrap: bool = False  # a multi-line cell continues on the next rows (else first line only)

    @property
    def key(self) -> str:
        return self.prop or self.label

    def text(self, obj: PSObject) -> str:
        return self.fmt(obj) if self.fmt else cell_text(obj.get(self.key))


@dataclass(frozen=True, slots=True)
class View:
    """A shape and its columns; `header` gives a group header (e.g. `    Hive: ...`)."""

    shape: Shape
    columns: tuple[Column, ...]
    header: Callable[[PSObject], str] | None = None


_DEFAULT: dict[str, View] = {}
_BY_SHAPE: dict[tuple[str, Shape], View] = {}


def register_view(type_name: str, view: View, *, default: bool = True) -> None:
    """Register `view` for a type name; `default=False` only serves Format-Table/-List."""
    name = type_name.lower()
    _BY_SHAPE[(name, view.shape)] = view
    if default:
        _DEFAULT[name] = view


def default_view(obj: PSObject) -> View | None:
    """The view Out-Default uses: the first of the object's type names that has one."""
    for name in obj.type_names:
        view = _DEFAULT.get(name.lower())
        if view is not None:
            return view
    return None


def shaped_view(obj: PSObject, shape: Shape) -> View | None:
    """A view of exactly `shape` (Format-Table / Format-List), if one is registered."""
    for name in obj.type_names:
        view = _BY_SHAPE.get((name.lower(), shape))
        if view is not None:
            return view
    return None


def table(*columns: Column | str) -> View:
    return View("table", _columns(columns))


def listing(*columns: Column | str) -> View:
    return View("list", _columns(columns))


def _columns(columns: tuple[Column | str, ...]) -> tuple[Column, ...]:
    return tuple(c if isinstance(c, Column) else Column(c) for c in columns)


def _vmnic_status(obj: PSObject) -> str:
    """An empty Status prints as nothing (a stopped VM's NIC shows a blank, not `{}`)."""
    value = obj.get("Status")
    return "" if isinstance(value, list | tuple) and not value else cell_text(value)


def _vmnic_addresses(obj: PSObject) -> str:
    """No addresses: blank for a host vNIC, `{}` for a VM's NIC (as observed)."""
    value = obj.get("IPAddresses")
    if obj.get("IsManagementOs") is True and isinstance(value, list | tuple) and not value:
        return ""
    return cell_text(value)


def _left(label: str, width: int | None = None, prop: str = "") -> Column:
    return Column(label, prop=prop, width=width, align="left")


def _right(label: str, width: int | None = None, prop: str = "") -> Column:
    return Column(label, prop=prop, width=width, align="right")


NETNAT_ROWS = (
    "Name",
    "ExternalIPInterfaceAddressPrefix",
    "InternalIPInterfaceAddressPrefix",
    "IcmpQueryTimeout",
    "TcpEstablishedConnectionTimeout",
    "TcpTransientConnectionTimeout",
    "TcpFilteringBehavior",
    "UdpFilteringBehavior",
    "UdpIdleSessionTimeout",
    "UdpInboundRefresh",
    "Store",
    "Active",
)
MAPPING_ROWS = (
    "StaticMappingID",
    "NatName",
    "Protocol",
    "RemoteExternalIPAddressPrefix",
    "ExternalIPAddress",
    "ExternalPort",
    "InternalIPAddress",
    "InternalPort",
    "InternalRoutingDomainId",
    "Active",
)
IPADDRESS_ROWS = (
    "IPAddress",
    "InterfaceIndex",
    "InterfaceAlias",
    "AddressFamily",
    "Type",
    "PrefixLength",
    "PrefixOrigin",
    "SuffixOrigin",
    "AddressState",
    "ValidLifetime",
    "PreferredLifetime",
    "SkipAsSource",
    "PolicyStore",
)

# Fixed widths measured on observed 5.1 output (VDOC-NAT Get-NetAdapter sample; Get-NetIPAddress
# | Format-Table and Get-NetIPInterface pastes). Get-NetAdapter: MacAddress + LinkSpeed together
# span 30 columns; the 17/12 split between them is [inf] (it prints the same for real values).
NETADAPTER_VIEW = table(
    _left("Name", 21),
    _left("InterfaceDescription", 34),
    _right("ifIndex", 7),
    _left("Status", 12),
    _left("MacAddress", 17),
    _right("LinkSpeed", 12),
)
IPADDRESS_TABLE = table(
    _left("ifIndex", 7),
    _left("IPAddress", 47),
    _right("PrefixLength", 12),
    _left("PrefixOrigin", 12),
    _left("SuffixOrigin", 12),
    _left("AddressState", 12),
    _left("PolicyStore"),
)
IPINTERFACE_VIEW = table(
    _left("ifIndex", 7),
    _left("InterfaceAlias", 31),
    _left("AddressFamily", 13),
    _right("NlMtu(Bytes)", 12, prop="NlMtu"),
    _right("InterfaceMetric", 15),
    _left("Dhcp", 8),
    _left("ConnectionState", 15),
    _left("PolicyStore"),
)
# Hyper-V views: widths from the data; SwitchType and IsManagementOs print left-aligned.
VMSWITCH_VIEW = table("Name", _left("SwitchType"), "NetAdapterInterfaceDescription")
VMNIC_VIEW = table(
    "Name",
    _left("IsManagementOs"),
    "VMName",
    "SwitchName",
    "MacAddress",
    Column("Status", fmt=_vmnic_status),
    Column("IPAddresses", fmt=_vmnic_addresses),
)
SERVICE_VIEW = table(_left("Status", 8), _left("Name", 18), _left("DisplayName", 38))
GROUP_VIEW = table(_right("Count", 5), _left("Name", 25), _left("Group"))
COMMAND_VIEW = table(
    _left("CommandType", 15), _left("Name", 50), _left("Version", 10), _left("Source")
)
DICTIONARY_ENTRY = "System.Collections.DictionaryEntry"
HASHTABLE_VIEW = table(_left("Name", 30), _left("Value"))

# [inf] Not observed: MSFT_NetNatExternalAddress, MSFT_NetNatGlobal and MSFT_NetNatSession
# views. They follow the 4/5 rule over their own CIM properties (PSComputerName left out):
# ExternalAddress (6) and Session (12) as lists, Global (1) as a table.
EXTADDR_VIEW = listing(
    "ExternalAddressID", "NatName", "IPAddress", "PortStart", "PortEnd", "Active"
)
GLOBAL_VIEW = table("InterRoutingDomainHairpinningMode")
SESSION_VIEW = listing(
    "NatName",
    "Protocol",
    "CreationTime",
    "InternalRoutingDomainId",
    "InternalSourceAddress",
    "InternalSourcePort",
    "InternalDestinationAddress",
    "InternalDestinationPort",
    "ExternalSourceAddress",
    "ExternalSourcePort",
    "ExternalDestinationAddress",
    "ExternalDestinationPort",
)


# Container host (issue #4). ContainerNetwork: WS2016 RTM's table [obs hcsshim #99].
CONTAINER_NETWORK_VIEW = table(
    "Name", "Id", "Subnets", _left("Mode"), "SourceMac", "DNSServers", "DNSSuffix"
)
ENDPOINT_VIEW = table(  # netnat's own object
    "ContainerName",
    "NetworkName",
    "IPAddress",
    _right("PrefixLength"),
    "GatewayAddress",
    "MacAddress",
)
GUEST_ADDRESS_VIEW = table(  # netnat's own object
    "VMName", "VMNetworkAdapterName", "SwitchName", "IPAddress", _right("PrefixLength")
)


def _registry_values(obj: PSObject) -> str:
    """Registry.format.ps1xml's Property cell: `name : data` lines, names padded."""
    key = obj.source
    values: dict[str, str] = getattr(key, "values", {})
    width = max((len(n) for n in values), default=0)
    return "\n".join(f"{n.ljust(width)} : {v}" for n, v in values.items())


def _hive(obj: PSObject) -> str:
    parent = str(obj.get("PSParentPath") or "").partition("::")[2]
    return f"\n\n    Hive: {parent}\n"


REGISTRY_VIEW = View(
    "table",
    (_left("Name", 30, prop="PSChildName"), Column("Property", fmt=_registry_values, wrap=True)),
    header=_hive,
)


def _feature_display(obj: PSObject) -> str:
    mark = "[X]" if obj.get("Installed") else "[ ]"
    return f"{mark} {obj.get('DisplayName')}"


FEATURE_VIEW = table(
    Column("Display Name", width=55, align="left", fmt=_feature_display),
    _left("Name", 26),
    _right("Install State", 13, prop="InstallState"),
)
FEATURE_RESULT_VIEW = table(
    _left("Success", 7),
    _left("Restart Needed", 14, prop="RestartNeeded"),
    _left("Exit Code", 14, prop="ExitCode"),
    _left("Feature Result", prop="FeatureResult"),
)
# Format-List: TP5's `Get-ContainerNetwork | fl` rows [obs VDOC-CN], then netnat's Endpoints
CONTAINER_NETWORK_LIST = listing(
    "Name",
    "SubnetPrefix",
    "Gateways",
    "Id",
    "Mode",
    "NetworkAdapterName",
    "SourceMac",
    "DNSServers",
    "DNSSuffix",
    "IsDeleted",
    "Endpoints",
)
SERVICE_LIST = listing(
    "Name",
    "DisplayName",
    "Status",
    "DependentServices",
    "ServicesDependedOn",
    "CanPauseAndContinue",
    "CanShutdown",
    "CanStop",
    "ServiceType",
)
REGISTRY_LIST = listing(
    "Property",
    "PSPath",
    "PSParentPath",
    "PSChildName",
    "PSDrive",
    "PSProvider",
    "PSIsContainer",
    "SubKeyCount",
    "View",
    "Handle",
    "ValueCount",
    "Name",
)
DISM_IMAGE_VIEW = listing("Path", "Online", "RestartNeeded")
DISM_FEATURE_VIEW = table(_left("FeatureName"), _left("State"))
DAEMON_VIEW = listing(  # netnat's own object
    "Bridge", "FixedCidr", "DefaultNetwork", "Arguments", "DaemonJson", "Problem"
)
FINDING_VIEW = listing("Check", "Problem", "Fix")  # netnat's own object


def _register_host_views() -> None:
    register_view(T_CONTAINER_NETWORK, CONTAINER_NETWORK_VIEW)
    register_view(T_CONTAINER_NETWORK, CONTAINER_NETWORK_LIST, default=False)
    register_view("System.ServiceProcess.ServiceController", SERVICE_LIST, default=False)
    register_view(T_REGISTRY_KEY, REGISTRY_LIST, default=False)
    register_view(T_ENDPOINT, ENDPOINT_VIEW)
    register_view(T_GUEST_ADDRESS, GUEST_ADDRESS_VIEW)
    register_view(T_REGISTRY_KEY, REGISTRY_VIEW)
    register_view(T_FEATURE, FEATURE_VIEW)
    register_view(T_FEATURE_RESULT, FEATURE_RESULT_VIEW)
    register_view(T_DISM_IMAGE, DISM_IMAGE_VIEW)
    register_view(T_DISM_FEATURE, DISM_FEATURE_VIEW)
    register_view(T_DAEMON, DAEMON_VIEW)
    register_view(T_FINDING, FINDING_VIEW)


def _register_builtins() -> None:
    register_view(T_NETNAT, listing(*NETNAT_ROWS))
    register_view(T_MAPPING, listing(*MAPPING_ROWS))
    register_view(T_VMSWITCH, VMSWITCH_VIEW)
    register_view(T_NETADAPTER, NETADAPTER_VIEW)
    register_view(T_IPADDRESS, listing(*IPADDRESS_ROWS))
    register_view(T_IPADDRESS, IPADDRESS_TABLE, default=False)
    register_view(T_IPINTERFACE, IPINTERFACE_VIEW)
    register_view(T_VMNIC, VMNIC_VIEW)
    register_view(T_VMNIC_HOST, VMNIC_VIEW)
    register_view("System.ServiceProcess.ServiceController", SERVICE_VIEW)
    register_view(DICTIONARY_ENTRY, HASHTABLE_VIEW)
    register_view("Microsoft.PowerShell.Commands.GroupInfo", GROUP_VIEW)
    register_view(
        "Microsoft.PowerShell.Commands.GroupInfoNoElement", table(_right("Count", 5), "Name")
    )
    register_view("System.Management.Automation.CommandInfo", COMMAND_VIEW)
    register_view(T_EXTADDR, EXTADDR_VIEW)
    register_view(T_GLOBAL, GLOBAL_VIEW)
    register_view(T_SESSION, SESSION_VIEW)


_register_builtins()
_register_host_views()
