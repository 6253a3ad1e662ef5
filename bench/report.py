"""The one table (medians with min-max, ratios) and the targets of issue 7, from the JSON doc."""

from __future__ import annotations

import math
import re
import statistics
from typing import Any

PEERS = ("netavark", "cni")
TOOLS = ("netnat", *PEERS)


def med(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def cmed(doc: dict[str, Any], case: str, tool: str) -> tuple[float | None, bool]:
    """The median over rounds, a round stopped at the bound counting as slower than any:
    (value, True) when the value is only a lower bound."""
    values = list(doc["values"].get(case, {}).get(tool, []))
    stops = _stops(doc, case, tool)
    if not values and not stops:
        return None, False
    ordered = sorted(values) + [math.inf] * stops
    mid = len(ordered) // 2
    middle = ordered[mid - 1 : mid + 1] if len(ordered) % 2 == 0 else [ordered[mid]]
    if math.inf in middle:
        finite = [v for v in middle if v != math.inf]
        return (finite[0], True) if finite else (float(doc["config"]["bound"]), True)
    return statistics.fmean(middle), False


def _stops(doc: dict[str, Any], case: str, tool: str) -> int:
    count = doc.get("stops", {}).get(case, {}).get(tool)
    if count is None:  # files written before `stops` existed: one stop at most
        count = 1 if str(doc["stopped"].get(case, {}).get(tool, "")).startswith(">") else 0
    return int(count)


def _t(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def _span(values: list[float], unit: str) -> str:
    """median [min-max] unit"""
    m = statistics.median(values)
    if unit == "s":
        if m < 1:
            scale, suffix, digits = 1000.0, "ms", 0 if m >= 0.1 else 1
        else:
            scale, suffix, digits = 1.0, "s", 2 if m < 10 else 1
    else:
        scale, suffix, digits = 1.0, unit, 0
    body = f"{m * scale:.{digits}f}"
    if len(values) > 1:
        body += f" [{min(values) * scale:.{digits}f}-{max(values) * scale:.{digits}f}]"
    return f"{body} {suffix}".rstrip()


def _cell(doc: dict[str, Any], case: str, tool: str, unit: str = "s") -> str:
    values = doc["values"].get(case, {}).get(tool)
    stopped = doc["stopped"].get(case, {}).get(tool)
    stops = _stops(doc, case, tool)
    if values and stops:  # some rounds finished, some ran past the bound
        m, lower = cmed(doc, case, tool)
        assert m is not None
        bound = float(doc["config"]["bound"])
        shown = f">{bound:.0f} s" if lower and m >= bound else _t(m)
        return f"{shown} [{_t(min(values))}->{bound:.0f} s]"
    if values:
        return _span(values, unit)
    if stopped:
        return str(stopped).split(" (")[0]
    if _stopped_below(doc, case, tool):
        return "(stopped)"
    return "-"


def _stopped_below(doc: dict[str, Any], case: str, tool: str) -> bool:
    size = case.partition("/")[2]
    if not size.isdigit():
        return False
    for key, tools in doc["stopped"].items():
        kind, _, n = key.partition("/")
        if kind == "publish" and tool in tools and n.isdigit() and int(n) <= int(size):
            return True
    return False


def _ratio(doc: dict[str, Any], case: str, peer: str) -> str:
    base = med(doc["values"].get(case, {}).get("netnat"))
    other, lower = cmed(doc, case, peer)
    if base is None or base <= 0 or other is None:
        return ""
    return f">{other / base:.0f}x" if lower else f"{other / base:.1f}x"


def _scaling(doc: dict[str, Any], kind: str, big: int, small: int, tool: str) -> str:
    a = med(doc["values"].get(f"{kind}/{big}", {}).get(tool))
    b = med(doc["values"].get(f"{kind}/{small}", {}).get(tool))
    if a is None and kind == "datapath":
        a = med(doc["values"].get(f"datapath_synth/{big}", {}).get(tool))
        return f"{a / b:.2f}x*" if a is not None and b else "-"
    return f"{a / b:.2f}x" if a is not None and b else "-"


def rows(doc: dict[str, Any]) -> list[list[str]]:
    cfg = doc["config"]
    tools = [t for t in TOOLS if t in doc["versions"]]
    peers = [p for p in PEERS if p in tools]
    out: list[list[str]] = []

    def line(label: str, case: str, unit: str = "s", ratios: bool = True) -> None:
        cells = [_cell(doc, case, t, unit) for t in tools]
        extra = [_ratio(doc, case, p) if ratios else "" for p in peers]
        out.append([label, *cells, *extra])

    for n in cfg["sizes"]:
        line(f"1 publish {n:,} mappings -> traffic", f"publish/{n}")
    for n in cfg["sizes"]:
        line(f"2 add one more at N={n:,}", f"add_one/{n}")
    big, small = max(cfg["sizes"]), min(cfg["sizes"])
    if big != small:
        out.append(
            [f"2 add one: N={big:,} / N={small:,}"]
            + [_scaling(doc, "add_one", big, small, t) for t in tools]
            + [""] * len(peers)
        )
    for n in cfg["sizes"]:
        line(f"3 remove all (N={n:,} + 1)", f"teardown/{n}")
    conns = f"{cfg['connections']:,} new conns"
    synth_sizes = {
        int(k.partition("/")[2]) for k in doc["values"] if k.startswith("datapath_synth/")
    }
    for n in sorted({*cfg["datapath"], *synth_sizes}):
        if n in cfg["datapath"]:
            line(f"4 {conns}, N={n:,}", f"datapath/{n}")
        synth = doc["values"].get(f"datapath_synth/{n}", {})
        if synth:
            ours = med(doc["values"].get(f"datapath/{n}", {}).get("netnat"))
            cells = [_span(synth[t], "s") + "*" if t in synth else "-" for t in tools]
            ratios = [
                f"{statistics.median(synth[p]) / ours:.1f}x*" if p in synth and ours else ""
                for p in peers
            ]
            out.append([f"4 {conns}, N={n:,} (peer rules*)", *cells, *ratios])
            restore = doc["values"].get(f"synth_restore/{n}", {})
            cells = [_span(restore[t], "s") if t in restore else "-" for t in tools]
            out.append(
                [f"4 iptables-restore of those {n:,}-port rules", *cells, *[""] * len(peers)]
            )
    top = max({*cfg["datapath"], *synth_sizes})
    out.append(
        [f"4 conns: N={top:,} / N=1"]
        + [_scaling(doc, "datapath", top, 1, t) for t in tools]
        + [""] * len(peers)
    )
    for n in cfg["sizes"]:
        line(f"6 peak RSS, publish {n:,}", f"rss/{n}", "MiB", ratios=False)
    procs = []
    for t in tools:
        found = [
            v for k, tv in doc["values"].items() if k.startswith("procs/") for v in tv.get(t, [])
        ]
        procs.append(f"{max(found):g}" if found else "-")
    out.append(["6 processes left running", *procs, *[""] * len(peers)])
    return out


def _table(header: list[str], body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*header), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*r) for r in body]
    return "\n".join(lines)


def cli_rows(doc: dict[str, Any]) -> list[list[str]]:
    cli = doc.get("cli") or {}
    times = cli.get("times", {})
    base = med(times.get("python3 -c pass"))
    budgets = {
        "netnat Get-NetNat (10 NATs, 1,000 mappings)": "<= 6x",
        "complete a cmdlet name (bash, 100 NATs)": "<= 5x",
        "complete a NAT name (bash, 100 NATs)": "<= 5x",
        "netnat run: 100-statement runbook (state backend)": "<= 3x Get-NetNat (empty)",
    }
    body = []
    for name, values in times.items():
        ratio = f"{statistics.median(values) / base:.2f}x" if base else ""
        body.append([name, _span(values, "s"), ratio, budgets.get(name, "")])
    return body


def store_rows(doc: dict[str, Any]) -> list[list[str]]:
    body = []
    for size, figures in (doc.get("store") or {}).items():
        body.append([f"{int(size):,}", *(_span(v, "s") for v in figures.values())])
    return body


def targets(doc: dict[str, Any]) -> list[dict[str, Any]]:
    values = doc["values"]
    found: list[dict[str, Any]] = []

    def add(name: str, ok: bool | None, measured: str) -> None:
        found.append({"target": name, "ok": ok, "measured": measured})

    def fastest_peer(case: str) -> tuple[str, float | None, bool]:
        """(peer, its median or bound, whether it is only a lower bound)."""
        best: tuple[str, float | None, bool] = ("-", None, False)
        for peer in PEERS:
            m, lower = cmed(doc, case, peer)
            if m is not None and (best[1] is None or m < best[1]):
                best = (peer, m, lower)
        return best

    for case, need, what in (
        ("publish/1000", 20.0, "publish 1,000: netnat >= 20x faster than the faster peer"),
        ("teardown/1000", 10.0, "teardown of 1,000: netnat >= 10x faster than the faster peer"),
    ):
        ours = med(values.get(case, {}).get("netnat"))
        peer, theirs, lower = fastest_peer(case)
        if ours is None or theirs is None:
            add(what, None, "not measured")
            continue
        ratio = theirs / ours
        sign = ">" if lower else ""
        add(what, ratio >= need, f"{sign}{ratio:.1f}x ({peer} {_t(theirs)} vs netnat {_t(ours)})")
    ours = med(values.get("publish/10000", {}).get("netnat"))
    add(
        "publish 10,000: netnat within 5 s",
        None if ours is None else ours <= 5.0,
        "not measured" if ours is None else _t(ours),
    )
    a = med(values.get("add_one/10000", {}).get("netnat"))
    b = med(values.get("add_one/10", {}).get("netnat"))
    add(
        "add one at N=10,000 within 1.5x of N=10 (netnat)",
        None if a is None or b is None else a <= 1.5 * b,
        "not measured" if a is None or b is None else f"{a / b:.2f}x ({_t(a)} vs {_t(b)})",
    )
    a = med(values.get("datapath/10000", {}).get("netnat"))
    b = med(values.get("datapath/1", {}).get("netnat"))
    add(
        "connection setup at N=10,000 within 1.2x of N=1 (netnat)",
        None if a is None or b is None else a <= 1.2 * b,
        "not measured" if a is None or b is None else f"{a / b:.2f}x ({_t(a)} vs {_t(b)})",
    )
    times = (doc.get("cli") or {}).get("times", {})
    base = med(times.get("python3 -c pass"))
    empty = med(times.get("netnat Get-NetNat (empty store)"))
    for name, limit, ref in (
        ("netnat Get-NetNat (10 NATs, 1,000 mappings)", 6.0, base),
        ("complete a cmdlet name (bash, 100 NATs)", 5.0, base),
        ("complete a NAT name (bash, 100 NATs)", 5.0, base),
        ("netnat run: 100-statement runbook (state backend)", 3.0, empty),
    ):
        m = med(times.get(name))
        what = f"{name}: <= {limit:g}x " + (
            "python3 -c pass" if ref is base else "Get-NetNat (empty)"
        )
        if m is None or not ref:
            add(what, None, "not measured")
        else:
            add(what, m / ref <= limit, f"{m / ref:.2f}x")
    procs = [v for k, tv in values.items() if k.startswith("procs/") for v in tv.get("netnat", [])]
    add(
        "netnat leaves no process running",
        None if not procs else max(procs) == 0,
        "-" if not procs else f"{max(procs):g}",
    )
    return found


def render(doc: dict[str, Any]) -> str:
    m, v = doc["machine"], doc["versions"]
    tools = [t for t in TOOLS if t in v]
    peers = [p for p in PEERS if p in tools]
    v = {k: re.split(r"[+-]", x)[0] for k, x in v.items()}  # upstream part of Debian's version
    names = {
        "netnat": f"netnat {v.get('netnat', '')}",
        "netavark": f"netavark {v.get('netavark', '')}",
        "cni": f"CNI {v.get('cni', '')}",
    }
    parts = [
        f"machine: {m['nproc']} cores, {m['cpu']}, Linux {m['kernel']}, Python {m['python']}, "
        f"{m['nft']}, {m['iptables']}; netnat {m['netnat_commit']} ({m['netnat_tree']})",
        f"other processes used {m.get('other_cpu_share', 0) * 100:.0f}% of the CPUs during the "
        f"run (load average {m.get('load_before', '?')} at its start); took {doc['seconds']:.0f} s",
        f"rounds: {doc['config']['rounds']}, peer bound {doc['config']['bound']:.0f} s per step; "
        "medians [min-max] over rounds; 'peer / netnat' = the peer's median over netnat's "
        "(above 1: netnat is faster)",
        "",
    ]
    if doc["values"]:
        header = ["case", *(names[t] for t in tools), *(f"{p} / netnat" for p in peers)]
        parts.append(_table(header, rows(doc)))
        if any(k.startswith("datapath_synth/") for k in doc["values"]):
            parts.append(
                "* peer rules: the peer's own 1,000-port nat table (iptables-save) repeated "
                "to 10,000 ports and loaded with iptables-restore, since the peer does not "
                "publish 10,000 ports within the bound."
            )
        parts.append("")
    if doc.get("cli"):
        parts.append(
            _table(
                ["case 5: CLI (whole process)", "median [min-max]", "ratio", "target"],
                cli_rows(doc),
            )
        )
        skipped = doc["cli"].get("completion_skipped")
        if skipped:
            parts.append(f"completion skipped: {skipped}")
        parts.append("")
    if doc.get("store"):
        parts.append(
            _table(["store mappings", "save", "load (cached)", "load (cold)"], store_rows(doc))
        )
        parts.append("")
    parts.append("targets:")
    for t in doc.get("targets", []):
        mark = {True: "MET   ", False: "MISSED", None: "n/a   "}[t["ok"]]
        parts.append(f"  {mark} {t['target']}: {t['measured']}")
    for note in doc["notes"]:
        parts.append(f"note: {note}")
    for err in doc["errors"]:
        parts.append(f"error: {err}")
    return "\n".join(parts)
