"""Kernel operations: each prints as an `ip`/`nft`/`sysctl` line and, run, records its own undo.

An operation records the undo of each kernel call in the apply's `Undo` journal *before* making
the call, worked out from what the kernel holds just before, so a rollback puts back exactly what
was there (a deleted bridge comes back with its MAC, alias, addresses, routes and ports), also
when the call takes effect and then reports a failure (a lost netlink reply, Ctrl-C). Every undo
recorded that way is harmless when the call did not take effect after all: adding what is there,
or removing what is not, changes nothing. Where that cannot hold (an nft batch is a diff), the
operation asks the kernel afterwards whether its call took effect.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import ClassVar, Protocol

from netnat.backends.linux import nftables
from netnat.backends.linux.kernel import PROTO_NETNAT, Kernel
from netnat.backends.linux.layout import RouteSpec
from netnat.record import dataclass


class Op(Protocol):
    @property
    def kind(self) -> str:
        """link | nft | sysctl"""
        ...

    def text(self) -> str: ...

    def run(self, k: Kernel, undo: Undo) -> None:
        """Do it, recording in `undo` what takes it back (before each kernel call)."""
        ...


class Undo:
    """The rollback journal of an apply: groups of operations; a rollback runs the groups
    newest first, the operations of a group in their order."""

    def __init__(self) -> None:
        self._groups: list[tuple[Op, ...]] = []

    def push(self, *ops: Op) -> None:
        if ops:
            self._groups.append(ops)

    def cancel(self, *ops: Op) -> None:
        """Drop the group just pushed (its call found nothing to do)."""
        if ops:
            assert self._groups and self._groups[-1] == ops, "cancel() follows its push()"
            self._groups.pop()

    def newest_first(self) -> Iterator[tuple[Op, ...]]:
        return reversed(self._groups)


_KERNEL_KIND = {"tap": "tun", "bridge": "bridge", "veth": "veth"}
_NO_MAC = "00:00:00:00:00:00"


def _route_text(verb: str, dev: str, route: RouteSpec) -> str:
    via = f" via {route.via}" if route.via else ""
    return f"ip route {verb} {route.destination}{via} dev {dev} metric {route.metric}"


def settable_mac(mac: str) -> bool:
    """A unicast, non-zero MAC (what `ip link set address` takes)."""
    if not mac or mac == _NO_MAC:
        return False
    try:
        return not int(mac.split(":")[0], 16) & 1
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class AddLink:
    name: str
    link_kind: str  # bridge | tap
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        if self.link_kind == "tap":
            return f"ip tuntap add dev {self.name} mode tap"
        return f"ip link add {self.name} type {self.link_kind}"

    def run(self, k: Kernel, undo: Undo) -> None:
        found = k.link(self.name)
        if found is not None and found.kind == _KERNEL_KIND[self.link_kind]:
            return  # ours already (a crash after apply, before the store was saved): adopt
        if found is None:  # (another kind of link by that name: the add fails, nothing to undo)
            undo.push(DeleteLink(self.name))
        k.add_link(self.name, self.link_kind)


@dataclass(frozen=True, slots=True)
class DeleteLink:
    name: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip link del dev {self.name}"

    def run(self, k: Kernel, undo: Undo) -> None:
        link = k.link(self.name)
        if link is None:
            return
        undo.push(*recreate(k, self.name, "tap" if link.kind == "tun" else link.kind))
        k.delete_link(self.name)


def recreate(k: Kernel, name: str, link_kind: str) -> list[Op]:
    """The operations that rebuild link `name` as it is now (used to undo its deletion)."""
    link = k.link(name)
    if link is None:
        return []
    ops: list[Op] = [AddLink(name, link_kind)]
    if settable_mac(link.mac):  # (not all zeros: an old bridge of netnat without its own MAC)
        ops.append(SetMac(name, link.mac))
    if link.alias:
        ops.append(SetAlias(name, link.alias))
    if link.master:
        ops.append(SetMaster(name, link.master))
    if link.up:
        ops.append(SetUp(name))
    ops += [AddAddress(name, cidr) for cidr in k.addresses(name, in_kernel_order=True)]
    ops += [AddRoute(name, route, proto) for route, proto in k.route_entries(name)]
    ops += [SetMaster(port, name) for port in k.ports(name)]
    return ops


@dataclass(frozen=True, slots=True)
class SetAlias:
    name: str
    alias: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip link set dev {self.name} alias {shlex.quote(self.alias)}"

    def run(self, k: Kernel, undo: Undo) -> None:
        link = k.link(self.name)
        if link is not None and link.alias != self.alias:
            undo.push(SetAlias(self.name, link.alias))
        k.set_alias(self.name, self.alias)


@dataclass(frozen=True, slots=True)
class SetMac:
    name: str
    mac: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip link set dev {self.name} address {self.mac}"

    def run(self, k: Kernel, undo: Undo) -> None:
        link = k.link(self.name)
        if link is not None and link.mac == self.mac:
            return
        if link is not None and settable_mac(link.mac):
            undo.push(SetMac(self.name, link.mac))
        k.set_mac(self.name, self.mac)


@dataclass(frozen=True, slots=True)
class SetUp:
    name: str
    up: bool = True
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip link set dev {self.name} {'up' if self.up else 'down'}"

    def run(self, k: Kernel, undo: Undo) -> None:
        link = k.link(self.name)
        if link is not None and link.up == self.up:
            return
        if link is not None:
            undo.push(SetUp(self.name, not self.up))
        k.set_up(self.name, self.up)


@dataclass(frozen=True, slots=True)
class SetMaster:
    name: str
    master: str  # "" = nomaster
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        where = f"master {self.master}" if self.master else "nomaster"
        return f"ip link set dev {self.name} {where}"

    def run(self, k: Kernel, undo: Undo) -> None:
        link = k.link(self.name)
        if link is not None and link.master != self.master:
            undo.push(SetMaster(self.name, link.master))
        k.set_master(self.name, self.master)


@dataclass(frozen=True, slots=True)
class AddAddress:
    name: str
    cidr: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip addr add {self.cidr} dev {self.name}"

    def run(self, k: Kernel, undo: Undo) -> None:
        if k.index(self.name) is not None and self.cidr in k.addresses(self.name):
            return
        back = DeleteAddress(self.name, self.cidr)
        undo.push(back)
        if not k.add_address(self.name, self.cidr):
            undo.cancel(back)  # there after all: not ours to remove


@dataclass(frozen=True, slots=True)
class DeleteAddress:
    name: str
    cidr: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip addr del {self.cidr} dev {self.name}"

    def run(self, k: Kernel, undo: Undo) -> None:
        if k.index(self.name) is None or self.cidr not in k.addresses(self.name):
            return
        # routes through the address go with it; adding back those still there changes nothing
        back: tuple[Op, ...] = (
            AddAddress(self.name, self.cidr),
            *(AddRoute(self.name, r, proto) for r, proto in k.route_entries(self.name)),
        )
        undo.push(*back)
        if not k.delete_address(self.name, self.cidr):
            undo.cancel(*back)


@dataclass(frozen=True, slots=True)
class AddRoute:
    name: str
    route: RouteSpec
    proto: int = PROTO_NETNAT
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return _route_text("add", self.name, self.route)

    def run(self, k: Kernel, undo: Undo) -> None:
        if k.index(self.name) is not None and self.route in dict(k.route_entries(self.name)):
            return
        back = DeleteRoute(self.name, self.route)
        undo.push(back)
        if not k.add_route(self.name, self.route, self.proto):
            undo.cancel(back)


@dataclass(frozen=True, slots=True)
class DeleteRoute:
    name: str
    route: RouteSpec
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return _route_text("del", self.name, self.route)

    def run(self, k: Kernel, undo: Undo) -> None:
        if k.index(self.name) is None:
            return
        proto = dict(k.route_entries(self.name)).get(self.route)
        if proto is None:
            return
        back = AddRoute(self.name, self.route, proto)
        undo.push(back)
        if k.delete_route(self.name, self.route) is None:
            undo.cancel(back)


@dataclass(frozen=True, slots=True)
class MoveUplink:
    """Enslave (attach) or release an External switch's adapter; its IP configuration moves
    with it, as Hyper-V moves it to the vNIC: addresses and routes, uplink <-> bridge. Attached,
    the bridge takes the adapter's MAC address too (the host keeps its MAC on the LAN); released,
    it takes back `mac`, its own ("" = leave it: the bridge is about to go).

    Each address is added where it goes before it is removed where it was, so the host's
    address is on one of the two at every moment; every call records its undo first."""

    uplink: str
    bridge: str
    attach: bool
    mac: str = ""
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        if self.attach:
            return (
                f"ip link set dev {self.uplink} master {self.bridge}"
                f"  # its addresses and routes move to {self.bridge}, which takes its MAC address"
            )
        text = (
            f"ip link set dev {self.uplink} nomaster"
            f"  # addresses and routes move back from {self.bridge}"
        )
        return text + (f"\nip link set dev {self.bridge} address {self.mac}" if self.mac else "")

    def run(self, k: Kernel, undo: Undo) -> None:
        uplink = k.resolve(self.uplink)
        if self.attach:
            SetMaster(uplink, self.bridge).run(k, undo)
            found = k.link(uplink)
            if found is not None and settable_mac(found.mac):
                SetMac(self.bridge, found.mac).run(k, undo)
            move_ip(k, undo, uplink, self.bridge)
        else:
            move_ip(k, undo, self.bridge, uplink)
            SetMaster(uplink, "").run(k, undo)
            if self.mac:
                SetMac(self.bridge, self.mac).run(k, undo)


def move_ip(k: Kernel, undo: Undo, source: str, target: str) -> None:
    """Move the global addresses and the routes of link `source` to link `target`."""
    routes = k.route_entries(source)
    cidrs = k.addresses(source, in_kernel_order=True)  # the first of a subnet is its primary
    # Rolled back newest first: the routes leave `target`, the addresses come back to `source`
    # in their order, leave `target`, then `source` gets its routes back (their gateways
    # reachable again). Adding what is there changes nothing.
    undo.push(*(AddRoute(source, route, proto) for route, proto in routes))
    for cidr in cidrs:
        AddAddress(target, cidr).run(k, undo)
    undo.push(*(AddAddress(source, cidr) for cidr in cidrs))
    for cidr in cidrs:
        k.delete_address(source, cidr)  # routes through `source` go with its last address
    for route, proto in routes:
        AddRoute(target, route, proto).run(k, undo)


@dataclass(frozen=True, slots=True)
class Sysctl:
    key: str
    value: str
    optional: bool = False  # skipped where the kernel has no such sysctl
    kind: ClassVar[str] = "sysctl"

    def text(self) -> str:
        return f"sysctl -w {self.key}={self.value}"

    def run(self, k: Kernel, undo: Undo) -> None:
        before = k.read_sysctl(self.key)
        if before == self.value or (self.optional and not before):
            return
        if before:
            undo.push(Sysctl(self.key, before))
        k.write_sysctl(self.key, self.value)


def _nft(k: Kernel, batch: str, undo: Undo, back: Op | None) -> None:
    """Run one nft transaction; record `back` when it committed, also when nft failed after
    committing (killed, interrupted): nftables' generation tells whether a commit happened."""
    generation = k.nft_generation()
    try:
        k.nft(batch)
    except BaseException:
        if back is not None and generation is not None:
            after = k.nft_generation()
            if after is not None and after != generation:
                undo.push(back)
        raise
    if back is not None:
        undo.push(back)


@dataclass(frozen=True, slots=True)
class NftBatch:
    """One nft transaction; `undo` is the batch that takes the table back."""

    batch: str
    undo: str
    kind: ClassVar[str] = "nft"

    def text(self) -> str:
        return f"nft -f - <<'EOF'\n{self.batch.rstrip()}\nEOF"

    def run(self, k: Kernel, undo: Undo) -> None:
        _nft(k, self.batch, undo, NftBatch(self.undo, self.batch) if self.undo else None)


@dataclass(frozen=True, slots=True)
class NftReplace:
    """Rewrite netnat's whole table in one transaction (sync); the undo restores the old text."""

    batch: str
    kind: ClassVar[str] = "nft"

    def text(self) -> str:
        return f"nft -f - <<'EOF'\n{self.batch.rstrip()}\nEOF"

    def run(self, k: Kernel, undo: Undo) -> None:
        before = k.nft_table()
        if before is None:
            back = NftBatch(nftables.delete_text(), "")
        else:
            back = NftBatch(f"table {nftables.REF} {{}}\ndelete table {nftables.REF}\n{before}", "")
        _nft(k, self.batch, undo, back)
