"""From one kernel layout to another: the ordered operations, pure (nothing is read or run).

Order: new and changed bridges, new and changed taps, container endpoints, the one nft
transaction, sysctls, then deletions (endpoints, taps, then bridges) last, because a deletion
is the hardest step to undo.
"""

from __future__ import annotations

from netnat.backends.linux import nftables
from netnat.backends.linux.endpoints import AddEndpoint, DeleteEndpoint
from netnat.backends.linux.layout import BridgeSpec, Layout, NatSpec, TapSpec
from netnat.backends.linux.ops import (
    AddAddress,
    AddLink,
    AddRoute,
    DeleteAddress,
    DeleteLink,
    DeleteRoute,
    MoveUplink,
    NftBatch,
    NftReplace,
    Op,
    SetAlias,
    SetMac,
    SetMaster,
    SetUp,
    Sysctl,
)

FORWARD = "net.ipv4.ip_forward"
TIMESTAMPS = "net.netfilter.nf_conntrack_timestamp"  # CreationTime of Get-NetNatSession


def plan_ops(old: Layout, new: Layout, replace_table: bool = False) -> list[Op]:
    """Operations that take the kernel from `old` to `new`.

    `replace_table` rewrites netnat's nft table whole (sync) instead of diffing it."""
    ops: list[Op] = []
    for name, bridge in sorted(new.bridges.items()):
        before = old.bridges.get(name)
        ops += create_bridge(bridge) if before is None else change_bridge(before, bridge)
    for name, tap in sorted(new.taps.items()):
        before_tap = old.taps.get(name)
        ops += create_tap(tap) if before_tap is None else change_tap(before_tap, tap)
    ops += endpoint_ops(old, new)
    ops += nat_ops(old.nat, new.nat, replace_table)
    kept = {v.netns for v in new.veths.values()}
    for name in sorted(set(old.veths) - set(new.veths)):
        veth = old.veths[name]
        ops.append(DeleteEndpoint(veth, drop_netns=bool(veth.netns) and veth.netns not in kept))
    for name in sorted(set(old.taps) - set(new.taps)):
        ops.append(DeleteLink(name))
    for name in sorted(set(old.bridges) - set(new.bridges)):
        gone = old.bridges[name]
        if gone.uplink:
            ops.append(MoveUplink(gone.uplink, name, attach=False))
        ops.append(DeleteLink(name))
    return ops


def endpoint_ops(old: Layout, new: Layout) -> list[Op]:
    """New endpoints, and changed ones re-plugged (delete, then add)."""
    ops: list[Op] = []
    for name, veth in sorted(new.veths.items()):
        before = old.veths.get(name)
        if before is None:
            ops.append(AddEndpoint(veth))
        elif before != veth:
            ops += [DeleteEndpoint(before), AddEndpoint(veth)]
    return ops


def create_bridge(b: BridgeSpec) -> list[Op]:
    ops: list[Op] = [AddLink(b.name, "bridge")]
    if b.mac:
        ops.append(SetMac(b.name, b.mac))
    ops += [SetAlias(b.name, b.alias), SetUp(b.name)]
    if b.uplink:
        ops.append(MoveUplink(b.uplink, b.name, attach=True))
    ops += [AddAddress(b.name, cidr) for cidr in b.addresses]
    ops += [AddRoute(b.name, route) for route in b.routes]
    return ops


def change_bridge(old: BridgeSpec, new: BridgeSpec) -> list[Op]:
    name = new.name
    ops: list[Op] = []
    if old.alias != new.alias:
        ops.append(SetAlias(name, new.alias))
    ops += [DeleteRoute(name, r) for r in old.routes if r not in new.routes]
    ops += [DeleteAddress(name, a) for a in old.addresses if a not in new.addresses]
    if old.uplink != new.uplink:
        if old.uplink:
            ops.append(MoveUplink(old.uplink, name, attach=False, mac=new.mac))
        if new.uplink:
            ops.append(MoveUplink(new.uplink, name, attach=True))
    ops += [AddAddress(name, a) for a in new.addresses if a not in old.addresses]
    ops += [AddRoute(name, r) for r in new.routes if r not in old.routes]
    return ops


def create_tap(t: TapSpec) -> list[Op]:
    ops: list[Op] = [AddLink(t.name, "tap"), SetAlias(t.name, t.alias)]
    if t.master:
        ops.append(SetMaster(t.name, t.master))
    ops.append(SetUp(t.name))
    return ops


def change_tap(old: TapSpec, new: TapSpec) -> list[Op]:
    ops: list[Op] = []
    if old.alias != new.alias:
        ops.append(SetAlias(new.name, new.alias))
    if old.master != new.master:
        ops.append(SetMaster(new.name, new.master))
    return ops


def nat_ops(old: NatSpec | None, new: NatSpec | None, replace_table: bool) -> list[Op]:
    if replace_table:
        if old is None and new is None:
            return []
        return [NftReplace(nftables.replace_text(new) if new else nftables.delete_text())]
    ops: list[Op] = []
    batch = nftables.diff_text(old, new)
    if batch:
        ops.append(NftBatch(batch, nftables.diff_text(new, old)))
    if new is not None and old is None:
        ops += sysctl_ops()
    return ops


def sysctl_ops() -> list[Op]:
    """Forwarding on (and conntrack timestamps, for session creation times)."""
    return [Sysctl(FORWARD, "1"), Sysctl(TIMESTAMPS, "1", optional=True)]
