"""State transformations that keep the host side consistent: host vNICs and their adapters."""

from __future__ import annotations

import os
from typing import TypeVar

from netnat.model.objects import NetAdapter, NetIPAddress, NetRoute, VMNetworkAdapter, VMSwitch
from netnat.model.state import State
from netnat.record import replace

T = TypeVar("T", NetIPAddress, NetRoute)
VNIC_DESCRIPTION = "Hyper-V Virtual Ethernet Adapter"


def new_guid() -> str:
    """A random lowercase GUID (version 4), as Hyper-V prints switch Ids."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def vnic_alias(name: str) -> str:
    """Windows' name for a host vNIC: `vEthernet (<name>)`."""
    return f"vEthernet ({name})"


def _mac(number: int) -> tuple[str, str]:
    """Hyper-V hands out MACs from its 00-15-5D pool in order: (dashed, bare) forms."""
    octets = ["00", "15", "5D", "00", f"{(number >> 8) & 0xFF:02X}", f"{number & 0xFF:02X}"]
    return "-".join(octets), "".join(octets)


def add_vnic(state: State, switch: VMSwitch, name: str) -> State:
    """A management-OS adapter on `switch` plus its NetAdapter `vEthernet (<name>)`."""
    number, state = state.allocate("next_vnic_number")
    if_index, state = state.allocate("next_if_index")
    dashed, bare = _mac(number)
    vnic = VMNetworkAdapter(
        Id=new_guid(), Name=name, SwitchId=switch.Id, IsManagementOs=True, MacAddress=bare
    )
    description = VNIC_DESCRIPTION if number == 1 else f"{VNIC_DESCRIPTION} #{number}"
    adapter = NetAdapter(
        Name=vnic_alias(name),
        ifIndex=if_index,
        InterfaceDescription=description,
        MacAddress=dashed,
        VMNetworkAdapterId=vnic.Id,
    )
    return state.with_(vm_adapters=(*state.vm_adapters, vnic), adapters=(*state.adapters, adapter))


def add_vm_nic(state: State, vm_name: str, name: str, switch_id: str, mac: str = "") -> State:
    """A VM's network adapter (a tap device on `linux`)."""
    number, state = state.allocate("next_vnic_number")
    nic = VMNetworkAdapter(
        Id=new_guid(),
        Name=name,
        SwitchId=switch_id,
        IsManagementOs=False,
        VMName=vm_name,
        MacAddress=mac or _mac(number)[1],
    )
    return state.with_(vm_adapters=(*state.vm_adapters, nic))


def remove_vm_adapter(state: State, nic_id: str) -> State:
    """Remove an adapter; a host vNIC takes its NetAdapter, addresses and routes with it."""
    gone = {a.ifIndex for a in state.adapters if a.VMNetworkAdapterId == nic_id}
    return state.with_(
        vm_adapters=tuple(v for v in state.vm_adapters if v.Id != nic_id),
        adapters=tuple(a for a in state.adapters if a.ifIndex not in gone),
        addresses=tuple(ip for ip in state.addresses if ip.InterfaceIndex not in gone),
        routes=tuple(r for r in state.routes if r.InterfaceIndex not in gone),
    )


def move_addresses(state: State, from_index: int, to_index: int) -> State:
    """Move IP addresses and routes between adapters (Hyper-V does so for External switches)."""
    return state.with_(
        addresses=tuple(
            ip if ip.InterfaceIndex != from_index else _reindex(ip, to_index)
            for ip in state.addresses
        ),
        routes=tuple(
            r if r.InterfaceIndex != from_index else _reindex(r, to_index) for r in state.routes
        ),
    )


def _reindex(obj: T, if_index: int) -> T:
    return replace(obj, InterfaceIndex=if_index)


def host_vnic(state: State, switch_id: str) -> VMNetworkAdapter | None:
    """The first management-OS adapter of a switch."""
    return next(
        (v for v in state.vm_adapters if v.IsManagementOs and v.SwitchId == switch_id), None
    )


def remove_switch(state: State, switch: VMSwitch) -> State:
    """Remove a switch: its host vNICs go, VM adapters are disconnected, an External switch
    gives its addresses back to the physical adapter."""
    physical = state.adapter_by_alias(switch.NetAdapterName) if switch.NetAdapterName else None
    for vnic in [v for v in state.vm_adapters if v.SwitchId == switch.Id and v.IsManagementOs]:
        adapter = next((a for a in state.adapters if a.VMNetworkAdapterId == vnic.Id), None)
        if physical is not None and adapter is not None:
            state = move_addresses(state, adapter.ifIndex, physical.ifIndex)
        state = remove_vm_adapter(state, vnic.Id)
    return state.with_(
        switches=tuple(s for s in state.switches if s.Id != switch.Id),
        vm_adapters=tuple(
            replace(v, SwitchId="") if v.SwitchId == switch.Id else v for v in state.vm_adapters
        ),
    )
