"""The docker daemon on Windows: its configuration (daemon.json and the dockerd line), what it
does to HNS networks when it starts (moby `initNetworkController`, spec §4.3), and a reboot."""

from __future__ import annotations

import json

from netnat.model import hns, ipam, winhost
from netnat.model.containers import NetworkMode, ServiceStartMode, ServiceStatus
from netnat.model.state import State
from netnat.record import dataclass, replace

DAEMON_JSON = "C:\\ProgramData\\docker\\config\\daemon.json"
RUN_SCRIPT = "C:\\ProgramData\\docker\\runDockerDaemon.cmd"
DEFAULT_RUN_SCRIPT = "@echo off\r\ndockerd -H npipe://"
DEFAULT_NETWORK = "nat"
DEFAULT_NETWORK_SPACE = "172.16.0.0/12"  # builds < 14360; later HNS picks one [inf]
HNS_TEXT = {  # HNS failures as the daemon logs them
    "exists": "The object already exists.",
    "parameter": "The parameter is incorrect.",
    "unspecified": "Unspecified error",
}
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"'})


class DaemonError(Exception):
    """The daemon could not start: its fatal log line."""


@dataclass(frozen=True, slots=True)
class DaemonSettings:
    bridge: str = ""
    fixed_cidr: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # (directive, "flag" | "file")


def daemon_settings(state: State) -> DaemonSettings:
    """The effective `bridge` and `fixed-cidr`; DaemonError as dockerd would refuse them."""
    cfg = state.docker
    from_file = json_directives(cfg.DaemonJson)
    from_flags = flag_directives(dockerd_arguments(cfg.RunScript))
    both = sorted(set(from_file) & set(from_flags))
    if both:
        clash = ", ".join(
            f"{k}: (from flag: {from_flags[k]}, from file: {from_file[k]})" for k in both
        )
        raise DaemonError(
            f"unable to configure the Docker daemon with file {DAEMON_JSON}: the following "
            f"directives are specified both as a flag and in the configuration file: {clash}"
        )
    merged = {**from_file, **from_flags}
    cidr = merged.get("fixed-cidr", "")
    if cidr and ipam.parse_prefix(cidr) is None:
        raise DaemonError(f"invalid CIDR address: {cidr}")
    sources = tuple(sorted([(k, "file") for k in from_file] + [(k, "flag") for k in from_flags]))
    return DaemonSettings(merged.get("bridge", ""), cidr, sources)


def json_directives(text: str) -> dict[str, str]:
    """`bridge` and `fixed-cidr` of a daemon.json text ({} for no file)."""
    if not text.strip():
        return {}
    try:
        doc = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as bad:
        raise DaemonError(
            f"unable to configure the Docker daemon with file {DAEMON_JSON}: {bad.msg}"
        ) from None
    if not isinstance(doc, dict):
        raise DaemonError(f"unable to configure the Docker daemon with file {DAEMON_JSON}")
    return {k: str(doc[k]) for k in ("bridge", "fixed-cidr") if k in doc}


def dockerd_arguments(script: str) -> list[str]:
    """The arguments of the `dockerd` (or `docker daemon`) line of runDockerDaemon.cmd."""
    for line in script.splitlines():
        words = split_words(line)
        lowered = [w.lower().removesuffix(".exe") for w in words]
        for i, word in enumerate(lowered):
            if word.endswith("dockerd"):
                return words[i + 1 :]
            if word.endswith("docker") and lowered[i + 1 : i + 2] == ["daemon"]:
                return words[i + 2 :]
    return []


def split_words(line: str) -> list[str]:
    """cmd.exe-style words: white space separates, double quotes (straight or curly) group."""
    words: list[str] = []
    current, quoted, started = "", False, False
    for ch in line.translate(_QUOTES):
        if ch == '"':
            quoted, started = not quoted, True
        elif ch in " \t" and not quoted:
            if started:
                words.append(current)
            current, started = "", False
        else:
            current, started = current + ch, True
    if started:
        words.append(current)
    return words


_FLAGS = {"-b": "bridge", "--bridge": "bridge", "--fixed-cidr": "fixed-cidr"}


def flag_directives(words: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    i = 0
    while i < len(words):
        name, eq, value = words[i].partition("=")
        key = _FLAGS.get(name.lower())
        if key is not None:
            if not eq and i + 1 < len(words):
                i += 1
                value = words[i]
            found[key] = value
        i += 1
    return found


def with_argument(script: str, argument: str) -> str:
    """The run script with `argument` added to the end of its dockerd line."""
    lines = (script or DEFAULT_RUN_SCRIPT).split("\r\n")
    for n, line in enumerate(lines):
        if dockerd_arguments(line) or "dockerd" in line.lower():
            lines[n] = f"{line.rstrip()} {argument}"
            return "\r\n".join(lines)
    return "\r\n".join([*lines, f"dockerd -H npipe:// {argument}"])


def with_directive(text: str, key: str, value: str | None) -> str:
    """daemon.json with `key` set (or removed when value is None); DaemonError for bad JSON."""
    doc: dict[str, object] = {}
    if text.strip():
        try:
            loaded = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as bad:
            raise DaemonError(f"{DAEMON_JSON} is not valid JSON: {bad.msg}") from None
        if not isinstance(loaded, dict):
            raise DaemonError(f"{DAEMON_JSON} does not hold a JSON object")
        doc = loaded
    if value is None:
        doc.pop(key, None)
    else:
        doc[key] = value
    return json.dumps(doc, indent=4) if doc else ""


# ---- start, stop, reboot -------------------------------------------------------------------


def start(state: State) -> State:
    """Start docker (and the services it needs), then set up its networks as §4.3 says."""
    settings = daemon_settings(state)
    for name in winhost.DOCKER_NEEDS:
        needed = winhost.service(state, name)
        if needed is None or needed.StartType is ServiceStartMode.Disabled:
            raise DaemonError(f"Error starting daemon: the {name} service cannot be started")
        state = winhost.set_status(state, name, ServiceStatus.Running)
    state = adopt_networks(state)
    if settings.bridge.lower() != "none" and not hns.networks_named(state, DEFAULT_NETWORK):
        spec = hns.NetworkSpec(
            DEFAULT_NETWORK, NetworkMode.NAT, settings.fixed_cidr or DEFAULT_NETWORK_SPACE
        )
        try:
            state, _ = hns.create_network(state, spec)
        except hns.HnsError as failed:
            raise DaemonError(
                "Error starting daemon: Error initializing network controller: Error creating "
                f"default network: HNS failed with error : {HNS_TEXT[failed.kind]}"
            ) from None
    return winhost.set_status(state, "docker", ServiceStatus.Running)


def adopt_networks(state: State) -> State:
    """Re-adopt HNS networks; without a `nat` network the first NAT network becomes `nat`."""
    if hns.networks_named(state, DEFAULT_NETWORK):
        return state
    first = next((n for n in state.container_networks if n.Mode is NetworkMode.NAT), None)
    if first is None:
        return state
    renamed = tuple(
        replace(n, Name=DEFAULT_NETWORK) if n.Id == first.Id else n
        for n in state.container_networks
    )
    return state.with_(container_networks=renamed)


def reboot(state: State) -> tuple[State, list[str]]:
    """A restart: networks HNS cannot restore are dropped, every service stops, then the
    Automatic ones start. Returns the new state and what did not come back up."""
    for net in list(state.container_networks):
        if not net.SwitchId or state.switch(net.SwitchId) is None:
            state = state.with_(
                container_networks=tuple(n for n in state.container_networks if n.Id != net.Id),
                endpoints=tuple(e for e in state.endpoints if e.NetworkId != net.Id),
            )
    for svc in state.services:
        state = winhost.set_status(state, svc.Name, ServiceStatus.Stopped)
    notes: list[str] = []
    for svc in state.services:
        if svc.StartType is not ServiceStartMode.Automatic:
            continue
        try:
            state = (
                start(state)
                if svc.Name == "docker"
                else winhost.set_status(state, svc.Name, ServiceStatus.Running)
            )
        except DaemonError as failed:
            notes.append(f"{svc.DisplayName} ({svc.Name}): {failed}")
    return state, notes
