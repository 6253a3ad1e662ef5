"""Fixtures for output tests: model objects turned into PSObjects by netnat.model.present."""

from __future__ import annotations

import pytest

from netnat.model.enums import VMSwitchType
from netnat.model.objects import NetAdapter, VMNetworkAdapter, VMSwitch
from netnat.model.state import State

SWITCH_ID = "5c1b9f3e-8a2d-4c7e-9f10-3b6d2a4e8c01"


@pytest.fixture
def state() -> State:
    """The initial host plus an internal switch VMNAT, its host vNIC and a VM's NIC."""
    base = State.initial()
    switch = VMSwitch(Id=SWITCH_ID, Name="VMNAT", SwitchType=VMSwitchType.Internal)
    host_nic = VMNetworkAdapter(
        Id="0f2e4d6c-1111-4222-8333-944455566677",
        Name="VMNAT",
        SwitchId=SWITCH_ID,
        IsManagementOs=True,
        MacAddress="00155D00AA00",
    )
    vm_nic = VMNetworkAdapter(
        Id="7a6b5c4d-2222-4333-8444-955566677788",
        Name="Network Adapter",
        SwitchId=SWITCH_ID,
        IsManagementOs=False,
        VMName="route",
    )
    vnic = NetAdapter(
        Name="vEthernet (VMNAT)",
        ifIndex=24,
        InterfaceDescription="Hyper-V Virtual Ethernet Adapter",
        MacAddress="00-15-5D-00-6A-01",
        VMNetworkAdapterId=host_nic.Id,
    )
    return base.with_(
        switches=(switch,),
        vm_adapters=(host_nic, vm_nic),
        adapters=(*base.adapters, vnic),
    )
