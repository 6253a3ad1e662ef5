"""Backend discovery: built-ins, then the `netnat.backends` entry-point group."""

from __future__ import annotations

from importlib import import_module

from netnat.backends.base import Backend
from netnat.errors import ErrorRecord, StoreError

BUILTIN = {
    "state": "netnat.backends.state:StateBackend",
    "linux": "netnat.backends.linux:LinuxBackend",
}
GROUP = "netnat.backends"


def _load(target: str) -> Backend:
    module, _, attr = target.partition(":")
    factory = getattr(import_module(module), attr)
    backend: Backend = factory()
    return backend


def available() -> list[str]:
    """Names of the built-in backends and the installed plug-ins."""
    from importlib.metadata import entry_points

    return sorted({*BUILTIN, *(ep.name for ep in entry_points(group=GROUP))})


def get_backend(name: str) -> Backend:
    """The backend called `name`; entry points are only read for names that are not built in."""
    if name in BUILTIN:
        return _load(BUILTIN[name])
    from importlib.metadata import entry_points

    for ep in entry_points(group=GROUP):
        if ep.name == name:
            backend: Backend = ep.load()()
            return backend
    raise StoreError(
        ErrorRecord(
            message=f"There is no netnat backend named '{name}'. Available: "
            f"{', '.join(available())}.",
            category="InvalidArgument",
            fqid="BackendNotFound",
            reason="ArgumentException",
            target_name=name,
            target_type="String",
        )
    )
