"""The emulated Windows host's features and services: catalogs, install, status changes."""

from __future__ import annotations

from netnat.model.containers import Service, ServiceStartMode, ServiceStatus, WindowsFeature
from netnat.model.state import State
from netnat.record import dataclass, replace

CONTAINERS = "Containers"


@dataclass(frozen=True, slots=True)
class FeatureInfo:
    name: str
    display_name: str
    optional_name: str  # the DISM (Enable-WindowsOptionalFeature) name
    services: tuple[str, ...] = ()
    always: bool = False  # installed on every emulated host


FEATURES = (
    FeatureInfo("Containers", "Containers", "Containers", ("docker", "hns", "vmcompute")),
    FeatureInfo("Hyper-V", "Hyper-V", "Microsoft-Hyper-V", always=True),
)
# name -> (display name, startup type) of the services a feature installs
SERVICES = {
    "docker": ("Docker Engine", ServiceStartMode.Automatic),
    "hns": ("Host Network Service", ServiceStartMode.Manual),
    "vmcompute": ("Hyper-V Host Compute Service", ServiceStartMode.Manual),
}
DOCKER_NEEDS = ("hns", "vmcompute")  # started (trigger start) when docker starts


def feature(name: str, optional: bool = False) -> FeatureInfo | None:
    """A feature by its ServerManager name (or its DISM name), case-insensitive."""
    wanted = name.lower()
    for info in FEATURES:
        if (info.optional_name if optional else info.name).lower() == wanted:
            return info
    return None


def installed(state: State, info: FeatureInfo) -> bool:
    return info.always or any(f.Name.lower() == info.name.lower() for f in state.features)


def install(state: State, info: FeatureInfo) -> State:
    """Record the feature and add its services (stopped, with their default startup type)."""
    if installed(state, info):
        return state
    have = {s.Name.lower() for s in state.services}
    added = tuple(
        Service(name, SERVICES[name][0], SERVICES[name][1])
        for name in info.services
        if name not in have
    )
    return state.with_(
        features=(*state.features, WindowsFeature(info.name)),
        services=(*state.services, *added),
    )


def service(state: State, name: str) -> Service | None:
    wanted = name.lower()
    return next((s for s in state.services if s.Name.lower() == wanted), None)


def with_service(state: State, changed: Service) -> State:
    """The state with one service replaced (matched by name)."""
    key = changed.Name.lower()
    return state.with_(
        services=tuple(changed if s.Name.lower() == key else s for s in state.services)
    )


def set_status(state: State, name: str, status: ServiceStatus) -> State:
    found = service(state, name)
    if found is None or found.Status is status:
        return state
    return with_service(state, replace(found, Status=status))


def running(state: State, name: str) -> bool:
    found = service(state, name)
    return found is not None and found.Status is ServiceStatus.Running
