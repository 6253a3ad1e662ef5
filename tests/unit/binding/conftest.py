"""Small cmdlet declarations for the binder tests (shaped like the real NetNat/Hyper-V ones)."""

from __future__ import annotations

import pytest

from netnat.binding import types as t
from netnat.binding.decl import Cmdlet, CmdletKind, Param
from netnat.model.enums import Protocol, VMSwitchType

QUERY, INPUT = "Query (cdxml)", "InputObject (cdxml)"
NAT_OBJECTS = t.objects("Microsoft.Management.Infrastructure.CimInstance[]", "MSFT_NetNat")


def _run(ctx: object, bound: object) -> list[object]:
    return []


def make_new_netnat() -> Cmdlet:
    return Cmdlet(
        "New-NetNat",
        _run,
        (
            Param("Name", t.STRING, position=0, mandatory=True),
            Param("ExternalIPInterfaceAddressPrefix", t.STRING),
            Param("InternalIPInterfaceAddressPrefix", t.STRING, mandatory=True),
            Param("InternalRoutingDomainId", t.STRING),
        ),
        kind=CmdletKind.CDXML,
        should_process=True,
    )


def make_set_netnat() -> Cmdlet:
    return Cmdlet(
        "Set-NetNat",
        _run,
        (
            Param(
                "Name",
                t.STRING_ARRAY,
                position=0,
                mandatory=True,
                sets=(QUERY,),
                by_property_name=True,
            ),
            Param("InputObject", NAT_OBJECTS, mandatory=True, sets=(INPUT,), by_value=True),
            Param("IcmpQueryTimeout", t.UINT32),
            Param("UdpInboundRefresh", t.BOOL),
            Param("PassThru", t.SWITCH),
        ),
        default_set=QUERY,
        should_process=True,
    )


def make_remove_netnat() -> Cmdlet:
    return Cmdlet(
        "Remove-NetNat",
        _run,
        (
            Param("Name", t.STRING_ARRAY, position=0, sets=(QUERY,), by_property_name=True),
            Param("InputObject", NAT_OBJECTS, mandatory=True, sets=(INPUT,), by_value=True),
            Param("PassThru", t.SWITCH),
        ),
        default_set=QUERY,
        should_process=True,
    )


def make_new_mapping() -> Cmdlet:
    return Cmdlet(
        "Add-NetNatStaticMapping",
        _run,
        (
            Param("NatName", t.STRING, position=0, mandatory=True, by_property_name=True),
            Param("Protocol", t.enum_of(Protocol), position=1, mandatory=True),
            Param("ExternalIPAddress", t.STRING, position=2, mandatory=True),
            Param("ExternalPort", t.UINT16, position=3, mandatory=True),
            Param("InternalIPAddress", t.STRING, position=4, mandatory=True),
            Param("InternalPort", t.UINT16, position=5, mandatory=True),
            Param("PrefixLength", t.BYTE),
            Param("RoutingDomain", t.GUID),
        ),
        should_process=True,
    )


def make_new_vmswitch() -> Cmdlet:
    return Cmdlet(
        "New-VMSwitch",
        _run,
        (
            Param("Name", t.STRING, aliases=("SwitchName",), position=0, mandatory=True),
            Param("SwitchType", t.STRING, validate_set=("Internal", "Private")),
            Param("Type", t.enum_of(VMSwitchType)),
            Param("Notes", t.STRING),
            Param("MinimumBandwidthAbsolute", t.INT64),
            Param("Weights", t.BYTE_ARRAY),
        ),
        kind=CmdletKind.HYPERV,
        dotnet_class="Microsoft.HyperV.PowerShell.Commands.NewVMSwitch",
    )


@pytest.fixture
def new_netnat() -> Cmdlet:
    return make_new_netnat()


@pytest.fixture
def set_netnat() -> Cmdlet:
    return make_set_netnat()


@pytest.fixture
def remove_netnat() -> Cmdlet:
    return make_remove_netnat()


@pytest.fixture
def new_mapping() -> Cmdlet:
    return make_new_mapping()


@pytest.fixture
def new_vmswitch() -> Cmdlet:
    return make_new_vmswitch()
