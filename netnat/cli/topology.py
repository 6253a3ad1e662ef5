"""`netnat topology`: the host network of the store as a tree of nodes.

Host ─ physical adapters, switches ─ (host vNICs ─ NATs whose prefix holds a vNIC address ─
static mappings), VM adapters, container networks ─ endpoints. What hangs nowhere (a NAT with
no vNIC in its prefix, an unconnected VM adapter) is listed under the host.
"""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Iterable
from typing import TextIO

from netnat.cli.main import Options
from netnat.errors import NetnatError
from netnat.model.objects import NetAdapter, NetNat, VMNetworkAdapter, VMSwitch
from netnat.model.state import State
from netnat.record import dataclass, field


@dataclass
class Node:
    """One thing in the picture: its kind (for colour and shape), label, detail, children."""

    kind: str
    label: str
    detail: str = ""
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterable[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def build(state: State) -> Node:
    """The tree of `state`."""
    placed: set[str] = set()  # names of NATs already under a vNIC
    root = Node("host", state.host.ComputerName)
    switch_ids = {s.Id for s in state.switches}
    on_switch = {v.Id for v in state.vm_adapters if v.IsManagementOs and v.SwitchId in switch_ids}
    for adapter in state.adapters:
        if adapter.VMNetworkAdapterId not in on_switch:  # physical (or an orphan vNIC)
            root.children.append(_adapter(state, adapter, "adapter"))
    for switch in state.switches:
        root.children.append(_switch(state, switch, placed))
    for nat in state.nats:
        if nat.Name not in placed:
            root.children.append(_nat(state, nat, "no switch vNIC in its prefix"))
    for vnic in state.vm_adapters:
        if not vnic.IsManagementOs and vnic.SwitchId not in switch_ids:
            root.children.append(_vm(vnic, "not connected"))
    for network in _networks(state):
        if getattr(network, "SwitchId", "") not in switch_ids:
            root.children.append(_network(state, network))
    return root


def _addresses(state: State, adapter: NetAdapter) -> list[str]:
    return [
        f"{a.IPAddress}/{a.PrefixLength}"
        for a in state.addresses
        if a.InterfaceIndex == adapter.ifIndex
    ]


def _adapter(state: State, adapter: NetAdapter, kind: str) -> Node:
    detail = " ".join(_addresses(state, adapter)) or "no address"
    return Node(kind, adapter.Name, detail)


def _switch(state: State, switch: VMSwitch, placed: set[str]) -> Node:
    detail = f"{switch.SwitchType} switch"
    if switch.NetAdapterName:
        detail += f", uplink {switch.NetAdapterName}"
    node = Node("switch", switch.Name, detail)
    for vnic in state.vm_adapters:
        if vnic.SwitchId != switch.Id:
            continue
        if vnic.IsManagementOs:
            node.children.extend(_host_vnics(state, vnic, placed))
        else:
            node.children.append(_vm(vnic, ""))
    for network in _networks(state):
        if getattr(network, "SwitchId", "") == switch.Id:
            node.children.append(_network(state, network))
    return node


def _host_vnics(state: State, vnic: VMNetworkAdapter, placed: set[str]) -> list[Node]:
    nodes = []
    for adapter in state.adapters:
        if adapter.VMNetworkAdapterId != vnic.Id:
            continue
        node = _adapter(state, adapter, "vnic")
        for nat in state.nats:
            if nat.Name not in placed and _holds(nat, _addresses(state, adapter)):
                placed.add(nat.Name)
                node.children.append(_nat(state, nat, ""))
        nodes.append(node)
    return nodes


def _holds(nat: NetNat, addresses: list[str]) -> bool:
    try:
        prefix = ipaddress.ip_network(nat.InternalIPInterfaceAddressPrefix, strict=False)
    except ValueError:
        return False
    for text in addresses:
        address = ipaddress.ip_interface(text).ip
        if address.version == prefix.version and address in prefix:
            return True
    return False


def _nat(state: State, nat: NetNat, note: str) -> Node:
    detail = nat.InternalIPInterfaceAddressPrefix or "no prefix"
    node = Node("nat", f"NAT {nat.Name}", f"{detail}, {note}" if note else detail)
    for m in state.mappings:
        if m.NatName.lower() == nat.Name.lower():
            label = (
                f"{m.Protocol} {m.ExternalIPAddress}:{m.ExternalPort} -> "
                f"{m.InternalIPAddress}:{m.InternalPort}"
            )
            node.children.append(Node("mapping", label, f"mapping {m.StaticMappingID}"))
    for e in state.external_addresses:
        if e.NatName.lower() == nat.Name.lower():
            ports = f" ports {e.PortStart}-{e.PortEnd}" if e.PortEnd else ""
            node.children.append(Node("mapping", f"external {e.IPAddress}{ports}", ""))
    return node


def _vm(vnic: VMNetworkAdapter, note: str) -> Node:
    detail = f"MAC {vnic.MacAddress}" + (f", {note}" if note else "")
    return Node("vm", f"VM {vnic.VMName}: {vnic.Name}", detail)


def _networks(state: State) -> tuple[object, ...]:
    """Container networks, when this netnat's model has them (issue #4)."""
    found = getattr(state, "container_networks", ())
    return tuple(found) if isinstance(found, tuple) else ()


def _network(state: State, network: object) -> Node:
    mode = getattr(network, "Mode", "")
    subnet = getattr(network, "SubnetPrefix", "")
    detail = ", ".join(str(part) for part in (f"{mode} network", subnet) if part)
    nat = getattr(network, "NatName", "")
    if nat:
        detail += f", NAT {nat}"
    node = Node("network", f"network {getattr(network, 'Name', '?')}", detail)
    network_id = getattr(network, "Id", None)
    for endpoint in getattr(state, "endpoints", ()):
        if getattr(endpoint, "NetworkId", None) == network_id:
            address = (
                f"{getattr(endpoint, 'IPAddress', '')}/{getattr(endpoint, 'PrefixLength', '')}"
            )
            node.children.append(
                Node("endpoint", f"container {getattr(endpoint, 'ContainerName', '?')}", address)
            )
    return node


def show(opts: Options, fmt: str, out: TextIO | None = None) -> int:
    """Print the store's topology as a tree (`tree`) or Graphviz DOT (`dot`); exit code."""
    from netnat.cli.console import ConsoleHost
    from netnat.cli.topology_render import dot_text, tree_text
    from netnat.output.term import output_width, use_color
    from netnat.store.file import Store
    from netnat.store.paths import resolve_store_path

    stream = out or sys.stdout
    try:
        state = Store(resolve_store_path(opts.store)).load()
    except NetnatError as error:
        ConsoleHost(stdout=stream).write_error(error.record)
        return 1
    root = build(state)
    if fmt == "dot":
        stream.write(dot_text(root))
    else:
        unicode = (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"
        stream.write(tree_text(root, output_width(stream), use_color(stream), unicode))
    stream.flush()
    return 0
