"""Parameter-set resolution and the mandatory check (powershell-subset §2.2 steps 3 and 4)."""

from __future__ import annotations

from collections.abc import Mapping

from netnat.binding import messages as m
from netnat.binding.decl import Cmdlet, Param


def narrow(sets: tuple[str, ...], param: Param) -> tuple[str, ...]:
    """The sets still possible once `param` is bound (empty: it cannot be used with the others)."""
    return tuple(s for s in sets if param.in_set(s))


def possible(param: Param, sets: tuple[str, ...]) -> bool:
    return any(param.in_set(s) for s in sets)


def missing(
    cmdlet: Cmdlet, values: Mapping[str, object], set_name: str, from_pipeline: bool = False
) -> list[str]:
    """Mandatory parameters of a set not bound yet, in declaration order.

    `from_pipeline`: leave out those that pipeline input may still supply.
    """
    return [
        p.name
        for p in cmdlet.all_params
        if p.mandatory
        and p.in_set(set_name)
        and p.name not in values
        and not (from_pipeline and (p.by_value or p.by_property_name))
    ]


def choose(cmdlet: Cmdlet, values: Mapping[str, object], sets: tuple[str, ...]) -> str:
    """One set: the only one left, else the default, else the only one whose mandatory
    parameters are all bound; raises the AmbiguousParameterSet failure otherwise."""
    if len(sets) == 1:
        return sets[0]
    if cmdlet.default_set in sets:
        return cmdlet.default_set
    complete = [s for s in sets if not missing(cmdlet, values, s)]
    if len(complete) == 1:
        return complete[0]
    raise m.ambiguous_set()


def before_input(
    cmdlet: Cmdlet, values: Mapping[str, object], sets: tuple[str, ...]
) -> tuple[str, ...]:
    """Sets still usable when pipeline input will follow; raises MissingMandatoryParameter
    (for the default or first set) when every set lacks a parameter the pipeline cannot give."""
    usable = tuple(s for s in sets if not missing(cmdlet, values, s, from_pipeline=True))
    if usable:
        return usable
    preferred = cmdlet.default_set if cmdlet.default_set in sets else sets[0]
    raise m.missing_mandatory(missing(cmdlet, values, preferred, from_pipeline=True))


def settle(cmdlet: Cmdlet, values: Mapping[str, object], sets: tuple[str, ...]) -> str:
    """The set to run with, all its mandatory parameters bound (no more input to come)."""
    chosen = choose(cmdlet, values, sets)
    absent = missing(cmdlet, values, chosen)
    if absent:
        raise m.missing_mandatory(absent)
    return chosen
