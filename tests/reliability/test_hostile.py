"""Hostile input, property-tested: pasted text, shell words and store files only ever end in
a netnat error (a PowerShell error record), never a Python traceback; any name either
round-trips exactly or is refused clearly; kernel names are generated, never taken from input.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kernel.conftest import Lab
from reliability import figures
from reliability.support import IFNAME, no_internal_errors

from netnat.backends.linux import names as kernel_names
from netnat.backends.linux.layout import layout
from netnat.binding.argv import DOUBLE_QUOTES, argv_to_args, is_parameter, line_span, value_of
from netnat.binding.binder import bind
from netnat.binding.decl import Cmdlet
from netnat.cli.main import main
from netnat.cmdlets.registry import all_cmdlets
from netnat.errors import NetnatError, StoreError
from netnat.lang.clean import clean_paste
from netnat.lang.parser import parse, tokenize
from netnat.model import hostops
from netnat.model.enums import VMSwitchType
from netnat.model.objects import NetNat, VMSwitch
from netnat.model.state import State
from netnat.store.codec import TOML_KEYS, DocumentError, decode_document
from netnat.store.file import Store

PIECES = [
    '"',
    "'",
    "`",
    "]",
    "[",
    "[[",
    "]]",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\t",
    "\x1b[31m",
    "\x7f",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u00a0",
    "$(rm -rf /)",
    "`id`",
    "; reboot",
    "&&",
    "||",
    "|",
    ">",
    "<",
    "2>&1",
    "*",
    "?",
    "~",
    "#",
    "{",
    "}",
    "(",
    ")",
    "\\",
    "/",
    "..",
    "-Name",
    "--",
    "-",
    "–",
    "“",
    "”",
    "‘",
    "é",
    "ß",
    "Ж",
    "中文",
    "العربية",
    "😀",
    "a\u0301",
    "%s",
    "%n",
    "{0}",
    "${x}",
    "$null",
    "@{",
    "@(",
    "<#",
    "#>",
    "'@",
    '"@',
    "\ud800",
    "\udfff",
    "\udcff",
]
ANY_CHAR = st.characters(blacklist_categories=())  # surrogates and controls included
HOSTILE = st.one_of(
    st.lists(st.sampled_from(PIECES) | st.text(ANY_CHAR, max_size=4), min_size=1, max_size=12).map(
        "".join
    ),
    st.text(ANY_CHAR, min_size=1, max_size=30),
    st.sampled_from(["x" * 10_000, "Ж" * 3_000 + "中" * 3_000, "]" * 5_000, "\n" * 1_000]),
)
EXAMPLES = 300
SLOW = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def only_netnat_errors(action: Callable[[], object]) -> None:
    """Run `action`; any exception must be a NetnatError (a PowerShell error record)."""
    try:
        action()
    except NetnatError as error:
        assert error.record.message
    figures.add("hostile: inputs tried")


# ---- tokenizer and parser -----------------------------------------------------------------


@SLOW
@given(st.lists(st.sampled_from(PIECES) | st.text(ANY_CHAR, max_size=6), max_size=80).map("".join))
def test_tokenizer_parser_and_paste_cleaner_raise_only_parse_errors(script: str) -> None:
    for mode in (True, False):
        only_netnat_errors(lambda mode=mode: tokenize(script, command_mode=mode))  # type: ignore[misc]
    only_netnat_errors(lambda: parse(script))
    only_netnat_errors(lambda: parse(clean_paste(script, {"a": "b"}).text))


# ---- binder: every real cmdlet ------------------------------------------------------------

CMDLETS = sorted(all_cmdlets(), key=lambda c: c.name)


@st.composite
def command_line(draw: st.DrawFn) -> tuple[Cmdlet, list[str]]:
    cmdlet = draw(st.sampled_from(CMDLETS))
    params = [f"-{p.name}" for p in cmdlet.all_params] or ["-Name"]
    word = st.one_of(
        st.sampled_from(params),
        st.sampled_from(params).map(lambda p: p + ":"),
        st.sampled_from(params).flatmap(lambda p: HOSTILE.map(lambda v: f"{p}:{v}")),
        HOSTILE,
        st.sampled_from(["1", "0", "-1", "65536", "1e999", "0x10", "$true", "a,b", ",", ""]),
    )
    return cmdlet, draw(st.lists(word, max_size=8))


@SLOW
@given(command_line(), st.booleans())
def test_binder_on_every_cmdlet_raises_only_binding_errors(
    line: tuple[Cmdlet, list[str]], expect_input: bool
) -> None:
    cmdlet, argv = line

    def binding() -> None:
        args, text_line = argv_to_args(cmdlet.name, argv)
        bound = bind(cmdlet, args, cmdlet.name, line_span(text_line), expect_input=expect_input)
        bound.finish()
        bound.for_input(argv[0] if argv else None)

    only_netnat_errors(binding)


# ---- the whole CLI, in process, on a scratch store --------------------------------------

SKIP = {"Start-Sleep"}  # waits up to 60 s per call: not what these tests are about


def run_cli(store: Path, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--store", str(store), "--non-interactive", *argv])
    return code, out.getvalue(), err.getvalue()


@SLOW
@given(command_line())
def test_any_cmdlet_line_ends_in_an_error_record_never_a_traceback(
    line: tuple[Cmdlet, list[str]],
) -> None:
    cmdlet, argv = line
    if cmdlet.name in SKIP:
        return
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "state.toml"
        code, _, err = run_cli(store, [cmdlet.name, *argv])
        no_internal_errors(err)
        assert code in (0, 1), (code, err)
        if store.exists():
            Store(store).load()
    figures.add("hostile: CLI command lines run (any cmdlet, hostile words)")


def _nat(name: str) -> tuple[list[str], Callable[[State], list[str]]]:
    argv = ["New-NetNat", "-Name", name, "-InternalIPInterfaceAddressPrefix", "192.168.0.0/24"]
    return argv, lambda s: [n.Name for n in s.nats]


def _switch(name: str) -> tuple[list[str], Callable[[State], list[str]]]:
    return ["New-VMSwitch", "-Name", name, "-SwitchType", "Internal"], lambda s: [
        w.Name for w in s.switches
    ]


def _vm(name: str) -> tuple[list[str], Callable[[State], list[str]]]:
    argv = ["Add-VMNetworkAdapter", "-VMName", name, "-Name", name]
    return argv, lambda s: [v.VMName for v in s.vm_adapters if not v.IsManagementOs]


ESCAPES = {"`": "``", "$": "`$", "\r": "`r", "\n": "`n", "\x00": "`0", "\t": "`t"}


def quoted(name: str) -> str:
    """A PowerShell double-quoted literal of `name`: backtick escapes for what the language
    reads specially (a script's line ends are normalised: CR is written `r)."""
    return '"' + "".join("`" + c if c in DOUBLE_QUOTES else ESCAPES.get(c, c) for c in name) + '"'


@SLOW
@given(HOSTILE, st.sampled_from([_nat, _switch, _vm]), st.booleans())
def test_any_name_round_trips_exactly_or_is_refused_clearly(
    name: str,
    command: Callable[[str], tuple[list[str], Callable[[State], list[str]]]],
    runbook: bool,
) -> None:
    """Through a runbook (a quoted literal) any name is exact; as a shell word, names that
    PowerShell's argument mode reads literally are (`a,b` is an array, `'x'` is x, ...)."""
    argv, names_in = command(name)
    if runbook:
        argv = ["-c", " ".join(quoted(w) if i % 2 == 0 and i else w for i, w in enumerate(argv))]
    literal = runbook or (value_of(name) == name and not is_parameter(name))
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "state.toml"
        code, _, err = run_cli(store, argv)
        no_internal_errors(err)
        if code == 0:
            state = Store(store).load()
            if literal:
                assert names_in(state) == [name]  # exactly, whatever it holds
            store.with_name("state.toml.cache").unlink()
            assert Store(store).load() == state  # from the TOML too
            _kernel_names_are_generated(state)
            figures.add("hostile: names stored and read back exactly")
        else:
            assert code == 1 and err.strip(), err
            assert not store.exists(), "a refused name changed the store"
            figures.add("hostile: names refused with an error record")


def _kernel_names_are_generated(state: State) -> None:
    planned = layout(state)
    links = [*planned.bridges.values(), *planned.taps.values()]
    for link in links:
        assert IFNAME.match(link.name), link.name
        assert len(link.alias.encode("utf-8")) <= kernel_names.ALIAS_MAX


@SLOW
@given(HOSTILE, HOSTILE)
def test_generated_interface_names_and_aliases_whatever_the_names_and_ids(
    name: str, object_id: str
) -> None:
    if not (_encodable(name) and _encodable(object_id)):
        return  # a lone surrogate: no store holds one (test_unencodable_names_are_refused...)
    for made in (kernel_names.bridge_name, kernel_names.tap_name, kernel_names.veth_name):
        assert IFNAME.match(made(object_id))
    assert len(kernel_names.clip_alias(name).encode("utf-8")) <= kernel_names.ALIAS_MAX
    sw = VMSwitch(Id=object_id, Name=name, SwitchType=VMSwitchType.Internal)
    state = hostops.add_vnic(State.initial().with_(switches=(sw,)), sw, name)
    state = hostops.add_vm_nic(state, name, name, sw.Id)
    state = state.with_(nats=(NetNat(Name=name, InternalIPInterfaceAddressPrefix=name),))
    with contextlib.suppress(ValueError):  # two switches hashing alike: LinuxPlanFailed
        _kernel_names_are_generated(state)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# ---- the store codec ----------------------------------------------------------------------

TOML_VALUE = st.recursive(
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | HOSTILE,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(HOSTILE | st.text(), inner, max_size=3)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from([*TOML_KEYS.values(), "settings", "counters", "host", "schema"]) | HOSTILE


@SLOW
@given(st.dictionaries(KEYS, TOML_VALUE, max_size=5), st.integers(-1, 3))
def test_any_document_decodes_or_raises_a_document_error(
    doc: dict[str, object], schema: int
) -> None:
    for candidate in (doc, {**doc, "schema": schema}):
        try:
            decode_document(candidate)
        except DocumentError as error:
            assert error.detail
        figures.add("hostile: store documents decoded")


@SLOW
@given(
    st.binary(max_size=400)
    | st.text(ANY_CHAR, max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_any_store_file_loads_or_raises_a_store_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.toml"
        path.write_bytes(b"schema = 1\n" + data)
        try:
            Store(path).load()
        except StoreError as error:
            assert str(path) in error.record.message
        figures.add("hostile: store files loaded")


def test_deeply_nested_store_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    for body in (
        "x = " + "[" * 100_000 + "]" * 100_000,
        "x = " + "{a = " * 50_000 + "1" + "}" * 50_000,
    ):
        path.write_text("schema = 1\n" + body + "\n")
        try:
            Store(path).load()
        except StoreError as error:
            assert "is not valid TOML" in error.record.message, error.record.message
        else:
            raise AssertionError("a 100,000-deep document loaded")


@SLOW
@given(HOSTILE)
def test_unencodable_names_are_refused_with_a_store_error(name: str) -> None:
    state = State.initial().with_(nats=(NetNat(Name=name, InternalIPInterfaceAddressPrefix=name),))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "state.toml")
        store.load()
        try:
            store.save(state)
        except StoreError as error:
            assert "which UTF-8 cannot encode" in error.record.message
            assert "nat[0].Name" in error.record.message
            assert not store.path.exists()
            return
        assert Store(store.path).load() == state


# ---- hostile names against the real kernel (in a namespace) -------------------------------

MARK = "ZQJX"  # in every hostile name: must never appear in a process argument or nft input
KERNEL_NAMES = [
    f"{MARK}; rm -rf / #",
    f"$(touch /tmp/nnr-pwned-{MARK})",
    f"`reboot` {MARK}",
    f"{MARK}\nsecond line",
    f"{MARK}\"quote'single",
    f"]]> <{MARK}> & | > out",
    f"-{MARK} --help",
    f"Ж中😀 {MARK} \u202e",
    f"{MARK} {'x' * 100}",  # (VM {name} ({name})) stays under the ifalias limit
    f"vEthernet ({MARK})",
]


def _recorded_apply(old: State, new: State) -> tuple[list[list[str]], list[str], list[str]]:
    """Apply old -> new recording every program started (argv) and its input; the drift."""
    import subprocess

    from netnat.backends.linux import LinuxBackend

    argvs: list[list[str]] = []
    inputs: list[str] = []
    original = subprocess.run

    def run(args: list[str], *rest: object, **kwargs: object) -> object:
        argvs.append([str(a) for a in args])
        inputs.append(str(kwargs.get("input") or ""))
        return original(args, *rest, **kwargs)  # type: ignore[call-overload]

    subprocess.run = run  # type: ignore[assignment]
    backend = LinuxBackend()
    backend.apply(backend.plan(old, new))
    return argvs, inputs, backend.drift(new)


def _hostile_state(names: list[str]) -> State:
    from kernel import labstate

    state = labstate.blog()
    for number, name in enumerate(names):
        state = labstate.switch(
            state, name, VMSwitchType.Private if number % 2 else VMSwitchType.Internal
        )
        state = labstate.vm_nic(state, name, name, name)
    return state


@pytest.mark.kernel
def test_hostile_names_never_reach_a_process_and_kernel_names_are_generated(rlab: Lab) -> None:
    import json

    new = _hostile_state(KERNEL_NAMES)
    argvs, inputs, drift = rlab.host.call(_recorded_apply, rlab.state, new)
    rlab.state = new
    assert drift == []
    assert argvs, "no nft call was made"
    for argv, data in zip(argvs, inputs, strict=True):
        assert Path(argv[0]).name == "nft", argv
        assert set(argv[1:]) <= {"-f", "-", "-j", "list", "table", "ip", "netnat"}, argv
        assert MARK not in data, data
    links = json.loads(rlab.host.ip("-j", "-d", "link", "show"))
    ours = [link for link in links if link["ifname"] not in ("lo", "ext0")]
    assert len(ours) == 2 * len(KERNEL_NAMES) + 1  # a bridge and a tap each, plus VMNAT's bridge
    for link in ours:
        assert IFNAME.match(link["ifname"]), link["ifname"]
        assert len(link.get("ifalias", "").encode("utf-8")) <= kernel_names.ALIAS_MAX
    assert not list(Path("/tmp").glob(f"nnr-pwned-{MARK}*"))
    figures.add(
        "hostile: hostile names applied to a real kernel (argv and nft input clean)",
        len(KERNEL_NAMES),
    )


def _apply_and_drift(old: State, new: State) -> list[str]:
    from netnat.backends.linux import LinuxBackend

    backend = LinuxBackend()
    backend.apply(backend.plan(old, new))
    return backend.drift(new)


@pytest.mark.kernel
def test_a_switch_name_with_a_nul_stays_in_sync(rlab: Lab) -> None:
    from kernel import labstate

    new = labstate.switch(rlab.state, "a\x00b")
    assert rlab.host.call(_apply_and_drift, rlab.state, new) == []


@pytest.mark.kernel
def test_a_long_switch_name_is_clipped_not_refused(rlab: Lab) -> None:
    from kernel import labstate

    new = labstate.switch(rlab.state, "x" * 300)
    assert rlab.host.call(_apply_and_drift, rlab.state, new) == []


def test_a_name_the_store_cannot_hold_is_refused_before_anything_happens(store: Path) -> None:
    """Invalid UTF-8 from the shell (bash $'\\xff') arrives as a lone surrogate: refused by the
    store's check, in its words, with no object printed and nothing written."""
    from reliability.support import netnat

    for argv in (
        [b"New-VMSwitch", b"-Name", b"\xff\xfe", b"-SwitchType", b"Private"],
        [b"New-NetNat", b"-Name", b"x\xff", b"-InternalIPInterfaceAddressPrefix", b"10.1.0.0/24"],
        [b"-c", b"New-VMSwitch -Name 'a\xffb' -SwitchType Private"],
    ):
        done = netnat(store, *argv).clean()
        assert done.code == 1, done.err
        assert "which UTF-8 cannot encode" in done.err and "StoreInvalid" in done.err, done.err
        if argv[0] != b"-c":
            assert done.out == "", done.out
        assert not store.exists()
        figures.add("hostile: names refused with an error record")


@pytest.mark.kernel
def test_the_linux_backend_refuses_such_a_name_in_the_stores_words(rlab: Lab, store: Path) -> None:
    from kernel.conftest import snapshot
    from reliability.support import netnat

    before = snapshot(rlab)
    prefix = ["ip", "netns", "exec", rlab.host.name]
    done = netnat(
        store,
        "--backend",
        "linux",
        b"New-VMSwitch",
        b"-Name",
        b"\xff",
        b"-SwitchType",
        b"Internal",
        prefix=prefix,
    ).clean()
    assert done.code == 1 and "which UTF-8 cannot encode" in done.err, done.err
    assert done.out == "" and snapshot(rlab) == before
