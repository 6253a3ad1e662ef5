"""Batched runbooks apply a change the backend cannot batch as its cmdlet ends: its failure is
that cmdlet's (non-terminating) error, and the cmdlets after it keep their changes."""

from __future__ import annotations

from netnat.cmdlets.registry import resolve
from netnat.engine.host import RecordingHost
from netnat.engine.script import run_text
from netnat.engine.session import MemoryCommitter, Session
from netnat.errors import BackendError, ErrorRecord
from netnat.model.state import Mode, Settings, State


class SwitchesFail(MemoryCommitter):
    """Mappings wait for a group commit; a switch is applied alone, and its apply fails."""

    def batchable(self, old: State, new: State) -> bool:
        return old.switches is new.switches

    def commit(self, old: State, new: State) -> None:
        if len(new.switches) > len(old.switches):
            raise BackendError(
                ErrorRecord(message="injected: no bridge", category="NotSpecified", fqid="Injected")
            )
        super().commit(old, new)


RUNBOOK = """\
New-NetNat -Name N -InternalIPInterfaceAddressPrefix 10.0.0.0/24 | Out-Null
Add-NetNatStaticMapping -NatName N -Protocol TCP -ExternalIPAddress 0.0.0.0 -ExternalPort 81 `
    -InternalIPAddress 10.0.0.2 -InternalPort 80 | Out-Null
New-VMSwitch -Name S -SwitchType Internal | Out-Null
Add-NetNatStaticMapping -NatName N -Protocol TCP -ExternalIPAddress 0.0.0.0 -ExternalPort 82 `
    -InternalIPAddress 10.0.0.2 -InternalPort 80 | Out-Null
"done"
"""


def test_a_failed_apply_is_its_cmdlets_error_and_later_changes_are_kept() -> None:
    host = RecordingHost()
    committer = SwitchesFail()
    state = State.initial().with_(settings=Settings(mode=Mode.RELAXED))
    session = Session(state, host, committer, batch=True)
    run_text(RUNBOOK, session, resolve, "runbook.ps1")
    assert host.output == ["done"]
    assert [r.message for r in host.errors] == ["injected: no bridge"]
    assert session.had_error
    final = committer.commits[-1]
    assert [m.ExternalPort for m in final.mappings] == [81, 82]
    assert final.switches == ()
    assert len(committer.commits) == 2  # NAT + first mapping before the switch; the rest at the end
