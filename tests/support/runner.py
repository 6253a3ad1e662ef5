"""Run cmdlet command lines against an in-memory session, as the tests of cmdlets need."""

from __future__ import annotations

import shlex
from collections.abc import Iterable

from netnat.binding.argv import argv_to_args
from netnat.cmdlets.registry import resolve
from netnat.engine.host import RecordingHost
from netnat.engine.invocation import NO_INPUT, CmdletStage
from netnat.engine.session import MemoryCommitter, Session
from netnat.errors import NetnatError
from netnat.model.psobject import PSObject
from netnat.model.state import State
from netnat.source import Span


class Runner:
    def __init__(self, state: State | None = None, answers: list[int] | None = None) -> None:
        self.host = RecordingHost(answers)
        self.committer = MemoryCommitter()
        self.session = Session(state or State.initial(), self.host, self.committer)

    @property
    def state(self) -> State:
        return self.session.state

    @property
    def errors(self) -> list[str]:
        return [r.message for r in self.host.errors]

    @property
    def fqids(self) -> list[str]:
        return [r.fqid for r in self.host.errors]

    def __call__(self, line: str, inputs: Iterable[object] | None = None) -> list[PSObject]:
        words = shlex.split(line)
        name, argv = words[0], words[1:]
        cmdlet = resolve(name)
        assert cmdlet is not None, name
        args, text = argv_to_args(name, argv)
        span = Span(1, 1, len(text) + 1, text)
        out: list[object] = []
        try:
            stage = CmdletStage(self.session, cmdlet, args, name, span, first=inputs is None)
            try:
                for obj in [NO_INPUT] if inputs is None else inputs:
                    out.extend(stage.process(obj))
                out.extend(stage.end())
            finally:
                stage.commit()
        except NetnatError as error:
            self.session.had_error = True
            self.host.write_error(error.record)
        return [o for o in out if isinstance(o, PSObject)]
