"""The kernel calls netnat makes: netlink through pyroute2 (imported lazily), sysctls, `nft`.

Everything here acts on the network namespace the process runs in. Nothing lists or touches
objects beyond the ones named by the caller, and the only nftables table read is netnat's own.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
import struct
import subprocess
from pathlib import Path
from typing import Any

from netnat.backends.linux.layout import RouteSpec
from netnat.backends.linux.names import TABLE, TABLE_FAMILY
from netnat.record import dataclass

CAP_NET_ADMIN = 12
NFT_TIMEOUT = 60.0
PROTO_KERNEL = 2  # RTPROT_KERNEL: connected routes, the kernel's own
PROTO_NETNAT = 78  # the routing protocol number netnat's own routes carry
RTN_UNICAST = 1
MAIN_TABLE = 254
ENOENT, ESRCH, EEXIST, ENODEV, EADDRNOTAVAIL = 2, 3, 17, 19, 99
NETLINK_NETFILTER = 12
NFT_GETGEN = (10 << 8) | 16  # NFNL_SUBSYS_NFTABLES, NFT_MSG_GETGEN
NFTA_GEN_ID = 1
NETLINK_TIMEOUT = 5.0


class KernelFailure(Exception):
    """A kernel call failed; the message names the call and the kernel's reason."""


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    index: int
    kind: str  # bridge, tun, veth, "" (physical)...
    alias: str
    master: str  # "" when not enslaved
    up: bool
    mac: str = ""


def has_net_admin() -> bool:
    """True when this process holds CAP_NET_ADMIN (in its effective set)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("CapEff:"):
                return bool(int(line.split()[1], 16) >> CAP_NET_ADMIN & 1)
    except OSError:
        pass
    return False


def missing_tools() -> list[str]:
    return [tool for tool in ("nft",) if shutil.which(tool) is None]


class Kernel:
    """One netlink socket plus the `nft` and sysctl helpers; close() when done."""

    def __init__(self) -> None:
        self._ipr: Any = None

    @property
    def ipr(self) -> Any:
        """The netlink socket, opened on first use (an nft-only plan never imports pyroute2)."""
        if self._ipr is None:
            try:
                from pyroute2 import IPRoute  # type: ignore[import-untyped]

                self._ipr = IPRoute()
            except (ImportError, OSError) as exc:
                raise KernelFailure(f"cannot open a netlink socket: {exc}") from exc
        return self._ipr

    def close(self) -> None:
        if self._ipr is not None:
            self._ipr.close()
            self._ipr = None

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        from pyroute2.netlink.exceptions import NetlinkError  # type: ignore[import-untyped]

        try:
            return fn(*args, **kwargs)
        except NetlinkError as exc:
            raise KernelFailure(f"{what}: {exc.args[-1]} (errno {exc.code})") from exc

    # ---- links ---------------------------------------------------------------------
    def index(self, name: str) -> int | None:
        found = self.ipr.link_lookup(ifname=name)
        return int(found[0]) if found else None

    def need(self, name: str) -> int:
        index = self.index(name)
        if index is None:
            raise KernelFailure(f"there is no network interface named {name!r}")
        return index

    def links(self) -> list[Link]:
        raw = list(self.ipr.get_links())
        by_index = {int(m["index"]): str(m.get("IFLA_IFNAME")) for m in raw}
        return [_link(m, by_index) for m in raw]

    def link(self, name: str) -> Link | None:
        return next((link for link in self.links() if link.name == name), None)

    def resolve(self, adapter: str) -> str:
        """A kernel interface named `adapter`, or else one whose ifalias is `adapter`."""
        links = self.links()
        for link in links:
            if link.name == adapter:
                return link.name
        for link in links:
            if link.alias and link.alias.lower() == adapter.lower():
                return link.name
        raise KernelFailure(f"there is no network interface named {adapter!r} to bind")

    def add_link(self, name: str, kind: str) -> None:
        if kind == "tap":
            extra: dict[str, Any] = {"kind": "tuntap", "mode": "tap", "ifr": {"no_pi": True}}
        else:
            extra = {"kind": kind}
        self._call(f"ip link add {name} type {kind}", self.ipr.link, "add", ifname=name, **extra)

    def delete_link(self, name: str) -> None:
        self._call(f"ip link del {name}", self.ipr.link, "del", index=self.need(name))

    def set_alias(self, name: str, alias: str) -> None:
        self._call(
            f"ip link set {name} alias", self.ipr.link, "set", index=self.need(name), ifalias=alias
        )

    def set_up(self, name: str, up: bool = True) -> None:
        state = "up" if up else "down"
        self._call(
            f"ip link set {name} {state}", self.ipr.link, "set", index=self.need(name), state=state
        )

    def set_mac(self, name: str, mac: str) -> None:
        self._call(
            f"ip link set {name} address {mac}",
            self.ipr.link,
            "set",
            index=self.need(name),
            address=mac,
        )

    def set_master(self, name: str, master: str) -> None:
        target = self.need(master) if master else 0
        self._call(
            f"ip link set {name} master {master or '-'}",
            self.ipr.link,
            "set",
            index=self.need(name),
            master=target,
        )

    def ports(self, bridge: str) -> list[str]:
        return [link.name for link in self.links() if link.master == bridge]

    # ---- addresses and routes ------------------------------------------------------
    def addresses(self, name: str, in_kernel_order: bool = False) -> list[str]:
        """Global addresses of a link as CIDR text (IPv6 link-local ones are the kernel's),
        sorted, or in the kernel's order (a subnet's primary address before its secondaries)."""
        found = []
        for msg in self.ipr.get_addr(index=self.need(name)):
            cidr = f"{msg.get('IFA_ADDRESS')}/{msg['prefixlen']}"
            if not ipaddress.ip_interface(cidr).ip.is_link_local:
                found.append(cidr)
        return found if in_kernel_order else sorted(found)

    def add_address(self, name: str, cidr: str) -> bool:
        """Add an address; False when it was there already."""
        iface = ipaddress.ip_interface(cidr)
        try:
            self._call(
                f"ip addr add {cidr} dev {name}",
                self.ipr.addr,
                "add",
                index=self.need(name),
                address=str(iface.ip),
                prefixlen=iface.network.prefixlen,
            )
        except KernelFailure as exc:
            if f"errno {EEXIST})" in str(exc):
                return False
            raise
        return True

    def delete_address(self, name: str, cidr: str) -> bool:
        """Remove an address; False when it was not there."""
        iface = ipaddress.ip_interface(cidr)
        index = self.index(name)
        if index is None or cidr not in self.addresses(name):
            return False
        self._call(
            f"ip addr del {cidr} dev {name}",
            self.ipr.addr,
            "del",
            index=index,
            address=str(iface.ip),
            prefixlen=iface.network.prefixlen,
        )
        return True

    def route_entries(self, name: str) -> list[tuple[RouteSpec, int]]:
        """Routes through a link in the main table with their protocol, without the kernel's
        connected routes."""
        found = []
        for family in (2, 10):
            for msg in self.ipr.get_routes(family=family, table=MAIN_TABLE, oif=self.need(name)):
                if msg["proto"] != PROTO_KERNEL and msg["type"] == RTN_UNICAST:
                    found.append((_route(msg, family), int(msg["proto"])))
        return sorted(found)

    def routes(self, name: str) -> list[RouteSpec]:
        """The routes netnat added to a link (protocol PROTO_NETNAT)."""
        return [r for r, proto in self.route_entries(name) if proto == PROTO_NETNAT]

    def add_route(self, name: str, route: RouteSpec, proto: int = PROTO_NETNAT) -> bool:
        """Add a route; False when it was there already."""
        try:
            self._call(
                f"ip route add {route.destination} dev {name}",
                self.ipr.route,
                "add",
                oif=self.need(name),
                proto=proto,
                **_route_args(route),
            )
        except KernelFailure as exc:
            if f"errno {EEXIST})" in str(exc):
                return False
            raise
        return True

    def delete_route(self, name: str, route: RouteSpec) -> int | None:
        """Remove a route; its protocol, or None when it was not there."""
        index = self.index(name)
        entries = dict(self.route_entries(name)) if index is not None else {}
        if route not in entries:
            return None
        self._call(
            f"ip route del {route.destination} dev {name}",
            self.ipr.route,
            "del",
            oif=index,
            **_route_args(route),
        )
        return entries[route]

    # ---- sysctl --------------------------------------------------------------------
    def read_sysctl(self, key: str) -> str:
        try:
            return _sysctl_path(key).read_text().strip()
        except OSError:
            return ""

    def write_sysctl(self, key: str, value: str) -> None:
        try:
            _sysctl_path(key).write_text(f"{value}\n")
        except OSError as exc:
            raise KernelFailure(f"sysctl -w {key}={value}: {exc.strerror}") from exc

    # ---- nftables (netnat's own table only) ----------------------------------------
    def nft(self, batch: str) -> None:
        """Run a batch in one nft transaction: all of it or nothing."""
        result = _nft(["-f", "-"], batch)
        if result.returncode != 0:
            raise KernelFailure(f"nft -f - failed: {result.stderr.strip()}")

    def nft_generation(self) -> int | None:
        """nftables' ruleset generation in this namespace: each committed transaction (and
        only those) moves it on. None when it cannot be read."""
        try:
            return _nft_generation()
        except OSError:
            return None

    def nft_table(self, as_json: bool = False) -> str | None:
        """`nft list table ip netnat` (text or JSON); None when the table does not exist."""
        args = ["-j"] if as_json else []
        result = _nft([*args, "list", "table", TABLE_FAMILY, TABLE], "")
        if result.returncode != 0:
            if "No such file or directory" in result.stderr:
                return None
            raise KernelFailure(f"nft list table {TABLE_FAMILY} {TABLE}: {result.stderr.strip()}")
        return result.stdout

    def nft_doc(self) -> dict[str, Any] | None:
        text = self.nft_table(as_json=True)
        return None if text is None else dict(json.loads(text))


def _nft(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    nft = shutil.which("nft")
    if nft is None:
        raise KernelFailure("the nft program is not installed (install nftables)")
    try:
        return subprocess.run(
            [nft, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=NFT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise KernelFailure(f"nft {' '.join(args)} timed out after {NFT_TIMEOUT:.0f} s") from exc


def _nft_generation() -> int | None:
    """NFT_MSG_GETGEN over a netfilter netlink socket of its own (a few hundred bytes)."""
    with socket.socket(
        socket.AF_NETLINK, socket.SOCK_RAW | socket.SOCK_CLOEXEC, NETLINK_NETFILTER
    ) as sock:
        sock.settimeout(NETLINK_TIMEOUT)
        sock.bind((0, 0))
        body = struct.pack("=BBH", socket.AF_UNSPEC, 0, 0)  # nfgenmsg
        sock.send(struct.pack("=IHHII", 16 + len(body), NFT_GETGEN, 1, 1, 0) + body)
        data = sock.recv(65536)
    if len(data) < 20:
        return None
    length, kind = struct.unpack_from("=IH", data)
    if kind != NFT_GETGEN - 1:  # NFT_MSG_NEWGEN answers; NLMSG_ERROR does not
        return None
    offset = 20  # nlmsghdr (16) + nfgenmsg (4), then attributes
    while offset + 4 <= min(length, len(data)):
        size, attr = struct.unpack_from("=HH", data, offset)
        if size < 4:
            break
        if attr & 0x3FFF == NFTA_GEN_ID and size >= 8:
            return int(struct.unpack_from(">I", data, offset + 4)[0])
        offset += (size + 3) & ~3
    return None


def _sysctl_path(key: str) -> Path:
    return Path("/proc/sys") / key.replace(".", "/")


def _link(msg: Any, by_index: dict[int, str]) -> Link:
    info = msg.get("IFLA_LINKINFO")
    kind = (info.get("IFLA_INFO_KIND") if info else None) or ""
    master = msg.get("IFLA_MASTER")
    return Link(
        name=str(msg.get("IFLA_IFNAME")),
        index=int(msg["index"]),
        kind=str(kind),
        alias=str(msg.get("IFLA_IFALIAS") or ""),
        master=by_index.get(int(master), "") if master else "",
        up=bool(msg["flags"] & 1),
        mac=str(msg.get("IFLA_ADDRESS") or ""),
    )


def _route(msg: Any, family: int) -> RouteSpec:
    dst = msg.get("RTA_DST") or ("0.0.0.0" if family == 2 else "::")
    return RouteSpec(
        destination=str(ipaddress.ip_network(f"{dst}/{msg['dst_len']}", strict=False)),
        via=str(msg.get("RTA_GATEWAY") or ""),
        metric=int(msg.get("RTA_PRIORITY") or 0),
    )


def _route_args(route: RouteSpec) -> dict[str, Any]:
    args: dict[str, Any] = {"dst": route.destination, "priority": route.metric}
    if route.via:
        args["gateway"] = route.via
    else:
        args["scope"] = 253  # RT_SCOPE_LINK
    return args
