"""ShouldProcess: -WhatIf, -Confirm, $ConfirmPreference and the console prompt (subset §3)."""

from __future__ import annotations

from netnat.binding.decl import Bound, Impact
from netnat.engine.host import Host
from netnat.errors import ErrorRecord, TerminatingError
from netnat.record import dataclass

CHOICES = [
    ("&Yes", "Continue with only the next step of the operation."),
    ("Yes to &All", "Continue with all the steps of the operation."),
    ("&No", "Skip this operation and proceed with the next operation."),
    ("No to A&ll", "Skip this operation and all subsequent operations."),
]
YES, YES_ALL, NO, NO_ALL = range(4)
NON_INTERACTIVE = (
    "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
)


@dataclass(slots=True)
class Preferences:
    """The preference variables a session starts with."""

    confirm: Impact = Impact.HIGH  # $ConfirmPreference; --yes sets NONE
    whatif: bool = False  # $WhatIfPreference
    error_action: str = "Continue"  # $ErrorActionPreference
    verbose: bool = False  # $VerbosePreference = Continue


@dataclass(slots=True)
class ShouldProcess:
    """Decisions for one command invocation: Yes/No to All stick until it ends."""

    host: Host
    prefs: Preferences
    bound: Bound
    to_all: bool | None = None

    def __call__(self, description: str, force: bool = False, query: str | None = None) -> bool:
        if self.to_all is not None:
            return self.to_all
        if self._whatif():
            self.host.write_line(f"What if: {description}")
            return False
        if not self._must_prompt(force):
            if self._verbose():
                self.host.write_verbose(description)
            return True
        return self._prompt(
            query or f"Are you sure you want to perform this action?\n{description}"
        )

    def should_continue(self, query: str, caption: str = "Confirm") -> bool:
        """ShouldContinue: asks whatever -Confirm says; only --yes ($ConfirmPreference None
        from the command line) answers for the user."""
        if self.to_all is not None:
            return self.to_all
        if self.prefs.confirm is Impact.NONE:
            return True
        return self._prompt(query, caption)

    def _whatif(self) -> bool:
        given = self.bound.get("WhatIf")
        return bool(given) if given is not None else self.prefs.whatif

    def _verbose(self) -> bool:
        given = self.bound.get("Verbose")
        return bool(given) if given is not None else self.prefs.verbose

    def _must_prompt(self, force: bool) -> bool:
        confirm = self.bound.get("Confirm")
        if confirm is True:
            return True
        if confirm is False or force:
            return False
        level = self.prefs.confirm
        return level is not Impact.NONE and self.bound.cmdlet.confirm_impact >= level

    def _prompt(self, message: str, caption: str = "Confirm") -> bool:
        if not self.host.interactive:
            raise TerminatingError(
                ErrorRecord(
                    message=NON_INTERACTIVE,
                    category="InvalidOperation",  # [inf] category and id
                    fqid=f"InvalidOperation,{self.bound.cmdlet.fqid_suffix}",
                    activity=self.bound.cmdlet.name,
                    reason="PSInvalidOperationException",
                )
            )
        answer = self.host.prompt(caption, message, CHOICES, YES)
        if answer in (YES_ALL, NO_ALL):
            self.to_all = answer == YES_ALL
        return answer in (YES, YES_ALL)
