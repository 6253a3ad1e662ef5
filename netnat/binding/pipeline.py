"""Binding one pipeline object (powershell-subset §2.2 step 5 and §2.5).

Four passes, first success per parameter wins: ByValue without conversion, ByPropertyName
without conversion, ByValue with conversion, ByPropertyName with conversion. The object itself
binds to at most one ByValue parameter; ByPropertyName reads the PSObject property named like
the parameter or one of its aliases (case-insensitive). A value that does not convert simply
does not bind (except $null given by value to a mandatory parameter, which is refused).
"""

from __future__ import annotations

from collections.abc import Mapping

from netnat.binding import coerce
from netnat.binding import messages as m
from netnat.binding.decl import Cmdlet, Param
from netnat.binding.sets import narrow, possible
from netnat.model.psobject import PSObject

_PASSES = ((True, False), (False, False), (True, True), (False, True))  # (by value, convert)
_ABSENT = object()
_NULL_REFUSED = "ParameterArgumentValidationErrorNullNotAllowed"


def bind_object(
    cmdlet: Cmdlet, values: Mapping[str, object], sets: tuple[str, ...], obj: object
) -> tuple[dict[str, object], tuple[str, ...]] | None:
    """The values and sets with `obj` bound; None when it binds to no parameter."""
    bound = dict(values)
    took_value = False
    for by_value, conversion in _PASSES:
        for param in cmdlet.all_params:
            if took_value and by_value:
                break
            if not (param.by_value if by_value else param.by_property_name):
                continue
            if param.name in bound or not possible(param, sets):
                continue
            value = _try(cmdlet, param, obj, by_value, conversion)
            if value is _ABSENT:
                continue
            bound[param.name] = value
            sets = narrow(sets, param)
            took_value = took_value or by_value
    return (bound, sets) if len(bound) > len(values) else None


def target_of(obj: object) -> tuple[str, str]:
    """CategoryInfo's (TargetName, TargetType) for an input object [inf]."""
    if isinstance(obj, PSObject):
        cim = any(
            n.startswith("Microsoft.Management.Infrastructure.CimInstance") for n in obj.type_names
        )
        return coerce.to_text(obj), "CimInstance" if cim else "PSObject"
    return coerce.to_text(obj), coerce.type_name(obj).rsplit(".", 1)[-1]


def _try(cmdlet: Cmdlet, param: Param, obj: object, by_value: bool, conversion: bool) -> object:
    candidate = obj if by_value else _property(param, obj)
    if candidate is _ABSENT or (candidate is None and not by_value):
        return _ABSENT
    if not conversion and not coerce.matches(param.type, candidate):
        return _ABSENT
    try:
        return coerce.convert(param, candidate, cmdlet.kind)
    except m.Failure as failure:
        if by_value and candidate is None and failure.error_id == _NULL_REFUSED:
            raise
        return _ABSENT


def _property(param: Param, obj: object) -> object:
    """The value of the property named like `param` or one of its aliases."""
    if not isinstance(obj, PSObject):
        return _ABSENT
    for name in (param.name, *param.aliases):
        if obj.has(name):
            return obj.get(name)
    return _ABSENT
