"""No Python traceback ever reaches a user: random and mutated runbooks (the blog's scripts and
the spec cases, with tokens deleted, duplicated, swapped, unicode inserted, deep nesting) go
through the paste clean-up, the parser and the evaluator; the only exceptions allowed out are
NetnatError-derived ones. Every run is bounded: loops, ranges, repetition, sleeps and nesting
have small limits here, hypothesis has a deadline and an alarm stops a run that hangs."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netnat.cmdlets import core_misc
from netnat.cmdlets.registry import resolve
from netnat.engine import expressions, functions, operators, statements
from netnat.engine.host import RecordingHost
from netnat.engine.script import run_text
from netnat.engine.session import MemoryCommitter, Session
from netnat.errors import NetnatError
from netnat.model.state import State

ROOT = Path(__file__).resolve().parents[3]
DEFINES = {
    "shared prefix": "192.168.0.0/16",
    "container prefix": "192.168.1.0/24",
    "name of vSwitch": "nat",
    "IPAddress": "172.16.0.1",
}
# tokens of a runbook: words, quoted strings, variables, and single characters; with the
# white space between them kept, so that joining the tokens gives the text back
TOKEN = re.compile(r"\s+|\$\w+|[\w.-]+|'[^'\n]*'|\"[^\"\n]*\"|.", re.S)
UNICODE = "–—―‘’“”„\u00a0\u200b\ufeff\r`$@(){}[];|&#<>é€𝛑\x00"
OPENERS = [
    "(",
    "{",
    "@(",
    "$(",
    "@{a=",
    '"$(',
    "[int](",
    "& {",
    "if ($true) {",
    "foreach ($i in 1) {",
]
CLOSERS = {"(": ")", "{": "}", "@(": ")", "$(": ")", "@{a=": "}", '"$(': ')"', "[int](": ")"}
ALARM_SECONDS = 10


class Hang(Exception):
    """A run took longer than ALARM_SECONDS: a hang the limits did not stop."""


def _case_scripts() -> list[str]:
    scripts: list[str] = []
    for path in sorted((ROOT / "tests" / "spec" / "cases").glob("*.case")):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"^--- script\n(.*?)(?=^--- |^=== |\Z)", text, re.M | re.S):
            scripts.append(block)
    return scripts


def _examples() -> list[str]:
    paths = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "examples").glob("*.ps1"))
    return [p.read_text(encoding="utf-8") for p in paths]


CORPUS = _examples() + _case_scripts()


@pytest.fixture(autouse=True, scope="module")
def small_limits() -> Iterator[None]:
    """Limits small enough that every mutated runbook ends quickly."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statements, "MAX_LOOP", 200)
        patch.setattr(expressions, "MAX_RANGE", 2000)
        patch.setattr(operators, "MAX_ITEMS", 100_000)
        patch.setattr(functions, "MAX_CALL_DEPTH", 40)
        patch.setattr(core_misc, "MAX_SLEEP", 0.0)
        yield


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"a run took more than {ALARM_SECONDS} s")


def run(text: str) -> None:
    """One runbook in-process on a fresh state; only NetnatError may come out."""
    session = Session(State.initial(), RecordingHost(), MemoryCommitter())
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, ALARM_SECONDS)
    try:
        run_text(text, session, resolve, "runbook.ps1", DEFINES)
    except NetnatError:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    tokens = TOKEN.findall(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(1, 6))):
        if not tokens:
            tokens = [""]
        i = draw(st.integers(0, len(tokens) - 1))
        j = draw(st.integers(0, len(tokens) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "unicode", "fragment"]))
        if action == "delete":
            del tokens[i]
        elif action == "duplicate":
            tokens.insert(i, tokens[i])
        elif action == "swap":
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif action == "unicode":
            tokens.insert(i, draw(st.text(alphabet=UNICODE, min_size=1, max_size=3)))
        else:
            tokens.insert(i, draw(st.sampled_from(TOKEN.findall(draw(st.sampled_from(CORPUS))))))
    return "".join(tokens)


@st.composite
def nested(draw: st.DrawFn) -> str:
    """A fragment of the corpus inside many brackets, closed or not."""
    depth = draw(st.integers(1, 260))
    openers = draw(st.lists(st.sampled_from(OPENERS), min_size=depth, max_size=depth))
    inner = draw(st.sampled_from(["1", "$x", "Get-NetNat", "'a'", "1..3 | % { $_ }", ""]))
    closed = draw(st.booleans())
    closers = "".join(CLOSERS.get(o, "}") for o in reversed(openers)) if closed else ""
    return "".join(openers) + inner + closers


ANY_TEXT = st.text(
    alphabet=st.sampled_from(list("$@(){}[];|&#<>'\"`-=+*/%,.:!?\n\t abcxyz01") + list(UNICODE)),
    max_size=200,
)
SETTINGS = settings(
    max_examples=150,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_the_corpus_itself_runs_without_a_traceback() -> None:
    for text in CORPUS:
        run(text)


@SETTINGS
@given(mutated())
def test_mutated_runbooks_raise_only_powershell_errors(text: str) -> None:
    run(text)


@SETTINGS
@given(ANY_TEXT)
def test_random_text_raises_only_powershell_errors(text: str) -> None:
    run(text)


@settings(max_examples=60, deadline=timedelta(seconds=3))
@given(nested())
def test_deep_nesting_is_an_error_not_a_crash(text: str) -> None:
    run(text)


@pytest.mark.parametrize(
    "text",
    [
        "while ($true) { }",
        "for (;;) { $i++ }",
        "do { } until ($false)",
        "function f { f }; f",
        "function f { 1 | ForEach-Object { f } }; f",
        "1..100000000 | ForEach-Object { }",
        "'-' * 1e12",
        "@(1) * 2147483647",
        "Start-Sleep -Seconds 2147483",
        "1 -shl 100000000000",
        "'{0,99999999}' -f 1",
        "'{0:N999}' -f 1",
        "$a = @(); while ($true) { $a += 1 }",
        "& { & { & { & { throw 'deep' } } } }",
        "[int]::MaxValue * [int]::MaxValue * 1e308 * 1e308",
        "$x = 1e400; [int]$x",
        "'aaaa' -match '(a'",
        "switch -regex ('a') { '(' { } }",
        "'x'.Substring(-1)",
        "'x'.PadLeft('abc')",
        "@{} + 1",
        "$null.Foo()",
        "[version]'1.2.3.4.5'",
        "Get-NetNat -Name @{ a = 1 }",
    ],
)
def test_known_hazards_end_quickly(text: str) -> None:
    run(text)
