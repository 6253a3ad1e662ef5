"""The three contestants, each driven the way its users drive it, inside a Lab's host namespace.

netnat: a runbook (`netnat --backend linux run`, a `foreach` loop of Add-NetNatStaticMapping),
then the endpoint's veth plugged into the bridge netnat made. netavark: one container with N
port mappings (`netavark setup`, JSON on stdin). CNI: the `bridge` plugin, then `portmap` with
N portMappings (CNI_* environment, JSON config on stdin), as a runtime chains them. Publishing
one more port is a second container for the peers (they cannot add a port to a running one).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import traffic
from bench.lab import HOST_EXTERNAL, Lab, RunResult, run, timed

BASE = 20_000  # mapping i (1..N) publishes port BASE + i; the probe uses the last one
EXTRA_PORT = 40_000  # the "add one more" mapping
PROBE_WITHIN = 15.0
NETAVARK = "/usr/lib/podman/netavark"
CNI_DIR = "/usr/lib/cni"


@dataclass
class Step:
    """One timed operation: wall seconds (tool plus plumbing plus the first forwarded
    connection where it applies), peak RSS of the tool's processes, stopped at the bound?"""

    seconds: float
    maxrss_kib: int
    stopped: bool = False
    detail: str = ""


def _merge(results: list[RunResult], extra: float = 0.0) -> Step:
    return Step(
        seconds=sum(r.seconds for r in results) + extra,
        maxrss_kib=max((r.maxrss_kib for r in results), default=0),
        stopped=any(r.stopped for r in results),
    )


def _probe(lab: Lab, port: int) -> float:
    assert lab.client is not None
    waited = float(lab.client.call(traffic.probe, HOST_EXTERNAL, port, PROBE_WITHIN, timeout=30))
    if waited < 0:
        raise RuntimeError(f"port {port} does not forward after {PROBE_WITHIN} s")
    return waited


def _gone(lab: Lab, port: int) -> None:
    assert lab.client is not None
    if not lab.client.call(traffic.refused, HOST_EXTERNAL, port, timeout=10):
        raise RuntimeError(f"port {port} still forwards after the teardown")


def dpkg_version(package: str) -> str:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", package],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else "?"


class Contestant:
    name = ""
    color = ""

    def available(self) -> str:
        """'' when it can run here, else why not."""
        return ""

    def version(self) -> str:
        return "?"

    def publish(self, lab: Lab, count: int, bound: float) -> Step:
        raise NotImplementedError

    def add_one(self, lab: Lab, bound: float) -> Step:
        raise NotImplementedError

    def teardown(self, lab: Lab, count: int, bound: float) -> Step:
        raise NotImplementedError

    def endpoint(self) -> str:
        """The first endpoint's address (the DNAT target)."""
        raise NotImplementedError


# ---- netnat ------------------------------------------------------------------------------------

NAT = "BENCH"
GATEWAY = "192.168.0.1"
EP_ADDRESS = "192.168.0.2"
EP_PORT = "nnbv1"  # the host end of the endpoint's veth (the benchmark's, not netnat's)


def netnat_command() -> list[str]:
    """The console script beside this interpreter, else `python -m netnat`."""
    script = Path(sys.executable).parent / "netnat"
    return [str(script)] if script.exists() else [sys.executable, "-m", "netnat"]


def publish_runbook(count: int) -> str:
    return (
        f"New-VMSwitch -SwitchName {NAT} -SwitchType Internal\n"
        f"New-NetIPAddress -IPAddress {GATEWAY} -PrefixLength 24 "
        f'-InterfaceAlias "vEthernet ({NAT})"\n'
        f"New-NetNat -Name {NAT} -InternalIPInterfaceAddressPrefix 192.168.0.0/24\n"
        f"foreach ($i in 1..{count}) {{\n"
        f"    Add-NetNatStaticMapping -NatName {NAT} -Protocol TCP -ExternalIPAddress 0.0.0.0 `\n"
        f"        -ExternalPort ({BASE} + $i) -InternalIPAddress {EP_ADDRESS} -InternalPort 80\n"
        "}\n"
    )


TEARDOWN_RUNBOOK = (
    f"Remove-NetNat -Name {NAT} -Confirm:$false\nRemove-VMSwitch -Name {NAT} -Force\n"
)


class Netnat(Contestant):
    name = "netnat"

    def version(self) -> str:
        done = subprocess.run(
            [*netnat_command(), "--version"], capture_output=True, text=True, timeout=30
        )
        return done.stdout.strip().split()[-1] if done.returncode == 0 else "?"

    def available(self) -> str:
        return "" if shutil.which("nft") else "nft is not installed"

    def endpoint(self) -> str:
        return EP_ADDRESS

    def _cli(self, lab: Lab, *args: str) -> list[str]:
        store = f"{lab.tmp}/state.toml"
        return [
            "ip",
            "netns",
            "exec",
            lab.host,
            *netnat_command(),
            "--store",
            store,
            "--backend",
            "linux",
            "--non-interactive",
            *args,
        ]

    def publish(self, lab: Lab, count: int, bound: float) -> Step:
        book = Path(lab.tmp) / "publish.ps1"
        book.write_text(publish_runbook(count))
        result = timed(self._cli(lab, "run", str(book)), bound, keep_stdout=False)
        if result.stopped:
            return _merge([result])
        result.check("netnat run")
        start = time.perf_counter()
        self._plug(lab)
        _probe(lab, BASE + count)
        return _merge([result], time.perf_counter() - start)

    def _plug(self, lab: Lab) -> None:
        """The endpoint's veth into the bridge netnat made for switch BENCH (what a VM's tap or
        a container runtime does; timed with netnat, as the peers plug their own veth)."""
        links = json.loads(
            run(["ip", "-n", lab.host, "-j", "-d", "link", "show", "type", "bridge"])
        )
        alias = f"vEthernet ({NAT})"
        bridge = next(x["ifname"] for x in links if x.get("ifalias") == alias)
        ep = lab.eps[0]
        run(
            ["ip", "-n", lab.host, "-batch", "-"],
            stdin=f"link add {EP_PORT} type veth peer name eth0 netns {ep}\n"
            f"link set {EP_PORT} master {bridge} up\n",
        )
        run(
            ["ip", "-n", ep, "-batch", "-"],
            stdin=f"addr add {EP_ADDRESS}/24 dev eth0\nlink set eth0 up\n"
            f"route add default via {GATEWAY}\n",
        )

    def add_one(self, lab: Lab, bound: float) -> Step:
        result = timed(
            self._cli(
                lab,
                "Add-NetNatStaticMapping",
                "-NatName",
                NAT,
                "-Protocol",
                "TCP",
                "-ExternalIPAddress",
                "0.0.0.0",
                "-ExternalPort",
                str(EXTRA_PORT),
                "-InternalIPAddress",
                EP_ADDRESS,
                "-InternalPort",
                "80",
            ),
            bound,
            keep_stdout=False,
        )
        result.check("netnat Add-NetNatStaticMapping")
        _probe(lab, EXTRA_PORT)  # verified, not timed: the process time is the figure
        return _merge([result])

    def teardown(self, lab: Lab, count: int, bound: float) -> Step:
        book = Path(lab.tmp) / "teardown.ps1"
        book.write_text(TEARDOWN_RUNBOOK)
        result = timed(self._cli(lab, "run", str(book)), bound, keep_stdout=False)
        if result.stopped:
            return _merge([result])
        result.check("netnat teardown")
        start = time.perf_counter()
        run(["ip", "-n", lab.host, "link", "del", EP_PORT])
        step = _merge([result], time.perf_counter() - start)
        tables = run(["ip", "netns", "exec", lab.host, "nft", "list", "tables"])
        if "netnat" in tables:
            raise RuntimeError("the netnat table is still there after the teardown")
        _gone(lab, BASE + count)
        return step


# ---- netavark ----------------------------------------------------------------------------------

NV_SUBNET, NV_GATEWAY = "10.88.0.0/16", "10.88.0.1"


class Netavark(Contestant):
    name = "netavark"

    def available(self) -> str:
        return "" if Path(NETAVARK).exists() else "apt-get install netavark"

    def version(self) -> str:
        return dpkg_version("netavark")

    def endpoint(self) -> str:
        return "10.88.0.2"

    @staticmethod
    def config(index: int, ports: list[int]) -> str:
        return json.dumps(
            {
                "container_id": f"{index:x}" * 64,
                "container_name": f"bench{index}",
                "port_mappings": [
                    {
                        "host_ip": "",
                        "container_port": 80,
                        "host_port": port,
                        "range": 1,
                        "protocol": "tcp",
                    }
                    for port in ports
                ],
                "networks": {
                    "bench": {"static_ips": [f"10.88.0.{1 + index}"], "interface_name": "eth0"}
                },
                "network_info": {
                    "bench": {
                        "name": "bench",
                        "id": "b" * 64,
                        "driver": "bridge",
                        "network_interface": "nnbpod0",
                        "subnets": [{"subnet": NV_SUBNET, "gateway": NV_GATEWAY}],
                        "ipv6_enabled": False,
                        "internal": False,
                        "dns_enabled": False,
                        "ipam_options": {"driver": "host-local"},
                    }
                },
            }
        )

    def _run(self, lab: Lab, verb: str, index: int, ports: list[int], bound: float) -> RunResult:
        netns = f"/run/netns/{lab.eps[index - 1]}"
        args = ["ip", "netns", "exec", lab.host, NETAVARK, "--config", f"{lab.tmp}/nv", verb]
        result = timed([*args, netns], bound, stdin=self.config(index, ports))
        result.check(f"netavark {verb}")
        return result

    def publish(self, lab: Lab, count: int, bound: float) -> Step:
        Path(f"{lab.tmp}/nv").mkdir(exist_ok=True)
        result = self._run(lab, "setup", 1, [BASE + i for i in range(1, count + 1)], bound)
        if result.stopped:
            return _merge([result])
        return _merge([result], _probe(lab, BASE + count))

    def add_one(self, lab: Lab, bound: float) -> Step:
        result = self._run(lab, "setup", 2, [EXTRA_PORT], bound)
        if not result.stopped:
            _probe(lab, EXTRA_PORT)
        return _merge([result])

    def teardown(self, lab: Lab, count: int, bound: float) -> Step:
        start = time.monotonic()
        done = [self._run(lab, "teardown", 2, [EXTRA_PORT], bound)]
        if not done[0].stopped:
            ports = [BASE + i for i in range(1, count + 1)]
            left = bound - (time.monotonic() - start)
            done.append(self._run(lab, "teardown", 1, ports, max(left, 0.1)))
        step = _merge(done)
        if not step.stopped:
            _gone(lab, BASE + count)
        return step


# ---- CNI bridge + portmap ----------------------------------------------------------------------


class Cni(Contestant):
    name = "cni"

    def __init__(self) -> None:
        self._prev: dict[int, str] = {}

    def available(self) -> str:
        missing = [p for p in ("bridge", "portmap", "host-local") if not Path(CNI_DIR, p).exists()]
        return f"apt-get install containernetworking-plugins ({missing})" if missing else ""

    def version(self) -> str:
        return dpkg_version("containernetworking-plugins")

    def endpoint(self) -> str:
        return "10.22.0.2"

    def _bridge_conf(self, lab: Lab) -> str:
        return json.dumps(
            {
                "cniVersion": "1.0.0",
                "name": "bench",
                "type": "bridge",
                "bridge": "nnbcni0",
                "isGateway": True,
                "ipMasq": True,
                "ipam": {
                    "type": "host-local",
                    "ranges": [[{"subnet": "10.22.0.0/16"}]],
                    "routes": [{"dst": "0.0.0.0/0"}],
                    "dataDir": f"{lab.tmp}/ipam",
                },
            }
        )

    def _portmap_conf(self, index: int, ports: list[int]) -> str:
        return json.dumps(
            {
                "cniVersion": "1.0.0",
                "name": "bench",
                "type": "portmap",
                "capabilities": {"portMappings": True},
                "snat": True,
                "runtimeConfig": {
                    "portMappings": [
                        {"hostPort": p, "containerPort": 80, "protocol": "tcp"} for p in ports
                    ]
                },
                "prevResult": json.loads(self._prev[index]),
            }
        )

    def _plugin(
        self, lab: Lab, plugin: str, command: str, index: int, conf: str, bound: float
    ) -> RunResult:
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "CNI_COMMAND": command,
            "CNI_CONTAINERID": f"bench{index}",
            "CNI_NETNS": f"/run/netns/{lab.eps[index - 1]}",
            "CNI_IFNAME": "eth0",
            "CNI_PATH": CNI_DIR,
        }
        args = ["ip", "netns", "exec", lab.host, f"{CNI_DIR}/{plugin}"]
        result = timed(args, bound, stdin=conf, env=env)
        result.check(f"CNI {plugin} {command}")
        return result

    def _add(self, lab: Lab, index: int, ports: list[int], bound: float) -> list[RunResult]:
        start = time.monotonic()
        bridge = self._plugin(lab, "bridge", "ADD", index, self._bridge_conf(lab), bound)
        if bridge.stopped:
            return [bridge]
        self._prev[index] = bridge.stdout
        left = max(bound - (time.monotonic() - start), 0.1)
        conf = self._portmap_conf(index, ports)
        return [bridge, self._plugin(lab, "portmap", "ADD", index, conf, left)]

    def _del(self, lab: Lab, index: int, ports: list[int], bound: float) -> list[RunResult]:
        start = time.monotonic()
        conf = self._portmap_conf(index, ports)
        portmap = self._plugin(lab, "portmap", "DEL", index, conf, bound)
        if portmap.stopped:
            return [portmap]
        left = max(bound - (time.monotonic() - start), 0.1)
        return [portmap, self._plugin(lab, "bridge", "DEL", index, self._bridge_conf(lab), left)]

    def publish(self, lab: Lab, count: int, bound: float) -> Step:
        self._prev.clear()
        done = self._add(lab, 1, [BASE + i for i in range(1, count + 1)], bound)
        step = _merge(done)
        if step.stopped:
            return step
        return _merge(done, _probe(lab, BASE + count))

    def add_one(self, lab: Lab, bound: float) -> Step:
        step = _merge(self._add(lab, 2, [EXTRA_PORT], bound))
        if not step.stopped:
            _probe(lab, EXTRA_PORT)
        return step

    def teardown(self, lab: Lab, count: int, bound: float) -> Step:
        start = time.monotonic()
        done = self._del(lab, 2, [EXTRA_PORT], bound)
        if not _merge(done).stopped:
            left = max(bound - (time.monotonic() - start), 0.1)
            done += self._del(lab, 1, [BASE + i for i in range(1, count + 1)], left)
        step = _merge(done)
        if not step.stopped:
            _gone(lab, BASE + count)
        return step


CONTESTANTS: list[Contestant] = [Netnat(), Netavark(), Cni()]


# ---- a peer's ruleset at 10x its size, from its own iptables-save ------------------------------

_PORT = re.compile(r"\b(\d{4,5})\b")


def expand_ruleset(saved: str, count: int, times: int) -> str:
    """The nat table `saved` (a peer's own `iptables-save -t nat` with ports BASE+1..BASE+count)
    with every per-port rule repeated `times` times, the ports shifted by count each time: the
    rules the peer writes for count*times ports, in its order (the last port last)."""

    def per_port(line: str) -> bool:
        return line.startswith("-A ") and any(
            BASE < int(m) <= BASE + count for m in _PORT.findall(line)
        )

    def shifted(line: str, by: int) -> str:
        def move(m: re.Match[str]) -> str:
            port = int(m.group(1))
            return str(port + by) if BASE < port <= BASE + count else m.group(1)

        return _PORT.sub(move, line)

    out: list[str] = []
    block: list[str] = []
    for line in [*saved.splitlines(), ""]:
        if per_port(line):
            block.append(line)
            continue
        for k in range(times):
            out += [shifted(b, k * count) for b in block]
        block = []
        out.append(line)
    return "\n".join(out[:-1]) + "\n"
