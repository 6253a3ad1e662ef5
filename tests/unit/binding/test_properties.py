"""Property: whatever a shell passes, the binder either binds or raises ParameterBindingError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netnat.binding.argv import argv_to_args, line_span
from netnat.binding.binder import bind
from netnat.binding.decl import Cmdlet
from netnat.errors import ParameterBindingError

_WORDS = st.sampled_from(
    [
        "-Name",
        "–Name",
        "-Int",
        "-InternalI",
        "-E",
        "-Confirm",
        "-Confirm:",
        "-Confirm:false",
        "-WhatIf",
        "-PassThru",
        "-Pre",
        "-Protocol",
        "-ExternalPort",
        "-Weights",
        "-Type",
        "-SwitchType",
        "-RoutingDomain",
        "-ea",
        "-Nmae",
        "--",
        "-",
        "-5",
        "a,b",
        "“VMNAT”",
        "''",
        "$true",
        "$null",
        "0x10",
        "1kb",
        "1e999",
        "abc",
        "TCP",
        "Internal",
        "{0}",
        ",",
        "",
    ]
)
_ARGV = st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=8)


def _check(cmdlet: Cmdlet, argv: list[str], expect: bool) -> None:
    args, line = argv_to_args(cmdlet.name, argv)
    try:
        binding = bind(cmdlet, args, cmdlet.name, line_span(line), expect_input=expect)
        binding.finish()
        binding.for_input(argv[0] if argv else None)
    except ParameterBindingError as error:
        assert error.record.message
        assert error.record.fqid.endswith("," + cmdlet.fqid_suffix)


def test_random_argv_only_raises_binding_errors(
    new_netnat: Cmdlet, set_netnat: Cmdlet, new_mapping: Cmdlet, new_vmswitch: Cmdlet
) -> None:
    cmdlets = [new_netnat, set_netnat, new_mapping, new_vmswitch]

    @settings(max_examples=400, deadline=None)
    @given(st.sampled_from(cmdlets), _ARGV, st.booleans())
    def check(cmdlet: Cmdlet, argv: list[str], expect: bool) -> None:
        _check(cmdlet, argv, expect)

    check()
