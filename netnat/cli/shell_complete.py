"""TAB in `netnat shell`: the shells' completion engine over the statement under the cursor."""

from __future__ import annotations

from collections.abc import Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from netnat.cli.completion import ps_text
from netnat.cli.completion_engine import Request, complete
from netnat.cli.completion_words import PS, split_line
from netnat.cli.shell_run import ShellRunner


class ShellCompleter(Completer):
    """Commands, parameters, values and `$variables`, in PowerShell syntax."""

    def __init__(self, runner: ShellRunner) -> None:
        self.runner = runner

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        words, current = split_line(document.text_before_cursor, PS)
        request = Request(
            words,
            current,
            PS,
            program=False,
            state=lambda: self.runner.state,
            variables=self.runner.variable_names,
        )
        for candidate in complete(request):
            yield Completion(
                ps_text(candidate),
                start_position=-len(current.raw),
                display=candidate.text,
                display_meta=candidate.description,
            )
