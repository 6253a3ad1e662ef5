"""The registry of cmdlets and their aliases: name -> declaration, case-insensitive."""

from __future__ import annotations

from functools import cache
from importlib import import_module

from netnat.binding.decl import Cmdlet

FAMILIES = (
    "netnat.cmdlets.netnat",
    "netnat.cmdlets.netnat_mapping",
    "netnat.cmdlets.vmswitch",
    "netnat.cmdlets.vmnic",
    "netnat.cmdlets.netipaddress",
    "netnat.cmdlets.core_filter",
    "netnat.cmdlets.core_select",
    "netnat.cmdlets.core_measure",
    "netnat.cmdlets.core_output",
    "netnat.cmdlets.core_write",
    "netnat.cmdlets.core_json",
    "netnat.cmdlets.core_misc",
    # the Windows container host (issue #4)
    "netnat.cmdlets.container",
    "netnat.cmdlets.endpoint",
    "netnat.cmdlets.service",
    "netnat.cmdlets.features",
    "netnat.cmdlets.hklm",
    "netnat.cmdlets.content",
    "netnat.cmdlets.host",
    "netnat.cmdlets.troubleshoot",
    "netnat.cmdlets.help",
)


@cache
def all_cmdlets() -> tuple[Cmdlet, ...]:
    """Every declared cmdlet, family by family."""
    found: list[Cmdlet] = []
    for module in FAMILIES:
        found.extend(import_module(module).CMDLETS)
    return tuple(found)


@cache
def _index() -> dict[str, Cmdlet]:
    index: dict[str, Cmdlet] = {}
    for cmdlet in all_cmdlets():
        index[cmdlet.name.lower()] = cmdlet
        for alias in cmdlet.aliases:
            index[alias.lower()] = cmdlet
    return index


def resolve(name: str) -> Cmdlet | None:
    """The cmdlet a command name or alias denotes, or None."""
    return _index().get(name.lower())
