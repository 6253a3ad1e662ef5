"""Restart-Computer: the emulated host reboots. Networks HNS cannot restore (their switch is
gone) are dropped, every service stops and the Automatic ones start again (docker with its
network logic), and on `linux` every netnat-owned kernel object is rebuilt from the store."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.common import check_local
from netnat.model import dockerd

SP_RESTART = (
    'Performing the operation "Enable the Local shutdown access rights and restart the '
    'computer." on target "localhost ({name})".'
)
NOT_STARTED = "After the restart, the service {service} did not start: {reason}"  # netnat's own


def reboot(ctx: CmdletContext) -> None:
    """Restart the emulated host now (commits, and syncs the kernel on `linux`)."""
    state, notes = dockerd.reboot(ctx.state)
    ctx.restart_host(state)
    for note in notes:
        service, _, reason = note.partition(": ")
        ctx.write_warning(NOT_STARTED.format(service=service, reason=reason))


def restart_computer(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    check_local(bound)
    if ctx.should_process(SP_RESTART.format(name=ctx.state.host.ComputerName)):
        reboot(ctx)
    return iter(())


CMDLETS = (
    Cmdlet(
        "Restart-Computer",
        restart_computer,
        (
            Param(
                "ComputerName",
                t.STRING_ARRAY,
                ("CN", "__SERVER", "Server", "IPAddress"),
                position=0,
                by_value=True,
                by_property_name=True,
            ),
            Param("Credential", t.CREDENTIAL, position=1),
            Param("Force", t.SWITCH, ("f",)),
            Param("Wait", t.SWITCH),
            Param("Timeout", t.INT32, ("TimeoutSec",)),
            Param("For", t.STRING, validate_set=("Wmi", "WinRM", "PowerShell")),
            Param("Delay", t.INT32),
            Param("Protocol", t.STRING, validate_set=("DCOM", "WSMan")),
            Param("AsJob", t.SWITCH),
            Param("ThrottleLimit", t.INT32),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.RestartComputerCommand",
        should_process=True,
        changes_state=True,
        observes=True,
        synopsis="Restarts the emulated host: Automatic services start, networks without a "
        "switch are dropped, and on linux netnat's kernel objects are rebuilt.",
        examples=(Example("Restart-Computer -Force"),),
    ),
)
