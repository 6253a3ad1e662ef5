"""The `state` backend (default): no kernel and no root; the simulated host lives in the store."""

from __future__ import annotations

from netnat.backends.base import HostView, Plan
from netnat.backends.diff import model_steps
from netnat.model.objects import NetNat
from netnat.model.state import State


class StateBackend:
    """Records only: plans list model changes, apply has nothing to do."""

    name = "state"

    def observe(self, state: State) -> HostView:
        names = {a.ifIndex: a.Name for a in state.adapters}
        return HostView(
            adapters=tuple(a.Name for a in state.adapters),
            addresses=tuple(
                (names.get(ip.InterfaceIndex, "?"), f"{ip.IPAddress}/{ip.PrefixLength}")
                for ip in state.addresses
            ),
        )

    def plan(self, old: State, new: State) -> Plan:
        return Plan(self.name, tuple(model_steps(old, new)))

    def batchable(self, old: State, new: State) -> bool:
        return True  # nothing to apply: only the store write, which holds the whole batch

    def apply(self, plan: Plan) -> None:
        return None

    def sessions(self, nat: NetNat) -> list[object]:
        return []

    def sync_plan(self, state: State) -> Plan:
        return Plan(self.name)

    def sync(self, state: State) -> Plan:
        return Plan(self.name)

    def drift(self, state: State) -> list[str]:
        return []
