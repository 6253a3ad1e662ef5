"""netnat's own troubleshooter, Test-NetNat (also `netnat doctor`): the blog's troubleshooting
list run against the store, and on `linux` the kernel's drift from it; one finding per problem
with the command that fixes it. Nothing is changed."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example
from netnat.errors import NetnatError
from netnat.model import doctor, present_host


def run_test_netnat(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    for found in doctor.findings(ctx.state):
        yield present_host.finding(found.check, found.problem, found.fix)
    try:
        drift = ctx.kernel_drift()
    except NetnatError as failed:
        yield present_host.finding(
            "KernelUnreadable", failed.record.message, "Run netnat as root (sudo netnat doctor)."
        )
        return
    for line in drift:
        yield present_host.finding(
            "KernelDrift", f"The kernel differs from the store: {line}.", "netnat sync"
        )


CMDLETS = (
    Cmdlet(
        "Test-NetNat",
        run_test_netnat,
        kind=CmdletKind.FUNCTION,
        observes=True,
        synopsis="netnat's own: finds what the blog's troubleshooting list looks for (several "
        "NATs, duplicate switches, stale gateways, prefixes over host addresses, address "
        "collisions, mappings outside any NAT, kernel drift) and prints the fix for each.",
        examples=(Example("Test-NetNat"),),
    ),
)
