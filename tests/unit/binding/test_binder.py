"""bind(): names, order, parameter sets, mandatory check and the error records."""

from __future__ import annotations

import pytest

from netnat.binding.args import Arg, ParamArg, ValueArg
from netnat.binding.argv import argv_to_args, line_span
from netnat.binding.binder import Binding, bind
from netnat.binding.decl import Bound, Cmdlet
from netnat.errors import ErrorRecord, ParameterBindingError, Severity
from netnat.model.enums import VMSwitchType
from netnat.model.psobject import PSObject

QUERY, INPUT = "Query (cdxml)", "InputObject (cdxml)"
NAT = PSObject(
    ("Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetNat",),
    {"Name": "VMNAT"},
)


def run(cmdlet: Cmdlet, *argv: str, name: str | None = None) -> Bound:
    return binding(cmdlet, *argv, name=name).finish()


def binding(cmdlet: Cmdlet, *argv: str, name: str | None = None, expect: bool = False) -> Binding:
    invocation = name or cmdlet.name
    args, line = argv_to_args(invocation, list(argv))
    return bind(cmdlet, args, invocation, line_span(line), expect_input=expect)


def refused(cmdlet: Cmdlet, *argv: str, name: str | None = None) -> ErrorRecord:
    with pytest.raises(ParameterBindingError) as caught:
        run(cmdlet, *argv, name=name)
    assert caught.value.severity is Severity.STATEMENT
    return caught.value.record


def underlined(record: ErrorRecord) -> str:
    assert record.span is not None
    return record.span.line_text[record.span.col - 1 : record.span.end_col - 1]


# --- happy paths -----------------------------------------------------------------------------


def test_blog_new_netnat(new_netnat: Cmdlet) -> None:
    bound = run(
        new_netnat, "–Name", "“VMNAT”", "–InternalIPInterfaceAddressPrefix", "192.168.0.0/24"
    )
    assert bound.values == {"Name": "VMNAT", "InternalIPInterfaceAddressPrefix": "192.168.0.0/24"}
    assert bound.parameter_set == "__AllParameterSets"
    assert bound.invocation_name == "New-NetNat"
    assert bound.span is not None and bound.span.col == 1


def test_names_are_case_insensitive_and_prefixes_work(new_netnat: Cmdlet) -> None:
    bound = run(new_netnat, "-name", "N", "-InternalIP", "10.0.0.0/8", "-ext", "1.2.3.0/24")
    assert bound.values["InternalIPInterfaceAddressPrefix"] == "10.0.0.0/8"
    assert bound.values["ExternalIPInterfaceAddressPrefix"] == "1.2.3.0/24"


def test_positional_name(new_netnat: Cmdlet) -> None:
    assert run(new_netnat, "VMNAT", "-InternalIPInterfaceAddressPrefix", "x").get("Name") == "VMNAT"
    assert run(new_netnat, "-InternalIPInterfaceAddressPrefix", "x", "VMNAT").get("Name") == "VMNAT"


def test_positions_ascending_skip_named(new_mapping: Cmdlet) -> None:
    bound = run(new_mapping, "-Protocol", "TCP", "nat", "0.0.0.0", "80", "10.0.0.2", "8080")
    assert bound.values["NatName"] == "nat"
    assert bound.values["ExternalPort"] == 80
    assert bound.values["InternalPort"] == 8080


def test_alias_is_exact(new_vmswitch: Cmdlet) -> None:
    assert run(new_vmswitch, "-SwitchName", "sw").values == {"Name": "sw"}


def test_exact_name_beats_longer_names(new_vmswitch: Cmdlet) -> None:
    # -Type is exact although -TypeX-like names could share the prefix
    assert run(new_vmswitch, "sw", "-type", "internal").values["Type"] is VMSwitchType.Internal


def test_declared_parameter_beats_common_ones(new_netnat: Cmdlet) -> None:
    bound = run(new_netnat, "N", "-InternalI", "x", "-E", "1.0.0.0/8")
    assert bound.values["ExternalIPInterfaceAddressPrefix"] == "1.0.0.0/8"


def test_common_aliases(new_netnat: Cmdlet) -> None:
    bound = run(new_netnat, "N", "-InternalI", "x", "-ea", "stop", "-wi", "-vb")
    assert bound.values["ErrorAction"] == "Stop"
    assert bound.values["WhatIf"] is True and bound.values["Verbose"] is True


@pytest.mark.parametrize(
    "word", ["-Confirm:false", "-Confirm:0", "-Confirm:", "-Confirm:$false", "-cf:FALSE"]
)
def test_confirm_false_forms(new_netnat: Cmdlet, word: str) -> None:
    bound = run(new_netnat, "N", "-InternalI", "x", word)
    assert bound.values["Confirm"] is False


def test_switch_presence_is_true(set_netnat: Cmdlet) -> None:
    bound = run(set_netnat, "N", "-PassThru", "-Confirm")
    assert bound.values["PassThru"] is True and bound.values["Confirm"] is True


def test_switch_without_colon_leaves_the_value_positional(remove_netnat: Cmdlet) -> None:
    # `Remove-NetNat -Confirm $false`: the switch is set, $false goes to -Name (windows §0.1)
    bound = run(remove_netnat, "-Confirm", "$false")
    assert bound.values == {"Confirm": True, "Name": ["False"]}


def test_colon_binds_the_next_value_even_a_dashed_one(new_netnat: Cmdlet) -> None:
    args: list[Arg] = [
        ParamArg("Name", "-Name:", colon=True),
        ValueArg("-x", "-x"),
        ParamArg("InternalI", "-InternalI"),
        ValueArg("p", "p"),
        ParamArg("Confirm", "-Confirm:", colon=True),
        ValueArg(False, "$false"),
    ]
    bound = bind(new_netnat, args, "New-NetNat").finish()
    assert bound.values == {"Name": "-x", "InternalIPInterfaceAddressPrefix": "p", "Confirm": False}


def test_arrays_from_commas(remove_netnat: Cmdlet) -> None:
    assert run(remove_netnat, "-Name", "a,b").values["Name"] == ["a", "b"]
    assert run(remove_netnat, "a").values["Name"] == ["a"]


def test_no_arguments_uses_the_default_set(remove_netnat: Cmdlet) -> None:
    bound = run(remove_netnat)
    assert bound.parameter_set == QUERY and bound.values == {}


def test_conversion_happens_at_bind_time(new_mapping: Cmdlet) -> None:
    bound = run(new_mapping, "n", "udp", "0.0.0.0", "0x50", "10.0.0.2", "80", "-Pref", "24")
    assert bound.values["ExternalPort"] == 80
    assert bound.values["PrefixLength"] == 24
    assert str(bound.values["Protocol"]) == "UDP"


# --- §2.1 name errors --------------------------------------------------------------------------


def test_ambiguous_prefix(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "-Name", "X", "-Int", "10.0.0.0/8")
    assert record.message == (
        "Parameter cannot be processed because the parameter name 'Int' is ambiguous. Possible "
        "matches include: -InternalIPInterfaceAddressPrefix -InternalRoutingDomainId."
    )
    assert record.fqid == "AmbiguousParameter,New-NetNat"
    assert record.category_info() == "InvalidArgument: (:) [New-NetNat], ParameterBindingException"
    assert underlined(record) == "-Int"


def test_ambiguous_among_common_parameters(remove_netnat: Cmdlet) -> None:
    record = refused(remove_netnat, "-E", "x")
    assert record.message == (
        "Parameter cannot be processed because the parameter name 'E' is ambiguous. Possible "
        "matches include: -ErrorAction -ErrorVariable."
    )


def test_not_found_keeps_the_name_as_typed(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "-Nmae", "X", name="new-netnat")
    assert record.message == "A parameter cannot be found that matches parameter name 'Nmae'."
    assert record.fqid == "NamedParameterNotFound,New-NetNat"
    assert record.invocation_name == "new-netnat"
    assert record.activity == "New-NetNat"
    assert underlined(record) == "-Nmae"


def test_confirm_does_not_exist_without_should_process(new_vmswitch: Cmdlet) -> None:
    record = refused(new_vmswitch, "sw", "-WhatIf")
    assert record.fqid == (
        "NamedParameterNotFound,Microsoft.HyperV.PowerShell.Commands.NewVMSwitch"
    )


def test_specified_twice(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "-Name", "a", "-n", "b")
    assert record.message == (
        "Cannot bind parameter because parameter 'Name' is specified more than once. To provide "
        "multiple values to parameters that can accept multiple values, use the array syntax. "
        'For example, "-parameter value1,value2,value3".'
    )
    assert record.fqid == "ParameterAlreadyBound,New-NetNat"
    assert underlined(record) == "-n"


@pytest.mark.parametrize("argv", [("-Name",), ("-Name", "-InternalI", "x")])
def test_missing_argument(remove_netnat: Cmdlet, argv: tuple[str, ...]) -> None:
    record = refused(remove_netnat, *argv)
    assert record.message == (
        "Missing an argument for parameter 'Name'. Specify a parameter of type "
        "'System.String[]' and try again."
    )
    assert record.fqid == "MissingArgument,Remove-NetNat"
    assert underlined(record) == "-Name"


def test_missing_argument_comes_before_unknown_names(new_netnat: Cmdlet) -> None:
    assert refused(new_netnat, "-Foo", "-Name").fqid == "MissingArgument,New-NetNat"


# --- §2.2 order, sets, mandatory -------------------------------------------------------------


def test_leftover_positional(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "a", "b")
    assert record.message == "A positional parameter cannot be found that accepts argument 'b'."
    assert record.fqid == "PositionalParameterNotFound,New-NetNat"
    assert underlined(record) == "b"


def test_leftover_array_shows_its_type(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "a", "b,c")
    assert "accepts argument 'System.Object[]'." in record.message


def test_switches_are_never_positional(set_netnat: Cmdlet) -> None:
    record = refused(set_netnat, "a", "$true")
    assert record.fqid == "PositionalParameterNotFound,Set-NetNat"


def test_missing_mandatory(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "-Confirm:$false")
    assert record.message == (
        "Cannot process command because of one or more missing mandatory parameters: Name "
        "InternalIPInterfaceAddressPrefix."
    )
    assert record.fqid == "MissingMandatoryParameter,New-NetNat"
    assert underlined(record) == "New-NetNat -Confirm:$false"


def test_parameter_sets_query_and_input(set_netnat: Cmdlet) -> None:
    assert run(set_netnat, "-Name", "N").parameter_set == QUERY
    record = refused(set_netnat, "-IcmpQueryTimeout", "5")
    assert record.message.endswith("mandatory parameters: Name.")


def test_parameters_of_two_sets_cannot_be_mixed(set_netnat: Cmdlet) -> None:
    args: list[Arg] = [
        ParamArg("Name", "-Name"),
        ValueArg("N", "N"),
        ParamArg("InputObject", "-InputObject"),
        ValueArg(NAT, "$x"),
    ]
    with pytest.raises(ParameterBindingError) as caught:
        bind(set_netnat, args, "Set-NetNat").finish()
    assert caught.value.record.message == (
        "Parameter set cannot be resolved using the specified named parameters. One or more "
        "parameters issued cannot be used together or an insufficient number of parameters were "
        "provided."
    )
    assert caught.value.record.fqid == "AmbiguousParameterSet,Set-NetNat"


def test_no_default_set_and_two_complete_sets_is_ambiguous() -> None:
    from netnat.binding import types as t
    from netnat.binding.decl import Param

    cmdlet = Cmdlet(
        "Get-Thing",
        lambda c, b: [],
        (
            Param("A", t.STRING, sets=("one",)),
            Param("B", t.STRING, sets=("two",)),
            Param("C", t.STRING),
        ),
    )
    with pytest.raises(ParameterBindingError) as caught:
        bind(cmdlet, [], "Get-Thing").finish()
    assert caught.value.record.fqid == "AmbiguousParameterSet,Get-Thing"
    assert (
        bind(cmdlet, [ParamArg("A", "-A"), ValueArg("x", "x")], "g").finish().parameter_set == "one"
    )


def test_the_set_whose_mandatory_parameters_are_bound_wins() -> None:
    from netnat.binding import types as t
    from netnat.binding.decl import Param

    cmdlet = Cmdlet(
        "Get-Thing",
        lambda c, b: [],
        (
            Param("A", t.STRING, sets=("one",), mandatory=True),
            Param("C", t.STRING),
            Param("B", t.STRING, sets=("two",)),
        ),
    )
    bound = bind(cmdlet, [ParamArg("C", "-C"), ValueArg("x", "x")], "g").finish()
    assert bound.parameter_set == "two"


def test_conversion_error_underlines_the_value(new_mapping: Cmdlet) -> None:
    record = refused(new_mapping, "n", "tcp", "0.0.0.0", "80", "10.0.0.2", "80", "-Pre", "abc")
    assert record.message == (
        "Cannot process argument transformation on parameter 'PrefixLength'. Cannot convert "
        'value "abc" to type "System.Byte". Error: "Input string was not in a correct format."'
    )
    assert record.fqid == "ParameterArgumentTransformationError,Add-NetNatStaticMapping"
    assert record.category_info() == (
        "InvalidData: (:) [Add-NetNatStaticMapping], "
        "ParameterBindingArgumentTransformationException"
    )
    assert underlined(record) == "abc"


def test_compiled_cmdlet_conversion_error(new_vmswitch: Cmdlet) -> None:
    record = refused(new_vmswitch, "sw", "-Type", "Externall")
    assert record.message.startswith("Cannot bind parameter 'Type'. Cannot convert value")
    assert record.fqid == (
        "CannotConvertArgumentNoMessage,Microsoft.HyperV.PowerShell.Commands.NewVMSwitch"
    )


def test_validate_set_names_the_parameter_as_typed(new_vmswitch: Cmdlet) -> None:
    record = refused(new_vmswitch, "sw", "-Switchtype", "External")
    assert record.message.startswith("Cannot validate argument on parameter 'Switchtype'.")
    assert record.fqid == (
        "ParameterArgumentValidationError,Microsoft.HyperV.PowerShell.Commands.NewVMSwitch"
    )
    assert underlined(record) == "External"


def test_validate_set_positional_uses_the_canonical_name() -> None:
    from netnat.binding import types as t
    from netnat.binding.decl import Param

    cmdlet = Cmdlet(
        "Get-Thing", lambda c, b: [], (Param("Kind", t.STRING, position=0, validate_set=("A",)),)
    )
    with pytest.raises(ParameterBindingError) as caught:
        bind(cmdlet, [ValueArg("b", "b")], "Get-Thing").finish()
    assert "on parameter 'Kind'." in caught.value.record.message


def test_empty_mandatory_string(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "-Name:", "-InternalI", "x")
    assert (
        record.message == "Cannot bind argument to parameter 'Name' because it is an empty string."
    )


def test_bind_without_spans_still_reports(new_netnat: Cmdlet) -> None:
    with pytest.raises(ParameterBindingError) as caught:
        bind(new_netnat, [ParamArg("Nope", "-Nope")], "New-NetNat").finish()
    assert caught.value.record.span is None


def test_expect_input_defers_pipeline_mandatory(set_netnat: Cmdlet, new_netnat: Cmdlet) -> None:
    open_binding = binding(set_netnat, "-IcmpQueryTimeout", "5", expect=True)
    assert set(open_binding.sets) == {QUERY, INPUT}
    with pytest.raises(ParameterBindingError) as caught:
        binding(new_netnat, expect=True)
    assert caught.value.record.message.endswith(
        "parameters: Name InternalIPInterfaceAddressPrefix."
    )


def test_finish_after_expect_input_checks_everything(set_netnat: Cmdlet) -> None:
    with pytest.raises(ParameterBindingError) as caught:
        binding(set_netnat, expect=True).finish()
    assert caught.value.record.fqid == "MissingMandatoryParameter,Set-NetNat"


def test_cdxml_session_parameter_beats_common_confirm(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "N", "-InternalI", "x", "-C")
    assert record.message == (
        "Missing an argument for parameter 'CimSession'. Specify a parameter of type "
        "'Microsoft.Management.Infrastructure.CimSession[]' and try again."
    )


def test_common_parameter_conversion_uses_the_compiled_wording(new_netnat: Cmdlet) -> None:
    record = refused(new_netnat, "N", "-InternalI", "x", "-ErrorAction", "Halt")
    assert record.message.startswith("Cannot bind parameter 'ErrorAction'. Cannot convert value")
    assert record.fqid == "CannotConvertArgumentNoMessage,New-NetNat"
