"""The store's errors as StoreError records: what failed, on which file, and why."""

from __future__ import annotations

from pathlib import Path

from netnat.errors import ErrorRecord, StoreError

FQID_INVALID = "StoreInvalid"
FQID_SCHEMA = "StoreSchemaUnsupported"
FQID_UNREADABLE = "StoreUnreadable"
FQID_WRITE = "StoreWriteFailed"
FQID_LOCK = "StoreLockFailed"
FQID_LOCK_TIMEOUT = "StoreLockTimeout"
FQID_INSECURE = "StoreInsecure"
FQID_CHANGED = "StoreChanged"


def store_error(
    message: str, fqid: str, category: str, path: Path, reason: str = "IOException"
) -> StoreError:
    """A StoreError whose target is the file concerned."""
    record = ErrorRecord(
        message=message,
        category=category,
        fqid=fqid,
        reason=reason,
        target_name=str(path),
        target_type="File",
    )
    return StoreError(record)


def os_reason(err: OSError) -> str:
    """The operating system's words for an error, e.g. `No space left on device`."""
    return err.strerror or str(err)


def invalid(path: Path, detail: str, fqid: str = FQID_INVALID) -> StoreError:
    """The file's content is not a store this netnat can read; `detail` follows the file name."""
    message = f"The store file '{path}' {detail}."
    return store_error(message, fqid, "InvalidData", path, "InvalidDataException")


def read_failed(path: Path, err: OSError) -> StoreError:
    message = f"The store file '{path}' cannot be read: {os_reason(err)}."
    return store_error(message, FQID_UNREADABLE, "ReadError", path)


def write_failed(path: Path, err: OSError) -> StoreError:
    message = (
        f"The store file '{path}' cannot be written: {os_reason(err)}. The store was not changed."
    )
    return store_error(message, FQID_WRITE, "WriteError", path)


def lock_failed(lock: Path, err: OSError) -> StoreError:
    message = f"The store lock '{lock}' cannot be taken: {os_reason(err)}."
    return store_error(message, FQID_LOCK, "ResourceUnavailable", lock)


def lock_timeout(lock: Path, seconds: float) -> StoreError:
    message = (
        f"The store lock '{lock}' is held by another netnat; gave up after {seconds:g} seconds."
    )
    return store_error(message, FQID_LOCK_TIMEOUT, "ResourceBusy", lock, "TimeoutException")


def changed(path: Path) -> StoreError:
    message = (
        f"The store file '{path}' changed after it was read; nothing was written. "
        "Run the command again."
    )
    return store_error(message, FQID_CHANGED, "ResourceBusy", path, "InvalidOperationException")


def insecure(what: str, path: Path, problem: str, fix: str) -> StoreError:
    message = f"The {what} '{path}' {problem}; netnat runs as root and refuses it. Fix: {fix}"
    return store_error(message, FQID_INSECURE, "SecurityError", path, "SecurityException")


def shell_quote(path: Path) -> str:
    """`'path'` for a shell command line, as the fix in a message shows it."""
    return "'" + str(path).replace("'", "'\\''") + "'"
