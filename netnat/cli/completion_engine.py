"""What TAB offers for a partly typed netnat command: commands, parameters, parameter values.

Everything comes from the completion index (built from the cmdlet declarations) and, for names
that exist (NATs, switches, interfaces, mapping ids), from the store. Matching ignores case, as
PowerShell does; a word with `*` or `?` matches as a wildcard.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from netnat.binding.argv import NAME_END, is_parameter
from netnat.cli import completion_index as ix
from netnat.cli.completion_index import PRow
from netnat.cli.completion_words import PS, Word
from netnat.cli.main import _FLAGS, _VALUED, FORMATS, SUBCOMMANDS
from netnat.record import dataclass, field

if TYPE_CHECKING:
    from netnat.model.state import State

SHELLS = ("bash", "zsh", "fish", "pwsh")
GLOBAL_VALUES = {"output": FORMATS, "backend": ("state", "linux")}
SUBCOMMAND_HELP = {
    "completion": "print a shell's completion script",
    "config": "show or change the store's settings",
    "help": "show a cmdlet's help",
    "plan": "print what a cmdlet would change",
    "run": "run a runbook file",
    "shell": "interactive PowerShell-like prompt",
    "sync": "bring the kernel back to the store",
    "topology": "draw the host network",
}
SUBCOMMAND_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "completion": (SHELLS,),
    "config": (("mode", "backend"),),
    "topology": (("--format",),),
    "sync": (("--dry-run",),),
}
CONFIG_VALUES = {"mode": ("strict", "relaxed"), "backend": GLOBAL_VALUES["backend"]}


class Candidate(NamedTuple):
    """A replacement for the current word. For a parameter value, `value_start` is where the
    value starts (`text[:value_start]` is kept as typed, e.g. `-Name:`); -1 for names."""

    text: str
    description: str = ""
    value_start: int = -1


@dataclass
class Request:
    """A completion question. `program`: the first word is `netnat` (shells), else the words
    are a statement of `netnat shell`."""

    words: list[Word]
    current: Word
    dialect: str
    program: bool = True
    state: Callable[[], State | None] | None = None
    variables: Callable[[], Iterable[str]] | None = None
    store: str | None = field(default=None)
    files: bool = False  # set by `complete`: the shell should offer file names


def complete(request: Request) -> list[Candidate]:
    """The candidates for the current word of `request`."""
    words = [w.text for w in request.words]
    cur = request.current.text
    if not request.program:
        if cur.startswith("$") and request.variables is not None:
            return _variables(cur, request.variables())
        if not words:
            return _commands(cur, with_subcommands=False)
        return _cmdlet_args(request, words[0], words[1:], cur)
    start, pending = _globals(request, words[1:])
    if pending:
        request.files = pending == "store"
        return _match(cur, [(v, "") for v in GLOBAL_VALUES.get(pending, ())])
    rest = words[1 + start :]
    if not rest:
        if cur[:1] == "-":
            return _match(cur, [(o, "") for o in sorted({*_VALUED, *_FLAGS})])
        return _commands(cur, with_subcommands=True)
    head = rest[0].lower()
    if head in SUBCOMMANDS:
        return _subcommand(request, head, rest[1:], cur)
    return _cmdlet_args(request, rest[0], rest[1:], cur)


def _globals(request: Request, words: list[str]) -> tuple[int, str]:
    """How many words the global options take, and the option still waiting for its value."""
    i = 0
    while i < len(words):
        name, eq, value = words[i].partition("=")
        if name in _VALUED:
            target = _VALUED[name]
            if not eq:
                if i + 1 == len(words):
                    return i + 1, target
                value, i = words[i + 1], i + 1
            if target == "store":
                request.store = value
        elif name in ("--define", "-D"):
            i += 0 if eq else 1  # its NAME=VALUE is the next word
        elif words[i] not in _FLAGS:
            break
        i += 1
    return i, ""


def _subcommand(request: Request, head: str, rest: list[str], cur: str) -> list[Candidate]:
    if head == "plan":
        return _commands(cur, False) if not rest else _cmdlet_args(request, rest[0], rest[1:], cur)
    if head == "help":
        return _commands(cur, False) if not rest else []
    if head == "run":
        request.files = not rest
        return []
    if head == "config" and len(rest) == 1:
        return _match(cur, [(v, "") for v in CONFIG_VALUES.get(rest[0].lower(), ())])
    if head == "topology" and rest and rest[-1] in ("--format", "-f"):
        return _match(cur, [("tree", ""), ("dot", "Graphviz")])
    choices = SUBCOMMAND_WORDS.get(head, ())
    if len(rest) < len(choices):
        return _match(cur, [(c, "") for c in choices[len(rest)]])
    return []


def _commands(cur: str, with_subcommands: bool) -> list[Candidate]:
    index = ix.load()
    found = [(name, synopsis) for name, synopsis in index["commands"].values()]
    found.sort(key=lambda item: item[0].lower())
    if cur:
        aliases = index["aliases"]
        found += [(alias, f"alias of {aliases[alias]}") for alias in sorted(aliases)]
    if with_subcommands:
        found += [(s, SUBCOMMAND_HELP.get(s, "")) for s in sorted(SUBCOMMANDS)]
    return _match(cur, found)


def _variables(cur: str, names: Iterable[str]) -> list[Candidate]:
    return _match(cur, [("$" + n, "variable") for n in sorted(set(names), key=str.lower)])


# ---- cmdlet arguments -----------------------------------------------------------------------


@dataclass
class _Line:
    """What the words after a cmdlet name have bound so far."""

    bound: set[str] = field(default_factory=set)
    positional: int = 0
    pending: PRow | None = None  # a parameter whose value comes next
    filters: dict[str, str] = field(default_factory=dict)


def _cmdlet_args(request: Request, name: str, rest: list[str], cur: str) -> list[Candidate]:
    params = ix.params_of(ix.load(), name)
    if not params:
        return []
    line = _read_args(params, rest)
    if line.pending is not None:
        return _values(request, line.pending, cur, "", line)
    if cur[:1] and (is_parameter(cur) or (len(cur) == 1 and is_parameter(cur + "a"))):
        end = _name_end(cur)
        if end < len(cur) and cur[end] == ":":
            param = _resolve(params, cur[1:end])
            return _values(request, param, cur, cur[: end + 1], line) if param else []
        return _param_names(params, cur, line.bound)
    param = _positional(params, line)
    return _values(request, param, cur, "", line) if param else []


def _read_args(params: tuple[PRow, ...], rest: list[str]) -> _Line:
    line = _Line()
    for word in rest:
        if line.pending is not None:
            line.filters[line.pending.name.lower()] = word
            line.pending = None
        elif is_parameter(word):
            end = _name_end(word)
            param = _resolve(params, word[1:end])
            if param is None:
                continue
            line.bound.add(param.name)
            if end < len(word) and word[end] == ":":
                line.filters[param.name.lower()] = word[end + 1 :]
            elif param.kind != ix.SWITCH:
                line.pending = param
        elif word != "--":
            positional = _positional(params, line)
            if positional is not None:
                line.bound.add(positional.name)
                line.filters[positional.name.lower()] = word
            line.positional += 1
    return line


def _name_end(word: str) -> int:
    return next((i for i in range(1, len(word)) if word[i] in NAME_END), len(word))


def _resolve(params: tuple[PRow, ...], typed: str) -> PRow | None:
    """The parameter `typed` names: exact name or alias, else a unique prefix (declared
    parameters win over common ones); None when unknown or ambiguous."""
    key = typed.lower()
    for p in params:
        if any(n.lower() == key for n in p.names):
            return p
    hits = [p for p in params if any(n.lower().startswith(key) for n in p.names)]
    declared = [p for p in hits if not p.common]
    if len(hits) == 1:
        return hits[0]
    return declared[0] if len(declared) == 1 else None


def _positional(params: tuple[PRow, ...], line: _Line) -> PRow | None:
    """The parameter the next positional word binds to (lowest free position)."""
    free = [p for p in params if p.position >= 0 and p.name not in line.bound]
    free.sort(key=lambda p: p.position)
    return free[0] if free else None


def _param_names(params: tuple[PRow, ...], cur: str, bound: set[str]) -> list[Candidate]:
    dash, typed = cur[0], cur[1:].lower()
    out: list[Candidate] = []
    for p in params:
        if p.name in bound:
            continue
        hit = next((n for n in p.names if n.lower().startswith(typed)), None)
        if hit is not None:
            out.append(Candidate(dash + hit, _describe(p)))
    return out


def _describe(p: PRow) -> str:
    kind = "switch" if p.kind == ix.SWITCH else f"<{p.type}>"
    return f"{kind} {p.help}".strip()


def _values(request: Request, p: PRow, cur: str, keep: str, line: _Line) -> list[Candidate]:
    if p.kind == ix.ARRAY:
        commas = [b for b in request.current.breaks if b >= len(keep) and cur[b : b + 1] == ","]
        if commas:
            keep = cur[: commas[-1] + 1]
    values = _value_list(request, p, line)
    found = _match(cur[len(keep) :], values)
    return [Candidate(keep + c.text, c.description, len(keep)) for c in found]


def _value_list(request: Request, p: PRow, line: _Line) -> list[tuple[str, str]]:
    if p.values:
        return [(v, "") for v in p.values]
    role = p.role
    if role == "bool":
        bools = ("$true", "$false") if request.dialect == PS else ("true", "false")
        return [(b, "") for b in bools]
    if role in ("command", "noun", "verb"):
        return _command_words(role)
    if not role:
        return []
    from netnat.cli.completion_live import live_values, load_state

    state = request.state() if request.state else load_state(request.store)
    return live_values(state, role, line.filters) if state is not None else []


def _command_words(role: str) -> list[tuple[str, str]]:
    names = [name for name, _ in ix.load()["commands"].values()]
    if role == "command":
        return [(n, "") for n in sorted(names, key=str.lower)]
    part = 0 if role == "verb" else 1
    pieces = {n.split("-", 1)[part] for n in names if "-" in n}
    return [(p, "") for p in sorted(pieces, key=str.lower)]


def _match(prefix: str, items: Iterable[tuple[str, str]]) -> list[Candidate]:
    """Items whose text starts with `prefix`, ignoring case (or matches it as a wildcard)."""
    if any(c in prefix for c in "*?"):
        rx = re.compile(fnmatch.translate(prefix.lower() + ("*" if "*" not in prefix else "")))
        return [Candidate(t, d) for t, d in items if rx.match(t.lower())]
    low = prefix.lower()
    return [Candidate(t, d) for t, d in items if t.lower().startswith(low)]
