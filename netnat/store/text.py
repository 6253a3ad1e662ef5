"""TOML bytes <-> plain document: tomllib parses; tomli_w writes each table in a fixed layout.

The layout: a header comment, `schema = 1`, then `[table]`s and `[[array]]` entries in order.
"""

from __future__ import annotations

from typing import Any

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


def dumps(doc: Doc) -> bytes:
    """A codec document (tables of scalars, arrays of such tables) as UTF-8 TOML."""
    import tomli_w

    scalars = {k: v for k, v in doc.items() if not isinstance(v, dict | list)}
    parts = [HEADER, tomli_w.dumps(scalars)]
    for key, value in doc.items():
        if isinstance(value, dict):
            parts.append(f"\n[{key}]\n{tomli_w.dumps(value)}")
        elif isinstance(value, list):
            parts.extend(f"\n[[{key}]]\n{tomli_w.dumps(item)}" for item in value)
    text = "".join(parts)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise _unencodable(doc) from None


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
