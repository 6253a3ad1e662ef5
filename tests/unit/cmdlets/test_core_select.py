"""Select-Object and Sort-Object through the binder and a fake context."""

from __future__ import annotations

import pytest
from support.core_context import call, sb

from netnat.errors import ParameterBindingError, TerminatingError
from netnat.model import present
from netnat.model.objects import NetNat
from netnat.model.psobject import PSObject, custom_object
from netnat.model.values import Hashtable

ROWS = [
    custom_object({"Name": "b", "Port": 80, "Proto": "TCP"}),
    custom_object({"Name": "A", "Port": 443, "Proto": "UDP"}),
    custom_object({"Name": "c", "Port": None, "Proto": "TCP"}),
]


def props(obj: object) -> dict[str, object]:
    assert isinstance(obj, PSObject)
    return obj.props


# --- Select-Object: properties ------------------------------------------------------------


def test_select_keeps_the_asked_properties_in_order_and_missing_ones_as_null() -> None:
    out = call("Select-Object Port,Name,Nope", inputs=ROWS[:1]).out
    assert [props(o) for o in out] == [{"Port": 80, "Name": "b", "Nope": None}]


def test_select_uses_the_property_spelling_of_the_object() -> None:
    out = call("select name", inputs=ROWS[:1]).out
    assert props(out[0]) == {"Name": "b"}


def test_select_objects_are_selected_custom_objects() -> None:
    (nat,) = call("select Name", inputs=[present.netnat(NetNat(Name="VMNAT"))]).out
    assert isinstance(nat, PSObject)
    assert nat.type_names == (
        "Selected.Microsoft.Management.Infrastructure.CimInstance",
        "System.Management.Automation.PSCustomObject",
        "System.Object",
    )
    (row,) = call("select Name", inputs=ROWS[:1]).out
    assert row.type_names[0] == "Selected.System.Management.Automation.PSCustomObject"  # type: ignore[attr-defined]
    (text,) = call("select Length", inputs=["abc"]).out
    assert props(text) == {"Length": 3}
    assert text.type_names[0] == "Selected.System.String"  # type: ignore[attr-defined]


def test_select_star_and_wildcards() -> None:
    assert list(props(call("select *", inputs=ROWS[:1]).out[0])) == ["Name", "Port", "Proto"]
    assert list(props(call("select P*", inputs=ROWS[:1]).out[0])) == ["Port", "Proto"]
    out = call("select * -ExcludeProperty Po*", inputs=ROWS[:1]).out
    assert list(props(out[0])) == ["Name", "Proto"]


def test_select_exclude_alone_passes_objects_through_like_5_1() -> None:
    assert call("select -ExcludeProperty Port", inputs=ROWS[:1]).out == ROWS[:1]


def test_select_hashtable_keys_are_not_properties() -> None:
    (row,) = call("select a,Count", inputs=[Hashtable({"a": 1})]).out
    assert props(row) == {"a": None, "Count": 1}


def test_select_calculated_properties() -> None:
    double = sb(lambda o: [o.get("Port") * 2], "{ $_.Port * 2 }")
    specs = [
        "Name",
        Hashtable({"N": "Twice", "E": double}),
        Hashtable({"Label": "P", "Expression": "Port"}),
        Hashtable({"na": "Proto2", "exp": "Proto"}),
        Hashtable({"e": double}),
        sb(lambda o: ["x"], "{ 'x' }"),
    ]
    (row,) = call("Select-Object -Property @0", specs, inputs=ROWS[:1]).out
    assert props(row) == {
        "Name": "b",
        "Twice": 160,
        "P": 80,
        "Proto2": "TCP",
        "{ $_.Port * 2 }": 160,
        "{ 'x' }": "x",
    }


def test_select_calculated_property_with_a_bad_key_is_terminating() -> None:
    with pytest.raises(TerminatingError) as caught:
        call("select @0", Hashtable({"Name": "x", "Foo": 1}), inputs=ROWS[:1])
    assert caught.value.record.message == "The Foo key is not valid."
    assert caught.value.record.fqid == (
        "DictionaryKeyIllegal,Microsoft.PowerShell.Commands.SelectObjectCommand"
    )
    with pytest.raises(TerminatingError) as caught:
        call("select @0", Hashtable({"Name": "x"}), inputs=ROWS[:1])
    assert caught.value.record.message == "A mandatory entry for Expression is missing."
    with pytest.raises(TerminatingError) as caught:
        call("select @0", Hashtable({"Name": "x", "L": "y", "E": "Port"}), inputs=ROWS[:1])
    assert caught.value.record.message == 'The duplicated key "L" conflicts with "Name".'


def test_select_same_property_twice_writes_an_error() -> None:
    result = call("select Name,name", inputs=ROWS[:1])
    assert props(result.out[0]) == {"Name": "b"}
    assert result.ctx.messages == [
        'The property cannot be processed because the property "Name" already exists.'
    ]


# --- Select-Object: -ExpandProperty -------------------------------------------------------


def test_select_expand_property_outputs_values_and_unrolls_arrays() -> None:
    rows = [custom_object({"Name": "x", "Ports": [1, 2]}), custom_object({"Name": "y", "Ports": 3})]
    assert call("select -ExpandProperty Ports", inputs=rows).out == [1, 2, 3]
    assert call("select -Expand name", inputs=rows).out == ["x", "y"]


def test_select_expand_missing_property_is_an_error_per_object() -> None:
    result = call("select -ExpandProperty Nope", inputs=ROWS[:2])
    assert result.out == []
    assert result.ctx.messages == ['Property "Nope" cannot be found.'] * 2
    assert result.ctx.fqids[0] == (
        "ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand"
    )


def test_select_expand_with_property_adds_the_properties_to_each_value() -> None:
    inner = custom_object({"Port": 80})
    outer = custom_object({"Name": "x", "Map": inner})
    (value,) = call("select Name -ExpandProperty Map", inputs=[outer]).out
    assert props(value) == {"Port": 80, "Name": "x"}
    assert inner.props == {"Port": 80}


# --- Select-Object: -First -Last -Skip -Unique -Index ---------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("select -First 2", [1, 2, 3][:2]),
        ("select -First 0", []),
        ("select -Last 2", [4, 5]),
        ("select -Skip 3", [4, 5]),
        ("select -Skip 1 -First 2", [2, 3]),
        ("select -Last 2 -Skip 1", [3, 4]),
        ("select -First 1 -Last 1", [1, 5]),
        ("select -Index 0,2,9", [1, 3]),
    ],
)
def test_select_windows(line: str, expected: list[int]) -> None:
    assert call(line, inputs=[1, 2, 3, 4, 5]).out == expected


def test_select_unique_is_case_sensitive_and_works_on_selected_objects() -> None:
    assert call("select -Unique", inputs=["a", "A", "a", "b"]).out == ["a", "A", "b"]
    out = call("select Proto -Unique", inputs=ROWS).out
    assert [props(o) for o in out] == [{"Proto": "TCP"}, {"Proto": "UDP"}]


def test_select_negative_first_is_a_validation_error() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("select -First -1", inputs=[1])
    assert caught.value.record.message == (
        "Cannot validate argument on parameter 'First'. The -1 argument is less than the "
        "minimum allowed range of 0. Supply an argument that is greater than or equal to 0 and "
        "then try the command again."
    )
    assert caught.value.record.category == "InvalidData"


def test_select_first_in_pipeline_without_input_outputs_nothing() -> None:
    assert call("select -First 1").out == []


# --- Sort-Object --------------------------------------------------------------------------


def test_sort_scalars_numbers_numeric_strings_case_insensitive_null_first() -> None:
    assert call("Sort-Object", inputs=[10, 9, 100]).out == [9, 10, 100]
    assert call("sort", inputs=["b", "C", "a"]).out == ["a", "b", "C"]
    assert call("sort", inputs=["10", "9"]).out == ["10", "9"]
    assert call("sort", inputs=[3, None, 1]).out == [None, 1, 3]
    assert call("sort -Descending", inputs=[3, None, 1]).out == [3, 1, None]


def test_sort_by_property_and_descending() -> None:
    assert [props(o)["Name"] for o in call("sort Name", inputs=ROWS).out] == ["A", "b", "c"]
    assert [props(o)["Port"] for o in call("sort Port", inputs=ROWS).out] == [None, 80, 443]
    out = call("sort Port -Descending", inputs=ROWS).out
    assert [props(o)["Port"] for o in out] == [443, 80, None]


def test_sort_several_keys_and_hashtable_directions() -> None:
    out = call("sort Proto,Name", inputs=ROWS).out
    assert [props(o)["Name"] for o in out] == ["b", "c", "A"]
    spec = [Hashtable({"Expression": "Proto", "Descending": True}), "Name"]
    out = call("sort @0", spec, inputs=ROWS).out
    assert [props(o)["Name"] for o in out] == ["A", "b", "c"]
    spec = [Hashtable({"e": "Port", "Ascending": False})]
    out = call("sort @0", spec, inputs=ROWS).out
    assert [props(o)["Port"] for o in out] == [443, 80, None]


def test_sort_by_script_block() -> None:
    out = call("sort @0", sb(lambda o: [-o]), inputs=[1, 3, 2]).out
    assert out == [3, 2, 1]


def test_sort_unique_is_case_insensitive_unless_asked() -> None:
    assert call("sort -Unique", inputs=["b", "a", "B", "a"]).out == ["a", "b"]
    assert call("sort -Unique -CaseSensitive", inputs=["b", "B"]).out == ["b", "B"]
    out = call("sort Proto -Unique", inputs=ROWS).out
    assert [props(o)["Proto"] for o in out] == ["TCP", "UDP"]


def test_sort_is_stable_and_mixes_types_by_string() -> None:
    assert call("sort", inputs=[2, "abc", 1]).out == [1, 2, "abc"]
    pairs = [custom_object({"K": 1, "I": i}) for i in range(4)]
    assert call("sort K", inputs=pairs).out == pairs


def test_sort_no_input_outputs_nothing() -> None:
    assert call("sort Name", inputs=[]).out == []
