"""Format-Table, Format-List and the Out-* cmdlets through the binder and a fake context."""

from __future__ import annotations

from support.core_context import call

from netnat.cmdlets.core_output import hide_headers
from netnat.model.psobject import custom_object
from netnat.model.values import Hashtable
from netnat.output import render

ROWS: list[object] = [
    custom_object({"Name": "VMNAT", "Active": True}),
    custom_object({"Name": "b", "Active": False}),
]


def test_format_table_renders_once_in_the_end_step() -> None:
    result = call("Format-Table", inputs=ROWS)
    # the string ends without its last new-line: the host prints one after every line
    assert result.out == ["<table:>\n@{Name=VMNAT; Active=True}\n@{Name=b; Active=False}"]
    assert result.ctx.renders == [("table", [])]


def test_format_table_passes_the_properties_on() -> None:
    label = Hashtable({"Label": "N", "Expression": "Name"})
    result = call("ft Name,Active -AutoSize", inputs=ROWS)
    assert result.ctx.renders == [("table", ["Name", "Active"])]
    result = call("ft @0 -Wrap", [label], inputs=ROWS)
    assert result.ctx.renders == [("table", [label])]


def test_format_list_star() -> None:
    result = call("Format-List *", inputs=ROWS[:1])
    assert result.ctx.renders == [("list", ["*"])]
    assert len(result.out) == 1 and isinstance(result.out[0], str)
    assert call("fl", inputs=ROWS[:1]).ctx.renders == [("list", [])]


def test_formatters_without_input_output_nothing() -> None:
    assert call("ft", inputs=[]).out == []
    assert call("fl", inputs=[]).out == []


def test_hide_table_headers_drops_the_header_and_dash_rows() -> None:
    table = render(ROWS, "table")
    assert "Name" in table and "----" in table
    assert hide_headers(table) == "\nVMNAT   True\nb      False\n\n"
    result = call("ft -HideTableHeaders", inputs=ROWS)
    expected = result.ctx.render(ROWS, "table").removesuffix("\n")  # the fake has no dash row
    assert result.out == [expected]


def test_out_null_discards() -> None:
    assert call("Out-Null", inputs=ROWS).out == []
    assert call("Out-Null").out == []


def test_out_string_is_one_string_or_lines_with_stream() -> None:
    assert call("Out-String", inputs=["a", "b"]).out == ["<default:>\na\nb\n"]
    assert call("Out-String -Stream", inputs=["a", "b"]).out == ["<default:>", "a", "b"]
    assert call("Out-String -Width 200", inputs=[]).out == [""]


def test_out_default_and_out_host_write_to_the_host() -> None:
    result = call("Out-Default", inputs=["a"])
    assert result.out == []
    assert result.ctx.host == [("<default:>\na", True)]
    assert call("oh -Paging", inputs=["x"]).ctx.host == [("<default:>\nx", True)]
    assert call("Out-Default", inputs=[]).ctx.host == []
