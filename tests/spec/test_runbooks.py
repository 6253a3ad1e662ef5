"""Runbook cases: a script, the exact stdout and stderr it prints, its exit code, and the state
it leaves. Each `tests/spec/cases/*.case` file holds one or more cases:

    === name of the case
    --- args              (optional: extra global options, e.g. --yes, or --define 'a=b')
    --- setup             (optional: a runbook run first, its output ignored)
    --- script
    ...runbook text...
    --- stdout            (optional: exact text; `...` alone on a line matches any lines)
    --- stderr            (optional: exact text, same wildcard)
    --- exit              (optional, default 0)
    --- state             (optional: `nats = A, B` / `switches = ...` / `mappings = 2` lines)
    --- xfail             (optional: why netnat still prints something else; the case must fail)
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netnat.cli.main import main
from netnat.store.file import Store

CASES = Path(__file__).parent / "cases"


@dataclass
class Case:
    name: str
    file: str
    sections: dict[str, str] = field(default_factory=dict)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES.glob("*.case")):
        current: Case | None = None
        section: str | None = None
        lines: list[str] = []
        for raw in path.read_text(encoding="utf-8").split("\n"):
            if raw.startswith("=== "):
                if current and section:
                    current.sections[section] = "\n".join(lines)
                current = Case(raw[4:].strip(), path.name)
                cases.append(current)
                section, lines = None, []
            elif raw.startswith("--- ") and current is not None:
                if section:
                    current.sections[section] = "\n".join(lines)
                section, lines = raw[4:].strip(), []
            elif section is not None:
                lines.append(raw)
        if current and section:
            current.sections[section] = "\n".join(lines)
    return cases


def run(store: Path, args: list[str], script: str, tmp: Path) -> tuple[int, str, str]:
    runbook = tmp / "runbook.ps1"
    runbook.write_text(script, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--store", str(store), "--non-interactive", *args, "run", str(runbook)])
    return code, out.getvalue(), err.getvalue().replace(str(runbook), "runbook.ps1")


def matches(expected: str, actual: str) -> bool:
    """Exact text (trailing new-lines ignored), where a line `...` stands for any lines."""
    regex = ""
    for line in expected.rstrip("\n").split("\n"):
        regex += r"(?:[^\n]*\n)*?" if line == "..." else re.escape(line) + r"\n"
    return re.fullmatch(regex, actual.rstrip("\n") + "\n") is not None


def check_state(store: Path, spec: str) -> None:
    state = Store(store).load()
    views = {
        "nats": [n.Name for n in state.nats],
        "switches": [s.Name for s in state.switches],
        "mappings": len(state.mappings),
        "addresses": [f"{a.IPAddress}/{a.PrefixLength}" for a in state.addresses],
        "adapters": [a.Name for a in state.adapters],
        "vm_adapters": [f"{v.VMName or 'host'}:{v.Name}" for v in state.vm_adapters],
    }
    for line in spec.strip().splitlines():
        key, _, value = (p.strip() for p in line.partition("="))
        got = views[key]
        if isinstance(got, int):
            assert got == int(value), f"{key}: {got} != {value}"
        else:
            want = [v.strip() for v in value.split(",") if v.strip()]
            assert got == want, f"{key}: {got} != {want}"


def params() -> list[object]:
    """Cases as pytest params; an `xfail` case is a known gap that must still fail."""
    out: list[object] = []
    for case in load_cases():
        reason = case.sections.get("xfail", "").strip()
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(case, marks=marks, id=f"{case.file}:{case.name}"))
    return out


@pytest.mark.parametrize("case", params())
def test_runbook(case: Case, tmp_path: Path) -> None:
    store = tmp_path / "state.toml"
    args = shlex.split(case.sections.get("args", ""))
    if "setup" in case.sections:
        code, _, err = run(store, args, case.sections["setup"], tmp_path)
        assert code == 0, err
    code, out, err = run(store, args, case.sections["script"], tmp_path)
    if "stdout" in case.sections:
        assert matches(case.sections["stdout"].rstrip("\n"), out), out
    if "stderr" in case.sections:
        assert matches(case.sections["stderr"].rstrip("\n"), err), err
    elif "exit" not in case.sections:
        assert err == "", err
    assert code == int(case.sections.get("exit", "0").strip() or 0), (code, err)
    if "state" in case.sections:
        check_state(store, case.sections["state"])


def test_there_are_enough_cases() -> None:
    assert len(load_cases()) >= 160
