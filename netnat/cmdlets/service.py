"""Get/Start/Stop/Restart/Set-Service for the emulated services (docker, hns, vmcompute, which
the Containers feature installs). Starting docker runs the daemon's start logic (spec §4.3)."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.common import check_local, input_source, name_matches
from netnat.cmdlets.core_common import item_error
from netnat.errors import CmdletError
from netnat.model import dockerd, present_host, winhost
from netnat.model.containers import Service, ServiceStartMode, ServiceStatus
from netnat.record import replace

NS = "Microsoft.PowerShell.Commands."
SERVICE_OBJECTS = t.objects("System.ServiceProcess.ServiceController[]", "ServiceController")
SP_TEXT = 'Performing the operation "{verb}" on target "{label}".'
WAIT = "Waiting for service '{label}' to {verb}..."
# Services slow enough that Windows prints a Waiting line: name -> (start, stop) [inf counts]
PENDING = {"docker": (True, True)}
CONTROLLER = ("System.ServiceProcess.ServiceController", "ServiceController")


def label(svc: Service) -> str:
    """`Docker Engine (docker)`: how Windows names a service in messages."""
    return f"{svc.DisplayName} ({svc.Name})"


def not_found(bound: Bound, name: str, display: bool = False) -> CmdletError:
    kind = "display name" if display else "service name"
    error_id = "NoServiceFoundForGivenDisplayName" if display else "NoServiceFoundForGivenName"
    message = f"Cannot find any service with {kind} '{name}'."
    return item_error(bound, message, error_id, "ObjectNotFound", "ServiceCommandException", name)


def _controller_error(bound: Bound, message: str, error_id: str) -> CmdletError:
    """OpenError: (System.ServiceProcess.ServiceController:ServiceController) [...]."""
    error = item_error(bound, message, error_id, "OpenError", "ServiceCommandException")
    error.record = replace(error.record, target_name=CONTROLLER[0], target_type=CONTROLLER[1])
    return error


def find_services(ctx: CmdletContext, bound: Bound) -> list[Service]:
    """Services named by -Name/-DisplayName (wildcards) or piped; misses are errors."""
    if bound.has("InputObject"):
        wanted = {s.Name.lower() for s in input_source(bound, "InputObject", Service)}
        return [s for s in ctx.state.services if s.Name.lower() in wanted]
    display = bound.has("DisplayName")
    patterns = bound.strs("DisplayName" if display else "Name")
    if patterns is None:
        found = list(ctx.state.services)
    else:
        found = []
        for pattern in patterns:
            hits = [
                s
                for s in ctx.state.services
                if name_matches(pattern, s.DisplayName if display else s.Name)
            ]
            if not hits and not any(c in pattern for c in "*?["):
                ctx.write_error(not_found(bound, pattern, display))
            found += [h for h in hits if h not in found]
    return _filtered(bound, found)


def _filtered(bound: Bound, found: list[Service]) -> list[Service]:
    include, exclude = bound.strs("Include"), bound.strs("Exclude")
    return [
        s
        for s in found
        if (include is None or any(name_matches(p, s.Name) for p in include))
        and not any(name_matches(p, s.Name) for p in exclude or [])
    ]


def get_service(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    for svc in find_services(ctx, bound):
        yield present_host.service(svc)


def start_one(ctx: CmdletContext, bound: Bound, svc: Service) -> bool:
    """Start a service (docker: the daemon's start logic). False when it did not start."""
    if svc.Status is ServiceStatus.Running:
        return True
    if svc.StartType is ServiceStartMode.Disabled:
        message = (
            f"Service '{label(svc)}' cannot be started due to the following error: "
            f"Cannot start service {svc.Name} on computer '.'."
        )
        ctx.write_error(_controller_error(bound, message, "CouldNotStartService"))
        return False
    if PENDING.get(svc.Name, (False, False))[0]:
        ctx.write_warning(WAIT.format(label=label(svc), verb="start"))
    if svc.Name != "docker":
        ctx.state = winhost.set_status(ctx.state, svc.Name, ServiceStatus.Running)
        return True
    try:
        ctx.state = dockerd.start(ctx.state)
    except dockerd.DaemonError as fatal:
        ctx.write_verbose(f"docker: fatal: {fatal}")
        message = f"Failed to start service '{label(svc)}'."
        ctx.write_error(_controller_error(bound, message, "StartServiceFailed"))
        return False
    return True


def stop_one(ctx: CmdletContext, svc: Service) -> None:
    if svc.Status is ServiceStatus.Stopped:
        return
    if PENDING.get(svc.Name, (False, False))[1]:
        ctx.write_warning(WAIT.format(label=label(svc), verb="stop"))
    ctx.state = winhost.set_status(ctx.state, svc.Name, ServiceStatus.Stopped)


def _current(ctx: CmdletContext, svc: Service) -> Service:
    return winhost.service(ctx.state, svc.Name) or svc


def start_service(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    for svc in find_services(ctx, bound):
        if ctx.should_process(SP_TEXT.format(verb="Start-Service", label=label(svc))):
            started = start_one(ctx, bound, _current(ctx, svc))
            if started and bound.flag("PassThru"):
                yield present_host.service(_current(ctx, svc))


def stop_service(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    for svc in find_services(ctx, bound):
        if ctx.should_process(SP_TEXT.format(verb="Stop-Service", label=label(svc))):
            stop_one(ctx, _current(ctx, svc))
            if bound.flag("PassThru"):
                yield present_host.service(_current(ctx, svc))


def restart_service(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    for svc in find_services(ctx, bound):
        if ctx.should_process(SP_TEXT.format(verb="Restart-Service", label=label(svc))):
            stop_one(ctx, _current(ctx, svc))
            if start_one(ctx, bound, _current(ctx, svc)) and bound.flag("PassThru"):
                yield present_host.service(_current(ctx, svc))


def set_service(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    if bound.has("InputObject"):
        targets = input_source(bound, "InputObject", Service)
    else:
        name = str(bound.get("Name"))
        found = winhost.service(ctx.state, name)
        if found is None:
            ctx.write_error(_set_not_found(bound, name))
            return
        targets = [found]
    for svc in targets:
        if not ctx.should_process(SP_TEXT.format(verb="Set-Service", label=label(svc))):
            continue
        yield from _set_one(ctx, bound, _current(ctx, svc))


def _set_not_found(bound: Bound, name: str) -> CmdletError:
    """5.1's Set-Service: `Service x was not found on computer '.'.` [obs]."""
    message = f"Service {name} was not found on computer '.'."
    error = item_error(
        bound, message, "InvalidOperationException", "ObjectNotFound", "InvalidOperationException"
    )
    error.record = replace(error.record, target_name=".", target_type="String")
    return error


def _set_one(ctx: CmdletContext, bound: Bound, svc: Service) -> Iterator[object]:
    mode = bound.get("StartupType")
    changed = replace(
        svc,
        StartType=mode if isinstance(mode, ServiceStartMode) else svc.StartType,
        DisplayName=bound.str_("DisplayName") or svc.DisplayName,
    )
    ctx.state = winhost.with_service(ctx.state, changed)
    status = (bound.str_("Status") or "").lower()
    if status == "running":
        start_one(ctx, bound, changed)
    elif status in ("stopped", "paused"):
        stop_one(ctx, changed)
    if bound.flag("PassThru"):
        yield present_host.service(_current(ctx, changed))


# ---- declarations ------------------------------------------------------------------------

_BIN = CmdletKind.BINARY
_NAME = Param(
    "Name",
    t.STRING_ARRAY,
    ("ServiceName",),
    position=0,
    sets=("Default",),
    by_value=True,
    by_property_name=True,
    help="Service names (wildcards allowed), e.g. docker.",
)
_DISPLAY = Param("DisplayName", t.STRING_ARRAY, mandatory=True, sets=("DisplayName",))
_INPUT = Param("InputObject", SERVICE_OBJECTS, mandatory=True, sets=("InputObject",), by_value=True)
_FILTERS = (Param("Include", t.STRING_ARRAY), Param("Exclude", t.STRING_ARRAY))
_PASSTHRU = Param("PassThru", t.SWITCH)


def _control(name: str, run: object, synopsis: str, extra: tuple[Param, ...] = ()) -> Cmdlet:
    required = Param(
        "Name",
        t.STRING_ARRAY,
        ("ServiceName",),
        position=0,
        mandatory=True,
        sets=("Default",),
        by_value=True,
        by_property_name=True,
    )
    return Cmdlet(
        name,
        run,  # type: ignore[arg-type]
        (required, _DISPLAY, _INPUT, _PASSTHRU, *_FILTERS, *extra),
        kind=_BIN,
        dotnet_class=NS + name.replace("-", "") + "Command",
        default_set="Default",
        should_process=True,
        changes_state=True,
        synopsis=synopsis,
        examples=(Example(f"Install-WindowsFeature Containers | Out-Null\n{name} docker"),),
    )


CMDLETS = (
    Cmdlet(
        "Get-Service",
        get_service,
        (
            _NAME,
            _DISPLAY,
            _INPUT,
            *_FILTERS,
            Param("ComputerName", t.STRING_ARRAY, ("Cn",)),
            Param("DependentServices", t.SWITCH, ("DS",)),
            Param("RequiredServices", t.SWITCH, ("SDO", "ServicesDependedOn")),
        ),
        kind=_BIN,
        dotnet_class=NS + "GetServiceCommand",
        default_set="Default",
        aliases=("gsv",),
        synopsis="Gets the emulated services (docker, hns, vmcompute once the Containers "
        "feature is installed).",
        examples=(Example("Install-WindowsFeature Containers | Out-Null\nGet-Service docker"),),
        output_type="ServiceController",
    ),
    _control(
        "Start-Service",
        start_service,
        "Starts services; docker re-adopts NAT networks and creates its default `nat` network "
        "(fixed-cidr, else 172.16.0.0/12) unless the bridge is none.",
    ),
    _control(
        "Stop-Service",
        stop_service,
        "Stops services (networks stay in HNS).",
        (Param("Force", t.SWITCH), Param("NoWait", t.SWITCH)),
    ),
    _control(
        "Restart-Service",
        restart_service,
        "Stops and starts services (docker reads its configuration again).",
        (Param("Force", t.SWITCH),),
    ),
    Cmdlet(
        "Set-Service",
        set_service,
        (
            Param(
                "Name",
                t.STRING,
                ("ServiceName", "SN"),
                position=0,
                mandatory=True,
                sets=("Name",),
                by_value=True,
                by_property_name=True,
            ),
            Param("InputObject", SERVICE_OBJECTS, sets=("InputObject",), by_value=True),
            Param("StartupType", t.enum_of(ServiceStartMode), ("StartMode", "SM", "ST")),
            Param("Status", t.STRING, validate_set=("Running", "Stopped", "Paused")),
            Param("DisplayName", t.STRING),
            Param("Description", t.STRING),
            _PASSTHRU,
            Param("ComputerName", t.STRING_ARRAY, ("cn",)),
        ),
        kind=_BIN,
        dotnet_class=NS + "SetServiceCommand",
        default_set="Name",
        should_process=True,
        changes_state=True,
        synopsis="Changes a service's startup type (Automatic services start at "
        "Restart-Computer) or status.",
        examples=(
            Example(
                "Install-WindowsFeature Containers | Out-Null\n"
                "Set-Service docker -StartupType Manual"
            ),
        ),
    ),
)
