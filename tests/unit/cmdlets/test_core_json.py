"""ConvertTo-Json and ConvertFrom-Json through the binder and a fake context."""

from __future__ import annotations

import pytest
from support.core_context import call

from netnat.errors import ParameterBindingError, TerminatingError
from netnat.model.enums import Protocol
from netnat.model.psobject import PSObject, custom_object

# --- ConvertTo-Json -----------------------------------------------------------------------


def test_one_pipeline_object_gives_its_value() -> None:
    obj = custom_object({"Name": "VMNAT", "Ports": [80, 443], "Active": True})
    (text,) = call("ConvertTo-Json", inputs=[obj]).out
    assert text == (
        "{\n"
        '    "Name":  "VMNAT",\n'
        '    "Ports":  [\n'
        "                  80,\n"
        "                  443\n"
        "              ],\n"
        '    "Active":  true\n'
        "}"
    )


def test_several_pipeline_objects_give_one_array() -> None:
    assert call("ConvertTo-Json -Compress", inputs=[1, "a", None]).out == ['[1,"a",null]']


def test_input_object_argument_keeps_an_array_whole() -> None:
    assert call("ConvertTo-Json -InputObject @0 -Compress", [1, 2]).out == ["[1,2]"]
    assert call("ConvertTo-Json -InputObject 1,2 -Compress").out == ['["1","2"]']  # argv: text
    assert call("ConvertTo-Json @0", 5).out == ["5"]
    assert call("ConvertTo-Json $null").out == ["null"]


def test_null_from_the_pipeline_and_no_input() -> None:
    assert call("ConvertTo-Json", inputs=[None]).out == ["null"]
    assert call("ConvertTo-Json", inputs=[]).out == []


def test_depth_and_enums() -> None:
    inner = custom_object({"Protocol": Protocol.TCP, "Deep": custom_object({"x": 1})})
    obj = custom_object({"Map": inner})
    assert call("ConvertTo-Json -Compress -Depth 1", inputs=[obj]).out == [
        '{"Map":{"Protocol":6,"Deep":"@{x=1}"}}'
    ]
    assert call("ConvertTo-Json -Compress", inputs=[obj]).out == [
        '{"Map":{"Protocol":6,"Deep":{"x":1}}}'
    ]


def test_depth_below_one_is_a_validation_error() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("ConvertTo-Json -Depth 0", inputs=[1])
    assert caught.value.record.message.startswith(
        "Cannot validate argument on parameter 'Depth'. The 0 argument is less than the "
        "minimum allowed range of 1."
    )
    assert caught.value.record.fqid == (
        "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.ConvertToJsonCommand"
    )


def test_convertto_json_alone_is_missing_its_input() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("ConvertTo-Json")
    assert caught.value.record.fqid.startswith("MissingMandatoryParameter,")


# --- ConvertFrom-Json ---------------------------------------------------------------------


def test_objects_become_custom_objects_in_key_order() -> None:
    (obj,) = call("ConvertFrom-Json @0", '{"b": 1, "a": [1, 2.5, "x", null, true]}').out
    assert isinstance(obj, PSObject)
    assert obj.type_names == ("System.Management.Automation.PSCustomObject",)
    assert list(obj.props) == ["b", "a"]
    assert obj.props["a"] == [1, 2.5, "x", None, True]
    assert isinstance(obj.props["b"], int)


def test_a_json_array_is_written_as_one_object_like_5_1() -> None:
    assert call("ConvertFrom-Json @0", '[{"n": 1}, 2]').out[0][1] == 2  # type: ignore[index]
    assert len(call("ConvertFrom-Json @0", "[1, 2]").out) == 1


def test_piped_lines_are_joined() -> None:
    lines = ["{", '  "Name": "VMNAT"', "}"]
    (obj,) = call("ConvertFrom-Json", inputs=lines).out
    assert isinstance(obj, PSObject)
    assert obj.get("name") == "VMNAT"


def test_piped_whole_documents_are_converted_one_by_one() -> None:
    assert call("ConvertFrom-Json", inputs=["1", '"a"', "null"]).out == [1, "a", None]


def test_blank_input_gives_nothing() -> None:
    assert call("ConvertFrom-Json", inputs=["  "]).out == []


def test_invalid_json_is_terminating() -> None:
    with pytest.raises(TerminatingError) as caught:
        call("ConvertFrom-Json abc")
    record = caught.value.record
    assert record.message == "Invalid JSON primitive: abc."
    assert record.fqid == (
        "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand"
    )
    assert record.category_info() == (
        "NotSpecified: (abc:String) [ConvertFrom-Json], ArgumentException"
    )
    with pytest.raises(TerminatingError) as caught:
        call("ConvertFrom-Json @0", '{"a" 1}')
    assert caught.value.record.message == (
        """Invalid object passed in, ':' or '}' expected. (5): {"a" 1}"""
    )


def test_empty_string_gives_nothing_and_no_input_is_missing_mandatory() -> None:
    assert call("ConvertFrom-Json ''").out == []
    with pytest.raises(ParameterBindingError) as caught:
        call("ConvertFrom-Json")
    assert caught.value.record.message == (
        "Cannot process command because of one or more missing mandatory parameters: InputObject."
    )
