"""The figures the reliability tests report (writers, kills, faults, inputs): printed at the end
of the run by conftest's terminal summary, so a run shows what it proved."""

from __future__ import annotations

from collections import Counter

FIGURES: Counter[str] = Counter()


def add(name: str, amount: int = 1) -> None:
    """Count `amount` more of `name` (e.g. `kills survived (state backend)`)."""
    FIGURES[name] += amount


def lines() -> list[str]:
    return [f"{name}: {FIGURES[name]:,}" for name in sorted(FIGURES)]
