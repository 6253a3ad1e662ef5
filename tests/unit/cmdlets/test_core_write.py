"""Write-Host, Write-Output and the stream cmdlets through the binder and a fake context."""

from __future__ import annotations

import pytest
from support.core_context import FakeContext, call

from netnat.errors import CmdletError, ParameterBindingError
from netnat.model.psobject import custom_object
from netnat.model.values import Hashtable

# --- Write-Host ---------------------------------------------------------------------------


def test_write_host_writes_string_forms_to_the_host_only() -> None:
    result = call("Write-Host 'NAT ready'")
    assert result.out == []
    assert result.ctx.host == [("NAT ready", True)]


def test_write_host_joins_arrays_with_the_separator() -> None:
    assert call("Write-Host a,b,3").ctx.host == [("a b 3", True)]
    assert call("Write-Host a,b -Separator \"', '\"").ctx.host == [("a, b", True)]
    obj = custom_object({"Name": "x"})
    assert call("Write-Host @0", [obj, True, None, Hashtable()]).ctx.host == [
        ("@{Name=x} True  System.Collections.Hashtable", True)
    ]


def test_write_host_no_newline_and_empty() -> None:
    assert call("Write-Host x -NoNewline").ctx.host == [("x", False)]
    assert call("Write-Host").ctx.host == [("", True)]


def test_write_host_takes_pipeline_objects() -> None:
    assert call("Write-Host", inputs=["a", 1]).ctx.host == [("a", True), ("1", True)]


def test_write_host_accepts_colours_and_refuses_unknown_ones() -> None:
    assert call("Write-Host x -ForegroundColor green -BackgroundColor DarkBlue").ctx.host == [
        ("x", True)
    ]
    with pytest.raises(ParameterBindingError) as caught:
        call("Write-Host x -ForegroundColor Purple")
    assert caught.value.record.message.startswith(
        "Cannot bind parameter 'ForegroundColor'. Cannot convert value \"Purple\" to type "
        '"System.ConsoleColor". Error: "Unable to match the identifier name Purple to a valid '
        "enumerator name. Specify one of the following enumerator names and try again:\nBlack, "
    )
    assert caught.value.record.fqid == (
        "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.WriteHostCommand"
    )


# --- Write-Output -------------------------------------------------------------------------


def test_write_output_unrolls_arrays() -> None:
    assert call("Write-Output a,b").out == ["a", "b"]
    assert call("echo x").out == ["x"]
    obj = custom_object({"A": 1})
    assert call("write @0", [obj, 3]).out == [obj, 3]


def test_write_output_no_enumerate_keeps_the_array() -> None:
    assert call("Write-Output a,b -NoEnumerate").out == [["a", "b"]]
    assert call("Write-Output a -NoEnumerate").out == ["a"]


def test_write_output_passes_pipeline_objects_and_null() -> None:
    assert call("Write-Output", inputs=[1, None, "x"]).out == [1, None, "x"]
    assert call("Write-Output $null").out == [None]


def test_write_output_without_input_is_missing_mandatory() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("Write-Output")
    assert caught.value.record.message == (
        "Cannot process command because of one or more missing mandatory parameters: InputObject."
    )
    assert caught.value.record.fqid == (
        "MissingMandatoryParameter,Microsoft.PowerShell.Commands.WriteOutputCommand"
    )


# --- Write-Warning / Verbose / Debug ------------------------------------------------------


def test_write_warning_and_verbose_go_to_their_sinks() -> None:
    ctx = FakeContext()
    call("Write-Warning 'careful'", ctx=ctx)
    call("Write-Verbose -Message 'step 1'", ctx=ctx)
    call("Write-Verbose", inputs=["piped"], ctx=ctx)
    assert ctx.warnings == ["careful"]
    assert ctx.verbose == ["step 1", "piped"]


def test_write_warning_needs_a_message() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("Write-Warning")
    assert caught.value.record.fqid.startswith("MissingMandatoryParameter,")


def test_write_debug_follows_debug_preference() -> None:
    assert call("Write-Debug hidden").ctx.host == []
    assert call("Write-Debug shown -Debug").ctx.host == [("DEBUG: shown", True)]
    ctx = FakeContext({"DebugPreference": "Continue"})
    assert call("Write-Debug shown", ctx=ctx).ctx.host == [("DEBUG: shown", True)]


def test_write_debug_uses_the_context_sink_when_there_is_one() -> None:
    class WithDebug(FakeContext):
        def __init__(self) -> None:
            super().__init__()
            self.debug: list[str] = []

        def write_debug(self, text: str) -> None:
            self.debug.append(text)

    ctx = WithDebug()
    call("Write-Debug x", ctx=ctx)
    assert ctx.debug == ["x"]
    assert ctx.host == []


# --- Write-Error --------------------------------------------------------------------------


def test_write_error_default_record() -> None:
    result = call("Write-Error 'The NAT is missing'")
    assert result.out == []
    (error,) = result.ctx.errors
    assert isinstance(error, CmdletError)
    record = error.record
    assert record.message == "The NAT is missing"
    assert record.fqid == "Microsoft.PowerShell.Commands.WriteErrorException"
    assert record.category_info() == "NotSpecified: (:) [Write-Error], WriteErrorException"


def test_write_error_category_error_id_and_target() -> None:
    result = call(
        "Write-Error -Message gone -Category objectnotfound -ErrorId NatGone -TargetObject VMNAT"
    )
    record = result.ctx.errors[0].record
    assert record.fqid == "NatGone"
    assert (
        record.category_info()
        == "ObjectNotFound: (VMNAT:String) [Write-Error], WriteErrorException"
    )


def test_write_error_category_overrides() -> None:
    line = (
        "Write-Error x -CategoryActivity Act -CategoryReason Why -CategoryTargetName T "
        "-CategoryTargetType Thing -RecommendedAction 'do this'"
    )
    record = call(line).ctx.errors[0].record
    assert record.category_info() == "NotSpecified: (T:Thing) [Act], Why"


def test_write_error_bad_category_is_a_binding_error() -> None:
    with pytest.raises(ParameterBindingError) as caught:
        call("Write-Error x -Category Oops")
    assert '"System.Management.Automation.ErrorCategory"' in caught.value.record.message


def test_write_error_from_the_pipeline_writes_one_record_per_message() -> None:
    assert len(call("Write-Error", inputs=["a", "b"]).ctx.errors) == 2
