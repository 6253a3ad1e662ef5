"""`State`: the whole emulated host network, immutable; `validate()` enforces WinNAT's rules."""

from __future__ import annotations

from enum import StrEnum

from netnat.model import ipam, mapindex
from netnat.model.containers import (
    ContainerEndpoint,
    ContainerNetwork,
    DockerConfig,
    GuestAddress,
    Service,
    WindowsFeature,
)
from netnat.model.enums import VMSwitchType
from netnat.model.objects import (
    ExternalAddress,
    HostInfo,
    NetAdapter,
    NetIPAddress,
    NetNat,
    NetNatGlobal,
    NetRoute,
    StaticMapping,
    VMNetworkAdapter,
    VMSwitch,
)
from netnat.record import dataclass, field, replace

SCHEMA_VERSION = 1


class Mode(StrEnum):
    """Windows fidelity (design.md §6)."""

    STRICT = "strict"
    RELAXED = "relaxed"


@dataclass(frozen=True, slots=True)
class Settings:
    backend: str = "state"
    mode: Mode = Mode.STRICT


@dataclass(frozen=True, slots=True)
class Counters:
    """Ids that Windows never reuses on a host."""

    next_mapping_id: int = 0
    next_external_address_id: int = 0
    next_if_index: int = 2
    next_vnic_number: int = 1  # "Hyper-V Virtual Ethernet Adapter #N"


class RuleViolation(Exception):
    """A WinNAT rule broken by a change: a Win32 error code for one CIM class."""

    def __init__(self, win32: int, cim_class: str, detail: str) -> None:
        super().__init__(detail)
        self.win32 = win32
        self.cim_class = cim_class
        self.detail = detail


def default_host_adapters() -> tuple[tuple[NetAdapter, ...], tuple[NetIPAddress, ...]]:
    """The `state` backend's simulated host: adapter Ethernet with the blog's 10.10.50.20/24."""
    eth = NetAdapter(
        Name="Ethernet",
        ifIndex=1,
        InterfaceDescription="Microsoft Hyper-V Network Adapter",
        MacAddress="00-15-5D-0A-32-14",
        LinkSpeed="1 Gbps",
    )
    addr = NetIPAddress(IPAddress="10.10.50.20", InterfaceIndex=1, PrefixLength=24)
    return (eth,), (addr,)


@dataclass(frozen=True, slots=True)
class State:
    settings: Settings = field(default_factory=Settings)
    host: HostInfo = field(default_factory=HostInfo)
    counters: Counters = field(default_factory=Counters)
    nats: tuple[NetNat, ...] = ()
    mappings: tuple[StaticMapping, ...] = ()
    external_addresses: tuple[ExternalAddress, ...] = ()
    nat_global: NetNatGlobal = field(default_factory=NetNatGlobal)
    switches: tuple[VMSwitch, ...] = ()
    vm_adapters: tuple[VMNetworkAdapter, ...] = ()
    adapters: tuple[NetAdapter, ...] = ()
    addresses: tuple[NetIPAddress, ...] = ()
    routes: tuple[NetRoute, ...] = ()
    # the Windows container host (issue #4)
    features: tuple[WindowsFeature, ...] = ()
    services: tuple[Service, ...] = ()
    docker: DockerConfig = field(default_factory=DockerConfig)
    container_networks: tuple[ContainerNetwork, ...] = ()
    endpoints: tuple[ContainerEndpoint, ...] = ()
    guest_addresses: tuple[GuestAddress, ...] = ()

    @classmethod
    def initial(cls) -> State:
        """A new store: the simulated host and nothing else."""
        adapters, addresses = default_host_adapters()
        return cls(adapters=adapters, addresses=addresses)

    # ---- lookups -------------------------------------------------------------------
    def nat(self, name: str) -> NetNat | None:
        wanted = name.lower()
        return next((n for n in self.nats if n.Name.lower() == wanted), None)

    def switch(self, switch_id: str) -> VMSwitch | None:
        return next((s for s in self.switches if s.Id == switch_id), None)

    def adapter_by_alias(self, alias: str) -> NetAdapter | None:
        wanted = alias.lower()
        return next((a for a in self.adapters if a.Name.lower() == wanted), None)

    def adapter_by_index(self, if_index: int) -> NetAdapter | None:
        return next((a for a in self.adapters if a.ifIndex == if_index), None)

    def with_(self, **changes: object) -> State:
        """A copy with some fields replaced."""
        return replace(self, **changes)

    def allocate(self, counter: str) -> tuple[int, State]:
        """Take the next value of a counter (e.g. `next_mapping_id`); ids are never reused."""
        value: int = getattr(self.counters, counter)
        return value, replace(self, counters=replace(self.counters, **{counter: value + 1}))

    # ---- rules ---------------------------------------------------------------------
    def validate(self, previous: State | None = None) -> None:
        """Check WinNAT's rules for what is new since `previous`; raise RuleViolation."""
        old_nats = set(previous.nats) if previous else set()
        for nat in self.nats:
            if nat not in old_nats:
                self._check_new_nat(nat)
        if previous is None or previous.mappings is not self.mappings:
            self._check_mappings(previous.mappings if previous else None)

    def _check_new_nat(self, nat: NetNat) -> None:
        others = [n for n in self.nats if n is not nat]
        if any(n.Name.lower() == nat.Name.lower() for n in others):
            raise RuleViolation(52, "MSFT_NetNat", f"a NAT named {nat.Name} exists")
        strict = self.settings.mode is Mode.STRICT
        if strict and others:
            raise RuleViolation(87, "MSFT_NetNat", "WinNAT supports one NAT per host")
        prefix = ipam.parse_prefix(nat.InternalIPInterfaceAddressPrefix)
        if prefix is None:
            if nat.InternalIPInterfaceAddressPrefix:
                raise RuleViolation(87, "MSFT_NetNat", "the internal prefix is not a prefix")
            return
        for other in others:
            theirs = ipam.parse_prefix(other.InternalIPInterfaceAddressPrefix)
            if theirs is not None and ipam.overlaps(prefix, theirs):
                raise RuleViolation(87, "MSFT_NetNat", f"the prefix overlaps NAT {other.Name}")
        if strict:
            for address in self.external_host_addresses():
                parsed = ipam.parse_address(address.IPAddress)
                if parsed is not None and ipam.contains(prefix, parsed):
                    raise RuleViolation(
                        87, "MSFT_NetNat", f"the prefix holds host address {address.IPAddress}"
                    )

    def _check_mappings(self, old: tuple[StaticMapping, ...] | None) -> None:
        """One internal endpoint per external (protocol, port, address); 0.0.0.0 means any."""
        base, fresh, appended = mapindex.base_and_new(old, self.mappings)
        if not fresh:
            return
        names = {n.Name.lower() for n in self.nats}
        added = mapindex.MappingIndex()
        for m in fresh:
            if m.NatName.lower() not in names:
                raise RuleViolation(87, "MSFT_NetNatStaticMapping", f"no NAT named {m.NatName}")
            if base.conflicts(m, added):
                raise RuleViolation(
                    52, "MSFT_NetNatStaticMapping", f"{m.Protocol} port {m.ExternalPort} is mapped"
                )
            added.add(m)
        if appended:
            for m in fresh:
                base.add(m)
            mapindex.remember(self.mappings, base)

    def external_host_addresses(self) -> list[NetIPAddress]:
        """Addresses on adapters that are not the host vNIC of an Internal or Private switch."""
        internal_vnics = set()
        kinds = {s.Id: s.SwitchType for s in self.switches}
        for vnic in self.vm_adapters:
            if vnic.IsManagementOs and kinds.get(vnic.SwitchId) is not VMSwitchType.External:
                internal_vnics.add(vnic.Id)
        internal_idx = {a.ifIndex for a in self.adapters if a.VMNetworkAdapterId in internal_vnics}
        return [a for a in self.addresses if a.InterfaceIndex not in internal_idx]
