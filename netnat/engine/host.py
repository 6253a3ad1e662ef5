"""The host interface: where a session writes text and asks questions (console, tests, shell)."""

from __future__ import annotations

from typing import Protocol

from netnat.errors import ErrorRecord


class Host(Protocol):
    """What PowerShell's $Host.UI does for netnat."""

    interactive: bool

    def write_output(self, objects: list[object]) -> None:
        """Out-Default: format and print objects that reached the end of a pipeline."""
        ...

    def write_line(self, text: str, newline: bool = True) -> None:
        """Host text: Write-Host, `What if:` lines."""
        ...

    def write_error(self, record: ErrorRecord) -> None: ...

    def write_warning(self, text: str) -> None: ...

    def write_verbose(self, text: str) -> None: ...

    def prompt(
        self, caption: str, message: str, choices: list[tuple[str, str]], default: int
    ) -> int:
        """Ask until a choice is made; only called when `interactive`."""
        ...


class RecordingHost:
    """A host that keeps everything in lists (tests, `-o json` capture) and answers prompts
    from a prepared list."""

    def __init__(self, answers: list[int] | None = None, interactive: bool = False) -> None:
        self.interactive = interactive or answers is not None
        self.answers = list(answers or [])
        self.output: list[object] = []
        self.lines: list[str] = []
        self.errors: list[ErrorRecord] = []
        self.warnings: list[str] = []
        self.verbose: list[str] = []
        self.prompts: list[str] = []

    def write_output(self, objects: list[object]) -> None:
        self.output.extend(objects)

    def write_line(self, text: str, newline: bool = True) -> None:
        self.lines.append(text)

    def write_error(self, record: ErrorRecord) -> None:
        self.errors.append(record)

    def write_warning(self, text: str) -> None:
        self.warnings.append(text)

    def write_verbose(self, text: str) -> None:
        self.verbose.append(text)

    def prompt(
        self, caption: str, message: str, choices: list[tuple[str, str]], default: int
    ) -> int:
        self.prompts.append(message)
        return self.answers.pop(0) if self.answers else default
