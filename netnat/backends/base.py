"""The Backend protocol and the plan it produces (design.md §5)."""

from __future__ import annotations

from typing import Protocol

from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.record import dataclass, field


@dataclass(frozen=True, slots=True)
class Step:
    """One printable step of a plan: `ip`-like text, an nft batch, or a model change."""

    text: str
    kind: str = "model"  # model | link | nft | sysctl


@dataclass(frozen=True, slots=True)
class Plan:
    backend: str
    steps: tuple[Step, ...] = ()

    def render(self) -> str:
        if not self.steps:
            return f"# {self.backend}: nothing to change"
        return "\n".join(
            [f"# {self.backend}: {len(self.steps)} step(s)"] + [s.text for s in self.steps]
        )


@dataclass(frozen=True, slots=True)
class HostView:
    """What the backend sees of the host: adapter names and their addresses."""

    adapters: tuple[str, ...] = ()
    addresses: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (adapter, cidr)


class Backend(Protocol):
    name: str

    def observe(self, state: State) -> HostView:
        """The host's adapters and addresses (netnat-owned objects included)."""
        ...

    def plan(self, old: State, new: State) -> Plan:
        """Ordered, printable steps from `old` to `new`; no side effects."""
        ...

    def batchable(self, old: State, new: State) -> bool:
        """Whether a runbook may apply `old` -> `new` later, together with other changes (one
        store write, one kernel transaction). False for a change whose apply can fail on its
        own: it is applied as its cmdlet ends, so a failure is that cmdlet's error and leaves
        the changes of later cmdlets alone (design.md §4)."""
        ...

    def apply(self, plan: Plan) -> None:
        """All or nothing: on failure, undo what was done and raise BackendError."""
        ...

    def sessions(self, nat: NetNat) -> list[object]:
        """Live translated flows of a NAT (Get-NetNatSession)."""
        ...

    def sync_plan(self, state: State) -> Plan:
        """What `sync` would do: the steps from the kernel as it is to `state`."""
        ...

    def sync(self, state: State) -> Plan:
        """Converge the kernel to `state` (netnat-owned objects only); the plan applied."""
        ...

    def drift(self, state: State) -> list[str]:
        """How the kernel differs from `state`, one line per difference."""
        ...
