"""The `linux` backend: bridges, taps and one nftables table in the current network namespace.

`plan` is pure; `apply` runs every step or none (link steps undone in reverse, the nft part
is one transaction); `sync` converges the kernel to a State; `drift` reports the differences.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from netnat.backends.base import HostView, Plan, Step
from netnat.backends.linux import names
from netnat.backends.linux.kernel import Kernel, KernelFailure, has_net_admin, missing_tools
from netnat.backends.linux.layout import Layout, appended_nats, layout, may_batch
from netnat.backends.linux.observe import describe, forwarding_problems, kernel_layout
from netnat.backends.linux.ops import Op, SetUp, Undo
from netnat.backends.linux.planner import nat_ops, plan_ops, sysctl_ops
from netnat.backends.linux.sessions import ConntrackFailure, nat_sessions, read_flows
from netnat.errors import BackendError, ErrorRecord
from netnat.model.objects import NetNat
from netnat.model.state import State
from netnat.record import dataclass

NAME = "linux"


@dataclass(frozen=True, slots=True)
class KernelStep(Step):
    """A plan step that `apply` can run: its text is what `op` does."""

    op: Op | None = None


def to_plan(ops: list[Op]) -> Plan:
    return Plan(NAME, tuple(KernelStep(text=op.text(), kind=op.kind, op=op) for op in ops))


def failure(
    message: str, fqid: str, target: str = "", category: str = "NotSpecified"
) -> BackendError:
    return BackendError(
        ErrorRecord(
            message=message,
            category=category,
            fqid=fqid,
            reason="BackendError",
            target_name=target,
            target_type="Kernel",
        )
    )


def require_kernel_access() -> None:
    """Fail before anything changes when the process may not change the network."""
    if not has_net_admin():
        raise failure(
            "The linux backend needs CAP_NET_ADMIN to manage the network: run netnat as root "
            "(for example with sudo), or use --backend state. Nothing was changed.",
            "LinuxBackendNeedsRoot",
            category="PermissionDenied",
        )
    missing = missing_tools()
    if missing:
        raise failure(
            f"The linux backend needs {', '.join(missing)}: install nftables. Nothing was changed.",
            "LinuxBackendMissingTool",
            category="NotInstalled",
        )


class LinuxBackend:
    """Makes the store real in the network namespace netnat runs in."""

    name = NAME

    def __init__(self) -> None:
        self._layouts: list[tuple[State, Layout]] = []  # the last two: a commit reuses one

    def _layout(self, state: State) -> Layout:
        for known, found in self._layouts:
            if known is state:
                return found
        made = layout(state, self._layouts[-1] if self._layouts else None)
        self._layouts = [*self._layouts[-1:], (state, made)]
        return made

    # ---- protocol ------------------------------------------------------------------
    def observe(self, state: State) -> HostView:
        """Reading links and addresses needs no privilege."""
        with _kernel() as k:
            adapters: list[str] = []
            addresses: list[tuple[str, str]] = []
            for link in k.links():
                shown = _adapter_name(link.name, link.alias, link.kind)
                if shown:
                    adapters.append(shown)
                    addresses += [(shown, cidr) for cidr in k.addresses(link.name)]
        return HostView(adapters=tuple(adapters), addresses=tuple(addresses))

    def plan(self, old: State, new: State) -> Plan:
        """The steps from `old` to `new`. Appending static mappings (a runbook's loop, one
        Add-NetNatStaticMapping) diffs only the NAT table's part on the appended ports."""
        try:
            cut = appended_nats(old, new)
            if cut is not None:
                return to_plan(nat_ops(*cut, replace_table=False))
            return to_plan(plan_ops(self._layout(old), self._layout(new)))
        except ValueError as exc:
            raise failure(f"Cannot plan the kernel change: {exc}.", "LinuxPlanFailed") from exc

    def batchable(self, old: State, new: State) -> bool:
        """Only appended static mappings (map elements in the one nft transaction) wait for a
        group commit; links, addresses and tables are applied as their cmdlet ends."""
        return may_batch(old, new)

    def apply(self, plan: Plan) -> None:
        ops = [s.op for s in plan.steps if isinstance(s, KernelStep) and s.op is not None]
        if not ops:
            return
        require_kernel_access()
        with _kernel() as k:
            run_all(k, ops)

    def sessions(self, nat: NetNat) -> list[object]:
        require_kernel_access()  # conntrack -L needs CAP_NET_ADMIN too
        try:
            return list(nat_sessions(nat, read_flows()))
        except ConntrackFailure as exc:
            raise failure(f"Cannot read the NAT sessions: {exc}.", "LinuxSessionsFailed") from exc

    # ---- sync and drift ------------------------------------------------------------
    def sync_plan(self, state: State) -> Plan:
        """The steps that bring the kernel back to `state` (reads the kernel, changes nothing)."""
        require_kernel_access()
        desired = layout(state)
        with _kernel() as k:
            actual, problems = kernel_layout(k, desired)
            replace = bool(problems) or actual.nat != desired.nat
            ops = plan_ops(actual, desired, replace_table=replace)
            wanted = {*desired.bridges, *desired.taps, *desired.veths}
            ops += [SetUp(link.name) for link in k.links() if link.name in wanted and not link.up]
            if forwarding_problems(k, desired):
                ops += sysctl_ops()
        return to_plan(ops)

    def sync(self, state: State) -> Plan:
        """Converge the kernel to `state`: recreate what is missing, remove netnat-owned objects
        the store no longer has. Returns the plan it applied."""
        plan = self.sync_plan(state)
        self.apply(plan)
        return plan

    def drift(self, state: State) -> list[str]:
        """How the kernel differs from `state`, one line per difference ([] when in sync)."""
        require_kernel_access()
        desired = layout(state)
        with _kernel() as k:
            actual, problems = kernel_layout(k, desired)
            return problems + describe(actual, desired) + forwarding_problems(k, desired)


def _adapter_name(ifname: str, alias: str, kind: str) -> str:
    """How a link shows as a host adapter: a switch's vNIC by its alias; taps not at all."""
    if names.is_bridge(ifname):
        return alias if alias.startswith("vEthernet (") else ""
    if names.is_owned(ifname):
        return ""
    return ifname


def run_all(k: Kernel, ops: list[Op]) -> None:
    """Run `ops` in order; on the first failure undo the done ones in reverse, then raise.

    Ctrl-C (KeyboardInterrupt) or any other interruption in the middle rolls back too, then
    goes on as it came (or as a BackendError when the rollback could not finish)."""
    undo = Undo()
    for number, op in enumerate(ops, 1):
        try:
            op.run(k, undo)
        except BaseException as exc:  # anything: the kernel must be put back first
            with _holding_interrupts():
                problems = rollback(k, undo)
            if isinstance(exc, Exception) or problems:
                raise _apply_failed(number, len(ops), op, exc, problems) from exc
            raise


def rollback(k: Kernel, undo: Undo) -> list[str]:
    """Undo in reverse; returns what could not be undone (normally nothing).

    An undo that fails is tried once more at the end: some wait for another one further back
    (a route for the address of its gateway, removed by an earlier step). Trying again is
    harmless: a link undo adds only what is missing and removes only what is there, and an
    nft batch that failed changed nothing."""
    failed: list[Op] = []
    for group in undo.newest_first():
        for op in group:
            try:
                op.run(k, Undo())  # (the undo of an undo is not needed)
            except Exception:
                failed.append(op)
    problems = []
    for op in failed:
        try:
            op.run(k, Undo())
        except Exception as exc:
            problems.append(f"{op.text().splitlines()[0]}: {exc}")
    return problems


@contextmanager
def _holding_interrupts() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) while a rollback runs, so the kernel is put back whole; a held
    one is raised (by the handler that was there) when the rollback is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if not callable(previous):  # SIG_IGN, SIG_DFL, or not set from Python: left as it is
        yield
        return
    held: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        previous(signal.SIGINT, None)


def _apply_failed(
    number: int, total: int, op: Op, exc: BaseException, problems: list[str]
) -> BackendError:
    first = op.text().splitlines()[0]
    if isinstance(exc, Exception):
        message = f"The linux backend could not apply step {number} of {total} ({first}): {exc}."
    else:
        message = (
            f"The linux backend was interrupted ({type(exc).__name__}) at step {number} of "
            f"{total} ({first})."
        )
    if problems:
        message += (
            " Rolling back also failed for: "
            + "; ".join(problems)
            + ". Run 'netnat sync' to converge the kernel to the store."
        )
    else:
        message += (
            " The kernel was put back as it was; the store is unchanged. If netnat's kernel"
            " objects were changed by hand, 'netnat sync' rebuilds them from the store."
        )
    return failure(message, "LinuxApplyFailed", target=first)


@contextmanager
def _kernel() -> Iterator[Kernel]:
    k = Kernel()
    try:
        yield k
    except KernelFailure as exc:
        message = f"The linux backend could not read the kernel: {exc}."
        raise failure(message, "LinuxReadFailed") from exc
    finally:
        k.close()
