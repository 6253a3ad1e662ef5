"""States for the backend tests, built the way the cmdlets build them (model + hostops)."""

from __future__ import annotations

from netnat.model import hostops
from netnat.model.enums import Protocol, VMSwitchType
from netnat.model.objects import NetIPAddress, NetNat, NetRoute, StaticMapping, VMSwitch
from netnat.model.state import Mode, Settings, State
from netnat.record import replace

GATEWAY = "192.168.0.1"
PREFIX = "192.168.0.0/24"
HOST_EXTERNAL = "10.10.50.20"  # State.initial()'s simulated `Ethernet`; the lab's host veth


def checked(old: State, new: State) -> State:
    new.validate(old)
    return new


def switch(state: State, name: str, kind: VMSwitchType = VMSwitchType.Internal) -> State:
    sw = VMSwitch(
        Id=hostops.new_guid(),
        Name=name,
        SwitchType=kind,
        AllowManagementOS=kind is not VMSwitchType.Private,
    )
    new = state.with_(switches=(*state.switches, sw))
    if kind is VMSwitchType.Internal:
        new = hostops.add_vnic(new, sw, name)
    return checked(state, new)


def external_switch(state: State, name: str, adapter: str) -> State:
    """An External switch binding the adapter `adapter` (its addresses move to the vNIC)."""
    physical = state.adapter_by_alias(adapter)
    assert physical is not None, adapter
    sw = VMSwitch(
        Id=hostops.new_guid(),
        Name=name,
        SwitchType=VMSwitchType.External,
        NetAdapterName=physical.Name,
        NetAdapterInterfaceDescription=physical.InterfaceDescription,
    )
    new = hostops.add_vnic(state.with_(switches=(*state.switches, sw)), sw, name)
    new = hostops.move_addresses(new, physical.ifIndex, new.adapters[-1].ifIndex)
    return checked(state, new)


def by_name(state: State, name: str) -> VMSwitch:
    return next(s for s in state.switches if s.Name == name)


def address(state: State, alias: str, ip: str, length: int) -> State:
    adapter = state.adapter_by_alias(alias)
    assert adapter is not None, alias
    ipa = NetIPAddress(IPAddress=ip, InterfaceIndex=adapter.ifIndex, PrefixLength=length)
    return checked(state, state.with_(addresses=(*state.addresses, ipa)))


def route(state: State, alias: str, destination: str, next_hop: str) -> State:
    adapter = state.adapter_by_alias(alias)
    assert adapter is not None, alias
    new = NetRoute(DestinationPrefix=destination, NextHop=next_hop, InterfaceIndex=adapter.ifIndex)
    return checked(state, state.with_(routes=(*state.routes, new)))


def nat(state: State, name: str, prefix: str) -> State:
    new = NetNat(Name=name, InternalIPInterfaceAddressPrefix=prefix)
    return checked(state, state.with_(nats=(*state.nats, new)))


def mapping(
    state: State,
    nat_name: str,
    ext: str,
    port: int,
    internal: str,
    iport: int,
    protocol: Protocol = Protocol.TCP,
) -> State:
    number, new = state.allocate("next_mapping_id")
    m = StaticMapping(
        StaticMappingID=number,
        NatName=nat_name,
        Protocol=protocol,
        ExternalIPAddress=ext,
        ExternalPort=port,
        InternalIPAddress=internal,
        InternalPort=iport,
    )
    return checked(state, new.with_(mappings=(*new.mappings, m)))


def vm_nic(state: State, vm: str, nic: str, switch_name: str) -> State:
    return checked(state, hostops.add_vm_nic(state, vm, nic, by_name(state, switch_name).Id))


def without_mapping(state: State, port: int) -> State:
    return state.with_(mappings=tuple(m for m in state.mappings if m.ExternalPort != port))


def without_nat(state: State, name: str) -> State:
    return state.with_(
        nats=tuple(n for n in state.nats if n.Name != name),
        mappings=tuple(m for m in state.mappings if m.NatName != name),
    )


def without_switch(state: State, name: str) -> State:
    return hostops.remove_switch(state, by_name(state, name))


def relaxed(state: State) -> State:
    return state.with_(settings=replace(state.settings, mode=Mode.RELAXED))


def blog(mode: Mode = Mode.STRICT) -> State:
    """The blog's host: switch VMNAT, gateway 192.168.0.1/24 on its vNIC, NAT VMNAT."""
    state = State.initial().with_(settings=Settings(mode=mode))
    state = switch(state, "VMNAT")
    state = address(state, "vEthernet (VMNAT)", GATEWAY, 24)
    return nat(state, "VMNAT", PREFIX)
