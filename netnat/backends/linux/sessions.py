"""Get-NetNatSession on Linux: a NAT's translated flows from conntrack, as MSFT_NetNatSession.

A flow belongs to a NAT when its internal side lies in the NAT's internal prefix and conntrack
translated it: source NAT (an endpoint went out, or reached another through a hairpin) or
destination NAT (a static mapping, or the host in relaxed mode). "Source" is always the internal
endpoint's side of the flow [inf: Windows' orientation for inbound sessions was not observed].
"""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from netnat.model.enums import Protocol
from netnat.model.objects import ZERO_ROUTING_DOMAIN, NetNat
from netnat.model.present import CIM, T_SESSION
from netnat.model.psobject import PSObject
from netnat.record import dataclass

TIMEOUT = 20.0
PROTOCOLS = {"tcp": Protocol.TCP, "udp": Protocol.UDP}


class ConntrackFailure(Exception):
    """conntrack could not be read."""


@dataclass(frozen=True, slots=True)
class Flow:
    proto: str
    orig: tuple[str, int, str, int]  # src, sport, dst, dport
    reply: tuple[str, int, str, int]
    age: int  # seconds since creation (-1 when conntrack timestamps are off)


def read_flows() -> list[Flow]:
    """Every IPv4 TCP/UDP flow conntrack tracks in this network namespace."""
    tool = shutil.which("conntrack")
    if tool is None:
        raise ConntrackFailure("the conntrack program is not installed (install conntrack)")
    try:
        done = subprocess.run(
            [tool, "-L", "-f", "ipv4", "-o", "xml"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ConntrackFailure("conntrack -L timed out") from exc
    if done.returncode != 0:
        raise ConntrackFailure(f"conntrack -L failed: {done.stderr.strip()}")
    return parse_xml(done.stdout)


def parse_xml(text: str) -> list[Flow]:
    if not text.strip():
        return []
    flows = []
    for flow in ET.fromstring(text).iter("flow"):
        parsed = _flow(flow)
        if parsed is not None:
            flows.append(parsed)
    return flows


def _flow(node: ET.Element) -> Flow | None:
    tuples: dict[str, tuple[str, int, str, int]] = {}
    proto = ""
    age = -1
    for meta in node.iter("meta"):
        direction = meta.get("direction", "")
        if direction in ("original", "reply"):
            l4 = meta.find("layer4")
            if l4 is None or l4.get("protoname") not in PROTOCOLS:
                return None
            proto = l4.get("protoname", "")
            tuples[direction] = (
                meta.findtext("layer3/src", ""),
                int(l4.findtext("sport", "0")),
                meta.findtext("layer3/dst", ""),
                int(l4.findtext("dport", "0")),
            )
        elif direction == "independent":
            age = int(meta.findtext("deltatime", "-1"))
    if set(tuples) != {"original", "reply"}:
        return None
    return Flow(proto, tuples["original"], tuples["reply"], age)


def nat_sessions(nat: NetNat, flows: list[Flow], now: datetime | None = None) -> list[PSObject]:
    """The flows of `nat`, as MSFT_NetNatSession objects."""
    try:
        prefix = ipaddress.IPv4Network(nat.InternalIPInterfaceAddressPrefix.strip(), strict=False)
    except ValueError:
        return []
    now = now or datetime.now()
    found = []
    for flow in flows:
        sides = _sides(flow, prefix)
        if sides is not None:
            found.append(_session(nat, flow, sides, now))
    return found


Sides = tuple[tuple[str, int, str, int], tuple[str, int, str, int]]  # internal, external


def _inside(address: str, prefix: ipaddress.IPv4Network) -> bool:
    try:
        return ipaddress.IPv4Address(address) in prefix
    except ValueError:
        return False


def _sides(flow: Flow, prefix: ipaddress.IPv4Network) -> Sides | None:
    (osrc, osport, odst, odport), (rsrc, rsport, rdst, rdport) = flow.orig, flow.reply
    if _inside(osrc, prefix) and (rdst, rdport) != (osrc, osport):  # source NAT
        return (osrc, osport, odst, odport), (rdst, rdport, rsrc, rsport)
    if _inside(rsrc, prefix) and (rsrc, rsport) != (odst, odport):  # destination NAT
        return (rsrc, rsport, rdst, rdport), (odst, odport, osrc, osport)
    return None


def _session(nat: NetNat, flow: Flow, sides: Sides, now: datetime) -> PSObject:
    (isrc, isport, idst, idport), (esrc, esport, edst, edport) = sides
    created = now - timedelta(seconds=flow.age) if flow.age >= 0 else None
    props: dict[str, object] = {
        "NatName": nat.Name,
        "Protocol": PROTOCOLS[flow.proto],
        "CreationTime": created.replace(microsecond=0) if created else None,
        "InternalRoutingDomainId": nat.InternalRoutingDomainId or ZERO_ROUTING_DOMAIN,
        "InternalSourceAddress": isrc,
        "InternalSourcePort": isport,
        "InternalDestinationAddress": idst,
        "InternalDestinationPort": idport,
        "ExternalSourceAddress": esrc,
        "ExternalSourcePort": esport,
        "ExternalDestinationAddress": edst,
        "ExternalDestinationPort": edport,
        "PSComputerName": None,
    }
    names = (T_SESSION, f"{CIM}#MSFT_NetNatSession", CIM, "System.Object")
    return PSObject(names, props, flow)
