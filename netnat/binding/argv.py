"""A shell's argv after the cmdlet name, read as PowerShell's argument mode reads its words.

Each word is one argument (the shell already split and unquoted them): `-Name`/`–Name` is a
parameter, `-Name:value` a parameter with its value, `“VMNAT”` a quoted string (quotes of any
family stripped, never split), `a,b` an array, `$true`/`$false`/`$null` those values, `--` ends
the parameters. `-Name:` alone gives `-Name` the empty string (what bash leaves of
`"-Confirm:$false"`); the next word is not its value. Numbers stay strings: the binder converts
them. The words are also joined into one source line (`<command> <words>`, a word with spaces
re-quoted) that every argument's Span points into, so errors can underline the right word.
Columns count code points.
"""

from __future__ import annotations

from netnat.binding.args import Arg, ParamArg, ValueArg
from netnat.source import Span

DASHES = "-\u2013\u2014\u2015"
SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
DOUBLE_QUOTES = '"\u201c\u201d\u201e'
QUOTES = SINGLE_QUOTES + DOUBLE_QUOTES
NAME_END = "{}();,|&.[:"  # a parameter name stops at one of these (powershell-subset §1.6)
_CONSTANTS: dict[str, object] = {"$true": True, "$false": False, "$null": None}
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\v": " ", "\f": " "})


def argv_to_args(command_name: str, argv: list[str]) -> tuple[list[Arg], str]:
    """The arguments of `argv` and the one-line command text their Spans point into."""
    shown = [_display(word) for word in argv]
    line = " ".join([command_name, *shown])
    args: list[Arg] = []
    col = len(command_name) + 2
    params_done = False
    for word, text in zip(argv, shown, strict=True):
        start = col + (1 if text != word.translate(_LINE_BREAKS) else 0)
        if not params_done and word == "--":
            params_done = True
        else:
            args.extend(_word(word, start, line, params_done))
        col += len(text) + 1
    return args, line


def line_span(line: str) -> Span:
    """The whole command line (where missing-mandatory errors point)."""
    return Span(1, 1, len(line) + 1, line)


def is_parameter(word: str) -> bool:
    """A dash (any of - – — ―) followed by a letter, `_` or `?`, with no quote in its name."""
    if len(word) < 2 or word[0] not in DASHES or not (word[1].isalpha() or word[1] in "_?"):
        return False
    name = word[1 : _name_end(word)]
    return not any(c in QUOTES for c in name)


def value_of(text: str) -> object:
    """A word's value: quoted → its text, `a,b` → a list, `$true`/`$false`/`$null`, else text."""
    if _quoted(text):
        return text[1:-1]
    pieces = _split_commas(text)
    if len(pieces) == 1:
        return _scalar(text)
    return [_scalar(p) for p in pieces if p]


def _word(word: str, col: int, line: str, params_done: bool) -> list[Arg]:
    def span(first: int, last: int) -> Span:
        return Span(1, col + first, col + last, line)

    if params_done or _quoted(word) or not is_parameter(word):
        return [ValueArg(value_of(word), word, span(0, len(word)))]
    end = _name_end(word)
    name = word[1:end]
    if end == len(word):
        return [ParamArg(name, word, False, span(0, end))]
    colon = word[end] == ":"
    head = end + 1 if colon else end
    param = ParamArg(name, word[:head], colon, span(0, head))
    rest = word[head:]
    value_span = span(head, len(word)) if rest else span(0, head)
    return [param, ValueArg(value_of(rest), rest, value_span)]


def _name_end(word: str) -> int:
    for index in range(1, len(word)):
        if word[index] in NAME_END:
            return index
    return len(word)


def _quoted(text: str) -> bool:
    """Wholly wrapped in quotes of one family (`'x’` counts: any single quote closes any)."""
    if len(text) < 2:
        return False
    first, last = text[0], text[-1]
    return (first in SINGLE_QUOTES and last in SINGLE_QUOTES) or (
        first in DOUBLE_QUOTES and last in DOUBLE_QUOTES
    )


def _split_commas(text: str) -> list[str]:
    """Pieces between commas that are not inside a quoted part of the word."""
    pieces: list[str] = []
    current: list[str] = []
    family = ""
    for char in text:
        if family:
            if char in family:
                family = ""
        elif char in SINGLE_QUOTES:
            family = SINGLE_QUOTES
        elif char in DOUBLE_QUOTES:
            family = DOUBLE_QUOTES
        elif char == ",":
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def _scalar(text: str) -> object:
    if _quoted(text):
        return text[1:-1]
    lowered = text.lower()
    return _CONSTANTS.get(lowered, text)


def _display(word: str) -> str:
    """The word as the synthesized line shows it: re-quoted when it has spaces or is empty."""
    flat = word.translate(_LINE_BREAKS)
    if flat and not any(c.isspace() for c in flat):
        return flat
    quote = "'" if '"' in flat and "'" not in flat else '"'
    return f"{quote}{flat}{quote}"
