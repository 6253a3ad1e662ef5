"""The HKLM registry hive over the State: the Hyper-V switch registry and nothing else.

`HKLM:\\SYSTEM\\CurrentControlSet\\Services\\vmsmp\\parameters\\SwitchList` has one key per
switch, named by its Id, with the value `FriendlyName`; `...\\NicList` one per network adapter.
The keys above them exist only as the path to these two.
"""

from __future__ import annotations

from netnat.model import hostops
from netnat.model.state import State
from netnat.record import dataclass, field

HIVE = "HKEY_LOCAL_MACHINE"
PROVIDER = "Microsoft.PowerShell.Core\\Registry"
PARAMETERS = ("SYSTEM", "CurrentControlSet", "Services", "vmsmp", "parameters")
LISTS = ("NicList", "SwitchList")  # alphabetical, as the registry enumerates
REMOVABLE_FROM = len(PARAMETERS)  # `parameters` and below may be removed


@dataclass(frozen=True, slots=True)
class Key:
    """One registry key: its path below the hive (canonical case), values and subkeys."""

    path: tuple[str, ...]
    values: dict[str, str] = field(default_factory=dict)
    subkeys: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The native name, `HKEY_LOCAL_MACHINE\\SYSTEM\\...`."""
        return "\\".join((HIVE, *self.path))

    @property
    def child_name(self) -> str:
        return self.path[-1] if self.path else HIVE

    @property
    def parent_name(self) -> str:
        return "\\".join((HIVE, *self.path[:-1])) if self.path else ""


def find(state: State, parts: list[str]) -> Key | None:
    """The key at `parts` below the hive (case-insensitive), or None."""
    key = Key((), subkeys=(PARAMETERS[0],))
    for part in parts:
        child = next((s for s in key.subkeys if s.lower() == part.lower()), None)
        if child is None:
            return None
        key = _key(state, (*key.path, child))
    return key


def children(state: State, key: Key) -> list[Key]:
    return [_key(state, (*key.path, name)) for name in key.subkeys]


def _key(state: State, path: tuple[str, ...]) -> Key:
    depth = len(path)
    if depth < len(PARAMETERS):
        return Key(path, subkeys=(PARAMETERS[depth],))
    if depth == len(PARAMETERS):
        return Key(path, subkeys=LISTS)
    table = _table(state, path[len(PARAMETERS)])
    if depth == len(PARAMETERS) + 1:
        return Key(path, subkeys=tuple(sorted(table, key=str.lower)))
    return Key(path, values={"FriendlyName": table[path[-1]]})


def _table(state: State, list_name: str) -> dict[str, str]:
    """Subkey name -> FriendlyName of SwitchList (switches) or NicList (network adapters)."""
    if list_name == "SwitchList":
        return {s.Id: s.Name for s in state.switches}
    return {v.Id: v.Name for v in state.vm_adapters}


def removable(key: Key) -> bool:
    return len(key.path) >= REMOVABLE_FROM


def remove(state: State, key: Key) -> State:
    """Delete a key and its subkeys: the switches and adapters they describe go with them.
    (`parameters`, `SwitchList` and `NicList` themselves come back empty, as Hyper-V
    recreates them.)"""
    depth = len(key.path)
    lists = LISTS if depth == len(PARAMETERS) else (key.path[len(PARAMETERS)],)
    for list_name in lists:
        ids = set(_table(state, list_name)) if depth <= len(PARAMETERS) + 1 else {key.path[-1]}
        state = _drop(state, list_name, ids)
    return state


def _drop(state: State, list_name: str, ids: set[str]) -> State:
    if list_name == "SwitchList":
        for switch in [s for s in state.switches if s.Id in ids]:
            state = hostops.remove_switch(state, switch)
        return state
    for nic_id in [v.Id for v in state.vm_adapters if v.Id in ids]:
        state = hostops.remove_vm_adapter(state, nic_id)
    return state
