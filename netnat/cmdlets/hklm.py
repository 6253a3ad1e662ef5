"""The registry provider over the State: Get-ChildItem, Get-Item, Get-ItemProperty and
Remove-Item on `HKLM:\\SYSTEM\\CurrentControlSet\\Services\\vmsmp\\parameters` (SwitchList,
NicList). Removing a switch's key removes the switch. Remove-Item also deletes the docker
daemon's emulated files; every other path is refused with PowerShell's path-not-found error."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets import provider
from netnat.cmdlets.common import has_wildcard, name_matches
from netnat.cmdlets.core_common import item_error
from netnat.cmdlets.provider import Location
from netnat.errors import CmdletError
from netnat.model import hklm, present_host
from netnat.record import replace

NS = "Microsoft.PowerShell.Commands."
SWITCH_LIST = "HKLM:\\SYSTEM\\CurrentControlSet\\Services\\vmsmp\\parameters\\SwitchList"
SP_REMOVE_KEY = 'Performing the operation "Remove Key" on target "Item: {name}".'
SP_REMOVE_FILE = 'Performing the operation "Remove File" on target "{path}".'
HAS_CHILDREN = (
    "The item at {path} has children and the Recurse parameter was not specified. If you "
    "continue, all children will be removed with the item. Are you sure you want to continue?"
)


def _paths(bound: Bound) -> tuple[list[str], bool]:
    """(paths, literal): -LiteralPath (alias PSPath, from piped keys) or -Path."""
    if bound.has("LiteralPath"):
        return bound.strs("LiteralPath") or [], True
    return bound.strs("Path") or ["."], False


def resolve_keys(ctx: CmdletContext, where: Location, literal: bool) -> list[hklm.Key]:
    """The keys a registry path names; wildcards match key names unless literal."""
    keys = [hklm.find(ctx.state, [])]
    for part in where.parts:
        next_keys: list[hklm.Key] = []
        for key in keys:
            assert key is not None
            if literal or not has_wildcard(part):
                found = hklm.find(ctx.state, [*key.path, part])
                next_keys += [found] if found is not None else []
            else:
                next_keys += [
                    c for c in hklm.children(ctx.state, key) if name_matches(part, c.child_name)
                ]
        keys = list(next_keys)
    return [k for k in keys if k is not None]


def _items(ctx: CmdletContext, bound: Bound) -> Iterator[tuple[Location, list[hklm.Key]]]:
    """Each path with the keys it names; paths that name nothing write the provider error."""
    paths, literal = _paths(bound)
    for path in paths:
        where = provider.locate(path)
        keys = resolve_keys(ctx, where, literal) if where.registry else []
        if keys:
            yield where, keys
        elif literal or not has_wildcard(path) or not where.registry:
            ctx.write_error(provider.missing(bound, where))


def _shown(key: hklm.Key) -> str:
    return "HKLM:\\" + "\\".join(key.path)


def get_childitem(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    _, literal = _paths(bound)
    for where, keys in _items(ctx, bound):
        matched = not literal and bool(where.parts) and has_wildcard(where.parts[-1])
        for key in keys:
            listed = [key] if matched else hklm.children(ctx.state, key)
            yield from _listing(ctx, bound, listed, "")


def _listing(
    ctx: CmdletContext, bound: Bound, keys: list[hklm.Key], prefix: str
) -> Iterator[object]:
    for key in keys:
        if _wanted(bound, key):
            yield (
                f"{prefix}{key.child_name}"
                if bound.flag("Name")
                else present_host.registry_key(key)
            )
        if bound.flag("Recurse"):
            yield from _listing(
                ctx, bound, hklm.children(ctx.state, key), f"{prefix}{key.child_name}\\"
            )


def _wanted(bound: Bound, key: hklm.Key) -> bool:
    include, exclude = bound.strs("Include"), bound.strs("Exclude")
    name = key.child_name
    return (include is None or any(name_matches(p, name) for p in include)) and not any(
        name_matches(p, name) for p in exclude or []
    )


def get_item(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    for _, keys in _items(ctx, bound):
        for key in keys:
            yield present_host.registry_key(key)


def get_itemproperty(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    names = bound.strs("Name")
    for _, keys in _items(ctx, bound):
        for key in keys:
            for missing in [n for n in names or [] if n not in key.values]:
                ctx.write_error(_no_property(bound, missing, key))
            chosen = None if names is None else [n for n in names if n in key.values]
            if chosen != []:
                yield present_host.item_property(key, chosen)


def _no_property(bound: Bound, name: str, key: hklm.Key) -> CmdletError:
    message = f"Property {name} does not exist at path {key.name}."
    error_id = "System.Management.Automation.PSArgumentException"
    return item_error(bound, message, error_id, "InvalidArgument", "PSArgumentException", name)


def remove_item(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    paths, literal = _paths(bound)
    for path in paths:
        where = provider.locate(path)
        if where.registry:
            _remove_keys(ctx, bound, where, literal)
        elif provider.file_text(ctx.state, where) is not None:
            _remove_file(ctx, where)
        else:
            ctx.write_error(provider.missing(bound, where))
    return iter(())


def _remove_keys(ctx: CmdletContext, bound: Bound, where: Location, literal: bool) -> None:
    keys = resolve_keys(ctx, where, literal)
    if not keys and (literal or not has_wildcard(where.shown)):
        ctx.write_error(provider.path_not_found(bound, where))
    for key in keys:
        if not hklm.removable(key):
            ctx.write_error(_denied(bound, key))
            continue
        asked = key.subkeys and not bound.flag("Recurse")
        if asked and not ctx.should_continue(HAS_CHILDREN.format(path=_shown(key))):
            continue
        if ctx.should_process(SP_REMOVE_KEY.format(name=key.name)):
            ctx.state = hklm.remove(ctx.state, key)


def _denied(bound: Bound, key: hklm.Key) -> CmdletError:
    """[inf] what Windows says for a key an administrator may not delete."""
    message = "Requested registry access is not allowed."
    return item_error(
        bound, message, "RemoveItemSecurityError", "PermissionDenied", "SecurityException", key.name
    )


def _remove_file(ctx: CmdletContext, where: Location) -> None:
    field = provider.file_field(ctx.state, where)
    assert field is not None
    if ctx.should_process(SP_REMOVE_FILE.format(path=where.shown)):
        ctx.state = ctx.state.with_(docker=replace(ctx.state.docker, **{field: ""}))


# ---- declarations ------------------------------------------------------------------------

_MGMT = CmdletKind.BINARY


def _path(mandatory: bool) -> Param:
    return Param(
        "Path",
        t.STRING_ARRAY,
        position=0,
        mandatory=mandatory,
        sets=("Path",),
        by_value=True,
        by_property_name=True,
    )


_LITERAL = Param(
    "LiteralPath",
    t.STRING_ARRAY,
    ("PSPath",),
    mandatory=True,
    sets=("LiteralPath",),
    by_property_name=True,
)
_FILTERS = (
    Param("Filter", t.STRING),
    Param("Include", t.STRING_ARRAY),
    Param("Exclude", t.STRING_ARRAY),
    Param("Force", t.SWITCH),
)
CMDLETS = (
    Cmdlet(
        "Get-ChildItem",
        get_childitem,
        (
            _path(False),
            _LITERAL,
            *_FILTERS,
            Param("Recurse", t.SWITCH, ("s",)),
            Param("Name", t.SWITCH),
        ),
        kind=_MGMT,
        dotnet_class=NS + "GetChildItemCommand",
        default_set="Path",
        aliases=("gci", "dir", "ls"),
        synopsis="Lists registry keys under HKLM:\\SYSTEM\\CurrentControlSet\\Services\\vmsmp"
        "\\parameters (SwitchList: one key per switch, named by its Id).",
        examples=(Example(f"Get-ChildItem {SWITCH_LIST}"),),
        output_type="RegistryKey",
    ),
    Cmdlet(
        "Get-Item",
        get_item,
        (_path(True), _LITERAL, *_FILTERS),
        kind=_MGMT,
        dotnet_class=NS + "GetItemCommand",
        default_set="Path",
        aliases=("gi",),
        synopsis="Gets a registry key of the switch registry.",
        examples=(Example(f"Get-Item {SWITCH_LIST}"),),
        output_type="RegistryKey",
    ),
    Cmdlet(
        "Get-ItemProperty",
        get_itemproperty,
        (_path(True), _LITERAL, Param("Name", t.STRING_ARRAY, position=1), *_FILTERS),
        kind=_MGMT,
        dotnet_class=NS + "GetItemPropertyCommand",
        default_set="Path",
        aliases=("gp",),
        synopsis="Gets the values of registry keys (a switch key: FriendlyName).",
        examples=(Example(f"Get-ChildItem {SWITCH_LIST} | Get-ItemProperty"),),
    ),
    Cmdlet(
        "Remove-Item",
        remove_item,
        (
            _path(True),
            _LITERAL,
            *_FILTERS,
            Param("Recurse", t.SWITCH),
            Param("Credential", t.CREDENTIAL),
        ),
        kind=_MGMT,
        dotnet_class=NS + "RemoveItemCommand",
        default_set="Path",
        aliases=("ri", "rm", "rmdir", "del", "erase", "rd"),
        should_process=True,
        changes_state=True,
        synopsis="Deletes switch registry keys (and so the switches) or the docker daemon's "
        "emulated files; asks before deleting a key with subkeys unless -Recurse.",
        examples=(
            Example(
                "New-VMSwitch -SwitchName nat -SwitchType Internal | Out-Null\n"
                f"Get-ChildItem {SWITCH_LIST} | Remove-Item -Recurse"
            ),
        ),
    ),
)
