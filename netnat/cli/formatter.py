"""The output layer as the engine's Formatter (Format-Table, Out-String, ConvertTo-Json)."""

from __future__ import annotations

from collections.abc import Sequence

from netnat.output import render, to_json


class OutputFormatter:
    def __init__(self, width: int = 120) -> None:
        self.width = width

    def render(self, objects: list[object], shape: str, properties: Sequence[object]) -> str:
        if properties:
            from netnat.model.psobject import PSObject
            from netnat.model.values import get_property

            names = [str(p) for p in properties]
            if names != ["*"]:
                objects = [
                    PSObject((f"Selected.{o.type_name}",), {n: get_property(o, n) for n in names})
                    if isinstance(o, PSObject)
                    else o
                    for o in objects
                ]
        return render(objects, shape, self.width)

    def to_json(self, value: object, depth: int, compress: bool) -> str:
        return to_json(value, depth, compress)
