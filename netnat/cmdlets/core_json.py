"""ConvertTo-Json and ConvertFrom-Json (powershell-subset §6.9), both collecting their input."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.binding.messages import missing_mandatory
from netnat.cmdlets.core_common import (
    OBJECTS,
    UTILITY,
    binding_error,
    check_range,
    collected,
    error_record,
    unwrap,
)
from netnat.errors import TerminatingError
from netnat.model.psobject import custom_object

# --- ConvertTo-Json -----------------------------------------------------------------------


def convertto_json(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Mandatory -InputObject, checked here: the binder would refuse $null (AllowNull)."""
    check_range(bound, "Depth", 1)
    if not bound.has("InputObject"):
        raise binding_error(bound, missing_mandatory(["InputObject"]))
    collected(ctx).append(unwrap(bound.get("InputObject")))
    return iter(())


def convertto_json_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """One input object gives that value's JSON, several give one JSON array."""
    check_range(bound, "Depth", 1)
    items = collected(ctx)
    if not items:
        return
    depth = bound.get("Depth", 2)
    value = items[0] if len(items) == 1 else list(items)
    yield ctx.to_json(value, depth if isinstance(depth, int) else 2, bound.flag("Compress"))


# --- ConvertFrom-Json ---------------------------------------------------------------------


def convertfrom_json(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Mandatory, but checked here: '' is allowed, and `@() | ConvertFrom-Json` must end."""
    if not bound.has("InputObject"):
        raise binding_error(bound, missing_mandatory(["InputObject"]))
    collected(ctx).append(str(bound.get("InputObject")))
    return iter(())


def convertfrom_json_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Windows PowerShell 5.1: if the first input string is a whole JSON text, each string is
    converted on its own; otherwise the strings are joined with new-lines and converted once.
    A JSON array is written as one object (5.1 does not enumerate it)."""
    texts = [str(text) for text in collected(ctx)]
    if not texts:
        return
    if len(texts) > 1 and _parses(texts[0]):
        for text in texts:
            yield from _convert(bound, text)
    else:
        yield from _convert(bound, "\n".join(texts))


def _parses(text: str) -> bool:
    import json

    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _convert(bound: Bound, text: str) -> Iterator[object]:
    import json

    if not text.strip():
        return
    try:
        value = json.loads(text, object_pairs_hook=lambda pairs: custom_object(dict(pairs)))
    except json.JSONDecodeError as failure:
        raise _json_error(bound, text, failure) from None
    except RecursionError:  # [inf] JavaScriptSerializer's limit is 100 levels
        record = error_record(
            bound,
            "RecursionLimit exceeded.",
            "System.ArgumentException",
            "NotSpecified",
            "ArgumentException",
            text[:40],
        )
        raise TerminatingError(record) from None
    yield value


def _json_error(bound: Bound, text: str, failure: ValueError) -> TerminatingError:
    """[inf] 5.1's JavaScriptSerializer texts: `Invalid JSON primitive: <token>.`, or for a
    member without its colon `Invalid object passed in, ':' or '}' expected. (<pos>): <text>`."""
    position = getattr(failure, "pos", 0)
    if "delimiter" in str(failure) and "':'" in str(failure):
        message = f"Invalid object passed in, ':' or '}}' expected. ({position}): {text}"
    else:
        rest = text[position:].split()
        token = rest[0].rstrip(",]}") if rest else ""
        message = f"Invalid JSON primitive: {token}."
    error_id = "System.ArgumentException"
    record = error_record(bound, message, error_id, "NotSpecified", "ArgumentException", text)
    return TerminatingError(record)


CMDLETS = (
    Cmdlet(
        "ConvertTo-Json",
        convertto_json,
        (
            Param("InputObject", OBJECTS, position=0, by_value=True),
            Param(
                "Depth",
                t.INT32,
                validate_range=(1, None),
                help="Levels written before values become strings (2).",
            ),
            Param("Compress", t.SWITCH, help="No white space."),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.ConvertToJsonCommand",
        synopsis="Converts objects to JSON text in the Windows PowerShell 5.1 layout.",
        description=(
            "Several pipeline objects become one JSON array, one object its value alone. "
            "Levels deeper than -Depth (default 2) are written as their string form; enums "
            "are written as numbers. Module: " + UTILITY
        ),
        examples=(Example("Get-NetNat | ConvertTo-Json -Depth 3"),),
        end=convertto_json_end,
    ),
    Cmdlet(
        "ConvertFrom-Json",
        convertfrom_json,
        (Param("InputObject", t.STRING, position=0, by_value=True),),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.ConvertFromJsonCommand",
        synopsis="Converts JSON text to objects.",
        description=(
            "JSON objects become custom objects with their keys in order, arrays become arrays "
            "(written as one object, as in 5.1), numbers become integers or doubles. "
            "Module: " + UTILITY
        ),
        examples=(Example('\'{"Name":"VMNAT"}\' | ConvertFrom-Json'),),
        end=convertfrom_json_end,
    ),
)
