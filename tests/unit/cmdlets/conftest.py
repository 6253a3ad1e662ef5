"""Fixtures: in-memory sessions for the cmdlet tests."""

from __future__ import annotations

import pytest
from support.runner import Runner

from netnat.model.state import Mode, Settings, State


@pytest.fixture
def run() -> Runner:
    return Runner()


@pytest.fixture
def relaxed() -> Runner:
    return Runner(State.initial().with_(settings=Settings(mode=Mode.RELAXED)))


@pytest.fixture
def nat_host(run: Runner) -> Runner:
    """The blog's starting point: switch VMNAT, gateway 192.168.0.1/24, NAT VMNAT."""
    run("New-VMSwitch -SwitchName VMNAT -SwitchType Internal")
    run(
        'New-NetIPAddress -IPAddress 192.168.0.1 -PrefixLength 24 -InterfaceAlias "vEthernet (VMNAT)"'
    )
    run("New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24")
    assert not run.host.errors, run.errors
    return run
