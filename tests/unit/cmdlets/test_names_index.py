"""The generated name index (netnat/cmdlets/names.py) matches the declarations."""

from __future__ import annotations

from pathlib import Path

from netnat.cmdlets import registry


def test_names_module_is_up_to_date() -> None:
    path = Path(registry.__file__).with_name("names.py")
    assert path.read_text(encoding="utf-8") == registry.names_module(), (
        "regenerate: python -m netnat.cmdlets.registry > netnat/cmdlets/names.py"
    )


def test_every_name_and_alias_resolves_to_its_cmdlet() -> None:
    for cmdlet in registry.all_cmdlets():
        for name in (cmdlet.name, *cmdlet.aliases):
            assert registry.resolve(name.upper()) is cmdlet, name
    assert registry.resolve("Nope-Thing") is None
