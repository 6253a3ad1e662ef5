"""The linux backend's plans, without a kernel: names, golden nft text, incremental steps, purity.

(No `kernel` marker: these run everywhere, as non-root, in milliseconds.)
"""

from __future__ import annotations

import subprocess
import time

import pytest
from kernel import labstate

from netnat.backends.linux import LinuxBackend, layout, names, nftables
from netnat.backends.linux.backend import KernelStep
from netnat.backends.linux.layout import NatSpec
from netnat.backends.linux.ops import NftBatch
from netnat.model.state import State

GOLDEN = """\
table ip netnat {
  set internal { type ipv4_addr; flags interval; elements = { 192.168.0.0/24 } }
  map static { type inet_proto . ipv4_addr . inet_service : ipv4_addr . inet_service; \
elements = { udp . 10.10.50.20 . 53 : 192.168.0.3 . 5353 } }
  map static_any { type inet_proto . inet_service : ipv4_addr . inet_service; \
elements = { tcp . 8080 : 192.168.0.2 . 80 } }
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    dnat ip to meta l4proto . ip daddr . th dport map @static
    fib daddr type local dnat ip to meta l4proto . th dport map @static_any
  }
  chain output {
    type nat hook output priority -100; policy accept;
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip saddr @internal ip daddr != @internal masquerade
    ct status dnat ip saddr @internal ip daddr @internal masquerade
  }
}"""


def _sample() -> State:
    from netnat.model.enums import Protocol

    state = labstate.mapping(labstate.blog(), "VMNAT", "0.0.0.0", 8080, "192.168.0.2", 80)
    return labstate.mapping(state, "VMNAT", "10.10.50.20", 53, "192.168.0.3", 5353, Protocol.UDP)


def _texts(old: State, new: State) -> list[str]:
    return [s.text for s in LinuxBackend().plan(old, new).steps]


def test_golden_table_text() -> None:
    spec = layout.nat_spec(_sample())
    assert spec is not None
    assert nftables.table_text(spec) == GOLDEN


def test_generated_names_are_short_stable_and_never_user_names() -> None:
    state = labstate.switch(State.initial(), "a very long switch name; rm -rf /")
    sw = state.switches[0]
    name = names.bridge_name(sw.Id)
    assert name == names.bridge_name(sw.Id.upper()) and len(name.encode()) <= 15
    assert names.is_owned(name) and not names.is_owned("nnbr-foreign") and not names.is_owned("br0")
    assert len(names.tap_name(sw.Id)) <= 15 and len(names.veth_name(sw.Id)) <= 15
    texts = _texts(State.initial(), state)
    assert texts[0] == f"ip link add {name} type bridge"
    assert texts[1] == f"ip link set dev {name} address {names.bridge_mac(sw.Id)}"
    assert (
        texts[2] == f"ip link set dev {name} alias 'vEthernet (a very long switch name; rm -rf /)'"
    )


def test_bridge_macs_are_stable_unicast_and_locally_administered() -> None:
    mac = names.bridge_mac("6A1B0C2D-0000-4000-8000-000000000001")
    assert mac == names.bridge_mac(" 6a1b0c2d-0000-4000-8000-000000000001 ")
    first = int(mac.split(":")[0], 16)
    assert len(mac.split(":")) == 6 and first & 0b11 == 0b10  # unicast, locally administered
    assert mac != names.bridge_mac("6a1b0c2d-0000-4000-8000-000000000002")


def test_aliases_hold_no_control_characters_and_fit_the_kernel() -> None:
    assert names.clip_alias("vEthernet (a\x00b\nc\x1b[31m\x7f)") == "vEthernet (a b c [31m )"
    assert len(names.clip_alias("x" * 300).encode()) == names.ALIAS_MAX == 254
    clipped = names.clip_alias("Ж" * 200)  # 2 bytes each: never half a character
    assert clipped == "Ж" * 127


def test_blog_plan_order() -> None:
    texts = _texts(State.initial(), labstate.vm_nic(labstate.blog(), "vm", "nic", "VMNAT"))
    kinds = [t.split()[0] for t in texts]
    assert kinds == ["ip"] * 9 + ["nft", "sysctl", "sysctl"]
    assert texts[1].startswith("ip link set dev nnbr") and " address " in texts[1]
    assert texts[4].startswith("ip addr add 192.168.0.1/24 dev nnbr")
    assert texts[5].startswith("ip tuntap add dev nntap")
    assert "sysctl -w net.ipv4.ip_forward=1" in texts


def test_the_simulated_ethernet_address_is_never_touched() -> None:
    base = labstate.blog()
    assert _texts(base, labstate.address(base, "Ethernet", "10.10.50.21", 24)) == []


def test_adding_one_mapping_is_one_element() -> None:
    old = _sample()
    new = labstate.mapping(old, "VMNAT", "0.0.0.0", 9090, "192.168.0.4", 90)
    assert _texts(old, new) == [
        "nft -f - <<'EOF'\nadd element ip netnat static_any { tcp . 9090 : 192.168.0.4 . 90 }\nEOF"
    ]
    assert _texts(new, old) == [
        "nft -f - <<'EOF'\ndelete element ip netnat static_any { tcp . 9090 }\nEOF"
    ]


def test_undo_batch_is_the_reverse_plan() -> None:
    old = _sample()
    new = labstate.mapping(old, "VMNAT", "10.10.50.20", 9090, "192.168.0.4", 90)
    step = LinuxBackend().plan(old, new).steps[0]
    assert isinstance(step, KernelStep) and isinstance(step.op, NftBatch)
    assert step.op.undo == ("delete element ip netnat static { tcp . 10.10.50.20 . 9090 }\n")


def test_mode_switch_adds_or_flushes_the_output_chain() -> None:
    old = _sample()
    texts = _texts(old, labstate.relaxed(old))
    assert texts == [
        "nft -f - <<'EOF'\n"
        + "\n".join(f"add rule ip netnat output {rule}" for rule in nftables.DNAT_RULES)
        + "\nEOF"
    ]
    assert _texts(labstate.relaxed(old), old) == [
        "nft -f - <<'EOF'\nflush chain ip netnat output\nEOF"
    ]


def test_removing_the_nat_deletes_the_table_and_keeps_the_switch() -> None:
    old = _sample()
    assert _texts(old, labstate.without_nat(old, "VMNAT")) == [
        "nft -f - <<'EOF'\ndelete table ip netnat\nEOF"
    ]


def test_parse_table_reads_back_what_table_text_writes() -> None:
    spec = layout.nat_spec(labstate.relaxed(_sample()))
    assert spec is not None
    doc = {
        "nftables": [
            {"set": {"name": "internal", "elem": [{"prefix": {"addr": "192.168.0.0", "len": 24}}]}},
            {
                "map": {
                    "name": "static",
                    "elem": [
                        [{"concat": ["udp", "10.10.50.20", 53]}, {"concat": ["192.168.0.3", 5353]}]
                    ],
                }
            },
            {
                "map": {
                    "name": "static_any",
                    "elem": [[{"concat": ["tcp", 8080]}, {"concat": ["192.168.0.2", 80]}]],
                }
            },
            *({"chain": {"name": c}} for c in ("prerouting", "output", "postrouting")),
            *({"rule": {"chain": c}} for c in ("prerouting",) * 2 + ("postrouting",) * 2),
            *({"rule": {"chain": "output"}} for _ in range(2)),
        ]
    }
    parsed, problems = nftables.parse_table(doc)
    assert problems == []
    assert parsed == spec


def test_plan_has_no_side_effects(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("plan() must not run anything")

    monkeypatch.setattr(subprocess, "run", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr("netnat.backends.linux.kernel.Kernel.__init__", forbidden)
    assert LinuxBackend().plan(State.initial(), _sample()).steps


def test_plan_for_10000_mappings_is_fast() -> None:
    state = labstate.blog()
    mappings = []
    from netnat.model.enums import Protocol
    from netnat.model.objects import StaticMapping

    for i in range(10_000):
        mappings.append(
            StaticMapping(
                i, "VMNAT", Protocol.TCP, "0.0.0.0", 10_000 + i, f"192.168.0.{2 + i % 250}", 80
            )
        )
    big = state.with_(mappings=tuple(mappings))
    start = time.perf_counter()
    plan = LinuxBackend().plan(state, big)
    elapsed = time.perf_counter() - start
    assert len(plan.steps) == 1 and plan.steps[0].text.count(" : ") == 10_000
    assert elapsed < 0.5, elapsed
    one_more = big.with_(
        mappings=(
            *mappings,
            StaticMapping(10_000, "VMNAT", Protocol.TCP, "0.0.0.0", 30_000, "192.168.0.9", 80),
        )
    )
    start = time.perf_counter()
    assert len(LinuxBackend().plan(big, one_more).steps) == 1
    assert time.perf_counter() - start < 0.5


def test_nat_spec_ignores_inactive_and_ipv6() -> None:
    assert layout.nat_spec(State.initial()) is None
    spec = layout.nat_spec(labstate.nat(State.initial(), "V6", "fd00::/64"))
    assert spec == NatSpec(frozenset(), {}, host_access=False)


def test_kernel_tests_skip_without_root_but_fail_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from kernel.netlab import kernel_prerequisites

    monkeypatch.setattr("os.geteuid", lambda: 1000)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not root"):
        kernel_prerequisites()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        kernel_prerequisites()
