"""Where-Object and ForEach-Object through the binder and a fake context."""

from __future__ import annotations

import pytest
from support.core_context import FakeContext, call, sb

from netnat.errors import ParameterBindingError, TerminatingError
from netnat.model.psobject import custom_object
from netnat.model.values import Hashtable

NATS = [
    custom_object({"Name": "VMNAT", "Active": True, "Port": 80, "Tags": ["a", "b"]}),
    custom_object({"Name": "lab", "Active": False, "Port": 8080, "Tags": []}),
    custom_object({"Name": "Other", "Active": True, "Port": 443, "Tags": ["B"]}),
]


def names(objects: list[object]) -> list[object]:
    return [o.get("Name") for o in objects]  # type: ignore[attr-defined]


# --- Where-Object -------------------------------------------------------------------------


def test_where_filter_script_sees_each_object() -> None:
    result = call("Where-Object @0", sb(lambda o: [o.get("Active")]), inputs=NATS)
    assert names(result.out) == ["VMNAT", "Other"]
    assert result.ctx.invoked == NATS


def test_where_script_output_uses_powershell_truthiness() -> None:
    outputs: dict[int, list[object]] = {1: [], 2: [0], 3: [0, 0], 4: ["False"], 5: [None]}
    result = call("? @0", sb(lambda n: outputs[n]), inputs=[1, 2, 3, 4, 5])
    assert result.out == [3, 4]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("where Name -eq vmnat", ["VMNAT"]),
        ("where Name -ceq vmnat", []),
        ("where Name -ne VMNAT", ["lab", "Other"]),
        ("where Port -gt 100", ["lab", "Other"]),
        ("where Port -ge 443", ["lab", "Other"]),
        ("where Port -lt 443", ["VMNAT"]),
        ("where Port -le 443", ["VMNAT", "Other"]),
        ("where Port -eq 80.0", ["VMNAT"]),
        ("where Name -like vm*", ["VMNAT"]),
        ("where Name -clike vm*", []),
        ("where Name -notlike *t*", ["lab"]),
        ("where Name -match ^o", ["Other"]),
        ("where Name -cmatch ^o", []),
        ("where Name -notmatch a", ["Other"]),
        ("where Tags -contains b", ["VMNAT", "Other"]),
        ("where Tags -ccontains b", ["VMNAT"]),
        ("where Tags -notcontains a", ["lab", "Other"]),
        ("where Name -in lab,other", ["lab", "Other"]),
        ("where Name -cin lab,other", ["lab"]),
        ("where Name -notin lab", ["VMNAT", "Other"]),
        ("where -Property Port -Value 80 -IEQ", ["VMNAT"]),
        ("where Active", ["VMNAT", "Other"]),
        ("where -Property Active", ["VMNAT", "Other"]),
        ("where Tags", ["VMNAT", "Other"]),
        ("where Missing", []),
    ],
)
def test_where_simplified_forms(line: str, expected: list[str]) -> None:
    assert names(call(line, inputs=NATS).out) == expected


def test_where_array_property_on_the_left_filters_its_elements() -> None:
    assert names(call("where Tags -eq a", inputs=NATS).out) == ["VMNAT"]
    assert names(call("where Tags -like ?", inputs=NATS).out) == ["VMNAT", "Other"]


def test_where_reads_hashtable_keys_and_string_length() -> None:
    table = Hashtable({"Name": "x"})
    assert call("where Name -eq X", inputs=[table]).out == [table]
    assert call("where Length -gt 2", inputs=["ab", "abc"]).out == ["abc"]


def test_where_first_in_pipeline_outputs_nothing_and_null_input_is_tested() -> None:
    assert call("Where-Object @0", sb(lambda o: [True])).out == []
    result = call("Where-Object @0", sb(lambda o: [o is None]), inputs=[None])
    assert result.out == [None]


def test_where_operator_without_value_is_terminating() -> None:
    with pytest.raises(TerminatingError) as caught:
        call("Where-Object Name -eq", inputs=NATS)
    record = caught.value.record
    assert record.message == (
        "The specified operator requires both the -Property and -Value parameters. Provide "
        "values for both parameters, and then try the command again."
    )
    assert record.fqid == (
        "ValueNotSpecifiedForWhereObject,Microsoft.PowerShell.Commands.WhereObjectCommand"
    )
    assert record.category == "InvalidArgument"


def test_where_value_without_operator_is_terminating() -> None:
    with pytest.raises(TerminatingError) as caught:
        call("Where-Object -Property Name -Value x", inputs=NATS)
    assert caught.value.record.fqid.startswith("OperatorNotSpecified,")
    assert caught.value.record.message.startswith("An operator is required to compare")


def test_where_two_operators_cannot_resolve_a_parameter_set() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("Where-Object Name -eq x -like", inputs=NATS)
    assert caught.value.record.fqid == (
        "AmbiguousParameterSet,Microsoft.PowerShell.Commands.WhereObjectCommand"
    )


def test_where_bad_regex_is_a_non_terminating_error_per_object() -> None:
    result = call("Where-Object Name -match [", inputs=NATS[:2])
    assert result.out == []
    assert (
        result.ctx.fqids == ["OperatorFailed,Microsoft.PowerShell.Commands.WhereObjectCommand"] * 2
    )


def test_where_comparison_that_cannot_convert_reports_and_drops_the_object() -> None:
    result = call("Where-Object Port -gt abc", inputs=NATS[:1])
    assert result.out == []
    assert "Cannot convert value" in result.ctx.messages[0]


# --- ForEach-Object -----------------------------------------------------------------------


def test_foreach_process_block_runs_per_object() -> None:
    result = call("ForEach-Object @0", sb(lambda o: [o * 2]), inputs=[1, 2, 3])
    assert result.out == [2, 4, 6]


def test_foreach_begin_process_end_named() -> None:
    log: list[str] = []

    def step(name: str, output: object) -> list[object]:
        log.append(name)
        return [output]

    begin = sb(lambda o: step("begin", "B"))
    process = sb(lambda o: step(f"p{o}", o))
    end = sb(lambda o: step("end", "E"))
    result = call("% -Begin @0 -Process @1 -End @2", begin, process, end, inputs=[1, 2])
    assert result.out == ["B", 1, 2, "E"]
    assert log == ["begin", "p1", "p2", "end"]


def test_foreach_three_process_blocks_are_begin_process_end() -> None:
    blocks = [sb(lambda o: ["B"]), sb(lambda o: [o]), sb(lambda o: ["E"])]
    assert call("foreach -Process @0", blocks, inputs=[1, 2]).out == ["B", 1, 2, "E"]


def test_foreach_two_positional_blocks_are_begin_and_process() -> None:
    result = call("% @0 @1", sb(lambda o: ["B"]), sb(lambda o: [o]), inputs=[7])
    assert result.out == ["B", 7]


def test_foreach_begin_and_end_run_without_input() -> None:
    result = call(
        "% -Begin @0 -Process @1 -End @2",
        sb(lambda o: ["B"]),
        sb(lambda o: [o]),
        sb(lambda o: ["E"]),
        inputs=[],
    )
    assert result.out == ["B", "E"]


def test_foreach_first_in_pipeline_runs_process_once_with_null() -> None:
    result = call("ForEach-Object @0", sb(lambda o: ["x", o]))
    assert result.out == ["x", None]


def test_foreach_member_name_reads_a_property_and_unrolls_arrays() -> None:
    assert call("ForEach-Object Name", inputs=NATS).out == ["VMNAT", "lab", "Other"]
    assert call("% -MemberName Tags", inputs=NATS).out == ["a", "b", "B"]
    assert call("% Length", inputs=["abc"]).out == [3]


def test_foreach_missing_member_gives_null() -> None:
    result = call("% Nope", inputs=[NATS[0], None])
    assert result.out == [None, None]
    assert result.ctx.errors == []


def test_foreach_member_name_calls_methods_with_arguments() -> None:
    assert call("% ToUpper", inputs=["ab"]).out == ["AB"]
    assert call("% Split \"','\"", inputs=["a,b"]).out == ["a", "b"]
    assert call("% -MemberName Replace -ArgumentList a,x", inputs=["banana"]).out == ["bxnxnx"]
    assert call("% Substring 1", inputs=["abc"]).out == ["bc"]
    assert call("% ToString", inputs=[5]).out == ["5"]


def test_foreach_psobject_methods_are_callable() -> None:
    key = custom_object({"Name": "k"})
    key.methods = {"GetValue": lambda name: f"value of {name}"}
    assert call("% GetValue Path", inputs=[key]).out == ["value of Path"]


def test_foreach_unknown_method_with_arguments_is_an_error() -> None:
    result = call("% Frobnicate 1", inputs=["abc"])
    assert result.out == []
    assert result.ctx.messages == ['Input name "Frobnicate" cannot be resolved to a method.']
    record = result.ctx.errors[0].record
    assert record.fqid == "MethodNotFound,Microsoft.PowerShell.Commands.ForEachObjectCommand"
    assert record.category_info() == (
        "InvalidArgument: (abc:String) [ForEach-Object], PSArgumentException"
    )


def test_foreach_method_failures_are_reported() -> None:
    result = call("% Substring 9", inputs=["abc"])
    assert result.ctx.messages == [
        'Exception calling "Substring" with "1" argument(s): "startIndex cannot be larger than '
        'length of string."'
    ]
    result = call("% ToUpper 1", inputs=["abc"])
    assert result.ctx.messages == [
        'Cannot find an overload for "ToUpper" and the argument count: "1".'
    ]


def test_foreach_begin_that_is_not_a_script_block_is_a_conversion_error() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("% -Begin x -Process @0", sb(lambda o: [o]), inputs=[1])
    assert caught.value.record.message == (
        "Cannot bind parameter 'Begin'. Cannot convert the \"x\" value of type "
        '"System.String" to type "System.Management.Automation.ScriptBlock".'
    )


def test_foreach_scratch_is_per_invocation() -> None:
    ctx = FakeContext()
    begin = sb(lambda o: ["B"])
    call("% -Begin @0 -Process @1", begin, sb(lambda o: [o]), inputs=[1], ctx=ctx)
    again = call("% -Begin @0 -Process @1", begin, sb(lambda o: [o]), inputs=[2], ctx=ctx)
    assert again.out == ["B", 2]
