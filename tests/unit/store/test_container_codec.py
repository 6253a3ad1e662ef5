"""The container host's tables in the store: [[feature]], [[service]], [docker],
[[container_network]], [[endpoint]], [[guest_address]] round-trip; absent ones are not written."""

from __future__ import annotations

import tomllib

import tomli_w
from support.runner import Runner

from netnat.model.state import State
from netnat.store.codec import decode_document, encode_document


def test_container_host_round_trips_through_toml() -> None:
    run = Runner()
    run("Install-WindowsFeature Containers")
    run("Set-DockerDaemon -FixedCidr 192.168.1.0/24")
    run("Start-Service docker")
    run("Add-ContainerNetworkEndpoint -ContainerName web -NetworkName nat")
    run("New-VMSwitch -SwitchName VMs -SwitchType Internal")
    run("Add-VMNetworkAdapter -VMName web1 -SwitchName VMs")
    run("Add-VMGuestIPAddress -VMName web1 -IPAddress 10.0.0.9")
    assert not run.errors, run.errors
    doc = encode_document(run.state)
    keys = {"feature", "service", "docker", "container_network", "endpoint", "guest_address"}
    assert keys <= set(doc)
    assert doc["service"][0] == {"Name": "docker", "DisplayName": "Docker Engine",
                                 "StartType": "Automatic", "Status": "Running"}  # fmt: skip
    assert doc["container_network"][0]["Mode"] == "NAT"
    text = tomli_w.dumps(doc)
    assert decode_document(tomllib.loads(text)) == run.state


def test_a_plain_host_writes_none_of_them() -> None:
    text = tomli_w.dumps(encode_document(State.initial()))
    assert "feature" not in text and "docker" not in text and "container" not in text
