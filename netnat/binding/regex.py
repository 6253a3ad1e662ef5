""".NET regular-expression syntax that Python's `re` spells differently (for -match, -replace,
-split, switch -Regex and Where-Object -Match): named groups, back-references, `\\z`/`\\Z`."""

from __future__ import annotations

import re
from functools import lru_cache

_NAMED = re.compile(r"\(\?(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')")


@lru_cache(maxsize=256)
def python_pattern(pattern: str) -> str:
    """The .NET pattern as a Python pattern (escapes and character classes kept as written)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(_escape(pattern, i))
            i += 2 if not pattern.startswith("k<", i + 1) else pattern.index(">", i) + 1 - i
            continue
        named = _NAMED.match(pattern, i) if c == "(" else None
        if named:
            out.append(f"(?P<{named.group(1) or named.group(2)}>")
            i = named.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _escape(pattern: str, i: int) -> str:
    nxt = pattern[i + 1]
    if nxt == "z":
        return r"\Z"
    if nxt == "Z":
        return r"(?=\n?\Z)"
    if nxt == "k" and pattern.startswith("k<", i + 1) and ">" in pattern[i:]:
        return f"(?P={pattern[i + 3 : pattern.index('>', i)]})"
    return pattern[i : i + 2]


def python_replacement(replacement: str) -> str:
    """A .NET replacement (`$1`, `${name}`, `$$`, `$0`) as a Python `re.sub` template."""
    text = replacement.replace("\\", "\\\\")
    text = re.sub(r"\$\{(\w+)\}", r"\\g<\1>", text)
    text = re.sub(r"\$(\d+)", r"\\g<\1>", text)
    return text.replace("$$", "$")
