"""Kernel operations: each prints as an `ip`/`nft`/`sysctl` line and, run, returns its own undo.

The undo is worked out when the operation runs, from what the kernel held just before, so a
rollback puts back exactly what was there (a deleted bridge comes back with its alias, addresses,
routes and ports).
"""

from __future__ import annotations

import contextlib
import shlex
from dataclasses import dataclass
from typing import ClassVar, Protocol

from netnat.backends.linux import nftables
from netnat.backends.linux.kernel import PROTO_NETNAT, Kernel
from netnat.backends.linux.layout import RouteSpec


class Op(Protocol):
    @property
    def kind(self) -> str:
        """link | nft | sysctl"""
        ...

    def text(self) -> str: ...

    def run(self, k: Kernel) -> list[Op]:
        """Do it; return the operations that undo it, in the order to run them."""
        ...


_KERNEL_KIND = {"tap": "tun", "bridge": "bridge", "veth": "veth"}


def _route_text(verb: str, dev: str, route: RouteSpec) -> str:
    via = f" via {route.via}" if route.via else ""
    return f"ip route {verb} {route.destination}{via} dev {dev} metric {route.metric}"


@dataclass(frozen=True, slots=True)
class AddLink:
    name: str
    link_kind: str  # bridge | tap
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        if self.link_kind == "tap":
            return f"ip tuntap add dev {self.name} mode tap"
        return f"ip link add {self.name} type {self.link_kind}"

    def run(self, k: Kernel) -> list[Op]:
        found = k.link(self.name)
        if found is not None and found.kind == _KERNEL_KIND[self.link_kind]:
            return []  # ours already (a crash after apply, before the store was saved): adopt
        k.add_link(self.name, self.link_kind)
        return [DeleteLink(self.name)]


@dataclass(frozen=True, slots=True)
class DeleteLink:
    name: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip link del dev {self.name}"

    def run(self, k: Kernel) -> list[Op]:
        link = k.link(self.name)
        if link is None:
            return []
        undo = recreate(k, self.name, "tap" if link.kind == "tun" else link.kind)
        k.delete_link(self.name)
        return undo


def recreate(k: Kernel, name: str, link_kind: str) -> list[Op]:
    """The operations that rebuild link `name` as it is now (used to undo its deletion)."""
    link = k.link(name)
    if link is None:
        return []
    ops: list[Op] = [AddLink(name, link_kind)]
    if link.mac:
        ops.append(SetMac(name, link.mac))
    if link.alias:
        ops.append(SetAlias(name, link.alias))
    if link.master:
        ops.append(SetMaster(name, link.master))
    if link.up:
        ops.append(SetUp(name))
    ops += [AddAddress(name, cidr) for cidr in k.addresses(name)]
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

    def run(self, k: Kernel) -> list[Op]:
        link = k.link(self.name)
        before = link.alias if link else ""
        k.set_alias(self.name, self.alias)
        return [SetAlias(self.name, before)] if before != self.alias else []


@dataclass(frozen=True, slots=True)
class SetMac:
    name: str
    mac: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip link set dev {self.name} address {self.mac}"

    def run(self, k: Kernel) -> list[Op]:
        link = k.link(self.name)
        before = link.mac if link else ""
        k.set_mac(self.name, self.mac)
        return [SetMac(self.name, before)] if before and before != self.mac else []


@dataclass(frozen=True, slots=True)
class SetUp:
    name: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip link set dev {self.name} up"

    def run(self, k: Kernel) -> list[Op]:
        k.set_up(self.name)
        return []  # only used on links this plan creates; their deletion undoes it


@dataclass(frozen=True, slots=True)
class SetMaster:
    name: str
    master: str  # "" = nomaster
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        where = f"master {self.master}" if self.master else "nomaster"
        return f"ip link set dev {self.name} {where}"

    def run(self, k: Kernel) -> list[Op]:
        link = k.link(self.name)
        before = link.master if link else ""
        k.set_master(self.name, self.master)
        return [SetMaster(self.name, before)] if before != self.master else []


@dataclass(frozen=True, slots=True)
class AddAddress:
    name: str
    cidr: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip addr add {self.cidr} dev {self.name}"

    def run(self, k: Kernel) -> list[Op]:
        return [DeleteAddress(self.name, self.cidr)] if k.add_address(self.name, self.cidr) else []


@dataclass(frozen=True, slots=True)
class DeleteAddress:
    name: str
    cidr: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip addr del {self.cidr} dev {self.name}"

    def run(self, k: Kernel) -> list[Op]:
        routes = k.route_entries(self.name)
        if not k.delete_address(self.name, self.cidr):
            return []
        kept = k.route_entries(self.name)
        lost = [AddRoute(self.name, r, proto) for r, proto in routes if (r, proto) not in kept]
        return [AddAddress(self.name, self.cidr), *lost]


@dataclass(frozen=True, slots=True)
class AddRoute:
    name: str
    route: RouteSpec
    proto: int = PROTO_NETNAT
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return _route_text("add", self.name, self.route)

    def run(self, k: Kernel) -> list[Op]:
        added = k.add_route(self.name, self.route, self.proto)
        return [DeleteRoute(self.name, self.route)] if added else []


@dataclass(frozen=True, slots=True)
class DeleteRoute:
    name: str
    route: RouteSpec
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return _route_text("del", self.name, self.route)

    def run(self, k: Kernel) -> list[Op]:
        proto = k.delete_route(self.name, self.route)
        return [] if proto is None else [AddRoute(self.name, self.route, proto)]


@dataclass(frozen=True, slots=True)
class MoveUplink:
    """Enslave (attach) or release an External switch's adapter; its IP configuration moves
    with it, as Hyper-V moves it to the vNIC: addresses and routes, uplink <-> bridge."""

    uplink: str
    bridge: str
    attach: bool
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        if self.attach:
            return (
                f"ip link set dev {self.uplink} master {self.bridge}"
                f"  # its addresses and routes move to {self.bridge}"
            )
        return (
            f"ip link set dev {self.uplink} nomaster"
            f"  # addresses and routes move back from {self.bridge}"
        )

    def run(self, k: Kernel) -> list[Op]:
        uplink = k.resolve(self.uplink)
        routes = k.route_entries(self._ends(uplink)[0])
        back = MoveUplink(uplink, self.bridge, not self.attach)
        try:
            self._move(k, uplink, routes)
        except Exception:
            with contextlib.suppress(Exception):  # several calls: undo a half-done move here
                back._move(k, uplink, routes)
            raise
        return [back]

    def _ends(self, uplink: str) -> tuple[str, str]:
        return (uplink, self.bridge) if self.attach else (self.bridge, uplink)

    def _move(self, k: Kernel, uplink: str, routes: list[tuple[RouteSpec, int]]) -> None:
        source, target = self._ends(uplink)
        if self.attach:
            k.set_master(uplink, self.bridge)
        for cidr in k.addresses(source):
            k.delete_address(source, cidr)
            k.add_address(target, cidr)
        for route, proto in routes:
            k.add_route(target, route, proto)
        if not self.attach:
            k.set_master(uplink, "")


@dataclass(frozen=True, slots=True)
class Sysctl:
    key: str
    value: str
    optional: bool = False  # skipped where the kernel has no such sysctl
    kind: ClassVar[str] = "sysctl"

    def text(self) -> str:
        return f"sysctl -w {self.key}={self.value}"

    def run(self, k: Kernel) -> list[Op]:
        before = k.read_sysctl(self.key)
        if before == self.value or (self.optional and not before):
            return []
        k.write_sysctl(self.key, self.value)
        return [Sysctl(self.key, before)] if before else []


@dataclass(frozen=True, slots=True)
class NftBatch:
    """One nft transaction; `undo` is the batch that takes the table back."""

    batch: str
    undo: str
    kind: ClassVar[str] = "nft"

    def text(self) -> str:
        return f"nft -f - <<'EOF'\n{self.batch.rstrip()}\nEOF"

    def run(self, k: Kernel) -> list[Op]:
        k.nft(self.batch)
        return [NftBatch(self.undo, self.batch)] if self.undo else []


@dataclass(frozen=True, slots=True)
class NftReplace:
    """Rewrite netnat's whole table in one transaction (sync); the undo restores the old text."""

    batch: str
    kind: ClassVar[str] = "nft"

    def text(self) -> str:
        return f"nft -f - <<'EOF'\n{self.batch.rstrip()}\nEOF"

    def run(self, k: Kernel) -> list[Op]:
        before = k.nft_table()
        k.nft(self.batch)
        if before is None:
            return [NftBatch(nftables.delete_text(), "")]
        restore = f"table {nftables.REF} {{}}\ndelete table {nftables.REF}\n{before}"
        return [NftBatch(restore, "")]
