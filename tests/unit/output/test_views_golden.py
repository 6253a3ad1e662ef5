"""Golden texts of the default views: the model's PSObjects rendered as Windows PowerShell 5.1."""

from __future__ import annotations

from netnat.model import present
from netnat.model.enums import AddressFamily, AddressState, Protocol
from netnat.model.objects import NetAdapter, NetIPAddress, NetNat, StaticMapping
from netnat.model.psobject import PSObject
from netnat.model.state import State
from netnat.output import render

NEW_NETNAT = """
Name                             : VMNAT
ExternalIPInterfaceAddressPrefix :
InternalIPInterfaceAddressPrefix : 192.168.0.0/24
IcmpQueryTimeout                 : 30
TcpEstablishedConnectionTimeout  : 1800
TcpTransientConnectionTimeout    : 120
TcpFilteringBehavior             : AddressDependentFiltering
UdpFilteringBehavior             : AddressDependentFiltering
UdpIdleSessionTimeout            : 120
UdpInboundRefresh                : False
Store                            : Local
Active                           : True


"""


def test_new_netnat_prints_the_twelve_row_list() -> None:
    nat = NetNat(Name="VMNAT", InternalIPInterfaceAddressPrefix="192.168.0.0/24")
    assert render([present.netnat(nat)]) == NEW_NETNAT


def test_two_nats_share_one_list_group() -> None:
    first = present.netnat(NetNat(Name="A", InternalIPInterfaceAddressPrefix="10.0.0.0/24"))
    second = present.netnat(NetNat(Name="B", InternalIPInterfaceAddressPrefix="10.0.1.0/24"))
    text = render([first, second])
    assert text.startswith("\nName                             : A\n")
    assert (
        "Active                           : True\n\nName                             : B\n" in text
    )
    assert text.endswith("Active                           : True\n\n\n")
    assert text.count("\n\n\n") == 1


ADD_MAPPING = """
StaticMappingID               : 0
NatName                       : VMNAT
Protocol                      : TCP
RemoteExternalIPAddressPrefix : 0.0.0.0/0
ExternalIPAddress             : 0.0.0.0
ExternalPort                  : 8080
InternalIPAddress             : 192.168.0.2
InternalPort                  : 80
InternalRoutingDomainId       : {00000000-0000-0000-0000-000000000000}
Active                        : True


"""


def test_static_mapping_prints_the_ten_row_list() -> None:
    mapping = StaticMapping(0, "VMNAT", Protocol.TCP, "0.0.0.0", 8080, "192.168.0.2", 80)
    assert render([present.static_mapping(mapping)]) == ADD_MAPPING


NEW_VMSWITCH = """
Name  SwitchType NetAdapterInterfaceDescription
----  ---------- ------------------------------
VMNAT Internal

"""


def test_vmswitch_table_is_sized_from_data_and_switch_type_is_left_aligned(state: State) -> None:
    assert render([present.vmswitch(state, state.switches[0])]) == NEW_VMSWITCH


# Verbatim from the VDOC-NAT Get-NetAdapter sample (setup-nat-network.md).
VDOC_GET_NETADAPTER = """
Name                  InterfaceDescription               ifIndex Status       MacAddress           LinkSpeed
----                  --------------------               ------- ------       ----------           ---------
vEthernet (intSwitch) Hyper-V Virtual Ethernet Adapter        24 Up           00-15-5D-00-6A-01      10 Gbps
Wi-Fi                 Marvell AVASTAR Wireless-AC Net...      18 Up           98-5F-D3-34-0C-D3     300 Mbps
Bluetooth Network ... Bluetooth Device (Personal Area...      21 Disconnected 98-5F-D3-34-0C-D4       3 Mbps

"""


def test_netadapter_table_matches_the_vdoc_sample_including_truncation() -> None:
    adapters = [
        NetAdapter(
            "vEthernet (intSwitch)",
            24,
            "Hyper-V Virtual Ethernet Adapter",
            "00-15-5D-00-6A-01",
            "10 Gbps",
        ),
        NetAdapter(
            "Wi-Fi",
            18,
            "Marvell AVASTAR Wireless-AC Network Controller",
            "98-5F-D3-34-0C-D3",
            "300 Mbps",
        ),
        NetAdapter(
            "Bluetooth Network Connection",
            21,
            "Bluetooth Device (Personal Area Network)",
            "98-5F-D3-34-0C-D4",
            "3 Mbps",
            "Disconnected",
        ),
    ]
    assert render([present.net_adapter(a) for a in adapters]) == VDOC_GET_NETADAPTER


NEW_NETIPADDRESS = """
IPAddress         : 192.168.0.1
InterfaceIndex    : 24
InterfaceAlias    : vEthernet (VMNAT)
AddressFamily     : IPv4
Type              : Unicast
PrefixLength      : 24
PrefixOrigin      : Manual
SuffixOrigin      : Manual
AddressState      : Tentative
ValidLifetime     : Infinite ([TimeSpan]::MaxValue)
PreferredLifetime : Infinite ([TimeSpan]::MaxValue)
SkipAsSource      : False
PolicyStore       : ActiveStore

IPAddress         : 192.168.0.1
InterfaceIndex    : 24
InterfaceAlias    : vEthernet (VMNAT)
AddressFamily     : IPv4
Type              : Unicast
PrefixLength      : 24
PrefixOrigin      : Manual
SuffixOrigin      : Manual
AddressState      : Invalid
ValidLifetime     : Infinite ([TimeSpan]::MaxValue)
PreferredLifetime : Infinite ([TimeSpan]::MaxValue)
SkipAsSource      : False
PolicyStore       : PersistentStore


"""


def _new_ip_objects(state: State) -> list[PSObject]:
    ip = NetIPAddress(IPAddress="192.168.0.1", InterfaceIndex=24, PrefixLength=24)
    return [
        present.ip_address(state, ip, "ActiveStore", AddressState.Tentative),
        present.ip_address(state, ip, "PersistentStore", AddressState.Invalid),
    ]


def test_new_netipaddress_prints_both_stores_as_one_list(state: State) -> None:
    assert render(_new_ip_objects(state)) == NEW_NETIPADDRESS


IPADDRESS_TABLE = """
ifIndex IPAddress                                       PrefixLength PrefixOrigin SuffixOrigin AddressState PolicyStore
------- ---------                                       ------------ ------------ ------------ ------------ -----------
24      192.168.0.1                                               24 Manual       Manual       Tentative    ActiveStore
24      192.168.0.1                                               24 Manual       Manual       Invalid      PersistentStore

"""


def test_netipaddress_format_table_view(state: State) -> None:
    assert render(_new_ip_objects(state), fmt="table", width=130) == IPADDRESS_TABLE


def test_netipaddress_table_cuts_its_last_column_to_the_width(state: State) -> None:
    text = render(_new_ip_objects(state), fmt="table", width=120)
    assert text.splitlines()[1].endswith("AddressState PolicyStore")
    assert text.splitlines()[4].endswith("Invalid      Persisten...")
    assert max(len(line) for line in text.splitlines()) == 120


IPINTERFACE = """
ifIndex InterfaceAlias                  AddressFamily NlMtu(Bytes) InterfaceMetric Dhcp     ConnectionState PolicyStore
------- --------------                  ------------- ------------ --------------- ----     --------------- -----------
1       Ethernet                        IPv4                  1500              25 Disabled Connected       ActiveStore
24      vEthernet (VMNAT)               IPv4                  1500            5000 Disabled Connected       ActiveStore
24      vEthernet (VMNAT)               IPv6                  1500            5000 Disabled Connected       ActiveStore

"""


def test_netipinterface_table_reads_nlmtu_under_its_bytes_label(state: State) -> None:
    eth, vnic = state.adapters
    objects = [
        present.ip_interface(state, eth, AddressFamily.IPv4),
        present.ip_interface(state, vnic, AddressFamily.IPv4),
        present.ip_interface(state, vnic, AddressFamily.IPv6),
    ]
    assert render(objects) == IPINTERFACE


GET_VMNETWORKADAPTER = """
Name            IsManagementOs VMName SwitchName MacAddress   Status IPAddresses
----            -------------- ------ ---------- ----------   ------ -----------
VMNAT           True                  VMNAT      00155D00AA00 {Ok}
Network Adapter False          route  VMNAT      000000000000        {}

"""


def test_vm_network_adapters_of_both_type_names_share_the_table(state: State) -> None:
    objects = [present.vm_network_adapter(state, nic) for nic in state.vm_adapters]
    assert objects[0].type_name != objects[1].type_name
    assert render(objects) == GET_VMNETWORKADAPTER


SERVICE = """
Status   Name               DisplayName
------   ----               -----------
Running  docker             Docker Engine
Stopped  bits               Background Intelligent Transfer Ser...

"""


def test_service_controller_view() -> None:
    def service(status: str, name: str, display: str) -> PSObject:
        return PSObject(
            ("System.ServiceProcess.ServiceController", "System.Object"),
            {"Status": status, "Name": name, "DisplayName": display, "StartType": "Manual"},
        )

    objects = [
        service("Running", "docker", "Docker Engine"),
        service("Stopped", "bits", "Background Intelligent Transfer Service"),
    ]
    assert render(objects) == SERVICE


def test_nat_global_and_external_address_follow_the_four_five_rule() -> None:
    from netnat.model.objects import ExternalAddress, NetNatGlobal

    glob = render([present.nat_global(NetNatGlobal())])
    assert glob == (
        "\n"
        "InterRoutingDomainHairpinningMode\n"
        "---------------------------------\n"
        "                         External\n"
        "\n"
    )
    ext = render([present.external_address(ExternalAddress(0, "VMNAT", "10.10.50.20", 5000, 6000))])
    assert ext.startswith("\nExternalAddressID : 0\nNatName           : VMNAT\n")
    assert "PSComputerName" not in ext


def test_group_changes_type_and_starts_a_new_header(state: State) -> None:
    nat = present.netnat(NetNat(Name="VMNAT", InternalIPInterfaceAddressPrefix="192.168.0.0/24"))
    switch = present.vmswitch(state, state.switches[0])
    assert render([switch, nat]) == NEW_VMSWITCH + NEW_NETNAT
    assert render([nat, switch]) == NEW_NETNAT + NEW_VMSWITCH
