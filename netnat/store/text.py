"""TOML bytes <-> plain document: tomllib parses; tomli_w writes each table in a fixed layout.

The layout: a header comment, `schema = 1`, then `[table]`s and `[[array]]` entries in order.
"""

from __future__ import annotations

from typing import Any

from netnat.store.arrays import Appended
from netnat.store.codec import Doc, DocumentError

HEADER = "# netnat store: the host network netnat keeps. Keys are Windows property names.\n"


def parse(data: bytes) -> Doc:
    """The document in a store file's bytes; DocumentError with tomllib's line and column."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DocumentError(f"is not valid UTF-8 (at byte {err.start + 1})") from None
    import tomllib

    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as err:
        raise DocumentError(f"is not valid TOML: {err}") from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise DocumentError("is not valid TOML: its arrays or tables nest too deeply") from None


def dumps(doc: Doc) -> bytes:
    """A codec document (tables of scalars, arrays of such tables) as UTF-8 TOML."""
    return render(doc)[0]


Segments = dict[str, tuple[str, int, int]]  # array key -> (its text, start and end byte)


def render(doc: Doc) -> tuple[bytes, Segments]:
    """`dumps`, and where each array's `[[key]]` tables are in it. An array appended to one the
    store holds renders only its new rows."""
    scalars = {k: v for k, v in doc.items() if not isinstance(v, dict | list | Appended)}
    parts = [HEADER, _table(scalars)]
    arrays: dict[str, int] = {}  # key -> index of its part
    for key, value in doc.items():
        if isinstance(value, dict):
            parts.append(f"\n[{key}]\n{_table(value)}")
        elif isinstance(value, list | Appended):
            head = f"\n[[{key}]]\n"
            rows = value.rows if isinstance(value, Appended) else value
            text = "".join([head + _table(item) for item in rows])
            arrays[key] = len(parts)
            parts.append(value.base.text + text if isinstance(value, Appended) else text)
    try:
        encoded = [part.encode("utf-8") for part in parts]
    except UnicodeEncodeError:
        raise _unencodable(doc) from None
    starts = [0]
    for chunk in encoded:
        starts.append(starts[-1] + len(chunk))
    segments = {key: (parts[i], starts[i], starts[i + 1]) for key, i in arrays.items()}
    return b"".join(encoded), segments


def _plain(text: str) -> bool:
    """A string TOML can hold between double quotes as it is (no escapes needed)."""
    return text.isprintable() and '"' not in text and "\\" not in text


_BARE: set[str] = set()


def _bare(key: str) -> bool:
    """A key TOML takes without quotes (remembered: the same field names come again)."""
    if key.isidentifier() and key.isascii():
        _BARE.add(key)
        return True
    return False


def _table(table: dict[str, Any]) -> str:
    """`key = value` lines; plain keys and strings, ints and bools on a fast path, anything
    else (escapes, floats, nested values) through tomli_w."""
    lines: list[str] = []
    rest: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _BARE and not _bare(key):
            rest[key] = value
        elif value is True or value is False:
            lines.append(f"{key} = {'true' if value else 'false'}\n")
        elif type(value) is int:
            lines.append(f"{key} = {value}\n")
        elif type(value) is str and _plain(value):
            lines.append(f'{key} = "{value}"\n')
        else:
            rest[key] = value
    if rest:
        import tomli_w

        lines.append(tomli_w.dumps(rest))
    return "".join(lines)


def _unencodable(doc: Doc) -> DocumentError:
    """Name the first key whose text UTF-8 cannot hold (a lone surrogate such as U+D800)."""
    for path, value in _strings(doc, ""):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            char = f"U+{ord(value[err.start]):04X}"
            return DocumentError(
                f"cannot be written: key '{path}' holds {char}, which UTF-8 cannot encode"
            )
    return DocumentError("cannot be written: it is not valid UTF-8")


def _strings(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        items = [(f"{path}.{k}" if path else k, v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    else:
        return []
    return [found for sub, v in items for found in _strings(v, sub)]
