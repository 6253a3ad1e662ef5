"""Injected failures for the kernel tests: the n-th kernel change of an apply fails (before or
after it takes effect), in the forked child that runs the backend inside the lab's namespace."""

from __future__ import annotations

from collections.abc import Callable

from kernel.conftest import Lab, snapshot

from netnat.model.state import State

WRITES = (
    "add_link",
    "delete_link",
    "set_alias",
    "set_up",
    "set_mac",
    "set_master",
    "add_address",
    "delete_address",
    "add_route",
    "delete_route",
    "write_sysctl",
    "nft",
)


def _fail_call(at: int, after: bool) -> None:
    """In the child: the `at`-th kernel change fails (`after`: once it has taken effect)."""
    from netnat.backends.linux.kernel import Kernel, KernelFailure

    count = [0]

    def failing(original: Callable[..., object]) -> Callable[..., object]:
        def call(self: Kernel, *args: object) -> object:
            count[0] += 1
            if count[0] != at:
                return original(self, *args)
            if after:
                original(self, *args)
            raise KernelFailure("injected failure")

        return call

    for method in WRITES:
        setattr(Kernel, method, failing(getattr(Kernel, method)))


def _apply_failing_at(old: State, new: State, at: int, after: bool) -> None:
    from netnat.backends.linux import LinuxBackend

    _fail_call(at, after)
    backend = LinuxBackend()
    backend.apply(backend.plan(old, new))


def each_call_fails(
    lab: Lab, new: State, after: bool, check: Callable[[], object] = lambda: None
) -> int:
    """Apply lab.state -> new with its 1st, 2nd... kernel change failing until it goes
    through: after each failure the host namespace (and `check()`) must be as before.
    Returns the number of failures."""
    from netnat.errors import BackendError

    before, checked = snapshot(lab), check()
    for at in range(1, 100):
        try:
            lab.host.call(_apply_failing_at, lab.state, new, at, after)
        except BackendError as failed:
            assert "put back as it was" in failed.record.message, failed.record.message
            assert snapshot(lab) == before, f"call {at} was not rolled back"
            assert check() == checked, f"call {at} was not rolled back"
            continue
        lab.state = new
        return at - 1
    raise AssertionError("more than 100 kernel calls")
