"""The completion index: plain data built from the cmdlet declarations, cached as marshal data.

Importing every cmdlet module costs about twice a bare Python start; TAB must answer faster, so
the index (names, aliases, synopses, parameters, value lists, live-value roles) is built once
from the declarations and kept in the user cache dir, keyed by the stats of netnat's sources.
Any problem with the cache (missing, stale, foreign, unwritable) just means building again.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from netnat.binding.decl import Cmdlet, Param

FORMAT = 1
Index = dict[str, Any]
SWITCH, VALUE, ARRAY = "switch", "value", "array"


class PRow(NamedTuple):
    """A parameter as completion sees it (stored in the cache as a plain tuple)."""

    name: str
    aliases: tuple[str, ...]
    position: int  # -1: named only
    kind: str  # SWITCH, VALUE or ARRAY
    values: tuple[str, ...]  # enum names, ValidateSet values
    role: str  # live values ("nat", "switch", ...), "bool", "command", "noun", "verb" or ""
    type: str  # the .NET type's short name
    help: str
    common: bool

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


# Live values from the store, by parameter name; `Name` gets the role of its cmdlet's noun.
ROLE_BY_PARAM = {
    "natname": "nat",
    "switchname": "switch",
    "interfacealias": "interface",
    "netadaptername": "interface",
    "networkadaptername": "interface",
    "vmnetworkadaptername": "vm_adapter",
    "interfaceindex": "ifindex",
    "staticmappingid": "mapping",
    "externaladdressid": "external_address",
    "vmname": "vm",
    "networkname": "container_network",
    "containername": "container",
    "featurename": "feature",
}
ROLE_BY_NOUN = {
    "netnat": "nat",
    "vmswitch": "switch",
    "netadapter": "interface",
    "vmnetworkadapter": "vm_adapter",
    "containernetwork": "container_network",
    "service": "service",
    "windowsfeature": "feature",
}
CREATING_VERBS = frozenset({"new", "add", "install", "enable"})  # their -Name is a new name
NEW_NAMES = frozenset({"container", "feature"})  # what these verbs name anew besides -Name
COMMAND_PARAMS = {("get-command", "name"), ("get-help", "name")}


def cache_file() -> Path:
    """`$XDG_CACHE_HOME/netnat/…` (what platformdirs.user_cache_dir gives on Linux, computed
    here without importing it)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = f"{sys.version_info[0]}{sys.version_info[1]}"
    return Path(base) / "netnat" / f"completion-index-py{version}.marshal"


def source_key() -> tuple[Any, ...]:
    """netnat's version and the (name, size, mtime) of each of its source files."""
    from netnat import __version__

    root = Path(__file__).resolve().parent.parent
    entries: list[tuple[str, int, int]] = []
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    stack.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    entries.append((entry.path, st.st_size, st.st_mtime_ns))
    entries.sort()
    return (FORMAT, __version__, str(root), tuple(entries))


def load() -> Index:
    """The index: from the cache when it matches the sources, else built (and cached)."""
    key = source_key()
    path = cache_file()
    cached = _read(path, key)
    if cached is not None:
        return cached
    index = build()
    _write(path, key, index)
    return index


def _read(path: Path, key: tuple[Any, ...]) -> Index | None:
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not _trusted(st):
                return None
            stored = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if type(stored) is not tuple or len(stored) != 2 or stored[0] != key:
        return None
    index = stored[1]
    return index if type(index) is dict else None


def _write(path: Path, key: tuple[Any, ...], index: Index) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(marshal.dumps((key, index)))
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except (OSError, ValueError):
        return


def _trusted(st: os.stat_result) -> bool:
    """A regular file of ours or root's that nobody else can write: safe to unmarshal."""
    return (
        stat.S_ISREG(st.st_mode)
        and st.st_uid in (0, os.geteuid())
        and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


# ---- building from the declarations ---------------------------------------------------------


def build() -> Index:
    """The index from the registry's declarations (imports every cmdlet module)."""
    from netnat.cmdlets.registry import all_cmdlets

    commands: dict[str, tuple[str, str]] = {}
    aliases: dict[str, str] = {}
    cmdlets: dict[str, tuple[tuple[Any, ...], ...]] = {}
    for cmdlet in all_cmdlets():
        commands[cmdlet.name.lower()] = (cmdlet.name, cmdlet.synopsis)
        for alias in cmdlet.aliases:
            aliases[alias.lower()] = cmdlet.name
        cmdlets[cmdlet.name] = tuple(tuple(_param(cmdlet, p)) for p in cmdlet.all_params)
    return {"commands": commands, "aliases": aliases, "cmdlets": cmdlets}


def params_of(index: Index, name: str) -> tuple[PRow, ...]:
    """The parameters of a cmdlet or alias (any case); () when unknown."""
    canonical = index["aliases"].get(name.lower()) or index["commands"].get(name.lower(), ("",))[0]
    return tuple(PRow(*row) for row in index["cmdlets"].get(canonical, ()))


def _param(cmdlet: Cmdlet, param: Param) -> PRow:
    from netnat.binding.types import Kind

    kind = SWITCH if param.is_switch else ARRAY if param.type.array else VALUE
    position = -1 if param.position is None else param.position
    type_name = param.type.dotnet.rsplit(".", 1)[-1]
    values = _values(param)
    role = _role(cmdlet, param) if param.type.kind is not Kind.ENUM else ""
    if param.type.kind is Kind.BOOL or param.is_switch:
        role = "bool"
    return PRow(
        param.name,
        tuple(param.aliases),
        position,
        kind,
        values,
        role,
        type_name,
        param.help,
        param.common,
    )


def _values(param: Param) -> tuple[str, ...]:
    from netnat.binding.decl import ACTION_PREFERENCES
    from netnat.model.enums import enum_display_names

    if param.type.enum is not None:
        names = enum_display_names(param.type.enum)
        if param.validate_set:
            allowed = {v.lower() for v in param.validate_set}
            names = [n for n in names if n.lower() in allowed]
        return tuple(names)
    if param.validate_set:
        return tuple(param.validate_set)
    if param.type.dotnet.endswith("ActionPreference"):
        return tuple(ACTION_PREFERENCES)
    return ()


def _role(cmdlet: Cmdlet, param: Param) -> str:
    name = param.name.lower()
    if (cmdlet.name.lower(), name) in COMMAND_PARAMS:
        return "command"
    if (cmdlet.name.lower(), name) in (("get-command", "noun"), ("get-command", "verb")):
        return name
    role = ROLE_BY_PARAM.get(name) or (
        ROLE_BY_NOUN.get(cmdlet.noun.lower(), "") if name == "name" else ""
    )
    if cmdlet.verb.lower() in CREATING_VERBS and (name == "name" or role in NEW_NAMES):
        return ""  # a name to create: nothing that exists fits
    return role
