"""Binding.for_input(): ByValue / ByPropertyName, in PowerShell's four passes (§2.2 step 5)."""

from __future__ import annotations

import pytest

from netnat.binding import types as t
from netnat.binding.args import Arg, ParamArg, ValueArg
from netnat.binding.binder import InputBindingError, bind
from netnat.binding.decl import Cmdlet, CmdletKind, Param
from netnat.errors import ParameterBindingError, Severity
from netnat.model.enums import VMSwitchType
from netnat.model.psobject import PSObject, custom_object

QUERY, INPUT = "Query (cdxml)", "InputObject (cdxml)"
NAT = PSObject(
    (
        "Microsoft.Management.Infrastructure.CimInstance#root/StandardCimv2/MSFT_NetNat",
        "Microsoft.Management.Infrastructure.CimInstance",
    ),
    {"Name": "VMNAT", "Active": True},
)


def test_by_value_binds_the_object(remove_netnat: Cmdlet) -> None:
    binding = bind(remove_netnat, [], "Remove-NetNat", expect_input=True)
    bound = binding.for_input(NAT)
    assert bound.values == {"InputObject": [NAT]}
    assert bound.parameter_set == INPUT


def test_by_value_wins_over_by_property_name(remove_netnat: Cmdlet) -> None:
    # the NAT also has a Name property; ByValue without conversion comes first and narrows the set
    bound = bind(remove_netnat, [], "Remove-NetNat", expect_input=True).for_input(NAT)
    assert "Name" not in bound.values


def test_by_property_name(remove_netnat: Cmdlet) -> None:
    item = custom_object({"name": "VMNAT", "Other": 1})
    bound = bind(remove_netnat, [], "Remove-NetNat", expect_input=True).for_input(item)
    assert bound.values == {"Name": ["VMNAT"]}
    assert bound.parameter_set == QUERY


def test_by_property_name_matches_aliases() -> None:
    cmdlet = Cmdlet(
        "Get-VMSwitch",
        lambda c, b: [],
        (Param("Name", t.STRING_ARRAY, aliases=("SwitchName",), by_property_name=True),),
    )
    item = custom_object({"switchname": "sw"})
    assert bind(cmdlet, [], "Get-VMSwitch", expect_input=True).for_input(item).values == {
        "Name": ["sw"]
    }


def test_by_property_name_converts() -> None:
    cmdlet = Cmdlet(
        "Set-Port",
        lambda c, b: [],
        (
            Param("Port", t.UINT16, by_property_name=True),
            Param("Type", t.enum_of(VMSwitchType), by_property_name=True),
        ),
    )
    item = custom_object({"Port": "0x50", "Type": "internal"})
    bound = bind(cmdlet, [], "Set-Port", expect_input=True).for_input(item)
    assert bound.values == {"Port": 80, "Type": VMSwitchType.Internal}


def test_values_that_do_not_convert_do_not_bind() -> None:
    cmdlet = Cmdlet(
        "Set-Port",
        lambda c, b: [],
        (
            Param("Port", t.UINT16, by_property_name=True),
            Param("Name", t.STRING, by_property_name=True),
        ),
    )
    item = custom_object({"Port": "x", "Name": "n"})
    assert bind(cmdlet, [], "Set-Port", expect_input=True).for_input(item).values == {"Name": "n"}


def test_by_value_with_conversion() -> None:
    cmdlet = Cmdlet(
        "Get-Service",
        lambda c, b: [],
        (Param("Name", t.STRING_ARRAY, position=0, by_value=True, by_property_name=True),),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.GetServiceCommand",
    )
    binding = bind(cmdlet, [], "Get-Service", expect_input=True)
    assert binding.for_input("docker").values == {"Name": ["docker"]}
    assert binding.for_input(5).values == {"Name": ["5"]}


def test_command_line_values_stay_and_pipeline_values_reset(remove_netnat: Cmdlet) -> None:
    args = [ParamArg("PassThru", "-PassThru")]
    binding = bind(remove_netnat, args, "Remove-NetNat", expect_input=True)
    first = binding.for_input(NAT)
    second = binding.for_input(custom_object({"Name": "x"}))
    assert first.values == {"PassThru": True, "InputObject": [NAT]}
    assert second.values == {"PassThru": True, "Name": ["x"]}
    assert binding.values == {"PassThru": True}


def test_object_that_binds_nothing(remove_netnat: Cmdlet) -> None:
    args: list[Arg] = [ParamArg("Name", "-Name"), ValueArg("x", "x")]
    binding = bind(remove_netnat, args, "remove-netnat", expect_input=True)
    with pytest.raises(InputBindingError) as caught:
        binding.for_input(NAT)
    error = caught.value
    assert isinstance(error, ParameterBindingError)
    assert error.severity is Severity.NON_TERMINATING
    record = error.record
    assert record.message == (
        "The input object cannot be bound to any parameters for the command either because the "
        "command does not take pipeline input or the input and its properties do not match any of "
        "the parameters that take pipeline input."
    )
    assert record.fqid == "InputObjectNotBound,Remove-NetNat"
    assert record.category == "InvalidArgument"
    assert record.reason == "ParameterBindingException"
    assert record.invocation_name == "remove-netnat"
    assert record.target_type == "CimInstance"


def test_plain_values_do_not_bind_by_property_name(remove_netnat: Cmdlet) -> None:
    with pytest.raises(InputBindingError) as caught:
        bind(remove_netnat, [], "Remove-NetNat", expect_input=True).for_input("VMNAT")
    assert caught.value.record.target_name == "VMNAT"
    assert caught.value.record.target_type == "String"


def test_null_by_value_to_a_mandatory_parameter(remove_netnat: Cmdlet) -> None:
    with pytest.raises(InputBindingError) as caught:
        bind(remove_netnat, [], "Remove-NetNat", expect_input=True).for_input(None)
    assert caught.value.record.message == (
        "Cannot bind argument to parameter 'InputObject' because it is null."
    )


def test_object_that_leaves_a_mandatory_parameter_unbound() -> None:
    cmdlet = Cmdlet(
        "Add-Thing",
        lambda c, b: [],
        (
            Param("Name", t.STRING, mandatory=True, by_property_name=True),
            Param("Port", t.UINT16, mandatory=True, by_property_name=True),
        ),
    )
    binding = bind(cmdlet, [], "Add-Thing", expect_input=True)
    with pytest.raises(InputBindingError) as caught:
        binding.for_input(custom_object({"Name": "x"}))
    assert caught.value.record.fqid == "InputObjectMissingMandatory,Add-Thing"
    assert caught.value.record.message.endswith("all mandatory parameters: Port")
    assert binding.for_input(custom_object({"Name": "x", "Port": 1})).values == {
        "Name": "x",
        "Port": 1,
    }


def test_set_netnat_from_pipeline(set_netnat: Cmdlet) -> None:
    args: list[Arg] = [ParamArg("IcmpQueryTimeout", "-IcmpQueryTimeout"), ValueArg("60", "60")]
    binding = bind(set_netnat, args, "Set-NetNat", expect_input=True)
    bound = binding.for_input(NAT)
    assert bound.parameter_set == INPUT
    assert bound.values == {"IcmpQueryTimeout": 60, "InputObject": [NAT]}


def test_confirm_with_a_space_takes_the_name_and_leaves_the_object_unbound(
    remove_netnat: Cmdlet,
) -> None:
    # VDOC-CN: `Get-NetNat | Remove-NetNat -Confirm $false`
    args: list[Arg] = [ParamArg("Confirm", "-Confirm"), ValueArg(False, "$false")]
    binding = bind(remove_netnat, args, "Remove-NetNat", expect_input=True)
    assert binding.values == {"Confirm": True, "Name": ["False"]}
    with pytest.raises(InputBindingError) as caught:
        binding.for_input(NAT)
    assert caught.value.record.fqid == "InputObjectNotBound,Remove-NetNat"
