"""A full disk and a read-only store directory: a clear error, and nothing changes.

The disk is a 128 KiB tmpfs mounted in a private mount namespace (`unshare --mount`), visible to
nothing else and gone with the process; it is filled to 0, 1 and 2 free pages, less than the
store needs, so writes fail at their start or half-way. Then it is remounted read-only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from reliability import figures
from reliability.support import WAIT, child_env, fork_main, snapshot_dir

INNER = r"""
import contextlib, errno, io, json, os, subprocess, sys
from pathlib import Path
from netnat.cli.main import main

mnt = Path(sys.argv[1])
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k,mode=0755", "nnr-disk", str(mnt)],
               check=True)
store = mnt / "state.toml"

def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--store", str(store), "--non-interactive", *argv])
    return code, out.getvalue(), err.getvalue()

def files():
    return {p.name: p.read_bytes().hex() for p in sorted(mnt.iterdir()) if p.name != "filler"}

def mapping(port):
    return ["Add-NetNatStaticMapping", "-NatName", "VMNAT", "-Protocol", "TCP",
            "-ExternalIPAddress", "0.0.0.0", "-ExternalPort", str(port),
            "-InternalIPAddress", "192.168.0.9", "-InternalPort", "80"]

assert cli("New-NetNat", "-Name", "VMNAT", "-InternalIPInterfaceAddressPrefix",
           "192.168.0.0/24")[0] == 0
text = "\n".join(" ".join(mapping(1000 + i)) for i in range(60))
assert cli("-c", text)[0] == 0
size = store.stat().st_size

filler = mnt / "filler"
fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
while True:
    try:
        os.write(fd, b"x" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
        break
os.close(fd)
full = filler.stat().st_size

results = []
calls = [mapping(5000), ["-c", " ".join(mapping(5001)) + "\n" + " ".join(mapping(5002))],
         ["Remove-NetNatStaticMapping", "-NatName", "VMNAT", "-StaticMappingID", "7",
          "-Confirm:false"]]
for free_pages in (0, 1, 2):
    os.truncate(filler, full - free_pages * 4096)
    for argv in calls:
        before = files()
        code, out, err = cli(*argv)
        results.append({"case": f"full, {free_pages} pages free", "argv": argv[0], "code": code,
                        "out": out, "err": err, "same": files() == before})
os.truncate(filler, 0)

subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
for argv in calls + [["config", "mode", "relaxed"]]:
    before = files()
    code, out, err = cli(*argv)
    results.append({"case": "read-only", "argv": argv[0], "code": code, "out": out,
                    "err": err, "same": files() == before})
code, out, err = cli("-o", "json", "Get-NetNatStaticMapping")
readers = {"code": code, "mappings": len(json.loads(out)) if code == 0 else -1, "err": err}
print(json.dumps({"store_bytes": size, "results": results, "readers": readers}))
"""


def _need_mount_namespace() -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("mount") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the full-disk test needs root, unshare and mount (CI=true)")
        pytest.skip("the full-disk test needs root, unshare and mount")


@pytest.mark.kernel
def test_full_disk_and_read_only_store_change_nothing(tmp_path: Path) -> None:
    _need_mount_namespace()
    mnt = tmp_path / "mnt"
    mnt.mkdir(mode=0o755)
    done = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "--",
            sys.executable,
            "-c",
            INNER,
            str(mnt),
        ],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env=child_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["store_bytes"] > 2 * 4096  # more than the free pages: a write fails half-way
    assert list(mnt.iterdir()) == []  # the tmpfs was private to the child's mount namespace
    for result in report["results"]:
        where = f"{result['case']}: {result['argv']}"
        assert result["code"] == 1, where
        assert result["same"], f"{where}: the store directory changed"
        assert "Traceback" not in result["err"] and "internal error" not in result["err"]
        if result["argv"] == "Add-NetNatStaticMapping":  # no object shown for a change not made
            assert result["out"] == "", f"{where}: printed {result['out']!r}"
        if result["case"] == "read-only":
            assert "Read-only file system" in result["err"], result["err"]
        else:
            assert "No space left on device. The store was not changed." in " ".join(
                result["err"].split()
            ), result["err"]
    assert report["readers"] == {"code": 0, "mappings": 60, "err": ""}  # reading still works
    figures.add(
        "disk: refused writes on a full or read-only disk (nothing changed)", len(report["results"])
    )


def test_read_only_store_directory_as_a_user(tmp_path: Path) -> None:
    """Not root: a store directory the user cannot write gives a clear error, no change."""
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("needs root to become another user (CI=true: it must run)")
        pytest.skip("needs root to become another user")
    base = Path(tempfile.mkdtemp(prefix="nnr-user-"))  # a path `nobody` can traverse
    try:
        base.chmod(0o755)
        directory, work = base / "store", base / "work"
        store = directory / "state.toml"
        args = ["--store", str(store), "--non-interactive"]
        made = fork_main(
            [
                *args,
                "New-NetNat",
                "-Name",
                "VMNAT",
                "-InternalIPInterfaceAddressPrefix",
                "192.168.0.0/24",
            ],
            tmp_path,
        )
        assert made.code == 0, made.err
        work.mkdir(mode=0o700)
        for path in (directory, work, *directory.iterdir()):
            os.chown(path, 65534, 65534)
        directory.chmod(0o555)
        before = snapshot_dir(directory)
        _warm_imports(tmp_path)
        done = fork_main(
            [
                *args,
                "Add-NetNatStaticMapping",
                "-NatName",
                "VMNAT",
                "-Protocol",
                "TCP",
                "-ExternalIPAddress",
                "0.0.0.0",
                "-ExternalPort",
                "80",
                "-InternalIPAddress",
                "192.168.0.2",
                "-InternalPort",
                "80",
            ],
            work,
            setup=_become_nobody,
        )
        assert done.code == 1, done.err
        assert "cannot be written: Permission denied. The store was not changed." in " ".join(
            done.err.split()
        ), done.err
        assert snapshot_dir(directory) == before
        figures.add("disk: refused writes on a full or read-only disk (nothing changed)")
    finally:
        shutil.rmtree(base)


def _warm_imports(tmp_path: Path) -> None:
    """Import what a mapping's commit needs before dropping root: as `nobody` the interpreter
    may not read its own library under /root."""
    import netnat.backends.state
    import netnat.cli.commit
    import netnat.cli.run_cmdlet  # noqa: F401

    scratch = tmp_path / "warm" / "state.toml"
    done = fork_main(
        [
            "--store",
            str(scratch),
            "New-NetNat",
            "-Name",
            "W",
            "-InternalIPInterfaceAddressPrefix",
            "10.9.0.0/24",
        ],
        tmp_path,
    )
    assert done.code == 0, done.err
    from netnat.cli.main import main

    with open(os.devnull, "w") as sink:
        import contextlib

        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            main(
                [
                    "--store",
                    str(scratch),
                    "Add-NetNatStaticMapping",
                    "-NatName",
                    "W",
                    "-Protocol",
                    "TCP",
                    "-ExternalIPAddress",
                    "0.0.0.0",
                    "-ExternalPort",
                    "80",
                    "-InternalIPAddress",
                    "10.9.0.2",
                    "-InternalPort",
                    "80",
                ]
            )


def _become_nobody() -> None:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
