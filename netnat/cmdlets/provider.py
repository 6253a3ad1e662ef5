"""Provider paths for the emulated drives: `HKLM:` (the switch registry over the State) and,
on `C:`, the docker daemon's two configuration files. Nothing here reads or writes a real
file: every other path does not exist, with PowerShell's path-not-found error."""

from __future__ import annotations

import re

from netnat.binding.decl import Bound, CmdletContext
from netnat.cmdlets.core_common import item_error
from netnat.errors import CmdletError
from netnat.model import hklm, winhost
from netnat.model.state import State
from netnat.record import dataclass

# The blog's prompt is `PS C:\>`: relative paths of a replayed runbook start there.
CURRENT = ("C", ())
_PROVIDER = re.compile(r"(?i)^(?:microsoft\.powershell\.core\\)?registry::(.*)$")
_DRIVE = re.compile(r"^([A-Za-z][\w-]*):(.*)$", re.DOTALL)
_HIVE_NAMES = ("hkey_local_machine", "hklm")
# the emulated files on C: -> the DockerConfig field holding their text
FILES = {
    ("programdata", "docker", "config", "daemon.json"): "DaemonJson",
    ("programdata", "docker", "rundockerdaemon.cmd"): "RunScript",
}
_DIRS = {path[:n] for path in FILES for n in range(len(path))}


@dataclass(frozen=True, slots=True)
class Location:
    drive: str  # "HKLM", "C" or the drive as typed
    parts: tuple[str, ...]

    @property
    def shown(self) -> str:
        """The path as PowerShell prints it in errors: `HKLM:\\SYSTEM\\x`, `C:\\x`."""
        return f"{self.drive}:\\" + "\\".join(self.parts)

    @property
    def registry(self) -> bool:
        return self.drive.upper() == "HKLM"

    @property
    def leaf(self) -> str:
        return self.parts[-1] if self.parts else ""


def locate(path: str) -> Location:
    """Where a path points: provider-qualified, drive-qualified, or relative to `C:\\`."""
    text = path.strip()
    provider = _PROVIDER.match(text)
    if provider is not None:
        parts = _parts(provider.group(1))
        if parts and parts[0].lower() in _HIVE_NAMES:
            return Location("HKLM", tuple(parts[1:]))
        return Location("Registry", tuple(parts))
    drive = _DRIVE.match(text)
    if drive is not None:
        name = drive.group(1)
        canonical = "HKLM" if name.lower() == "hklm" else name.upper() if len(name) == 1 else name
        return Location(canonical, tuple(_parts(drive.group(2))))
    base = () if text.startswith(("\\", "/")) else CURRENT[1]
    return Location(CURRENT[0], tuple(_parts("\\".join((*base, text)))))


def _parts(rest: str) -> list[str]:
    parts: list[str] = []
    for part in rest.replace("/", "\\").split("\\"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return parts


def file_field(state: State, where: Location) -> str | None:
    """The DockerConfig field behind an emulated file path (None: not one of them)."""
    if where.drive != "C" or not _containers_installed(state):
        return None
    return FILES.get(tuple(p.lower() for p in where.parts))


def file_text(state: State, where: Location) -> str | None:
    """The emulated file's text, or None when it does not exist."""
    name = file_field(state, where)
    if name is None:
        return None
    text: str = getattr(state.docker, name)
    return text or None


def _containers_installed(state: State) -> bool:
    info = winhost.feature(winhost.CONTAINERS)
    return info is not None and winhost.installed(state, info)


def path_not_found(bound: Bound, where: Location | str) -> CmdletError:
    """`Cannot find path 'X' because it does not exist.` (ItemNotFoundException)."""
    shown = where.shown if isinstance(where, Location) else where
    return item_error(
        bound,
        f"Cannot find path '{shown}' because it does not exist.",
        "PathNotFound",
        "ObjectNotFound",
        "ItemNotFoundException",
        shown,
    )


def drive_not_found(bound: Bound, where: Location) -> CmdletError:
    return item_error(
        bound,
        f"Cannot find drive. A drive with the name '{where.drive}' does not exist.",
        "DriveNotFound",
        "ObjectNotFound",
        "DriveNotFoundException",
        where.drive,
    )


def missing(bound: Bound, where: Location) -> CmdletError:
    """The error for a path on no emulated drive, or not there."""
    if where.registry or where.drive == "C":
        return path_not_found(bound, where)
    if where.drive.lower() in ("variable", "env", "registry"):
        return path_not_found(bound, where)
    return drive_not_found(bound, where)


# ---- Test-Path providers (core_misc.DRIVES) ------------------------------------------------


def hklm_kind(ctx: CmdletContext, path: str, literal: bool) -> str | None:
    """`HKLM:\\...`: every key is a container."""
    del literal
    found = hklm.find(ctx.state, _parts(path))
    return "container" if found is not None else None


def registry_kind(ctx: CmdletContext, path: str, literal: bool) -> str | None:
    """`Registry::HKEY_LOCAL_MACHINE\\...` (the drive part `Registry` was split off)."""
    parts = _parts(path.lstrip(":"))
    if not parts or parts[0].lower() not in _HIVE_NAMES:
        return None
    return hklm_kind(ctx, "\\".join(parts[1:]), literal)


def c_kind(ctx: CmdletContext, path: str, literal: bool) -> str | None:
    """`C:\\...`: the docker daemon's files and the folders holding them, nothing else."""
    del literal
    where = Location("C", tuple(_parts(path)))
    if file_text(ctx.state, where) is not None:
        return "leaf"
    lowered = tuple(p.lower() for p in where.parts)
    if lowered in _DIRS and (not lowered or _containers_installed(ctx.state)):
        return "container"
    return None
