"""Variables and scopes: dynamic scoping, scope prefixes, `$env:` and the automatic variables."""

from __future__ import annotations

import os
from collections.abc import Callable

from netnat.engine.convert import version_object
from netnat.errors import ErrorRecord, TerminatingError
from netnat.model.values import Hashtable

CONSTANTS = {"true": True, "false": False, "null": None}
PREFERENCES = {
    "confirmpreference": "High",
    "erroractionpreference": "Continue",
    "warningpreference": "Continue",
    "verbosepreference": "SilentlyContinue",
    "debugpreference": "SilentlyContinue",
    "whatifpreference": False,
    "formatenumerationlimit": 4,
    "errorview": "NormalView",
    "ofs": " ",
}


class Scope:
    """One scope: its variables (case-insensitive names) and its parent."""

    def __init__(self, parent: Scope | None = None) -> None:
        self.parent = parent
        self.vars: dict[str, tuple[str, object]] = {}

    def find(self, key: str) -> Scope | None:
        scope: Scope | None = self
        while scope is not None:
            if key in scope.vars:
                return scope
            scope = scope.parent
        return None

    @property
    def root(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


def _cannot_overwrite(name: str) -> TerminatingError:
    return TerminatingError(
        ErrorRecord(
            message=f"Cannot overwrite variable {name} because it is read-only or constant.",
            category="WriteError",
            fqid="VariableNotWritable",
            reason="SessionStateUnauthorizedAccessException",
            target_name=name,
            target_type="String",
        )
    )


class Variables:
    """The variable table a script sees; `dynamic` supplies live automatic variables
    ($?, $Error)."""

    def __init__(self, dynamic: Callable[[str], tuple[bool, object]]) -> None:
        self.global_scope = Scope()
        self.current = self.global_scope
        self.script_scope = self.global_scope
        self.dynamic = dynamic
        self.env: dict[str, str] = dict(os.environ)
        for name, value in PREFERENCES.items():
            self.global_scope.vars[name] = (name, value)
        version = Hashtable({"PSVersion": version_object("5.1.14393.0"), "PSEdition": "Desktop"})
        for name, value in (
            ("PSVersionTable", version),
            ("HOME", "C:\\Users\\Administrator"),
            ("PWD", "C:\\"),
            ("PSScriptRoot", ""),
            ("PSCommandPath", ""),
        ):
            self.global_scope.vars[name.lower()] = (name, value)

    def push(self) -> Scope:
        self.current = Scope(self.current)
        return self.current

    def pop(self, scope: Scope) -> None:
        self.current = scope.parent or self.global_scope

    def _target(self, scope: str | None) -> Scope:
        if scope in (None, "local", "private"):
            return self.current
        if scope == "global":
            return self.global_scope
        if scope == "script":
            return self.script_scope
        return self.current

    def get(self, name: str, scope: str | None = None) -> object:
        key = name.lower()
        if scope == "env":
            return self.env.get(name) or next(
                (v for k, v in self.env.items() if k.lower() == key), None
            )
        if scope == "variable":
            scope = None
        if key in CONSTANTS and scope is None:
            return CONSTANTS[key]
        found, value = self.dynamic(key)
        if found:
            return value
        holder = (self._target(scope) if scope else self.current).find(key)
        return holder.vars[key][1] if holder else None

    def exists(self, name: str) -> bool:
        key = name.lower()
        return key in CONSTANTS or self.current.find(key) is not None or self.dynamic(key)[0]

    def set(self, name: str, value: object, scope: str | None = None) -> None:
        key = name.lower()
        if scope == "env":
            self.env[name] = "" if value is None else str(value)
            return
        if key in ("true", "false"):
            raise _cannot_overwrite(name)
        if key == "null":
            return
        target = self._target(scope)
        target.vars[key] = (name, value)

    def set_local(self, name: str, value: object) -> None:
        """Define in the current scope (parameters, `$_`, loop variables)."""
        self.current.vars[name.lower()] = (name, value)
