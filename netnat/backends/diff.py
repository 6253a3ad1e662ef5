"""The model-level difference between two States, as plan steps (used by the `state` backend)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from netnat.backends.base import Step
from netnat.model.state import State

Render = Callable[[Any], str]
KINDS: tuple[tuple[str, str, Render, Render], ...] = (
    ("switches", "switch", lambda s: s.Id, lambda s: f"{s.Name} ({s.SwitchType})"),
    (
        "vm_adapters",
        "vm-adapter",
        lambda v: v.Id,
        lambda v: f"{v.Name} vm={v.VMName or '-'} switch={v.SwitchId or '-'}",
    ),
    ("adapters", "adapter", lambda a: str(a.ifIndex), lambda a: f"{a.Name} ifIndex={a.ifIndex}"),
    (
        "addresses",
        "address",
        lambda a: f"{a.IPAddress}@{a.InterfaceIndex}",
        lambda a: f"{a.IPAddress}/{a.PrefixLength} ifIndex={a.InterfaceIndex}",
    ),
    (
        "nats",
        "nat",
        lambda n: n.Name.lower(),
        lambda n: f"{n.Name} {n.InternalIPInterfaceAddressPrefix}",
    ),
    (
        "mappings",
        "mapping",
        lambda m: str(m.StaticMappingID),
        lambda m: (
            f"{m.NatName} {m.Protocol} {m.ExternalIPAddress}:{m.ExternalPort} -> "
            f"{m.InternalIPAddress}:{m.InternalPort}"
        ),
    ),
    # the Windows container host (issue #4)
    ("features", "feature", lambda f: f.Name.lower(), lambda f: f.Name),
    (
        "services",
        "service",
        lambda v: v.Name.lower(),
        lambda v: f"{v.Name} {v.Status} {v.StartType}",
    ),
    (
        "container_networks",
        "container-network",
        lambda n: n.Id,
        lambda n: f"{n.Name} ({n.Mode}) {n.SubnetPrefix or '-'}",
    ),
    ("endpoints", "endpoint", lambda e: e.Id, lambda e: f"{e.ContainerName} {e.IPAddress}"),
    (
        "guest_addresses",
        "vm-address",
        lambda g: f"{g.AdapterId}@{g.IPAddress}",
        lambda g: f"{g.IPAddress}/{g.PrefixLength}",
    ),
)


def _diff(
    label: str, old: Sequence[object], new: Sequence[object], key: Render, show: Render
) -> list[Step]:
    n = len(old)
    if len(new) >= n and all(a is b for a, b in zip(old, new, strict=False)):
        return [Step(f"+ {label} {show(o)}") for o in new[n:]]  # appended only: O(new)
    before = {key(o): o for o in old}
    after = {key(o): o for o in new}
    steps = [Step(f"- {label} {show(o)}") for k, o in before.items() if k not in after]
    steps += [
        Step(f"~ {label} {show(o)}") for k, o in after.items() if k in before and before[k] != o
    ]
    steps += [Step(f"+ {label} {show(o)}") for k, o in after.items() if k not in before]
    return steps


def model_steps(old: State, new: State) -> list[Step]:
    """Removed, changed and added objects, kind by kind."""
    steps: list[Step] = []
    for attr, label, key, show in KINDS:
        old_items, new_items = getattr(old, attr), getattr(new, attr)
        if old_items is not new_items:
            steps += _diff(label, old_items, new_items, key, show)
    return steps
