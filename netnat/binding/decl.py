"""Cmdlet declarations: one record per cmdlet that the binder, help and completion all read.

A cmdlet is data (`Cmdlet`, `Param`) plus one function `run(ctx, bound)`; the function gets a
`CmdletContext` (state, ShouldProcess, error and warning sinks) and yields output objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum, IntEnum
from functools import cached_property
from typing import Protocol

from netnat.binding import types as t
from netnat.errors import NetnatError
from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.record import dataclass
from netnat.source import Span

ALL_SETS = "__AllParameterSets"


class Impact(IntEnum):
    """ConfirmImpact and $ConfirmPreference levels."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class CmdletKind(Enum):
    """Where a cmdlet comes from; decides its FQID suffix and its implicit parameters."""

    CDXML = "cdxml"  # NetNat, NetTCPIP, NetAdapter: CimSession/ThrottleLimit/AsJob
    HYPERV = "hyperv"  # binary Hyper-V cmdlets: ComputerName/Credential/CimSession
    BINARY = "binary"  # other compiled cmdlets (Get-Service, ...)
    FUNCTION = "function"  # script-style commands (utility functions)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: t.PType
    aliases: tuple[str, ...] = ()
    position: int | None = None
    mandatory: bool = False
    sets: tuple[str, ...] = ()  # empty: every parameter set
    by_value: bool = False
    by_property_name: bool = False
    validate_set: tuple[str, ...] = ()
    validate_range: tuple[int, int | None] | None = None  # [ValidateRange(min, max)]
    help: str = ""
    common: bool = False  # a PowerShell common parameter (loses prefix ties)
    remaining: bool = False  # ValueFromRemainingArguments: takes leftover positional values

    def in_set(self, set_name: str) -> bool:
        return not self.sets or set_name in self.sets

    @property
    def is_switch(self) -> bool:
        return self.type.kind is t.Kind.SWITCH


@dataclass(frozen=True, slots=True)
class Example:
    code: str  # runnable on the state backend, one statement per line
    remarks: str = ""


class CmdletContext(Protocol):
    """What a cmdlet function may use; implemented by the engine."""

    state: State

    def should_process(
        self, description: str, force: bool = False, query: str | None = None
    ) -> bool:
        """Ask (or check -WhatIf/-Confirm) before a change; False means skip it.

        `force` (a cmdlet's -Force) skips the prompt but still honours -WhatIf. `query` is the
        prompt's whole message when it is not `Are you sure ...?` + description (compiled
        cmdlets that pass their own text, e.g. Remove-ContainerNetwork)."""
        ...

    def should_continue(self, query: str, caption: str = "Confirm") -> bool:
        """ShouldContinue: always asks (whatever $ConfirmPreference), except under --yes."""
        ...

    def restart_host(self, state: State) -> None:
        """Restart-Computer: commit `state` now and rebuild every netnat-owned kernel object."""
        ...

    def kernel_drift(self) -> list[str]:
        """How the backend's kernel differs from the committed state ([] without a kernel)."""
        ...

    def write_error(self, error: NetnatError) -> None:
        """Report a non-terminating error for one item and go on."""
        ...

    def write_warning(self, text: str) -> None: ...

    def write_verbose(self, text: str) -> None: ...

    def nat_sessions(self, nat: NetNat) -> list[object]:
        """The backend's live sessions of a NAT (Get-NetNatSession)."""
        ...

    @property
    def scratch(self) -> dict[str, object]:
        """Per-invocation storage shared by a cmdlet's process and end steps."""
        ...

    def write_host(self, text: str, newline: bool = True) -> None:
        """Text for the console only (Write-Host), not the pipeline."""
        ...

    def invoke(
        self, block: object, input: object = None, args: Sequence[object] = ()
    ) -> list[object]:
        """Run a script block value with `$_` set to `input`; its output objects."""
        ...

    def render(self, objects: list[object], shape: str, properties: Sequence[object] = ()) -> str:
        """Format objects as Out-Default would (shape: default, table, list)."""
        ...

    def to_json(self, value: object, depth: int = 2, compress: bool = False) -> str:
        """ConvertTo-Json's text for a value."""
        ...

    def variable(self, name: str) -> object:
        """A variable's value ($null when undefined)."""
        ...


@dataclass(slots=True)
class Bound:
    """A cmdlet with its arguments bound: canonical parameter name -> converted value."""

    cmdlet: Cmdlet
    parameter_set: str
    values: dict[str, object]
    invocation_name: str = ""
    span: Span | None = None

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)

    def has(self, name: str) -> bool:
        return name in self.values

    def str_(self, name: str) -> str | None:
        value = self.values.get(name)
        return None if value is None else str(value)

    def strs(self, name: str) -> list[str] | None:
        """A String[] parameter's values, or None when not given."""
        value = self.values.get(name)
        if value is None:
            return None
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def ints(self, name: str) -> list[int] | None:
        """An integer array parameter's values, or None when not given."""
        value = self.values.get(name)
        if value is None:
            return None
        values = value if isinstance(value, list) else [value]
        return [v for v in values if isinstance(v, int)]

    def flag(self, name: str) -> bool:
        return bool(self.values.get(name, False))


Runner = Callable[[CmdletContext, Bound], Iterable[object]]


@dataclass(frozen=True)
class Cmdlet:
    name: str
    run: Runner
    params: tuple[Param, ...] = ()
    kind: CmdletKind = CmdletKind.CDXML
    dotnet_class: str = ""  # compiled cmdlets: the FQID suffix
    default_set: str = ALL_SETS
    should_process: bool = False
    confirm_impact: Impact = Impact.MEDIUM
    changes_state: bool = False
    aliases: tuple[str, ...] = ()
    synopsis: str = ""
    description: str = ""
    examples: tuple[Example, ...] = ()
    output_type: str = ""
    end: Runner | None = None  # runs once after the last input (collecting cmdlets)
    observes: bool = False  # sees the backend (sessions, time): pending commits apply first

    @property
    def verb(self) -> str:
        return self.name.split("-", 1)[0]

    @property
    def noun(self) -> str:
        return self.name.split("-", 1)[1]

    @property
    def fqid_suffix(self) -> str:
        """The part after the comma in a FullyQualifiedErrorId."""
        if self.kind in (CmdletKind.HYPERV, CmdletKind.BINARY) and self.dotnet_class:
            return self.dotnet_class
        return self.name

    @cached_property
    def all_params(self) -> tuple[Param, ...]:
        """Declared parameters, then the kind's implicit ones, then the common parameters."""
        return self.params + kind_params(self.kind) + common_params(self.should_process)

    @cached_property
    def parameter_sets(self) -> tuple[str, ...]:
        """Named parameter sets in declaration order (ALL_SETS when there are none)."""
        names: list[str] = []
        for p in self.params:
            for s in p.sets:
                if s not in names:
                    names.append(s)
        if self.default_set != ALL_SETS and self.default_set not in names:
            names.insert(0, self.default_set)
        return tuple(names) or (ALL_SETS,)


def _p(name: str, typ: t.PType, *aliases: str, common: bool = False) -> Param:
    return Param(name, typ, aliases=aliases, common=common)


_CDXML = (
    _p(
        "CimSession",
        t.PType("Microsoft.Management.Infrastructure.CimSession[]", t.Kind.OBJECT, array=True),
        "Session",
    ),
    _p("ThrottleLimit", t.INT32),
    _p("AsJob", t.SWITCH),
)
_HYPERV = (
    _p(
        "CimSession",
        t.PType("Microsoft.Management.Infrastructure.CimSession[]", t.Kind.OBJECT, array=True),
    ),
    _p("ComputerName", t.STRING_ARRAY),
    _p("Credential", t.CREDENTIAL),
)
_ACTION = t.PType("System.Management.Automation.ActionPreference", t.Kind.STRING)
_COMMON = (
    _p("Verbose", t.SWITCH, "vb", common=True),
    _p("Debug", t.SWITCH, "db", common=True),
    _p("ErrorAction", _ACTION, "ea", common=True),
    _p("WarningAction", _ACTION, "wa", common=True),
    _p("InformationAction", _ACTION, "infa", common=True),
    _p("ErrorVariable", t.STRING, "ev", common=True),
    _p("WarningVariable", t.STRING, "wv", common=True),
    _p("InformationVariable", t.STRING, "iv", common=True),
    _p("OutVariable", t.STRING, "ov", common=True),
    _p("OutBuffer", t.INT32, "ob", common=True),
    _p("PipelineVariable", t.STRING, "pv", common=True),
)
_SHOULD = (
    _p("WhatIf", t.SWITCH, "wi", common=True),
    _p("Confirm", t.SWITCH, "cf", common=True),
)
ACTION_PREFERENCES = ("SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore", "Suspend")


def kind_params(kind: CmdletKind) -> tuple[Param, ...]:
    """Parameters every cmdlet of a kind has (accepted; remote targets are refused at run)."""
    return {CmdletKind.CDXML: _CDXML, CmdletKind.HYPERV: _HYPERV}.get(kind, ())


def common_params(should_process: bool) -> tuple[Param, ...]:
    return _COMMON + (_SHOULD if should_process else ())
