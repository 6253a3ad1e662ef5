"""The console host: output to stdout, errors to stderr, confirmation prompts on the terminal."""

from __future__ import annotations

import sys
from typing import TextIO

from netnat.errors import ErrorRecord
from netnat.output.errors import render_error
from netnat.output.render import render
from netnat.output.term import output_width, use_color

HELP_KEY = "?"


class ConsoleHost:
    """PowerShell's console host for one netnat process."""

    def __init__(
        self,
        fmt: str = "default",
        interactive: bool | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdin: TextIO | None = None,
    ) -> None:
        self.out = stdout or sys.stdout
        self.err = stderr or sys.stderr
        self.inp = stdin or sys.stdin
        self.fmt = fmt
        self.interactive = self.inp.isatty() if interactive is None else interactive
        self.pending: list[object] = []

    def write_output(self, objects: list[object]) -> None:
        self.pending.extend(objects)

    def flush_output(self) -> None:
        """Out-Default for what the command produced."""
        if self.pending:
            text = render(self.pending, self.fmt, output_width(self.out))
            self.out.write(text if text.endswith("\n") or not text else text + "\n")
            self.pending = []
        self.out.flush()

    def write_line(self, text: str, newline: bool = True) -> None:
        self.flush_output()
        self.out.write(text + ("\n" if newline else ""))

    def write_error(self, record: ErrorRecord) -> None:
        self.flush_output()
        self.err.write(render_error(record, color=use_color(self.err)))
        self.err.flush()

    def write_warning(self, text: str) -> None:
        self.flush_output()
        self.out.write(f"WARNING: {text}\n")

    def write_verbose(self, text: str) -> None:
        self.flush_output()
        self.out.write(f"VERBOSE: {text}\n")

    def prompt(
        self, caption: str, message: str, choices: list[tuple[str, str]], default: int
    ) -> int:
        """The console's PromptForChoice: `[Y] Yes  [A] Yes to All ... (default is "Y"): `."""
        keys = [label[label.index("&") + 1].upper() for label, _ in choices]
        labels = [label.replace("&", "") for label, _ in choices]
        line = "  ".join(f"[{k}] {lab}" for k, lab in zip(keys, labels, strict=True))
        line += f'  [?] Help (default is "{keys[default]}"): '
        self.flush_output()
        self.out.write(f"\n{caption}\n{message}\n")
        for _ in range(100):  # bounded: a closed stdin answers the default
            self.out.write(line)
            self.out.flush()
            answer = self.inp.readline()
            if not answer:
                return default
            text = answer.strip().lower()
            if not text:
                return default
            for number, (key, lab) in enumerate(zip(keys, labels, strict=True)):
                if text in (key.lower(), lab.lower()):
                    return number
            if text == HELP_KEY:
                for key, (_, helptext) in zip(keys, choices, strict=True):
                    self.out.write(f"{key} - {helptext}\n")
        return default
