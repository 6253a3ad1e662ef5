"""Container endpoints in the kernel: a veth pair from a netnat bridge into the container's
network namespace `nnc-<container>`, and the two plan operations that add and delete one.

Only namespaces named `nnc-...` are ever created or deleted, and only when nothing but `lo`
is left in them; interface names are generated (`nnve<hash>`, `eth<N>`), never user text.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from netnat.backends.linux import names
from netnat.backends.linux.kernel import Kernel, KernelFailure
from netnat.backends.linux.layout import VethSpec
from netnat.backends.linux.ops import Op, SetMac, Undo, settable_mac
from netnat.record import dataclass

MAIN_TABLE = 254


@dataclass(frozen=True, slots=True)
class PeerState:
    """The container's end of a veth as the kernel holds it."""

    addresses: tuple[str, ...]
    gateway: str
    mac: str
    up: bool


def namespaces() -> list[str]:
    from pyroute2 import netns  # type: ignore[import-untyped]

    return sorted(str(n) for n in netns.listnetns())


def _netns_call(what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    from pyroute2.netlink.exceptions import NetlinkError  # type: ignore[import-untyped]

    try:
        return fn(*args, **kwargs)
    except (NetlinkError, OSError) as exc:
        raise KernelFailure(f"{what}: {exc}") from exc


def add_netns(name: str) -> bool:
    """Create namespace `name` unless it exists; True when it was created."""
    if name in namespaces():
        return False
    if not names.is_netns(name):
        raise KernelFailure(f"refusing to create namespace {name!r}: not a netnat name")
    from pyroute2 import netns

    _netns_call(f"ip netns add {name}", netns.create, name)
    with _inside(name) as ns:
        lo = ns.link_lookup(ifname="lo")
        if lo:
            ns.link("set", index=lo[0], state="up")
    return True


def delete_netns(name: str) -> None:
    """Remove a netnat namespace that holds nothing but `lo`."""
    if not names.is_netns(name) or name not in namespaces():
        return
    with _inside(name) as ns:
        left = [str(m.get("IFLA_IFNAME")) for m in ns.get_links()]
    if any(n != "lo" for n in left):
        return
    from pyroute2 import netns

    _netns_call(f"ip netns del {name}", netns.remove, name)


@contextlib.contextmanager
def _inside(name: str) -> Any:
    from pyroute2 import NetNS

    ns = _netns_call(f"ip -n {name}", NetNS, name)
    try:
        yield ns
    finally:
        ns.close()


def plug(k: Kernel, spec: VethSpec) -> None:
    """The veth pair, its host end on the bridge, its container end configured."""
    k._call(
        f"ip link add {spec.name} type veth peer name {spec.peer} netns {spec.netns}",
        k.ipr.link,
        "add",
        ifname=spec.name,
        kind="veth",
        peer={"ifname": spec.peer, "net_ns_fd": spec.netns},
    )
    k.set_master(spec.name, spec.master)
    k.set_up(spec.name)
    with _inside(spec.netns) as ns:
        index = ns.link_lookup(ifname=spec.peer)[0]
        settings: dict[str, Any] = {"state": "up"}
        if spec.mac:
            settings["address"] = spec.mac
        _netns_call(
            f"ip -n {spec.netns} link set {spec.peer} up", ns.link, "set", index=index, **settings
        )
        address, _, length = spec.address.partition("/")
        _netns_call(
            f"ip -n {spec.netns} addr add {spec.address} dev {spec.peer}",
            ns.addr, "add", index=index, address=address, prefixlen=int(length),
        )  # fmt: skip
        if spec.gateway:
            _netns_call(
                f"ip -n {spec.netns} route add default via {spec.gateway}",
                ns.route, "add", dst="0.0.0.0/0", gateway=spec.gateway, oif=index,
            )  # fmt: skip


def peer_state(netns: str, peer: str) -> PeerState | None:
    """What the container end `peer` in `netns` holds (None: no such namespace or link)."""
    if netns not in namespaces():
        return None
    with _inside(netns) as ns:
        found = ns.link_lookup(ifname=peer)
        if not found:
            return None
        link = ns.get_links(found[0])[0]
        addresses = tuple(
            sorted(
                f"{m.get('IFA_ADDRESS')}/{m['prefixlen']}"
                for m in ns.get_addr(index=found[0], family=2)
            )
        )
        gateway = next(
            (
                str(r.get("RTA_GATEWAY"))
                for r in ns.get_routes(family=2, table=MAIN_TABLE)
                if r["dst_len"] == 0 and r.get("RTA_GATEWAY")
            ),
            "",
        )
        return PeerState(
            addresses, gateway, str(link.get("IFLA_ADDRESS") or ""), bool(link["flags"] & 1)
        )


def observed(k: Kernel, name: str, master: str, want: VethSpec | None) -> VethSpec:
    """The spec the kernel matches for host end `name` (compared with `want` by the planner)."""
    if want is None:
        return VethSpec(name, master, netns="", address="", gateway="", peer="")
    peer = peer_state(want.netns, want.peer)
    if peer is None:
        return VethSpec(name, master, netns="", address="", gateway="", peer="")
    address = want.address if want.address in peer.addresses else ",".join(peer.addresses)
    mac = want.mac if want.mac and peer.mac.lower() == want.mac else peer.mac
    return VethSpec(
        name, master, want.netns, address, peer.gateway, want.peer, mac if want.mac else ""
    )


@dataclass(frozen=True, slots=True)
class AddEndpoint:
    spec: VethSpec
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        s = self.spec
        lines = [
            f"ip netns add {s.netns}  # unless it exists",
            f"ip link add {s.name} type veth peer name {s.peer} netns {s.netns}",
            f"ip link set dev {s.name} master {s.master} up",
            f"ip -n {s.netns} link set dev {s.peer}{f' address {s.mac}' if s.mac else ''} up",
            f"ip -n {s.netns} addr add {s.address} dev {s.peer}",
        ]
        if s.gateway:
            lines.append(f"ip -n {s.netns} route add default via {s.gateway}")
        return "\n".join(lines)

    def run(self, k: Kernel, undo: Undo) -> None:
        found = k.link(self.spec.name)
        if found is not None and found.kind == "veth":
            return  # ours already (a crash after apply, before the store was saved): adopt
        if found is not None:
            raise KernelFailure(f"{self.spec.name} exists and is not a veth")
        # recorded first: whatever part of the endpoint exists when a call fails goes again
        if self.spec.netns not in namespaces():
            undo.push(DeleteEndpoint(self.spec), DropNetns(self.spec.netns))
        else:
            undo.push(DeleteEndpoint(self.spec))
        add_netns(self.spec.netns)
        plug(k, self.spec)


@dataclass(frozen=True, slots=True)
class DeleteEndpoint:
    spec: VethSpec
    drop_netns: bool = False  # also remove the namespace once nothing but lo is left
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        text = f"ip link del dev {self.spec.name}"
        if self.drop_netns and self.spec.netns:
            text += f"\nip netns del {self.spec.netns}  # once only lo is left"
        return text

    def run(self, k: Kernel, undo: Undo) -> None:
        link = k.link(self.spec.name)
        if link is None:
            return
        if self.spec.netns and self.spec.address:
            again: list[Op] = [AddEndpoint(self.spec)]
            if settable_mac(link.mac):  # the host end's (the kernel's pick): as it was
                again.append(SetMac(self.spec.name, link.mac))
            undo.push(*again)
        k.delete_link(self.spec.name)
        if self.drop_netns and self.spec.netns:
            delete_netns(self.spec.netns)


@dataclass(frozen=True, slots=True)
class DropNetns:
    """Remove a netnat namespace once only lo is left (the undo of creating it)."""

    netns: str
    kind: ClassVar[str] = "link"

    def text(self) -> str:
        return f"ip netns del {self.netns}  # once only lo is left"

    def run(self, k: Kernel, undo: Undo) -> None:
        delete_netns(self.netns)
