"""Table and list layouts of Windows PowerShell 5.1 (spec powershell-subset §5.2, §5.3).

Both return lines without new-line characters and with trailing spaces stripped; the blank
lines around a group are added by `render`.
"""

from __future__ import annotations

from netnat.model.psobject import PSObject
from netnat.output.values import cut, is_right_aligned
from netnat.output.views import Column
from netnat.record import dataclass


@dataclass(frozen=True, slots=True)
class _Laid:
    """A table column after sizing: width and alignment fixed."""

    column: Column
    width: int
    right: bool

    def place(self, text: str) -> str:
        text = cut(text, self.width)
        return text.rjust(self.width) if self.right else text.ljust(self.width)


def table_lines(objects: list[PSObject], columns: tuple[Column, ...], width: int) -> list[str]:
    """Header, dashes and one row (or more, for wrapped cells) per object."""
    if not columns or not objects:
        return []
    cells = [[_cell_lines(col, obj) for col in columns] for obj in objects]
    laid = _size(objects[0], columns, cells)
    laid = _fit(laid, width)
    header = [c.place(c.column.label) for c in laid]
    dashes = [c.place("-" * len(cut(c.column.label, c.width))) for c in laid]
    lines = [_join(header), _join(dashes)]
    for row in cells:
        lines.extend(_row_lines(laid, row))
    return lines


def _cell_lines(col: Column, obj: PSObject) -> list[str]:
    lines = col.text(obj).replace("\r\n", "\n").split("\n")
    return lines if col.wrap else lines[:1]


def _size(
    first: PSObject, columns: tuple[Column, ...], cells: list[list[list[str]]]
) -> list[_Laid]:
    laid: list[_Laid] = []
    for i, col in enumerate(columns):
        if col.width is not None:
            width = col.width
        else:
            longest = max((len(line) for row in cells for line in row[i]), default=0)
            width = max(len(col.label), longest)
        right = col.align == "right" if col.align else is_right_aligned(first.get(col.key))
        laid.append(_Laid(col, width, right))
    return laid


def _fit(laid: list[_Laid], width: int) -> list[_Laid]:
    """Make the table fit `width`: the last column is cut to the room left when its label
    still fits there, else dropped; a lone column is cut to the width."""
    while _total(laid) > width:
        last = laid[-1]
        room = width - (_total(laid) - last.width)
        if room >= len(last.column.label) or len(laid) == 1:
            laid = [*laid[:-1], _Laid(last.column, max(room, 1), last.right)]
        else:
            laid = laid[:-1]
    return laid


def _total(laid: list[_Laid]) -> int:
    return sum(c.width for c in laid) + len(laid) - 1


def _row_lines(laid: list[_Laid], row: list[list[str]]) -> list[str]:
    height = max(len(row[i]) for i in range(len(laid)))
    lines = []
    for n in range(height):
        parts = [c.place(row[i][n] if n < len(row[i]) else "") for i, c in enumerate(laid)]
        lines.append(_join(parts))
    return lines


def _join(parts: list[str]) -> str:
    return " ".join(parts).rstrip()


def list_lines(obj: PSObject, columns: tuple[Column, ...], width: int) -> list[str]:
    """`Label<pad> : value` rows; long or multi-line values continue under the value column."""
    if not columns:
        return []
    label_width = max(len(col.label) for col in columns)
    indent = label_width + 3
    lines: list[str] = []
    for col in columns:
        values = _wrap(col.text(obj), width - indent)
        lines.append(f"{col.label.ljust(label_width)} : {values[0]}".rstrip())
        lines.extend((" " * indent + more).rstrip() for more in values[1:])
    return lines


def _wrap(text: str, room: int) -> list[str]:
    """Split a value into its lines, then each line into chunks of `room` characters."""
    chunks: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if room <= 0 or len(line) <= room:
            chunks.append(line)
            continue
        chunks.extend(line[i : i + room] for i in range(0, len(line), room))
    return chunks
