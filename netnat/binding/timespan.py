"""System.TimeSpan parameters: `[-][d.]hh:mm[:ss[.fffffff]]`, a day count, or ticks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

_TICKS_PER_MICROSECOND = 10


def parse_timespan(value: object) -> timedelta | None:
    """A timedelta from a TimeSpan's text or a tick count; None when it is neither."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return _safe(lambda: timedelta(microseconds=value / _TICKS_PER_MICROSECOND))
    if not isinstance(value, str):
        return None
    text = value.strip()
    negative = text.startswith("-")
    parts = _parts(text.removeprefix("-"))
    if parts is None:
        return None
    days, hours, minutes, seconds = parts
    span = _safe(lambda: timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds))
    return -span if negative and span is not None else span


def _parts(text: str) -> tuple[int, int, int, float] | None:
    """(days, hours, minutes, seconds) of `d`, `hh:mm`, `hh:mm:ss`, `d.hh:mm:ss.fffffff`."""
    if text.isascii() and text.isdigit():
        return int(text), 0, 0, 0.0
    fields = text.split(":")
    if len(fields) not in (2, 3):
        return None
    head, _, hours = fields[0].rpartition(".")
    seconds, _, fraction = (fields[2] if len(fields) == 3 else "0").partition(".")
    numbers = [head or "0", hours, fields[1], seconds, fraction or "0"]
    if not all(n.isascii() and n.isdigit() and len(n) <= 8 for n in numbers):
        return None
    d, h, mi, s = (int(n) for n in numbers[:4])
    if h > 23 or mi > 59 or s > 59:
        return None
    return d, h, mi, s + float("0." + numbers[4])


def _safe(make: Callable[[], timedelta]) -> timedelta | None:
    try:
        return make()
    except (OverflowError, ValueError):
        return None
