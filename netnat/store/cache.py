"""The parse cache `<store>.cache`: the packed document (see packing) as marshal data, keyed
by a TOML hash.

Best effort: a cache that is missing, stale, corrupt, foreign or unwritable is silently ignored.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from pathlib import Path

from netnat.store.codec import Doc
from netnat.store.fsutil import remove_quietly, write_temp

try:  # hashlib.blake2b without hashlib's OpenSSL import (~5 ms at every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without _blake2
    from hashlib import blake2b

DIGEST_SIZE = 32
MAGIC = f"netnat-cache 2 py{sys.version_info[0]}.{sys.version_info[1]} m{marshal.version}\n"
_MAGIC = MAGIC.encode()
_BODY = len(_MAGIC) + 2 * DIGEST_SIZE  # magic, TOML digest, body digest, marshal body
_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC


def digest(data: bytes | memoryview) -> bytes:
    """blake2b of a file's bytes: the key of the cache and of the store's change check."""
    return blake2b(data, digest_size=DIGEST_SIZE).digest()


def read(path: Path, toml_digest: bytes) -> Doc | None:
    """The cached document of the TOML whose digest is `toml_digest`, or None."""
    try:
        with open(os.open(path, _READ_FLAGS), "rb") as fh:  # O_NONBLOCK: a FIFO cannot hang us
            if not _trusted(os.fstat(fh.fileno())):
                return None
            blob = fh.read()
    except OSError:
        return None
    head = len(_MAGIC)
    if blob[:head] != _MAGIC or blob[head : head + DIGEST_SIZE] != toml_digest:
        return None
    body = memoryview(blob)[_BODY:]
    if digest(body) != blob[head + DIGEST_SIZE : _BODY]:
        return None
    try:
        doc = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return doc if type(doc) is dict else None


def write(path: Path, toml_digest: bytes, doc: Doc) -> None:
    """Cache `doc` for the TOML whose digest is `toml_digest`; silently gives up on any error."""
    try:
        body = marshal.dumps(doc)
    except ValueError:  # a value marshal cannot hold (e.g. a TOML date): no cache
        remove_quietly(path)
        return
    blob = b"".join((_MAGIC, toml_digest, digest(body), body))
    try:
        temp = write_temp(path, blob, 0o644, durable=False)
    except OSError:
        return
    try:
        os.replace(temp, path)
    except OSError:
        remove_quietly(temp)


def _trusted(st: os.stat_result) -> bool:
    """A regular file of ours or root's that no one else can write: safe to unmarshal."""
    return (
        stat.S_ISREG(st.st_mode)
        and st.st_uid in (0, os.geteuid())
        and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
