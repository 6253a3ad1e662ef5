"""Parameter types: what a parameter accepts and its .NET name for error messages."""

from __future__ import annotations

from enum import Enum

from netnat.model.enums import NetEnum
from netnat.record import dataclass


class Kind(Enum):
    STRING = "string"
    INT = "int"
    BOOL = "bool"
    SWITCH = "switch"
    ENUM = "enum"
    OBJECT = "object"  # -InputObject and friends: PSObjects of given type names
    GUID = "guid"
    TIMESPAN = "timespan"
    CREDENTIAL = "credential"


@dataclass(frozen=True, slots=True)
class PType:
    dotnet: str  # "System.UInt16", "System.String[]": shown in binding errors
    kind: Kind
    array: bool = False
    enum: type[NetEnum] | None = None
    min: int | None = None
    max: int | None = None
    accepts: tuple[str, ...] = ()  # OBJECT: type names (suffixes) that bind

    def element(self) -> PType:
        """The element type of an array type (itself for a scalar)."""
        if not self.array:
            return self
        return PType(
            self.dotnet.removesuffix("[]"),
            self.kind,
            False,
            self.enum,
            self.min,
            self.max,
            self.accepts,
        )


def _int(dotnet: str, lo: int, hi: int, array: bool = False) -> PType:
    return PType(dotnet + ("[]" if array else ""), Kind.INT, array, min=lo, max=hi)


STRING = PType("System.String", Kind.STRING)
STRING_ARRAY = PType("System.String[]", Kind.STRING, array=True)
BOOL = PType("System.Boolean", Kind.BOOL)
BOOL_ARRAY = PType("System.Boolean[]", Kind.BOOL, array=True)
SWITCH = PType("System.Management.Automation.SwitchParameter", Kind.SWITCH)
BYTE = _int("System.Byte", 0, 255)
BYTE_ARRAY = _int("System.Byte", 0, 255, array=True)
UINT16 = _int("System.UInt16", 0, 65535)
UINT32 = _int("System.UInt32", 0, 4294967295)
UINT32_ARRAY = _int("System.UInt32", 0, 4294967295, array=True)
INT32 = _int("System.Int32", -2147483648, 2147483647)
INT64 = _int("System.Int64", -(2**63), 2**63 - 1)
UINT64 = _int("System.UInt64", 0, 2**64 - 1)
GUID = PType("System.Guid", Kind.GUID)
GUID_ARRAY = PType("System.Guid[]", Kind.GUID, array=True)
TIMESPAN = PType("System.TimeSpan", Kind.TIMESPAN)
CREDENTIAL = PType("System.Management.Automation.PSCredential[]", Kind.CREDENTIAL, array=True)
OBJECT = PType("System.Object", Kind.OBJECT)


def enum_of(cls: type[NetEnum], array: bool = False) -> PType:
    """A parameter of an enum type (case-insensitive names or numbers)."""
    name = cls.dotnet_name() + ("[]" if array else "")
    return PType(name, Kind.ENUM, array, enum=cls)


def objects(dotnet: str, *accepts: str) -> PType:
    """An -InputObject-style parameter taking objects whose type names end with `accepts`."""
    return PType(dotnet, Kind.OBJECT, dotnet.endswith("[]"), accepts=accepts)
