"""Windows features: Install-WindowsFeature / Get-WindowsFeature (ServerManager) and
Enable-WindowsOptionalFeature / Get-WindowsOptionalFeature (Dism). Installing `Containers`
adds the docker, hns and vmcompute services (stopped) and the daemon's run script."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.common import check_local, name_matches
from netnat.cmdlets.core_common import item_error
from netnat.errors import CmdletError
from netnat.model import dockerd, present_host, winhost
from netnat.model.state import State

SERVER_MANAGER = "Microsoft.Windows.ServerManager.Commands."
DISM = "Microsoft.Dism.Commands."
RESTART_WARNING = "You must restart this server to finish the installation process."
SP_INSTALL = 'Performing the operation "Install-WindowsFeature" on target "{name}".'  # [inf]
SP_ENABLE = 'Performing the operation "Enable-WindowsOptionalFeature" on target "{name}".'


def _unknown(bound: Bound, name: str, optional: bool) -> CmdletError:
    """[inf] texts: ServerManager's ArgumentNotValid, DISM's unknown feature."""
    if optional:
        message = f"Feature name {name} is unknown."
        return item_error(
            bound, message, "FeatureNameUnknown", "NotSpecified", "COMException", name
        )
    message = (
        f"ArgumentNotValid: The role, role service, or feature name is not valid: '{name}'. "
        "The name was not found."
    )
    return item_error(bound, message, "NameDoesNotExist", "InvalidArgument", "Exception", name)


def _install(state: State, info: winhost.FeatureInfo) -> State:
    state = winhost.install(state, info)
    if info.name == winhost.CONTAINERS and not state.docker.RunScript:
        docker = state.docker.__class__(state.docker.DaemonJson, dockerd.DEFAULT_RUN_SCRIPT)
        state = state.with_(docker=docker)
    return state


def _add(
    ctx: CmdletContext, bound: Bound, names: list[str], optional: bool
) -> list[winhost.FeatureInfo]:
    """Install the named features; returns the ones that were not installed before."""
    added: list[winhost.FeatureInfo] = []
    sp = SP_ENABLE if optional else SP_INSTALL
    for name in names:
        info = winhost.feature(name, optional)
        if info is None:
            ctx.write_error(_unknown(bound, name, optional))
            continue
        if winhost.installed(ctx.state, info) or not ctx.should_process(sp.format(name=name)):
            continue
        ctx.state = _install(ctx.state, info)
        added.append(info)
    return added


def install_feature(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    added = _add(ctx, bound, bound.strs("Name") or [], optional=False)
    if added:
        ctx.write_warning(RESTART_WARNING)
    yield present_host.feature_result(added)


def get_feature(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    patterns = bound.strs("Name")
    for info in winhost.FEATURES:
        if patterns is None or any(name_matches(p, info.name) for p in patterns):
            yield present_host.feature(info, winhost.installed(ctx.state, info))


def enable_optional(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """DEVIATION: never offers to restart (as with -NoRestart); Restart-Computer does that."""
    added = _add(ctx, bound, bound.strs("FeatureName") or [], optional=True)
    yield present_host.dism_image(bool(added))


def get_optional(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    patterns = bound.strs("FeatureName")
    for info in winhost.FEATURES:
        if patterns is None or any(name_matches(p, info.optional_name) for p in patterns):
            yield present_host.dism_feature(info, winhost.installed(ctx.state, info))


_BIN = CmdletKind.BINARY
_REMOTE = (Param("ComputerName", t.STRING_ARRAY, ("Cn",)), Param("Credential", t.CREDENTIAL))
_ONLINE = Param("Online", t.SWITCH, mandatory=True, help="This host (the only image netnat has).")
CMDLETS = (
    Cmdlet(
        "Install-WindowsFeature",
        install_feature,
        (
            Param(
                "Name",
                t.STRING_ARRAY,
                position=0,
                mandatory=True,
                by_value=True,
                help="Features to install, e.g. Containers.",
            ),
            Param("IncludeAllSubFeature", t.SWITCH),
            Param("IncludeManagementTools", t.SWITCH),
            Param("Restart", t.SWITCH),
            Param("Source", t.STRING_ARRAY),
            Param("LogPath", t.STRING),
            *_REMOTE,
        ),
        kind=_BIN,
        dotnet_class=SERVER_MANAGER + "AddWindowsFeatureCommand",
        aliases=("Add-WindowsFeature",),
        should_process=True,
        changes_state=True,
        synopsis="Installs Windows features; Containers adds the docker, hns and vmcompute "
        "services (stopped).",
        examples=(Example("Install-WindowsFeature Containers"),),
        output_type="FeatureOperationResult",
    ),
    Cmdlet(
        "Get-WindowsFeature",
        get_feature,
        (Param("Name", t.STRING_ARRAY, position=0, by_value=True), *_REMOTE),
        kind=_BIN,
        dotnet_class=SERVER_MANAGER + "GetWindowsFeatureCommand",
        synopsis="Lists the features netnat emulates (Containers, Hyper-V) and their state.",
        examples=(Example("Get-WindowsFeature Containers"),),
        output_type="Feature",
    ),
    Cmdlet(
        "Enable-WindowsOptionalFeature",
        enable_optional,
        (
            _ONLINE,
            Param("FeatureName", t.STRING_ARRAY, mandatory=True, by_property_name=True),
            Param("All", t.SWITCH),
            Param("NoRestart", t.SWITCH),
            Param("LimitAccess", t.SWITCH),
            Param("Source", t.STRING_ARRAY),
            Param("LogPath", t.STRING),
        ),
        kind=_BIN,
        dotnet_class=DISM + "EnableWindowsOptionalFeatureCommand",
        should_process=True,
        changes_state=True,
        synopsis="Enables optional features (Containers adds the docker, hns and vmcompute "
        "services); never restarts by itself.",
        examples=(Example("Enable-WindowsOptionalFeature -Online -FeatureName Containers -All"),),
        output_type="ImageObject",
    ),
    Cmdlet(
        "Get-WindowsOptionalFeature",
        get_optional,
        (_ONLINE, Param("FeatureName", t.STRING_ARRAY, by_property_name=True)),
        kind=_BIN,
        dotnet_class=DISM + "GetWindowsOptionalFeatureCommand",
        synopsis="Lists the optional features netnat emulates and whether they are enabled.",
        examples=(Example("Get-WindowsOptionalFeature -Online -FeatureName Containers"),),
    ),
)
