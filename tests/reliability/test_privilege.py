"""Privilege: as root, netnat refuses store files others could change (as sshd refuses loose
keys) and says how to fix them; it creates its files owner-writable only; the linux backend
without CAP_NET_ADMIN fails before changing anything.

Every check goes through the real CLI (`python -m netnat`), as root.
"""

from __future__ import annotations

import marshal
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from kernel.conftest import Lab, snapshot
from kernel.netlab import kernel_prerequisites
from reliability import figures
from reliability.support import Done, fork_main, load, netnat, snapshot_dir

from netnat.store import cache

NOBODY = 65534
NAT = ["New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"]
MAPPING = [
    "Add-NetNatStaticMapping",
    "-NatName",
    "VMNAT",
    "-Protocol",
    "TCP",
    "-ExternalIPAddress",
    "0.0.0.0",
    "-ExternalPort",
    "8080",
    "-InternalIPAddress",
    "192.168.0.2",
    "-InternalPort",
    "80",
]


@pytest.fixture(autouse=True)
def _as_root() -> None:
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("the privilege tests need root (CI=true: they must run)")
        pytest.skip("the privilege tests need root")


def _made(store: Path) -> bytes:
    netnat(store, *NAT).clean()
    return store.read_bytes()


def _refused(done: Done, what: str, path: Path, fix: str) -> None:
    message = " ".join(done.err.split())
    assert done.code == 1, done.err
    assert f"The {what} '{path}'" in message, message
    assert "netnat runs as root and refuses it" in message, message
    assert f"Fix: {fix}" in message, message
    assert "StoreInsecure" in message
    figures.add("privilege: loose store files refused, with the fix")


@pytest.mark.parametrize(
    ("change", "fix"),
    [
        ("chmod 0666", "chmod go-w '{path}'"),
        ("chmod 0620", "chmod go-w '{path}'"),
        ("chown nobody", "chown root '{path}'"),
    ],
)
def test_a_store_file_others_can_write_is_refused(store: Path, change: str, fix: str) -> None:
    before = _made(store)
    _loosen(store, change)
    mode = store.stat().st_mode
    for argv in (MAPPING, ["Get-NetNat"], ["-c", "Get-NetNat"], ["config", "mode", "relaxed"]):
        _refused(netnat(store, *argv), "store file", store, fix.format(path=store))
    assert store.read_bytes() == before and store.stat().st_mode == mode  # left as it was


@pytest.mark.parametrize(
    ("change", "fix"),
    [("chmod 0666", "chmod go-w '{path}'"), ("chown nobody", "chown root '{path}'")],
)
def test_a_lock_file_others_can_write_is_refused(store: Path, change: str, fix: str) -> None:
    before = _made(store)
    lock = store.with_name("state.toml.lock")
    _loosen(lock, change)
    _refused(netnat(store, *MAPPING), "store lock file", lock, fix.format(path=lock))
    assert store.read_bytes() == before
    assert netnat(store, "Get-NetNat").clean().code == 0  # readers take no lock


@pytest.mark.parametrize(
    ("mode", "fix"),
    [
        (0o775, "chmod go-w '{path}'"),
        (0o777, "chmod go-w '{path}'"),
        (0o1777, "keep the store in a directory only root can write, e.g. /var/lib/netnat"),
    ],
)
def test_a_store_directory_others_can_write_is_refused(store: Path, mode: int, fix: str) -> None:
    before = _made(store)
    store.parent.chmod(mode)
    for argv in (MAPPING, ["Get-NetNat"]):
        _refused(
            netnat(store, *argv), "store directory", store.parent, fix.format(path=store.parent)
        )
    store.parent.chmod(0o755)
    assert store.read_bytes() == before


def test_a_new_store_in_a_directory_others_can_write_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    store = shared / "state.toml"
    _refused(netnat(store, *NAT), "store directory", shared, f"chmod go-w '{shared}'")
    assert list(shared.iterdir()) == []


def test_links_planted_for_the_lock_and_the_store_are_not_followed(
    store: Path, tmp_path: Path
) -> None:
    before = _made(store)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    victim.chmod(0o600)
    lock = store.with_name("state.toml.lock")
    lock.unlink()
    lock.symlink_to(victim)
    done = netnat(store, *MAPPING).clean()
    assert done.code == 1 and "state.toml.lock' cannot be taken" in done.err, done.err
    assert victim.read_bytes() == b"precious\n" and store.read_bytes() == before
    figures.add("privilege: planted links not followed")

    lock.unlink()
    foreign = tmp_path / "foreign.toml"
    foreign.write_bytes(before)
    os.chown(foreign, NOBODY, NOBODY)
    store.unlink()
    store.symlink_to(foreign)  # the store itself now points at a file nobody owns
    _refused(netnat(store, "Get-NetNat"), "store file", store, f"chown root '{store}'")


def test_a_cache_planted_by_another_user_is_ignored(store: Path) -> None:
    """The parse cache is unmarshalled only when root (or the user) alone could write it."""
    _made(store)
    key = cache.digest(store.read_bytes())
    doc = {
        "schema": 1,
        "nat": [{"Name": "EVIL", "InternalIPInterfaceAddressPrefix": "10.6.6.0/24"}],
    }
    body = marshal.dumps({"doc": doc, "arrays": {}})  # the form packing.pack writes
    planted = store.with_name("state.toml.cache")
    for owner, mode in ((NOBODY, 0o644), (0, 0o666)):
        planted.write_bytes(b"".join((cache.MAGIC.encode(), key, cache.digest(body), body)))
        os.chown(planted, owner, owner)
        planted.chmod(mode)
        assert [n.Name for n in load(store).nats] == ["VMNAT"]
        done = netnat(store, "-o", "json", "Get-NetNat").clean()
        assert "EVIL" not in done.out and "VMNAT" in done.out
        figures.add("privilege: foreign parse caches ignored")


def test_files_are_created_owner_writable_only_whatever_the_umask(tmp_path: Path) -> None:
    store = tmp_path / "new" / "dir" / "state.toml"
    tmp_path.chmod(0o755)
    done = fork_main(["--store", str(store), *NAT], tmp_path, setup=lambda: os.umask(0))
    assert done.code == 0, done.err
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in store.parent.iterdir()}
    assert modes == {"state.toml": 0o644, "state.toml.lock": 0o600, "state.toml.cache": 0o644}
    for directory in (store.parent, store.parent.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o755
    figures.add("privilege: store files created 0644, lock 0600, directories 0755")


def _loosen(path: Path, change: str) -> None:
    if change.startswith("chmod"):
        path.chmod(int(change.split()[1], 8))
    else:
        os.chown(path, NOBODY, NOBODY)


# ---- the linux backend without CAP_NET_ADMIN ----------------------------------------------


@pytest.fixture
def kernel_store() -> Iterator[Path]:
    """A store in a directory `nobody` can reach and write (for the uid-nobody case)."""
    base = Path(tempfile.mkdtemp(prefix="nnr-priv-"))
    try:
        base.chmod(0o755)
        yield base / "store" / "state.toml"
    finally:
        shutil.rmtree(base)


@pytest.mark.kernel
def test_without_cap_net_admin_the_linux_backend_changes_nothing(
    rlab: Lab, kernel_store: Path
) -> None:
    """Root without CAP_NET_ADMIN (a container, `setpriv --bounding-set=-net_admin`)."""
    kernel_prerequisites("setpriv")
    store = kernel_store
    netnat(store, *NAT).clean()  # the store exists; the kernel has nothing yet
    before = (snapshot(rlab), snapshot_dir(store.parent))
    prefix = [
        "ip",
        "netns",
        "exec",
        rlab.host.name,
        "setpriv",
        "--bounding-set=-net_admin",
        "--inh-caps=-net_admin",
    ]
    for argv in (
        ["New-VMSwitch", "-Name", "VMNAT", "-SwitchType", "Internal"],
        MAPPING,
        ["Remove-NetNat", "-Confirm:false"],
        ["-c", "New-VMSwitch -Name X -SwitchType Private"],
        ["sync"],
    ):
        done = netnat(store, "--backend", "linux", *argv, prefix=prefix).clean()
        assert done.code == 1, (argv, done.out, done.err)
        assert "needs CAP_NET_ADMIN" in done.err and "Nothing was changed" in done.err, done.err
        assert (snapshot(rlab), snapshot_dir(store.parent)) == before, argv
        figures.add("privilege: linux backend calls without CAP_NET_ADMIN (nothing changed)")


def _become_nobody() -> None:
    import netnat.backends.linux
    import netnat.backends.state
    import netnat.cli.commit
    import netnat.cli.run_cmdlet  # noqa: F401

    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


@pytest.mark.kernel
def test_as_nobody_the_linux_backend_changes_nothing(
    rlab: Lab, kernel_store: Path, tmp_path: Path
) -> None:
    store = kernel_store
    netnat(store, *NAT).clean()
    for path in (store.parent, *store.parent.iterdir()):
        os.chown(path, NOBODY, NOBODY)
    work = store.parent.parent / "work"
    work.mkdir()
    os.chown(work, NOBODY, NOBODY)
    before = (snapshot(rlab), snapshot_dir(store.parent))
    argv = [
        "--store",
        str(store),
        "--backend",
        "linux",
        "New-VMSwitch",
        "-Name",
        "VMNAT",
        "-SwitchType",
        "Internal",
    ]
    done = fork_main(argv, work, netns=rlab.host.name, setup=_become_nobody)
    assert done.code == 1, done.err
    assert "needs CAP_NET_ADMIN" in done.err and "Traceback" not in done.err, done.err
    assert (snapshot(rlab), snapshot_dir(store.parent)) == before
    figures.add("privilege: linux backend calls without CAP_NET_ADMIN (nothing changed)")
