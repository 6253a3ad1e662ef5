"""ConvertTo-Json in the Windows PowerShell 5.1 layout (spec powershell-subset §6.9)."""

from __future__ import annotations

from netnat.model import present
from netnat.model.enums import Protocol
from netnat.model.objects import StaticMapping
from netnat.model.psobject import custom_object
from netnat.output import render, to_json


def test_spec_sample_bracket_relative_indentation() -> None:
    obj = custom_object({"Name": "VMNAT", "Ports": [80, 443], "Active": True})
    assert to_json(obj) == (
        "{\n"
        '    "Name":  "VMNAT",\n'
        '    "Ports":  [\n'
        "                  80,\n"
        "                  443\n"
        "              ],\n"
        '    "Active":  true\n'
        "}"
    )


def test_objects_inside_arrays_inside_objects_and_enums_as_numbers() -> None:
    obj = {"Name": "x", "Maps": [custom_object({"Port": 80, "Protocol": Protocol.TCP})]}
    assert to_json(obj) == (
        "{\n"
        '    "Name":  "x",\n'
        '    "Maps":  [\n'
        "                 {\n"
        '                     "Port":  80,\n'
        '                     "Protocol":  6\n'
        "                 }\n"
        "             ]\n"
        "}"
    )


def test_several_objects_become_an_array_and_one_object_stays_alone() -> None:
    objs = [custom_object({"a": 1}), custom_object({"a": 2})]
    assert render(objs, fmt="json") == (
        '[\n    {\n        "a":  1\n    },\n    {\n        "a":  2\n    }\n]\n'
    )
    assert render(objs[:1], fmt="json") == '{\n    "a":  1\n}\n'
    assert render([], fmt="json") == ""


def test_static_mapping_json_writes_every_property_in_order() -> None:
    mapping = StaticMapping(3, "VMNAT", Protocol.UDP, "0.0.0.0", 53, "192.168.0.2", 53)
    assert render([present.static_mapping(mapping)], fmt="json") == (
        "{\n"
        '    "StaticMappingID":  3,\n'
        '    "NatName":  "VMNAT",\n'
        '    "Protocol":  17,\n'
        '    "RemoteExternalIPAddressPrefix":  "0.0.0.0/0",\n'
        '    "ExternalIPAddress":  "0.0.0.0",\n'
        '    "ExternalPort":  53,\n'
        '    "InternalIPAddress":  "192.168.0.2",\n'
        '    "InternalPort":  53,\n'
        '    "InternalRoutingDomainId":  "{00000000-0000-0000-0000-000000000000}",\n'
        '    "Active":  true,\n'
        '    "PSComputerName":  null\n'
        "}\n"
    )


def test_levels_deeper_than_depth_become_their_string_form() -> None:
    nested = custom_object(
        {
            "a": {"b": {"c": {"d": 1}}},
            "p": custom_object({"q": custom_object({"r": custom_object({"s": 1})})}),
            "l": [[[1, 2]]],
        }
    )
    assert to_json(nested) == (
        "{\n"
        '    "a":  {\n'
        '              "b":  {\n'
        '                        "c":  "System.Collections.Hashtable"\n'
        "                    }\n"
        "          },\n"
        '    "p":  {\n'
        '              "q":  {\n'
        '                        "r":  "@{s=1}"\n'
        "                    }\n"
        "          },\n"
        '    "l":  [\n'
        "              [\n"
        '                  "1 2"\n'
        "              ]\n"
        "          ]\n"
        "}"
    )
    assert (
        to_json({"a": {"b": 1}}, depth=1) == '{\n    "a":  {\n              "b":  1\n          }\n}'
    )
    assert (
        to_json({"a": {"b": {"c": 1}}}, depth=1, compress=True)
        == '{"a":{"b":"System.Collections.Hashtable"}}'
    )


def test_empty_containers_keep_5_1s_blank_line() -> None:
    assert to_json(custom_object({"Status": [], "Obj": {}})) == (
        '{\n    "Status":  [\n\n               ],\n    "Obj":  {\n\n            }\n}'
    )


def test_strings_are_escaped_like_javascriptserializer() -> None:
    text = "<a href='x'>&\"q\" \\ \n\t\x01é"
    expected = '"\\u003ca href=\\u0027x\\u0027\\u003e\\u0026\\"q\\" \\\\ \\n\\t\\u0001é"'
    assert to_json(text) == expected


def test_scalars_and_compress() -> None:
    assert to_json(None) == "null"
    assert to_json(True) == "true"
    assert to_json(3.0) == "3"
    assert to_json(0.1) == "0.1"
    assert to_json(0.1 + 0.2) == "0.30000000000000004"
    assert to_json(Protocol.TCP) == "6"
    assert to_json("VMNAT") == '"VMNAT"'
    obj = custom_object({"Name": "VMNAT", "Ports": [80, 443], "Sub": {"a": None}})
    assert to_json(obj, compress=True) == '{"Name":"VMNAT","Ports":[80,443],"Sub":{"a":null}}'
