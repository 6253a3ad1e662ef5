"""Terminal policy for output: colour on or off, and the line width to format for."""

from __future__ import annotations

import os
from typing import Protocol

PIPE_WIDTH = 120  # DEVIATION: 5.1 falls back to 80 − 1 without a console; netnat uses 120


class _Stream(Protocol):
    def isatty(self) -> bool: ...

    def fileno(self) -> int: ...


def use_color(stream: _Stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to a non-empty value."""
    if os.environ.get("NO_COLOR"):
        return False
    return _isatty(stream)


def output_width(stream: _Stream) -> int:
    """The longest line to print: the terminal width − 1 on a TTY (as 5.1), else 120."""
    if _isatty(stream):
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            return PIPE_WIDTH
        if columns > 1:
            return columns - 1
    return PIPE_WIDTH


def _isatty(stream: _Stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a real stream
        return False
