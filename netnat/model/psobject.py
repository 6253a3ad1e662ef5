"""PSObject: what cmdlets emit and formatters, Select-Object and the binder read.

A PSObject has PowerShell type names (most specific first) and ordered properties under their
Windows names. `source` keeps the model object it was made from, for -InputObject binding.
"""

from __future__ import annotations

from collections.abc import Callable

from netnat.record import dataclass, field


@dataclass(slots=True)
class PSObject:
    type_names: tuple[str, ...]
    props: dict[str, object]
    source: object = None
    hidden: frozenset[str] = field(default_factory=frozenset)  # not shown by `Format-List *`
    text: str | None = None  # the object's ToString() when it is not `@{...}` (e.g. an address)
    methods: dict[str, Callable[..., object]] | None = None  # e.g. a RegistryKey's GetValue

    @property
    def type_name(self) -> str:
        return (
            self.type_names[0] if self.type_names else "System.Management.Automation.PSCustomObject"
        )

    def get(self, name: str) -> object:
        """Case-insensitive property read; a missing property is $null."""
        if name in self.props:
            return self.props[name]
        wanted = name.lower()
        for key, value in self.props.items():
            if key.lower() == wanted:
                return value
        return None

    def has(self, name: str) -> bool:
        wanted = name.lower()
        return any(key.lower() == wanted for key in self.props)

    def is_a(self, type_name: str) -> bool:
        """True when any of the object's type names is `type_name` (case-insensitive)."""
        wanted = type_name.lower()
        return any(t.lower() == wanted for t in self.type_names)


def custom_object(props: dict[str, object]) -> PSObject:
    """A `[pscustomobject]`."""
    return PSObject(("System.Management.Automation.PSCustomObject",), dict(props))
