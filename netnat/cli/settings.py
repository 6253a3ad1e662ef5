"""`netnat config` (the store's settings) and `netnat plan` (what a cmdlet would change)."""

from __future__ import annotations

from netnat.binding.argv import argv_to_args
from netnat.binding.decl import Impact
from netnat.cli.main import Options
from netnat.cli.run_cmdlet import make_host, not_recognized
from netnat.cmdlets.registry import resolve
from netnat.engine.invocation import run_cmdlet
from netnat.engine.session import MemoryCommitter, Session
from netnat.engine.should import Preferences
from netnat.errors import ErrorRecord, NetnatError, StoreError
from netnat.model.state import Mode
from netnat.record import replace
from netnat.source import Span


def _store(opts: Options):  # type: ignore[no-untyped-def]
    from netnat.store.file import Store
    from netnat.store.paths import resolve_store_path

    return Store(resolve_store_path(opts.store))


def _bad_value(key: str, value: str, allowed: list[str]) -> StoreError:
    return StoreError(
        ErrorRecord(
            message=f"Cannot set {key} to '{value}'. Use one of: {', '.join(allowed)}.",
            category="InvalidArgument",
            fqid="InvalidSetting",
            reason="ArgumentException",
            target_name=value,
            target_type="String",
        )
    )


def show_or_set(opts: Options, key: str | None, value: str | None) -> int:
    """Print `backend = ...` and `mode = ...`, or change one of them."""
    host = make_host(opts)
    store = _store(opts)
    try:
        if key is None or value is None:
            settings = store.load().settings
            shown = {"backend": settings.backend, "mode": settings.mode.value}
            for name, current in shown.items():
                if key in (None, name):
                    host.write_line(f"{name} = {current}")
            return 0
        with store.lock():
            state = store.load()
            settings = state.settings
            if key == "mode":
                if value.lower() not in ("strict", "relaxed"):
                    raise _bad_value(key, value, ["strict", "relaxed"])
                settings = replace(settings, mode=Mode(value.lower()))
            else:
                from netnat.backends.registry import available

                if value not in available():
                    raise _bad_value(key, value, available())
                settings = replace(settings, backend=value)
            store.save(state.with_(settings=settings))
    except NetnatError as error:
        host.write_error(error.record)
        return 1
    return 0


def plan_command(opts: Options, name: str, argv: list[str]) -> int:
    """Run a cmdlet on a copy of the state and print the backend's plan; nothing is saved."""
    from netnat.backends.registry import get_backend

    host = make_host(opts)
    args, line = argv_to_args(name, argv)
    span = Span(1, 1, len(line) + 1, line)
    cmdlet = resolve(name)
    if cmdlet is None:
        host.write_error(not_recognized(name, span))
        return 1
    try:
        state = _store(opts).load()
        backend = get_backend(opts.backend or state.settings.backend)
        session = Session(state, host, MemoryCommitter(), Preferences(confirm=Impact.NONE))
        run_cmdlet(session, cmdlet, args, name, span)
    except NetnatError as error:
        host.write_error(error.record)
        return 1
    host.write_line(backend.plan(state, session.state).render())
    return 1 if session.had_error else 0


def sync_store(opts: Options, dry_run: bool) -> int:
    """`netnat sync`: converge the backend to the store and print what was done."""
    from netnat.backends.registry import get_backend

    host = make_host(opts)
    store = _store(opts)
    try:
        with store.lock():
            state = store.load()
            backend = get_backend(opts.backend or state.settings.backend)
            plan = backend.sync_plan(state) if dry_run else backend.sync(state)
    except NetnatError as error:
        host.write_error(error.record)
        return 1
    host.write_line(plan.render())
    return 0
