"""Out-Default rules: shape, table alignment and widths, cells, scalars, groups, forced shapes."""

from __future__ import annotations

import pytest

from netnat.model.enums import Protocol
from netnat.model.psobject import PSObject, custom_object
from netnat.output import Column, View, register_view, render


def test_four_properties_make_a_table_with_right_aligned_numbers_and_bools() -> None:
    obj = custom_object({"Name": "VMNAT", "Active": True, "PrefixLength": 12})
    assert render([obj]) == (
        "\nName  Active PrefixLength\n----  ------ ------------\nVMNAT   True           12\n\n"
    )


def test_five_properties_make_a_list() -> None:
    obj = custom_object({"A": 1, "Bb": "x", "C": None, "D": False, "E": Protocol.UDP})
    assert render([obj]) == "\nA  : 1\nBb : x\nC  :\nD  : False\nE  : UDP\n\n\n"


def test_enums_are_right_aligned_and_print_their_windows_name() -> None:
    objs = [
        custom_object({"Name": "web", "Protocol": Protocol.TCP}),
        custom_object({"Name": "dns", "Protocol": Protocol.UDP}),
    ]
    assert render(objs) == ("\nName Protocol\n---- --------\nweb       TCP\ndns       UDP\n\n")


def test_alignment_comes_from_the_first_object_only() -> None:
    objs = [custom_object({"Port": None, "N": "a"}), custom_object({"Port": 8080, "N": "b"})]
    assert render(objs) == "\nPort N\n---- -\n     a\n8080 b\n\n"


def test_widths_come_from_labels_and_every_cell_of_the_group() -> None:
    objs = [custom_object({"N": "a", "V": 1}), custom_object({"N": "longer", "V": 123456})]
    assert render(objs) == "\nN           V\n-           -\na           1\nlonger 123456\n\n"


def test_later_custom_objects_show_only_the_first_tables_columns() -> None:
    objs = [custom_object({"A": 1}), custom_object({"B": 2, "A": 3})]
    assert render(objs) == "\nA\n-\n1\n3\n\n"


def test_cells_arrays_objects_hashtables_and_doubles() -> None:
    obj = custom_object(
        {
            "Five": [1, 2, 3, 4, 5],
            "Two": ["a", "b"],
            "None": [],
            "Obj": custom_object({"A": 1, "B": "x"}),
        }
    )
    assert render([obj]) == (
        "\n"
        "Five            Two    None Obj\n"
        "----            ---    ---- ---\n"
        "{1, 2, 3, 4...} {a, b} {}   @{A=1; B=x}\n"
        "\n"
    )
    other = custom_object({"H": {"k": 1}, "D": 0.1 + 0.2, "Big": 1e15, "Nested": [[1, 2], True]})
    assert render([other]) == (
        "\n"
        "H                              D   Big Nested\n"
        "-                              -   --- ------\n"
        "System.Collections.Hashtable 0.3 1E+15 {System.Object[], True}\n"
        "\n"
    )


def test_multi_line_strings_show_their_first_line_in_a_table() -> None:
    obj = custom_object({"Name": "a\nb", "X": 1})
    assert render([obj]) == "\nName X\n---- -\na    1\n\n"


def test_wide_tables_drop_columns_that_do_not_fit_and_cut_the_last() -> None:
    obj = custom_object({"First": "x" * 10, "Second": "y" * 10, "Third": "z" * 10})
    assert render([obj], width=30) == (
        "\n"
        "First      Second     Third\n"
        "-----      ------     -----\n"
        "xxxxxxxxxx yyyyyyyyyy zzzzz...\n"
        "\n"
    )
    assert render([obj], width=24) == (
        "\nFirst      Second\n-----      ------\nxxxxxxxxxx yyyyyyyyyy\n\n"
    )
    assert render([custom_object({"Only": "abcdefghij"})], width=8) == (
        "\nOnly\n----\nabcde...\n\n"
    )


def test_list_values_wrap_under_the_value_column() -> None:
    obj = custom_object({"A": "x" * 25, "Bb": "one\ntwo", "C": 1, "D": 2, "E": 3})
    assert render([obj], width=15) == (
        "\n"
        "A  : xxxxxxxxxx\n"
        "     xxxxxxxxxx\n"
        "     xxxxx\n"
        "Bb : one\n"
        "     two\n"
        "C  : 1\n"
        "D  : 2\n"
        "E  : 3\n"
        "\n"
        "\n"
    )


def test_list_entries_without_a_view_show_their_own_properties() -> None:
    first = custom_object({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5})
    second = custom_object({"LongName": 1, "B": 2})
    assert render([first, second]) == (
        "\nA : 1\nB : 2\nC : 3\nD : 4\nE : 5\n\nLongName : 1\nB        : 2\n\n\n"
    )


def test_hidden_properties_are_not_counted_nor_shown() -> None:
    obj = PSObject(
        ("System.Management.Automation.PSCustomObject",),
        {"A": 1, "B": 2, "C": 3, "D": 4, "Secret": 5},
        hidden=frozenset({"Secret"}),
    )
    assert render([obj]) == "\nA B C D\n- - - -\n1 2 3 4\n\n"


def test_scalars_print_one_per_line_and_null_prints_nothing() -> None:
    values: list[object] = ["text", 42, True, None, 0.1 + 0.2, Protocol.TCP, [1, [2, 3]], ""]
    assert render(values) == "text\n42\nTrue\n0.3\nTCP\n1\n2\n3\n\n"


def test_nothing_prints_nothing() -> None:
    assert render([]) == ""
    assert render([None, []]) == ""


def test_a_scalar_between_objects_starts_a_new_table() -> None:
    obj = custom_object({"A": 1})
    assert render([obj, "x", obj]) == "\nA\n-\n1\n\nx\n\nA\n-\n1\n\n"


def test_hashtable_prints_name_value_rows() -> None:
    assert render([{"Name": "VMNAT", "Count": 2}]) == (
        "\n"
        "Name                           Value\n"
        "----                           -----\n"
        "Name                           VMNAT\n"
        "Count                          2\n"
        "\n"
    )


def test_forced_table_uses_the_list_views_rows_as_columns() -> None:
    obj = custom_object({"A": 1, "B": 2, "C": 3, "D": 4, "E": "e"})
    assert render([obj], fmt="table") == "\nA B C D E\n- - - - -\n1 2 3 4 e\n\n"
    assert render([custom_object({"A": 1})], fmt="list") == "\nA : 1\n\n\n"


def test_forced_list_uses_a_table_views_columns() -> None:
    register_view("Test.Output.Forced", View("table", (Column("Name"), Column("Kind"))))
    obj = PSObject(("Test.Output.Forced",), {"Name": "n", "Kind": "k", "Extra": 1})
    assert render([obj], fmt="list") == "\nName : n\nKind : k\n\n\n"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        render([], fmt="yaml")


def test_registered_view_with_group_header_and_wrapped_cells() -> None:
    def hive(obj: PSObject) -> str:
        return f"\n    Hive: {obj.get('Parent')}\n"

    def values(obj: PSObject) -> str:
        props = obj.get("Values")
        assert isinstance(props, dict)
        width = max((len(k) for k in props), default=0)
        return "\n".join(f"{k.ljust(width)} : {v}" for k, v in props.items())

    register_view(
        "Test.Output.RegistryKey",
        View(
            "table",
            (
                Column("Name", prop="PSChildName", width=30),
                Column("Property", fmt=values, wrap=True),
            ),
            header=hive,
        ),
    )

    def key(parent: str, name: str, vals: dict[str, object]) -> PSObject:
        return PSObject(
            ("Test.Output.RegistryKey",), {"PSChildName": name, "Parent": parent, "Values": vals}
        )

    objs = [
        key("HKLM\\A", "k1", {"FriendlyName": "VMNAT", "X": 1}),
        key("HKLM\\A", "k2", {}),
        key("HKLM\\B", "k3", {"Y": 2}),
    ]
    assert render(objs) == (
        "\n"
        "    Hive: HKLM\\A\n"
        "\n"
        "\n"
        "Name                           Property\n"
        "----                           --------\n"
        "k1                             FriendlyName : VMNAT\n"
        "                               X            : 1\n"
        "k2\n"
        "\n"
        "\n"
        "    Hive: HKLM\\B\n"
        "\n"
        "\n"
        "Name                           Property\n"
        "----                           --------\n"
        "k3                             Y : 2\n"
        "\n"
    )
