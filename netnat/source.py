"""Source positions: where in a script (or a command line) something was written."""

from __future__ import annotations

from netnat.record import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A run of characters on one source line; columns are 1-based, `end_col` exclusive."""

    line: int
    col: int
    end_col: int
    line_text: str
    file: str | None = None

    def position_message(self) -> str:
        """PowerShell 5.1's `At line:N char:M` (or `At <file>:N char:M`) line."""
        where = f"{self.file}:{self.line}" if self.file else f"line:{self.line}"
        return f"At {where} char:{self.col}"
