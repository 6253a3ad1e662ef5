"""Measure-Object and Group-Object through the binder and a fake context."""

from __future__ import annotations

from support.core_context import call, sb

from netnat.model.psobject import PSObject, custom_object
from netnat.model.values import Hashtable

MAPS = [
    custom_object({"Proto": "TCP", "Port": 80}),
    custom_object({"Proto": "udp", "Port": 53}),
    custom_object({"Proto": "tcp", "Port": 443}),
]


def only(objects: list[object]) -> PSObject:
    (obj,) = objects
    assert isinstance(obj, PSObject)
    return obj


# --- Measure-Object -----------------------------------------------------------------------


def test_measure_counts_objects_and_fills_only_what_was_asked() -> None:
    info = only(call("Measure-Object", inputs=MAPS).out)
    assert info.type_names == ("Microsoft.PowerShell.Commands.GenericMeasureInfo", "System.Object")
    assert info.props == {
        "Count": 3,
        "Average": None,
        "Sum": None,
        "Maximum": None,
        "Minimum": None,
        "Property": None,
    }


def test_measure_statistics_of_a_property() -> None:
    info = only(call("measure Port -Sum -Average -Maximum -Minimum", inputs=MAPS).out)
    assert info.props == {
        "Count": 3,
        "Average": 192.0,
        "Sum": 576.0,
        "Maximum": 443.0,
        "Minimum": 53.0,
        "Property": "Port",
    }


def test_measure_of_plain_numbers_and_numeric_strings() -> None:
    info = only(call("measure -Sum -Maximum", inputs=[1, "2", 3.5]).out)
    assert info.get("Sum") == 6.5
    assert info.get("Maximum") == 3.5


def test_measure_empty_input_gives_count_zero() -> None:
    info = only(call("measure -Sum", inputs=[]).out)
    assert info.get("Count") == 0
    assert info.get("Sum") == 0.0


def test_measure_skips_null_input_objects() -> None:
    assert only(call("measure", inputs=[1, None, 2]).out).get("Count") == 2


def test_measure_property_no_object_has_is_an_error() -> None:
    result = call("measure Nope", inputs=MAPS)
    assert result.out == []
    assert result.ctx.messages == [
        'The property "Nope" cannot be found in the input for any objects.'
    ]
    assert result.ctx.fqids == [
        "GenericMeasurePropertyNotFound,Microsoft.PowerShell.Commands.MeasureObjectCommand"
    ]


def test_measure_counts_only_objects_that_have_the_property() -> None:
    rows = [*MAPS, custom_object({"Other": 1})]
    assert only(call("measure Port", inputs=rows).out).get("Count") == 3


def test_measure_several_properties_give_one_object_each() -> None:
    out = call("measure Port,Proto -Maximum", inputs=MAPS).out
    assert [o.get("Property") for o in out] == ["Port", "Proto"]  # type: ignore[attr-defined]
    proto = out[1]
    assert isinstance(proto, PSObject)
    assert proto.get("Maximum") == "udp"
    assert proto.type_names[0] == "Microsoft.PowerShell.Commands.GenericObjectMeasureInfo"


def test_measure_non_numeric_sum_is_an_error_and_leaves_sum_empty() -> None:
    result = call("measure Proto -Sum", inputs=MAPS[:1])
    assert result.ctx.messages == ['Input object "TCP" is not numeric.']
    record = result.ctx.errors[0].record
    assert record.fqid == "NonNumericInputObject,Microsoft.PowerShell.Commands.MeasureObjectCommand"
    assert record.category == "InvalidType"
    assert only(result.out).get("Sum") is None


def test_measure_wildcard_property() -> None:
    assert only(call("measure Po* -Sum", inputs=MAPS).out).get("Property") == "Port"


# --- Group-Object -------------------------------------------------------------------------


def test_group_by_property_case_insensitive_in_order_of_first_appearance() -> None:
    out = call("Group-Object Proto", inputs=MAPS).out
    assert [(g.get("Count"), g.get("Name")) for g in out] == [(2, "TCP"), (1, "udp")]  # type: ignore[attr-defined]
    first = out[0]
    assert isinstance(first, PSObject)
    assert first.get("Group") == [MAPS[0], MAPS[2]]
    assert first.type_names == ("Microsoft.PowerShell.Commands.GroupInfo", "System.Object")
    assert first.hidden == frozenset({"Values"})
    assert first.get("Values") == ["TCP"]


def test_group_case_sensitive_and_several_properties() -> None:
    out = call("group Proto -CaseSensitive", inputs=MAPS).out
    assert [g.get("Name") for g in out] == ["TCP", "udp", "tcp"]  # type: ignore[attr-defined]
    out = call("group Proto,Port", inputs=MAPS[:1]).out
    assert [g.get("Name") for g in out] == ["TCP, 80"]  # type: ignore[attr-defined]


def test_group_by_script_block_and_scalars() -> None:
    out = call("group @0", sb(lambda n: [n % 2]), inputs=[1, 2, 3]).out
    assert [(g.get("Name"), g.get("Group")) for g in out] == [("1", [1, 3]), ("0", [2])]  # type: ignore[attr-defined]
    out = call("group", inputs=["a", "A", "b"]).out
    assert [g.get("Count") for g in out] == [2, 1]  # type: ignore[attr-defined]


def test_group_no_element_and_missing_property() -> None:
    out = call("group Nope -NoElement", inputs=MAPS).out
    (group,) = out
    assert isinstance(group, PSObject)
    assert group.props == {"Count": 3, "Name": ""}


def test_group_as_hashtable() -> None:
    (table,) = call("group Proto -AsHashTable", inputs=MAPS).out
    assert isinstance(table, Hashtable)
    assert table["tcp"] == [MAPS[0], MAPS[2]]
    (table,) = call("group Port -AsHashTable -AsString", inputs=MAPS[:1]).out
    assert isinstance(table, Hashtable)
    assert list(table) == ["80"]
