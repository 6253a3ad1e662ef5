"""The docker daemon's configuration: Get/Set/Add-Content and Out-File on its two emulated
files (`C:\\ProgramData\\docker\\config\\daemon.json`, `...\\runDockerDaemon.cmd`), and netnat's
own Get/Set-DockerDaemon for the blog's "edit the arguments passed to the docker daemon" steps.
No real file is ever read or written: other paths get PowerShell's path-not-found error."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets import provider
from netnat.cmdlets.core_common import OBJECTS, item_error
from netnat.model import dockerd, hns, ipam, winhost
from netnat.model.containers import ServiceStatus
from netnat.model.present_host import T_DAEMON
from netnat.model.psobject import PSObject
from netnat.model.state import State
from netnat.model.values import to_string
from netnat.record import replace

NS = "Microsoft.PowerShell.Commands."
SP_WRITE = 'Performing the operation "{verb}" on target "Path: {path}".'
RUNNING = (
    "The docker service is running: the change takes effect when it starts again "
    "(Restart-Service docker)."
)


def _target(ctx: CmdletContext, bound: Bound, param: str = "Path") -> tuple[str, str] | None:
    """(DockerConfig field, path as shown) of the emulated file a path names; else an error."""
    values = bound.strs("LiteralPath") if bound.has("LiteralPath") else bound.strs(param)
    where = provider.locate((values or [""])[0])
    field = provider.file_field(ctx.state, where)
    if field is None:
        ctx.write_error(provider.missing(bound, where))
        return None
    return field, where.shown


def _write(ctx: CmdletContext, field: str, text: str) -> None:
    ctx.state = ctx.state.with_(docker=replace(ctx.state.docker, **{field: text}))


def get_content(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    target = _target(ctx, bound)
    if target is None:
        return
    text = getattr(ctx.state.docker, target[0])
    if not text:
        ctx.write_error(provider.path_not_found(bound, target[1]))
        return
    if bound.flag("Raw"):
        yield text
        return
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    count = bound.get("TotalCount")
    tail = bound.get("Tail")
    if isinstance(count, int) and count >= 0:
        lines = lines[:count]
    if isinstance(tail, int) and tail >= 0:
        lines = lines[-tail:] if tail else []
    yield from lines


def _lines(ctx: CmdletContext, bound: Bound, param: str) -> list[str]:
    value = bound.get(param)
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in values:
        if isinstance(v, PSObject) and v.text is None:
            out += ctx.render([v], "default").rstrip("\n").split("\n")
        elif v is not None:
            out.append(to_string(v))
    return out


def _put(ctx: CmdletContext, bound: Bound, verb: str, param: str, append: bool) -> None:
    """Write (or append) this pipeline object's lines; the first object of a non-appending
    invocation replaces the file."""
    target = _target(ctx, bound, "FilePath" if verb == "Out-File" else "Path")
    if target is None:
        return
    field, shown = target
    if not ctx.scratch.get("asked") and not ctx.should_process(
        SP_WRITE.format(
            verb=verb.replace("-", " ") if verb != "Out-File" else "Output to File", path=shown
        )
    ):
        return
    ctx.scratch["asked"] = True
    lines = _lines(ctx, bound, param)
    end = "" if bound.flag("NoNewline") else "\r\n"
    text = end.join(lines) + (end if lines else "")
    before = getattr(ctx.state.docker, field)
    keep = append or ctx.scratch.get("written")
    if keep and before and not before.endswith(("\n", "\r")) and not bound.flag("NoNewline"):
        before += "\r\n"
    _write(ctx, field, (before if keep else "") + text)
    ctx.scratch["written"] = True


def set_content(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    _put(ctx, bound, "Set-Content", "Value", append=False)
    return iter(())


def add_content(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    _put(ctx, bound, "Add-Content", "Value", append=True)
    return iter(())


def out_file(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    _put(ctx, bound, "Out-File", "InputObject", append=bound.flag("Append"))
    return iter(())


# ---- netnat's own: Get/Set-DockerDaemon ----------------------------------------------------


def _not_installed(ctx: CmdletContext, bound: Bound) -> bool:
    info = winhost.feature(winhost.CONTAINERS)
    if info is not None and winhost.installed(ctx.state, info):
        return False
    message = (
        "The docker daemon is not installed: install the Containers feature first "
        "(Install-WindowsFeature Containers)."
    )
    ctx.write_error(
        item_error(
            bound, message, "DockerNotInstalled", "NotInstalled", "InvalidOperationException"
        )
    )
    return True


def daemon_object(state: State) -> PSObject:
    """What the daemon will do with its configuration when it starts next."""
    problem, bridge, cidr = "", "", ""
    try:
        settings = dockerd.daemon_settings(state)
        bridge, cidr = settings.bridge, settings.fixed_cidr
    except dockerd.DaemonError as bad:
        problem = str(bad)
    existing = hns.networks_named(state, dockerd.DEFAULT_NETWORK)
    if existing:
        default = f"nat (exists, {existing[0].SubnetPrefix or 'no subnet'})"
    elif bridge.lower() == "none":
        default = "none (bridge none: docker creates no nat network)"
    else:
        default = f"nat on {cidr or dockerd.DEFAULT_NETWORK_SPACE} (created at start)"
    props: dict[str, object] = {
        "Bridge": bridge,
        "FixedCidr": cidr,
        "DefaultNetwork": default,
        "Arguments": " ".join(dockerd.dockerd_arguments(state.docker.RunScript)),
        "DaemonJson": state.docker.DaemonJson.rstrip("\r\n"),
        "Problem": problem,
    }
    return PSObject((T_DAEMON, "System.Object"), props)


def get_daemon(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    if not _not_installed(ctx, bound):
        yield daemon_object(ctx.state)


def set_daemon(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    if _not_installed(ctx, bound) or not ctx.should_process(
        "Change the docker daemon's configuration."
    ):
        return
    cidr = bound.str_("FixedCidr")
    if cidr and ipam.parse_prefix(cidr) is None:
        message = f"'{cidr}' is not a prefix such as 192.168.1.0/24."
        ctx.write_error(
            item_error(
                bound, message, "InvalidPrefix", "InvalidArgument", "ArgumentException", cidr
            )
        )
        return
    state = ctx.state
    if bound.flag("Reset"):
        state = state.with_(
            docker=replace(state.docker, DaemonJson="", RunScript=dockerd.DEFAULT_RUN_SCRIPT)
        )
    try:
        for key, param in (("fixed-cidr", "FixedCidr"), ("bridge", "Bridge")):
            if bound.has(param):
                value = bound.str_(param) or None
                text = dockerd.with_directive(state.docker.DaemonJson, key, value)
                state = state.with_(docker=replace(state.docker, DaemonJson=text))
    except dockerd.DaemonError as bad:
        ctx.write_error(
            item_error(bound, f"{bad}.", "InvalidDaemonJson", "InvalidData", "ArgumentException")
        )
        return
    for argument in bound.strs("AddArgument") or []:
        state = state.with_(
            docker=replace(
                state.docker, RunScript=dockerd.with_argument(state.docker.RunScript, argument)
            )
        )
    ctx.state = state
    docker = winhost.service(state, "docker")
    if docker is not None and docker.Status is ServiceStatus.Running:
        ctx.write_warning(RUNNING)
    if bound.flag("PassThru"):
        yield daemon_object(ctx.state)


# ---- declarations ------------------------------------------------------------------------

_BIN = CmdletKind.BINARY
_PATH = Param(
    "Path", t.STRING_ARRAY, position=0, mandatory=True, sets=("Path",), by_property_name=True
)
_LITERAL = Param(
    "LiteralPath",
    t.STRING_ARRAY,
    ("PSPath",),
    mandatory=True,
    sets=("LiteralPath",),
    by_property_name=True,
)
_VALUE = Param("Value", OBJECTS, position=1, mandatory=True, by_value=True, by_property_name=True)
_WRITE = (
    Param("NoNewline", t.SWITCH),
    Param("Encoding", t.STRING),
    Param("Force", t.SWITCH),
    Param("PassThru", t.SWITCH),
)
_DAEMON_JSON = dockerd.DAEMON_JSON


def _writer(name: str, run: object, synopsis: str) -> Cmdlet:
    return Cmdlet(
        name,
        run,  # type: ignore[arg-type]
        (_PATH, _LITERAL, _VALUE, *_WRITE),
        kind=_BIN,
        dotnet_class=NS + name.replace("-", "") + "Command",
        default_set="Path",
        should_process=True,
        changes_state=True,
        synopsis=synopsis,
        examples=(
            Example(
                "Install-WindowsFeature Containers | Out-Null\n"
                f'Set-Content -Path {_DAEMON_JSON} -Value \'{{"fixed-cidr": "192.168.1.0/24"}}\''
            ),
        ),
    )


CMDLETS = (
    Cmdlet(
        "Get-Content",
        get_content,
        (
            _PATH,
            _LITERAL,
            Param("Raw", t.SWITCH),
            Param("TotalCount", t.INT64, ("First", "Head")),
            Param("Tail", t.INT32, ("Last",)),
            Param("Encoding", t.STRING),
        ),
        kind=_BIN,
        dotnet_class=NS + "GetContentCommand",
        default_set="Path",
        aliases=("gc", "cat", "type"),
        synopsis="Reads the docker daemon's emulated daemon.json or runDockerDaemon.cmd.",
        examples=(
            Example(
                f"Install-WindowsFeature Containers | Out-Null\nGet-Content {dockerd.RUN_SCRIPT}"
            ),
        ),
    ),
    _writer(
        "Set-Content",
        set_content,
        "Writes the docker daemon's emulated daemon.json or runDockerDaemon.cmd.",
    ),
    _writer("Add-Content", add_content, "Appends to the docker daemon's emulated files."),
    Cmdlet(
        "Out-File",
        out_file,
        (
            Param("FilePath", t.STRING, ("Path",), position=0, mandatory=True),
            Param(
                "InputObject",
                t.PType("System.Management.Automation.PSObject", t.Kind.OBJECT),
                by_value=True,
            ),
            Param("Append", t.SWITCH),
            Param("NoClobber", t.SWITCH),
            Param("Width", t.INT32),
            *_WRITE,
        ),
        kind=_BIN,
        dotnet_class=NS + "OutFileCommand",
        should_process=True,
        changes_state=True,
        synopsis="Writes its input to the docker daemon's emulated files (no other file).",
        examples=(
            Example(
                "Install-WindowsFeature Containers | Out-Null\n"
                f'\'{{ "bridge": "none" }}\' | Out-File -FilePath {_DAEMON_JSON} -Encoding ascii'
            ),
        ),
    ),
    Cmdlet(
        "Get-DockerDaemon",
        get_daemon,
        kind=CmdletKind.FUNCTION,
        synopsis="netnat's own: the docker daemon's bridge and fixed-cidr (daemon.json and the "
        "dockerd line) and the default network it will have.",
        examples=(Example("Install-WindowsFeature Containers | Out-Null\nGet-DockerDaemon"),),
    ),
    Cmdlet(
        "Set-DockerDaemon",
        set_daemon,
        (
            Param(
                "FixedCidr",
                t.STRING,
                help='daemon.json "fixed-cidr": the default nat network\'s prefix '
                "('' removes it).",
            ),
            Param(
                "Bridge", t.STRING, help='daemon.json "bridge": none means no default nat network.'
            ),
            Param(
                "AddArgument",
                t.STRING_ARRAY,
                help="Appended to the dockerd line, e.g. '-b \"none\"' or "
                "'--fixed-cidr=192.168.1.0/24'.",
            ),
            Param("Reset", t.SWITCH, help="Both files back to how the feature installed them."),
            Param("PassThru", t.SWITCH),
        ),
        kind=CmdletKind.FUNCTION,
        should_process=True,
        changes_state=True,
        synopsis="netnat's own: edits the docker daemon's arguments (the blog's --fixed-cidr "
        'and -b "none" steps); takes effect when docker starts.',
        examples=(
            Example(
                "Install-WindowsFeature Containers | Out-Null\n"
                "Set-DockerDaemon -AddArgument --fixed-cidr=192.168.1.0/24"
            ),
            Example(
                "Install-WindowsFeature Containers | Out-Null\n"
                "Set-DockerDaemon -AddArgument '-b \"none\"'"
            ),
        ),
    ),
)
