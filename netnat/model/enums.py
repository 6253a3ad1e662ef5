"""Windows enumerations used by the object model (names as Windows prints them).

Numeric values follow the CIM/.NET definitions where known; values marked [inf] in
spec/windows-cmdlets.md are guesses kept here, in one place.
"""

from __future__ import annotations

from enum import IntEnum


class NetEnum(IntEnum):
    """An enum whose display form is its Windows name and whose JSON form is its number."""

    def __str__(self) -> str:
        return display_name(self)

    @classmethod
    def dotnet_name(cls) -> str:
        """The .NET type name used in conversion error messages."""
        return DOTNET_NAMES.get(cls.__name__, cls.__name__)


class Protocol(NetEnum):
    TCP = 6  # [inf] numeric values
    UDP = 17


class FilteringBehaviorType(NetEnum):
    EndpointIndependentFiltering = 0  # [inf]
    AddressDependentFiltering = 1


class NatStore(NetEnum):
    Local = 0  # the only name ever observed


class HairpinningMode(NetEnum):
    Local = 0  # [inf]
    External = 1


class VMSwitchType(NetEnum):
    Private = 0
    Internal = 1
    External = 2


class VMSwitchBandwidthMode(NetEnum):
    Default = 0
    Weight = 1
    Absolute = 2
    NoneMode = 3  # Windows calls it "None"; see display_name()


class AddressFamily(NetEnum):
    IPv4 = 2
    IPv6 = 23


class IPAddressType(NetEnum):
    Unicast = 1
    Anycast = 2


class PrefixOrigin(NetEnum):
    Other = 0
    Manual = 1
    WellKnown = 2
    Dhcp = 3
    RouterAdvertisement = 4


class SuffixOrigin(NetEnum):
    Other = 0
    Manual = 1
    WellKnown = 2
    Dhcp = 3
    Link = 4
    Random = 5


class AddressState(NetEnum):
    Invalid = 0
    Tentative = 1
    Duplicate = 2
    Deprecated = 3
    Preferred = 4


class OnOffState(NetEnum):
    On = 1
    Off = 2


DOTNET_NAMES = {
    "Protocol": "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNat.Protocol",
    "FilteringBehaviorType": (
        "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNat.FilteringBehaviorType"
    ),
    "HairpinningMode": (
        "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetNat.InterRoutingDomainHairpinningMode"
    ),
    "VMSwitchType": "Microsoft.HyperV.PowerShell.VMSwitchType",
    "VMSwitchBandwidthMode": "Microsoft.HyperV.PowerShell.VMSwitchBandwidthMode",
    "AddressFamily": "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetIPAddress.AddressFamily",
    "IPAddressType": "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetIPAddress.Type",
    "PrefixOrigin": "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetIPAddress.PrefixOrigin",
    "SuffixOrigin": "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetIPAddress.SuffixOrigin",
    "AddressState": "Microsoft.PowerShell.Cmdletization.GeneratedTypes.NetIPAddress.AddressState",
    "OnOffState": "Microsoft.HyperV.PowerShell.OnOffState",
}


def enum_display_names(cls: type[NetEnum]) -> list[str]:
    """Windows names of an enum's members, in declaration order."""
    return [display_name(m) for m in cls]


def display_name(member: NetEnum) -> str:
    """The Windows name of a member (`NoneMode` prints as `None`)."""
    return "None" if member.name == "NoneMode" else member.name


def parse_enum(cls: type[NetEnum], text: str) -> NetEnum | None:
    """Case-insensitive lookup by Windows name or number; None when nothing matches."""
    wanted = text.strip().lower()
    for member in cls:
        if display_name(member).lower() == wanted:
            return member
    try:
        return cls(int(wanted))
    except ValueError:
        return None
