"""Containment: a runbook reaches no further than netnat's store.

- The item and content cmdlets (Remove-Item, Set-Content, Get-Content, Get-ChildItem, Out-File,
  ...) and redirections only touch netnat's emulated drives: real files are neither read,
  changed, created nor removed, and an audit hook (PEP 578) in the netnat process sees no file
  change outside the store's directory.
- Native programs named in a runbook (docker, ipconfig, netsh, ...) are never executed, even
  when a program of that name is first on PATH.
- Nothing in netnat opens a network connection: the unit and runbook suites run with an audit
  hook in every Python process that blocks and logs any socket use other than AF_NETLINK and
  AF_UNIX, and logs every process netnat's own code starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reliability import figures
from reliability.support import REPO, WAIT, audit_events, audited_env

SECRET = "precious-3f1c"

FILE_COMMANDS = [
    "Remove-Item -Path {victim} -Force",
    "Remove-Item -Path {dir} -Recurse -Force",
    "Remove-Item {dir}/* -Recurse -Force",
    "rm {victim}; del {victim}; ri {victim}; rmdir {dir}",
    "Set-Content -Path {victim} -Value pwned",
    "Set-Content -Path {new} -Value pwned",
    "Add-Content -Path {victim} -Value pwned",
    "Clear-Content -Path {victim}",
    "'pwned' | Out-File -FilePath {victim}",
    "'pwned' | Out-File -FilePath {new} -Append",
    "'pwned' | Set-Content {new}",
    "'pwned' | Tee-Object -FilePath {new}",
    "New-Item -Path {new} -ItemType File -Value pwned",
    "New-Item -Path {dir}/newdir -ItemType Directory",
    "mkdir {dir}/newdir2",
    "Copy-Item {victim} {new}",
    "Move-Item {victim} {new}",
    "Rename-Item {victim} renamed.txt",
    "Set-Item -Path {victim} -Value pwned",
    "Get-Content {victim}",
    "Get-Content -Path {victim} -Raw",
    "cat {victim}; gc {victim}; type {victim}",
    "Get-ChildItem {dir}",
    "Get-ChildItem -Path {dir} -Recurse | Select-Object -ExpandProperty FullName",
    "ls {dir}; dir {dir}",
    "Get-Item {victim}",
    "Get-ItemProperty -Path {victim}",
    "Test-Path {victim}",
    "Resolve-Path {victim}",
    "Import-Csv {victim}",
    "Get-Acl {victim}",
    "Set-Content -Path relative.txt -Value pwned",
    "'pwned' | Out-File relative2.txt",
    "New-Item -Path relative3.txt -ItemType File",
    "Set-Content -Path C:\\Windows\\System32\\drivers\\etc\\hosts -Value pwned",
    "Remove-Item -Path C:\\ProgramData\\docker -Recurse -Force",
    "Set-Content -Path C:\\ProgramData\\docker\\config\\daemon.json -Value '{{}}'",
    "Get-Content C:\\ProgramData\\docker\\config\\daemon.json",
    "Remove-Item -Path HKLM:\\SYSTEM\\CurrentControlSet\\Services\\vmsmp -Recurse",
    "'pwned' > {new}",
    "'pwned' >> {victim}",
    "Get-NetNat 2> {new}",
    "Get-NetNat *> {new}",
    "Get-NetNat 2>&1 > {new}",
    "'pwned' > relative4.txt",
    "Start-Transcript -Path {new}",
    "Export-Csv -InputObject 1 -Path {new}",
    "Invoke-Expression 'Remove-Item {victim}'",
]


def _tree(root: Path) -> dict[str, tuple[int, bytes, int]]:
    """Every file and directory under `root`: (mode, bytes, mtime_ns)."""
    found = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        data = path.read_bytes() if path.is_file() else b""
        found[str(path.relative_to(root))] = (st.st_mode, data, st.st_mtime_ns)
    return found


def _runbook(lines: list[str]) -> str:
    """Each line on its own, its errors caught, then a sentinel that shows the run finished."""
    return "\n".join(f"try {{ {line} }} catch {{ }}" for line in lines) + '\n"ran to the end"\n'


def test_item_and_content_cmdlets_touch_only_emulated_drives(tmp_path: Path) -> None:
    victims = tmp_path / "victims"
    (victims / "sub").mkdir(parents=True)
    (victims / "secret.txt").write_text(SECRET)
    (victims / "sub" / "nested.txt").write_text(SECRET)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    store = tmp_path / "store" / "state.toml"
    fill = {
        "victim": str(victims / "secret.txt"),
        "dir": str(victims),
        "new": str(victims / "new.txt"),
    }
    lines = [command.format(**fill) for command in FILE_COMMANDS]
    before = _tree(victims)
    env, log = audited_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "netnat", "--store", str(store), "--yes", "-c", _runbook(lines)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=WAIT,
        check=False,
    )
    assert "ran to the end" in done.stdout, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert _tree(victims) == before, "a real file was changed, created or removed"
    assert list(cwd.iterdir()) == [], "a file appeared in the working directory"
    assert SECRET not in done.stdout + done.stderr, "a real file's content was read out"
    for event in audit_events(log):
        assert event["kind"] != "process", event
        target = event["args"][0]
        if event["kind"] == "file" and not isinstance(target, int):  # an int: an fd it opened
            assert str(target).startswith(str(store.parent)), event
    figures.add("containment: file and redirection commands run (no real file touched)", len(lines))


REDIRECTIONS = ["> {f}", ">> {f}", "2> {f}", "*> {f}", "2>&1 > {f}", "> {rel}", "2>> {rel}"]
OTHER_STREAMS = ["3> {f}", "4> {f}", "5> {f}", "6>> {f}"]


def test_file_redirections_are_refused_and_create_nothing(tmp_path: Path) -> None:
    _refused(tmp_path, REDIRECTIONS)


def test_redirections_of_the_other_streams_are_refused_too(tmp_path: Path) -> None:
    _refused(tmp_path, OTHER_STREAMS)


def _refused(tmp_path: Path, redirections: list[str]) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    target = tmp_path / "out.txt"
    store = tmp_path / "store" / "state.toml"
    for redirection in redirections:
        text = f"Get-NetNat {redirection.format(f=target, rel='rel.txt')}"
        done = subprocess.run(
            [sys.executable, "-m", "netnat", "--store", str(store), "-c", text],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=audited_env(tmp_path)[0],
            timeout=WAIT,
            check=False,
        )
        assert not target.exists() and list(cwd.iterdir()) == [], text
        assert "Traceback" not in done.stderr
        assert done.returncode == 1, (text, done.stderr)
        assert "netnat does not write files" in done.stderr, (text, done.stderr)
        figures.add("containment: file redirections refused (no file created)")
    done = subprocess.run(
        [sys.executable, "-m", "netnat", "--store", str(store), "-c", "Get-NetNat > $null; 'ok'"],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=WAIT,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr


NATIVE = [
    "docker",
    "docker.exe",
    "ipconfig",
    "ipconfig.exe",
    "netsh",
    "sc",
    "sc.exe",
    "ping",
    "cmd",
    "cmd.exe",
    "powershell",
    "powershell.exe",
    "pwsh",
    "net",
    "route",
    "arp",
    "curl",
    "wget",
    "New-NetNat",
    "Get-NetNat",
    "hostname",
    "whoami",
    "bash",
    "nft",
    "ip",
]
NATIVE_RUNBOOK = [
    "docker network ls",
    "& docker ps",
    "& 'docker.exe' ps",
    "docker.exe run -p 80:80 nginx",
    "ipconfig /all",
    "$x = ipconfig; $x",
    "ipconfig | Out-Null",
    "netsh interface portproxy add v4tov4 listenport=80 connectport=80",
    "sc.exe stop winnat",
    "sc stop winnat",
    'cmd /c "echo hi"',
    "cmd.exe /c dir",
    "powershell -Command Get-NetNat",
    "pwsh -c Get-NetNat",
    "net stop winnat",
    "route print",
    "arp -a",
    "ping 192.0.2.1",
    "curl http://192.0.2.1/",
    "wget http://192.0.2.1/",
    "Invoke-WebRequest http://192.0.2.1/",
    "Invoke-RestMethod http://192.0.2.1/",
    "Start-Process docker",
    "Start-Process -FilePath ipconfig -ArgumentList /all",
    "Invoke-Expression 'docker ps'",
    "iex 'ipconfig'",
    "& (Get-Command docker) ps",
    ".\\docker ps",
    "./docker ps",
    "C:\\Windows\\System32\\ipconfig.exe",
    "{native}/docker ps",
    "& '{native}/ipconfig'",
    "hostname",
    "whoami",
    "bash -c 'id'",
    "nft list ruleset",
    "ip link",
    "Start-Service docker; Restart-Service docker; Stop-Service docker",
    "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24 | Out-Null",
    "Get-NetNat | Out-Null",
]


def test_native_programs_named_in_a_runbook_are_never_executed(tmp_path: Path) -> None:
    native, markers = tmp_path / "bin", tmp_path / "markers"
    native.mkdir()
    markers.mkdir()
    for name in NATIVE:
        program = native / name
        program.write_text(f'#!/bin/sh\necho "$0 $*" > {markers}/{name}\n')
        program.chmod(0o755)
    store = tmp_path / "store" / "state.toml"
    env, log = audited_env(tmp_path)
    env["PATH"] = f"{native}{os.pathsep}{env.get('PATH', '')}"
    lines = [line.format(native=native) for line in NATIVE_RUNBOOK]
    done = subprocess.run(
        [sys.executable, "-m", "netnat", "--store", str(store), "--yes", "-c", _runbook(lines)],
        capture_output=True,
        text=True,
        cwd=native,
        env=env,
        timeout=WAIT,
        check=False,
    )
    assert "ran to the end" in done.stdout, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert sorted(p.name for p in markers.iterdir()) == [], "a native program was executed"
    assert [e for e in audit_events(log) if e["kind"] == "process"] == []
    # the cmdlets themselves ran (a program named New-NetNat on PATH does not shadow them)
    listed = subprocess.run(
        [sys.executable, "-m", "netnat", "--store", str(store), "Get-NetNat"],
        capture_output=True,
        text=True,
        env=env,
        timeout=WAIT,
        check=False,
    )
    assert "VMNAT" in listed.stdout
    figures.add("containment: native program invocations tried (none executed)", len(lines))


MAIN_PATHS = ["tests/unit/cli", "tests/unit/cmdlets", "tests/unit/store", "tests/spec"]


def test_nothing_in_netnat_opens_a_network_connection(tmp_path: Path) -> None:
    """The unit tests of the CLI, the cmdlets and the store, and the runbook suite, with every
    Python process audited; the hook fails any network use, so a connection attempt would
    also fail the suite's own test. (Their pass/fail is their owners' business: only the
    audit is checked here.)"""
    env, log = audited_env(tmp_path)
    report = tmp_path / "junit.xml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *MAIN_PATHS,
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            "--basetemp",
            str(tmp_path / "suite"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=10 * WAIT,
        check=False,
    )
    events = audit_events(log)
    network = [e for e in events if e["kind"] == "network"]
    assert network == [], network[:5]
    started = [e for e in events if e["kind"] == "process" and e["netnat"]]
    assert started == [], started[:5]  # netnat's own code starts no process off the kernel
    tests = _count(report)
    assert tests >= 400, done.stdout[-2000:]
    pids = {e["pid"] for e in events}
    figures.add("containment: unit and runbook tests run under the network audit", tests)
    figures.add("containment: network connections opened by netnat", len(network))
    print(f"{tests} tests, {len(pids)} audited processes, {len(events)} events logged")


def _count(report: Path) -> int:
    import xml.etree.ElementTree as ElementTree

    if not report.exists():
        return 0
    root = ElementTree.parse(report).getroot()
    suite = root if root.tag == "testsuite" else root[0]
    return int(suite.get("tests", 0)) - int(suite.get("skipped", 0))
