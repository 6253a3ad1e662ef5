"""`netnat __complete SHELL LINE [CUR]`: the hidden fast entry point the completion scripts call.

LINE is the command line up to the cursor, as typed (bash: `${COMP_LINE:0:COMP_POINT}`, zsh: the
words so far, fish: `commandline -cp`, PowerShell: the command's text up to the cursor). CUR
(bash) is the word bash replaces, `${COMP_WORDS[COMP_CWORD]}`: bash splits words at `:` and `=`
too. Output: one candidate a line. bash and PowerShell get each candidate quoted for the shell
(`'vEthernet (VMNAT)'`; inside a quote the user opened, the text for inside it); zsh and fish
get `text<TAB>description`, unquoted, and quote it themselves.

This module must not import click, rich or the engine: TAB has to answer fast.
"""

from __future__ import annotations

import os
import sys

from netnat.cli.completion_engine import SHELLS, Candidate, Request, complete
from netnat.cli.completion_scripts import FILES_STATUS
from netnat.cli.completion_words import (
    POSIX,
    PS,
    Word,
    bash_inside,
    bash_quote,
    ps_quote,
    split_line,
    unquote,
)

USAGE = "usage: netnat __complete {bash|zsh|fish|pwsh} LINE [CURRENT-WORD]\n"


def main(argv: list[str]) -> int:
    """Print the candidates; exit 0 (1 on an internal error, 2 on bad usage)."""
    if not argv or argv[0] not in SHELLS:
        sys.stderr.write(USAGE)
        return 2
    shell = argv[0]
    line = argv[1] if len(argv) > 1 else ""
    cur = argv[2] if len(argv) > 2 else None
    try:
        lines = answer(shell, line, cur)
    except Exception:
        if os.environ.get("NETNAT_DEBUG"):
            raise
        return 1
    if lines is None:
        return FILES_STATUS
    sys.stdout.write("".join(text + "\n" for text in lines))
    return 0


def answer(shell: str, line: str, cur: str | None = None) -> list[str] | None:
    """The output lines for a completion request from `shell`; None: offer file names."""
    dialect = PS if shell == "pwsh" else POSIX
    words, current = split_line(line, dialect)
    request = Request(words, current, dialect)
    candidates = complete(request)
    if request.files and not candidates:
        return None
    if shell == "bash":
        return render_bash(candidates, current, current.raw if cur is None else cur)
    if shell == "pwsh":
        return [f"{ps_text(c)}\t{_flat(c.description) or c.text}" for c in candidates]
    return [f"{c.text}\t{_flat(c.description)}".rstrip("\t") for c in candidates]


def render_bash(candidates: list[Candidate], word: Word, cur: str) -> list[str]:
    """Replacements for bash's current word `cur`, which may be only the end of `word` (bash
    splits `-Name:value` at the colon) and may start with a quote the user opened."""
    logical_cur = unquote(cur, POSIX)
    skip = len(word.text) - len(logical_cur)
    quote = cur[:1] if cur[:1] in ("'", '"') else ""
    out = []
    for candidate in candidates:
        tail = candidate.text[skip:] if skip >= 0 else candidate.text
        out.append(bash_inside(quote, tail) if quote else bash_quote(tail))
    return out


def ps_text(candidate: Candidate) -> str:
    """A candidate as PowerShell text: a value quoted when it needs it, names as they are."""
    if candidate.value_start < 0:
        return candidate.text
    keep, value = candidate.text[: candidate.value_start], candidate.text[candidate.value_start :]
    return keep + ps_quote(value)


def _flat(text: str) -> str:
    return " ".join(text.split())
