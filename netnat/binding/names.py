"""Parameter name resolution (powershell-subset §2.1): exact name or alias, else a unique prefix."""

from __future__ import annotations

from collections.abc import Sequence

from netnat.binding import messages as m
from netnat.binding.decl import Param

_RESOLVED: dict[tuple[int, str], tuple[Sequence[Param], Param | None]] = {}


def resolve(params: Sequence[Param], typed: str) -> Param | None:
    """`_resolve`, remembered per parameter list and spelling (a runbook loop binds the same
    words thousands of times)."""
    key = (id(params), typed)
    known = _RESOLVED.get(key)
    if known is not None and known[0] is params:
        return known[1]
    found = _resolve(params, typed)  # raises for an ambiguous name: nothing is remembered
    if len(_RESOLVED) < 4096:
        _RESOLVED[key] = (params, found)
    return found


def _resolve(params: Sequence[Param], typed: str) -> Param | None:
    """The parameter `typed` names, case-insensitively; None when none matches.

    An exact name or alias wins; else `typed` must prefix the names/aliases of exactly one
    parameter, or of exactly one declared (non-common) parameter among several. Otherwise
    raises the AmbiguousParameter failure listing the canonical names.
    """
    key = typed.lower()
    for param in params:
        if param.name.lower() == key or any(a.lower() == key for a in param.aliases):
            return param
    hits = [p for p in params if any(n.lower().startswith(key) for n in (p.name, *p.aliases))]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        return None
    declared = [p for p in hits if not p.common]
    if len(declared) == 1:
        return declared[0]
    raise m.ambiguous_parameter(typed, [p.name for p in hits])
