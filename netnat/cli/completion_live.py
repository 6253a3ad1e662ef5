"""Live completion values from the store: NAT, switch, interface and container network names,
static mapping and external address ids, VM, container, service and feature names; each with a
short description."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from netnat.model.state import State

Value = tuple[str, str]  # (value, description)
Filters = Mapping[str, str]  # lower-case parameter name -> its value on the line


def load_state(store: str | None) -> State | None:
    """The store's State (`--store`, else $NETNAT_STORE, else the default); None on any error."""
    from netnat.store.file import Store
    from netnat.store.paths import resolve_store_path

    try:
        return Store(resolve_store_path(store)).load()
    except Exception:  # a broken or unreadable store offers nothing, never a traceback
        return None


def live_values(state: State, role: str, filters: Filters) -> list[Value]:
    """The values of a role ("nat", "switch", ...) in the State, in store order."""
    producer = _ROLES.get(role)
    return _unique(producer(state, filters)) if producer else []


def _unique(values: Iterable[Value]) -> list[Value]:
    seen: set[str] = set()
    out: list[Value] = []
    for value, description in values:
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append((value, description))
    return out


def _nats(state: State, filters: Filters) -> Iterable[Value]:
    for nat in state.nats:
        yield nat.Name, nat.InternalIPInterfaceAddressPrefix or "NAT"


def _switches(state: State, filters: Filters) -> Iterable[Value]:
    for switch in state.switches:
        yield switch.Name, f"{switch.SwitchType} switch"


def _interfaces(state: State, filters: Filters) -> Iterable[Value]:
    by_index: dict[int, list[str]] = {}
    for address in state.addresses:
        by_index.setdefault(address.InterfaceIndex, []).append(
            f"{address.IPAddress}/{address.PrefixLength}"
        )
    for adapter in state.adapters:
        yield adapter.Name, " ".join(by_index.get(adapter.ifIndex, [])) or "no address"


def _if_indexes(state: State, filters: Filters) -> Iterable[Value]:
    for adapter in state.adapters:
        yield str(adapter.ifIndex), adapter.Name


def _wanted_nat(filters: Filters) -> str | None:
    nat = filters.get("natname")
    return nat.lower() if nat else None


def _mappings(state: State, filters: Filters) -> Iterable[Value]:
    nat = _wanted_nat(filters)
    for m in state.mappings:
        if nat is None or m.NatName.lower() == nat:
            yield (
                str(m.StaticMappingID),
                (
                    f"{m.Protocol} {m.ExternalIPAddress}:{m.ExternalPort} -> "
                    f"{m.InternalIPAddress}:{m.InternalPort} ({m.NatName})"
                ),
            )


def _external_addresses(state: State, filters: Filters) -> Iterable[Value]:
    nat = _wanted_nat(filters)
    for e in state.external_addresses:
        if nat is None or e.NatName.lower() == nat:
            yield str(e.ExternalAddressID), f"{e.IPAddress} ({e.NatName})"


def _vms(state: State, filters: Filters) -> Iterable[Value]:
    for vnic in state.vm_adapters:
        if not vnic.IsManagementOs:
            yield vnic.VMName, "VM"


def _vm_adapters(state: State, filters: Filters) -> Iterable[Value]:
    for vnic in state.vm_adapters:
        yield vnic.Name, vnic.VMName or "management OS"


def _container_networks(state: State, filters: Filters) -> Iterable[Value]:
    for network in _objects(state, "ContainerNetwork"):
        yield str(getattr(network, "Name", "")), f"{getattr(network, 'Mode', '')} network"


def _containers(state: State, filters: Filters) -> Iterable[Value]:
    for endpoint in _objects(state, "ContainerEndpoint"):
        yield str(getattr(endpoint, "ContainerName", "")), "container"


def _services(state: State, filters: Filters) -> Iterable[Value]:
    for service in _objects(state, "Service"):
        yield str(getattr(service, "Name", "")), str(getattr(service, "DisplayName", ""))


def _features(state: State, filters: Filters) -> Iterable[Value]:
    for feature in _objects(state, "WindowsFeature"):
        yield str(getattr(feature, "Name", "")), "Windows feature"


def _objects(state: State, type_name: str) -> Iterable[object]:
    """Objects of a model class the State may hold (container host objects, issue #4), found
    by class name so that completion works with or without them."""
    for spec in getattr(state, "__record_fields__", ()):
        value = getattr(state, spec.name, None)
        if isinstance(value, tuple) and value and type(value[0]).__name__ == type_name:
            yield from value


_ROLES: dict[str, Callable[[State, Filters], Iterable[Value]]] = {
    "nat": _nats,
    "switch": _switches,
    "interface": _interfaces,
    "ifindex": _if_indexes,
    "mapping": _mappings,
    "external_address": _external_addresses,
    "vm": _vms,
    "vm_adapter": _vm_adapters,
    "container_network": _container_networks,
    "container": _containers,
    "service": _services,
    "feature": _features,
}
