"""Turns offsets in the text being parsed into Spans on the lines of the original paste."""

from __future__ import annotations

from bisect import bisect_right

from netnat.record import dataclass, field
from netnat.source import Span


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """Where one line of cleaned text came from: original line number, text and column shifts.

    `shifts` are (clean_col, orig_col) break points, 0-based and ascending; a column maps to
    the orig_col of the last break point at or before it plus the distance to it, clamped to
    `limits` (the original end of a replaced piece) when it falls inside a replacement.
    """

    line: int
    text: str
    shifts: tuple[tuple[int, int], ...] = ((0, 0),)
    limits: tuple[int, ...] = ()

    def column(self, col0: int) -> int:
        """The 1-based original column of 0-based clean column `col0`."""
        shifts = self.shifts
        if len(shifts) == 1:
            return col0 + shifts[0][1] - shifts[0][0] + 1
        i = len(shifts) - 1
        while i > 0 and shifts[i][0] > col0:
            i -= 1
        clean, orig = shifts[i]
        result = orig + col0 - clean
        if i < len(self.limits) and self.limits[i] >= 0:
            result = min(result, self.limits[i])
        return result + 1


@dataclass(frozen=True, slots=True)
class LineMap:
    """One LineOrigin per line of the cleaned text (index 0 = cleaned line 1)."""

    lines: tuple[LineOrigin, ...] = field(default_factory=tuple)


class SourceMap:
    """Offsets of one text -> Spans (1-based original line/columns, original line text)."""

    __slots__ = ("_cache", "_starts", "file", "line_map", "lines", "text")

    def __init__(self, text: str, file: str | None = None, line_map: LineMap | None = None):
        self.text = text
        self.file = file
        self.lines = text.split("\n")
        starts = [0]
        for line in self.lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        self._starts = starts
        self.line_map = line_map
        self._cache: dict[tuple[int, int], Span] = {}

    def locate(self, offset: int) -> tuple[int, int]:
        """(0-based line index, 0-based column) of an offset."""
        index = bisect_right(self._starts, offset) - 1
        return index, offset - self._starts[index]

    def span(self, start: int, end: int) -> Span:
        """The Span of text[start:end]; a multi-line piece is cut at the end of its first line."""
        key = (start, end)
        span = self._cache.get(key)
        if span is None:
            span = self._cache[key] = self._span(start, end)
        return span

    def _span(self, start: int, end: int) -> Span:
        index = bisect_right(self._starts, start) - 1
        line_start = self._starts[index]
        col0 = start - line_start
        line_text = self.lines[index]
        end_col0 = end - line_start
        if end_col0 > len(line_text):
            end_col0 = len(line_text)
        if end_col0 < col0:
            end_col0 = col0
        origin = self._origin(index)
        if origin is None:
            return Span(index + 1, col0 + 1, end_col0 + 1, line_text, self.file)
        col = origin.column(col0)
        end_col = origin.column(end_col0) if end_col0 > col0 else col
        return Span(origin.line, col, max(end_col, col), origin.text, self.file)

    def _origin(self, index: int) -> LineOrigin | None:
        if self.line_map is None or index >= len(self.line_map.lines):
            return None
        return self.line_map.lines[index]
