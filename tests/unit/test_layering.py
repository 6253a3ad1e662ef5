"""The layering of design.md §2, checked by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "netnat"
BASE = {"netnat", "netnat.source", "netnat.errors", "netnat.record"}
ALLOWED = {
    "model": {"model"},
    "lang": {"lang"},
    "binding": {"binding", "model"},
    "engine": {"engine", "lang", "binding", "model"},
    "cmdlets": {"cmdlets", "binding", "model"},
    "store": {"store", "model"},
    "backends": {"backends", "model"},
    "output": {"output", "model"},
    "cli": None,  # the composition root may import everything
}
ONLY_IN = {
    "click": "cli",
    "rich": "output",
    "subprocess": "backends",
    "pyroute2": "backends",
    "tomllib": "store",
    "tomli_w": "store",
    "platformdirs": "store",
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _layer(path: Path) -> str | None:
    rel = path.relative_to(ROOT).parts
    return rel[0] if len(rel) > 1 else None


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_respects_layers(path: Path) -> None:
    layer = _layer(path)
    for name in _imports(path):
        top = name.split(".")[0]
        if top in ONLY_IN:
            assert layer == ONLY_IN[top], f"{name} may only be imported in netnat/{ONLY_IN[top]}/"
        if top != "netnat" or layer is None or ALLOWED[layer] is None:
            continue
        if name in BASE:
            continue
        target = name.split(".")[1]
        if layer is None:
            continue
        assert target in ALLOWED[layer], f"netnat/{layer} must not import {name}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_has_a_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path} needs a one-line docstring saying its job"


def test_no_shell_anywhere() -> None:
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        assert "shell=True" not in text and "os.system(" not in text, path
