"""Casts and type literals: `[int]`, `[string[]]`, `[ipaddress]`, `[pscustomobject]@{}`, ..."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from decimal import Decimal

from netnat.model.psobject import PSObject, custom_object
from netnat.model.values import (
    ConversionError,
    Hashtable,
    ScriptBlockValue,
    is_true,
    parse_number,
    to_string,
)

INT_RANGES = {
    "int": ("System.Int32", -(2**31), 2**31 - 1),
    "int32": ("System.Int32", -(2**31), 2**31 - 1),
    "long": ("System.Int64", -(2**63), 2**63 - 1),
    "int64": ("System.Int64", -(2**63), 2**63 - 1),
    "byte": ("System.Byte", 0, 255),
    "uint16": ("System.UInt16", 0, 65535),
    "uint32": ("System.UInt32", 0, 2**32 - 1),
    "uint64": ("System.UInt64", 0, 2**64 - 1),
    "int16": ("System.Int16", -(2**15), 2**15 - 1),
}
ALIASES = {
    "system.int32": "int",
    "system.int64": "long",
    "system.byte": "byte",
    "system.uint16": "uint16",
    "system.uint32": "uint32",
    "system.string": "string",
    "system.boolean": "bool",
    "system.double": "double",
    "system.net.ipaddress": "ipaddress",
    "system.object": "object",
    "system.collections.hashtable": "hashtable",
    "system.management.automation.pscustomobject": "pscustomobject",
    "psobject": "object",
    "system.management.automation.psobject": "object",
    "system.decimal": "decimal",
    "system.char": "char",
    "system.version": "version",
    "system.guid": "guid",
    "system.array": "array",
    "boolean": "bool",
    "float": "double",
    "single": "double",
    "system.management.automation.switchparameter": "switch",
    "string": "string",
}


class CastError(Exception):
    """A failed cast; `type_name` and `detail` build PowerShell's message."""

    def __init__(self, type_name: str, detail: str = "") -> None:
        super().__init__(detail)
        self.type_name = type_name
        self.detail = detail


class UnknownType(Exception):
    """`Unable to find type [X].`"""


def canonical(name: str) -> str:
    lowered = name.lower()
    return ALIASES.get(lowered, lowered)


def _to_int(name: str) -> Callable[[object], object]:
    dotnet, lo, hi = INT_RANGES[name]

    def convert(value: object) -> object:
        if isinstance(value, str):
            try:
                number: object = parse_number(value)
            except ConversionError:
                raise CastError(dotnet, "Input string was not in a correct format.") from None
        elif value is None:
            number = 0
        elif isinstance(value, bool | int | float | Decimal):
            number = value
        else:
            raise CastError(dotnet)
        if isinstance(number, float | Decimal):
            if not math.isfinite(number):
                raise CastError(
                    dotnet, f"Value was either too large or too small for {_an(dotnet)}."
                )
            number = round(number)  # round half to even, as .NET does
        assert isinstance(number, int)
        if not lo <= number <= hi:
            raise CastError(dotnet, f"Value was either too large or too small for {_an(dotnet)}.")
        return number

    return convert


def _an(dotnet: str) -> str:
    short = dotnet.split(".")[-1]
    return {
        "Byte": "an unsigned byte",
        "Int32": "an Int32",
        "Int64": "an Int64",
        "UInt16": "a UInt16",
        "UInt32": "a UInt32",
        "UInt64": "a UInt64",
    }.get(short, short)


def _to_double(value: object) -> object:
    if isinstance(value, str):
        try:
            return float(parse_number(value))
        except ConversionError:
            raise CastError("System.Double", "Input string was not in a correct format.") from None
    if value is None:
        return 0.0
    if isinstance(value, bool | int | float | Decimal):
        return float(value)
    raise CastError("System.Double")


def ip_object(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> PSObject:
    """`[ipaddress]`: a System.Net.IPAddress whose string form is the address."""
    family = "InterNetworkV6" if address.version == 6 else "InterNetwork"
    props: dict[str, object] = {
        "Address": int.from_bytes(address.packed, "little") if address.version == 4 else None,
        "AddressFamily": family,
        "ScopeId": None,
        "IsIPv6Multicast": address.version == 6 and address.is_multicast,
        "IsIPv6LinkLocal": address.version == 6 and address.is_link_local,
        "IsIPv6SiteLocal": address.version == 6 and address.is_site_local,
        "IsIPv6Teredo": False,
        "IsIPv4MappedToIPv6": False,
        "IPAddressToString": str(address),
    }
    return PSObject(("System.Net.IPAddress", "System.Object"), props, address, text=str(address))


def _to_ip(value: object) -> object:
    try:
        return ip_object(ipaddress.ip_address(to_string(value).strip()))
    except ValueError:
        raise CastError("System.Net.IPAddress", "An invalid IP address was specified.") from None


def _to_custom(value: object) -> object:
    if isinstance(value, Hashtable):
        return custom_object({to_string(k): v for k, v in value.items()})
    return value


def _to_hashtable(value: object) -> object:
    if isinstance(value, Hashtable):
        return value
    raise CastError("System.Collections.Hashtable")


def version_object(text: str) -> PSObject:
    """`[version]'5.1.14393.0'`: Major, Minor, Build and Revision (-1 when not given)."""
    parts = text.strip().split(".")
    if not 2 <= len(parts) <= 4:
        raise CastError("System.Version", "Version string portion was too short or too long.")
    if not all(p.isdigit() for p in parts):
        raise CastError("System.Version", "Input string was not in a correct format.")
    numbers = [int(p) for p in parts] + [-1] * (4 - len(parts))
    props: dict[str, object] = dict(
        zip(("Major", "Minor", "Build", "Revision"), numbers, strict=True)
    )
    return PSObject(("System.Version", "System.Object"), props, text=".".join(parts))


def _to_version(value: object) -> object:
    if isinstance(value, PSObject) and value.is_a("System.Version"):
        return value
    return version_object(to_string(value))


def _to_char(value: object) -> object:
    text = to_string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return chr(value)
    if len(text) != 1:
        raise CastError("System.Char", "String must be exactly one character long.")
    return text


SCALARS: dict[str, Callable[[object], object]] = {
    **{name: _to_int(name) for name in INT_RANGES},
    "double": _to_double,
    "decimal": lambda v: Decimal(str(_to_double(v))) if not isinstance(v, Decimal) else v,
    "string": lambda v: to_string(v),
    "bool": is_true,
    "switch": is_true,
    "char": _to_char,
    "ipaddress": _to_ip,
    "pscustomobject": _to_custom,
    "hashtable": _to_hashtable,
    "ordered": _to_hashtable,
    "object": lambda v: v,
    "void": lambda v: None,
    "scriptblock": lambda v: v if isinstance(v, ScriptBlockValue) else _fail("ScriptBlock"),
    "version": _to_version,
    "guid": lambda v: to_string(v).strip("{}").lower(),
}


def _fail(name: str) -> object:
    raise CastError(f"System.Management.Automation.{name}")


def cast(type_name: str, array_rank: int, value: object) -> object:
    """`[type]value`; raises UnknownType or CastError."""
    name = canonical(type_name)
    if value is None and (array_rank or name == "array"):
        return None  # `[string[]]$null` stays $null
    if name == "array" or (name == "object" and array_rank):
        return list(value) if isinstance(value, list | tuple) else [value]
    if array_rank:
        items = (
            list(value) if isinstance(value, list | tuple) else ([] if value is None else [value])
        )
        return [cast(type_name, array_rank - 1, item) for item in items]
    convert = SCALARS.get(name)
    if convert is None:
        raise UnknownType(type_name)
    return convert(value)


def is_known(type_name: str) -> bool:
    name = canonical(type_name)
    return name in SCALARS or name in (
        "array",
        "math",
        "regex",
        "timespan",
        "datetime",
        "environment",
        "system.math",
        "convert",
    )


def is_instance(value: object, type_name: str, array_rank: int = 0) -> bool:
    """`-is [type]`."""
    name = canonical(type_name)
    if array_rank or name == "array":
        return isinstance(value, list | tuple)
    checks: dict[str, Callable[[object], bool]] = {
        "string": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and -(2**31) <= v < 2**31,
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "double": lambda v: isinstance(v, float),
        "bool": lambda v: isinstance(v, bool),
        "hashtable": lambda v: isinstance(v, Hashtable),
        "object": lambda v: v is not None,
        "pscustomobject": lambda v: isinstance(v, PSObject),
        "ipaddress": lambda v: isinstance(v, PSObject) and v.is_a("System.Net.IPAddress"),
        "scriptblock": lambda v: isinstance(v, ScriptBlockValue),
    }
    if name in checks:
        return checks[name](value)
    if isinstance(value, PSObject):
        return any(t.lower().endswith(type_name.lower()) for t in value.type_names)
    if not is_known(type_name):
        raise UnknownType(type_name)
    return False
