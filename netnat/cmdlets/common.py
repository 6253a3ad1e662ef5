"""Error builders and helpers shared by the cmdlet families (texts: windows-cmdlets.md)."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from typing import TypeVar

from netnat.binding.decl import Bound, CmdletContext
from netnat.errors import WIN32_MESSAGES, CmdletError, ErrorRecord, NetnatError, TerminatingError
from netnat.model.psobject import PSObject
from netnat.model.state import RuleViolation, State

T = TypeVar("T")

WIN32_CATEGORY = {87: "InvalidArgument", 5010: "NotSpecified", 52: "NotSpecified"}
# NetNat's provider writes `root`, NetTCPIP's `ROOT` (spec §0.2)
CIM_NAMESPACE = {
    "MSFT_NetNat": "root",
    "MSFT_NetNatStaticMapping": "root",
    "MSFT_NetNatExternalAddress": "root",
    "MSFT_NetNatGlobal": "root",
}


def cim_target(cim_class: str) -> str:
    """`MSFT_NetNat:root/StandardCimv2/MSFT_NetNat` style CategoryInfo target."""
    return f"{cim_class}:{CIM_NAMESPACE.get(cim_class, 'ROOT')}/StandardCimv2/{cim_class}"


def win32_error(bound: Bound, code: int, cim_class: str) -> CmdletError:
    """A CIM provider failure: `Windows System Error <code>,<Cmdlet>`."""
    name, _, target_type = cim_target(cim_class).partition(":")
    return CmdletError(
        ErrorRecord(
            message=WIN32_MESSAGES[code],
            category=WIN32_CATEGORY.get(code, "NotSpecified"),
            fqid=f"Windows System Error {code},{bound.cmdlet.name}",
            activity=bound.cmdlet.name,
            reason="CimException",
            target_name=name,
            target_type=target_type,
        )
    )


def cim_not_found(bound: Bound, cim_class: str, prop: str, value: object) -> CmdletError:
    """`No MSFT_X objects found with property 'P' equal to 'V'.  Verify ...` (two spaces)."""
    return CmdletError(
        ErrorRecord(
            message=(
                f"No {cim_class} objects found with property '{prop}' equal to '{value}'.  "
                "Verify the value of the property and retry."
            ),
            category="ObjectNotFound",
            fqid=f"CmdletizationQuery_NotFound_{prop},{bound.cmdlet.name}",
            activity=bound.cmdlet.name,
            reason="CimJobException",
            target_name=str(value),
            target_type="String",
        )
    )


def cim_query_not_found(bound: Bound, cim_class: str, where: list[str]) -> CmdletError:
    """The multi-filter form: `No matching MSFT_X objects found by CIM query ...`."""
    clause = " AND ".join(f"(({w}))" for w in where)
    return CmdletError(
        ErrorRecord(
            message=(
                f"No matching {cim_class} objects found by CIM query for instances of the "
                f"ROOT/StandardCimv2/{cim_class} class on the  CIM server: SELECT * FROM "
                f"{cim_class}  WHERE {clause}. Verify query parameters and retry."
            ),
            category="ObjectNotFound",
            fqid=f"CmdletizationQuery_NotFound,{bound.cmdlet.name}",
            activity=bound.cmdlet.name,
            reason="CimJobException",
            target_name=cim_class,
            target_type="String",
        )
    )


def virtualization_error(
    bound: Bound,
    message: str,
    error_id: str = "InvalidParameter",
    category: str = "InvalidArgument",
) -> CmdletError:
    """A Hyper-V VirtualizationException; FQID suffix is the cmdlet's .NET class."""
    return CmdletError(
        ErrorRecord(
            message=message,
            category=category,
            fqid=f"{error_id},{bound.cmdlet.fqid_suffix}",
            activity=bound.cmdlet.name,
            reason="VirtualizationException",
        )
    )


def remote_refused(bound: Bound, param: str) -> NetnatError:
    """-CimSession/-ComputerName/-AsJob name a remote or background target netnat cannot reach."""
    return TerminatingError(
        ErrorRecord(
            message=(
                f"netnat manages this host only; the parameter '{param}' (remote computers, "
                "sessions and jobs) is not supported."
            ),
            category="NotImplemented",
            fqid=f"RemoteNotSupported,{bound.cmdlet.fqid_suffix}",
            activity=bound.cmdlet.name,
            reason="NotSupportedException",
        )
    )


def check_local(bound: Bound) -> None:
    """Accept local-only uses of -CimSession/-ComputerName/-AsJob; refuse the rest."""
    if bound.flag("AsJob"):
        raise remote_refused(bound, "AsJob")
    if bound.has("CimSession"):
        raise remote_refused(bound, "CimSession")
    for name in bound.strs("ComputerName") or []:
        if name.lower() not in ("localhost", ".", "127.0.0.1"):
            raise remote_refused(bound, "ComputerName")


def has_wildcard(text: str) -> bool:
    return any(c in text for c in "*?[")


def name_matches(pattern: str, name: str) -> bool:
    """PowerShell -like semantics for name filters: case-insensitive wildcard or equality."""
    if has_wildcard(pattern):
        return fnmatch.fnmatchcase(name.lower(), pattern.lower())
    return name.lower() == pattern.lower()


def select(
    ctx: CmdletContext,
    bound: Bound,
    items: Sequence[T],
    patterns: list[str] | None,
    key: Callable[[T], str],
    not_found: Callable[[str], NetnatError],
) -> list[T]:
    """Items whose key matches any pattern, in store order; a literal that matches nothing
    reports `not_found(pattern)` as a non-terminating error. No patterns: every item."""
    if patterns is None:
        return list(items)
    chosen: list[T] = []
    for pattern in patterns:
        hits = [i for i in items if name_matches(pattern, key(i))]
        if not hits and not has_wildcard(pattern):
            ctx.write_error(not_found(pattern))
        chosen.extend(h for h in hits if h not in chosen)
    order = {id(i): n for n, i in enumerate(items)}
    return sorted(chosen, key=lambda i: order[id(i)])


def input_source(bound: Bound, param: str, cls: type[T]) -> list[T]:
    """Model objects behind the PSObjects given to an -InputObject-style parameter."""
    value = bound.get(param)
    values = value if isinstance(value, list) else [value]
    return [v.source for v in values if isinstance(v, PSObject) and isinstance(v.source, cls)]


def apply_change(ctx: CmdletContext, bound: Bound, new: State) -> bool:
    """Check WinNAT's rules for the change and make it the context's state.

    A broken rule becomes the provider's Win32 error for this cmdlet; the state is kept."""
    try:
        new.validate(ctx.state)
    except RuleViolation as broken:
        ctx.write_error(win32_error(bound, broken.win32, broken.cim_class))
        return False
    ctx.state = new
    return True
