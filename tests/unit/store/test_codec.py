"""State <-> TOML: round trips of every kind, defaults, enum names, and precise error messages."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from netnat.errors import StoreError
from netnat.model.enums import Protocol
from netnat.model.objects import NetNat, StaticMapping
from netnat.model.state import State
from netnat.store import codec, text
from netnat.store.codec import DocumentError, decode_document, encode_document
from netnat.store.file import Store


def round_trip(state: State) -> State:
    return decode_document(tomllib.loads(text.dumps(encode_document(state)).decode()))


def write(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)


def load_error(path: Path, body: str) -> StoreError:
    write(path, body)
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(path).load()
    assert path.read_bytes() == before
    return caught.value


MAPPING = """
[[mapping]]
StaticMappingID = {id}
NatName = "nat"
Protocol = "TCP"
ExternalIPAddress = "0.0.0.0"
ExternalPort = {port}
InternalIPAddress = "192.168.0.2"
InternalPort = 80
"""


def mappings_doc(bad_port: str) -> str:
    ports = ["81", "82", "83", bad_port]
    body = "".join(MAPPING.format(id=i, port=p) for i, p in enumerate(ports))
    return 'schema = 1\n[[nat]]\nName = "nat"\n' + body


# ---- round trips -------------------------------------------------------------------


def test_every_kind_round_trips(full_state: State) -> None:
    assert round_trip(full_state) == full_state


def test_initial_state_round_trips() -> None:
    assert round_trip(State.initial()) == State.initial()


def test_every_kind_round_trips_through_the_file(full_state: State, store_path: Path) -> None:
    store = Store(store_path)
    store.load()
    store.save(full_state)
    assert Store(store_path).load() == full_state


def test_layout_is_arrays_of_tables_with_windows_enum_names(full_state: State) -> None:
    written = text.dumps(encode_document(full_state)).decode()
    for header in ("[settings]", "[host]", "[counters]", "[nat_global]"):
        assert f"\n{header}\n" in written
    for kind in ("nat", "mapping", "external_address", "switch", "vm_adapter", "adapter"):
        assert f"\n[[{kind}]]\n" in written
    assert "\n[[address]]\n" in written and "\n[[route]]\n" in written
    assert written.splitlines()[1] == "schema = 1"
    assert 'Protocol = "UDP"' in written
    assert 'BandwidthReservationMode = "None"' in written
    assert 'mode = "relaxed"' in written
    assert "UdpInboundRefresh = true" in written


def test_defaults_are_omitted_and_restored() -> None:
    state = State(nats=(NetNat(Name="nat"),))
    doc = encode_document(state)
    assert doc == {
        "schema": 1,
        "settings": {"backend": "state", "mode": "strict"},
        "nat": [{"Name": "nat"}],
    }
    assert decode_document(doc) == state


def test_a_missing_section_takes_the_default() -> None:
    assert decode_document({"schema": 1}) == State()


def test_enum_names_are_read_case_insensitively() -> None:
    doc = encode_document(
        State(
            nats=(NetNat("n"),),
            mappings=(StaticMapping(0, "n", Protocol.UDP, "0.0.0.0", 1, "192.168.0.2", 1),),
        )
    )
    doc["mapping"][0]["Protocol"] = "udp"
    assert decode_document(doc).mappings[0].Protocol is Protocol.UDP


def test_encoding_a_wrongly_typed_state_is_a_bug() -> None:
    with pytest.raises(TypeError, match=r"StaticMapping\.Protocol"):
        encode_document(State(mappings=(StaticMapping(0, "n", 6, "x", 1, "y", 1),)))  # type: ignore[arg-type]


# ---- errors ---------------------------------------------------------------------


def test_bad_value_names_file_and_key_path(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    err = load_error(path, mappings_doc('"abc"'))
    assert err.record.message == (
        f"The store file '{path}' is not valid: "
        "key 'mapping[3].ExternalPort' must be an integer, not \"abc\"."
    )
    assert err.record.fqid == "StoreInvalid"
    assert err.record.category == "InvalidData"
    assert err.record.target_name == str(path)


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ("1.5", "key 'mapping[3].ExternalPort' must be an integer, not 1.5"),
        ("true", "key 'mapping[3].ExternalPort' must be an integer, not true"),
        ("[1]", "key 'mapping[3].ExternalPort' must be an integer, not an array"),
    ],
)
def test_wrong_types(tmp_path: Path, bad: str, says: str) -> None:
    assert says in load_error(tmp_path / "s.toml", mappings_doc(bad)).record.message


def test_bad_enum_lists_the_windows_names(tmp_path: Path) -> None:
    body = mappings_doc("84").replace('Protocol = "TCP"', 'Protocol = "ICMP"', 1)
    message = load_error(tmp_path / "s.toml", body).record.message
    assert "key 'mapping[0].Protocol' must be one of TCP, UDP, not \"ICMP\"" in message


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    err = load_error(path, 'schema = 1\n[[nat]\nName = "x"\n')
    assert err.record.message.startswith(f"The store file '{path}' is not valid TOML: ")
    assert "line 2, column" in err.record.message
    assert err.record.fqid == "StoreInvalid"


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_bytes(b"schema = 1\n# \xff\n")
    with pytest.raises(StoreError, match="not valid UTF-8"):
        Store(path).load()


def test_unknown_key_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    body = mappings_doc("84").replace("ExternalPort = 84", "ExternalPrt = 84")
    message = load_error(tmp_path / "s.toml", body).record.message
    assert "unknown key 'mapping[3].ExternalPrt' (did you mean 'mapping[3].ExternalPort'?)" in (
        message
    )


def test_unknown_top_level_key(tmp_path: Path) -> None:
    message = load_error(tmp_path / "s.toml", 'schema = 1\n[[nats]]\nName = "x"\n').record.message
    assert "unknown key 'nats' (did you mean 'nat'?)" in message


def test_missing_required_key(tmp_path: Path) -> None:
    body = mappings_doc("84").replace('NatName = "nat"\n', "", 1)
    message = load_error(tmp_path / "s.toml", body).record.message
    assert "key 'mapping[0].NatName' is missing" in message


def test_table_where_an_array_of_tables_belongs(tmp_path: Path) -> None:
    message = load_error(tmp_path / "s.toml", 'schema = 1\n[nat]\nName = "x"\n').record.message
    assert "key 'nat' must be an array of tables ([[nat]]), not a table" in message


def test_array_where_a_table_belongs(tmp_path: Path) -> None:
    message = load_error(
        tmp_path / "s.toml", 'schema = 1\n[[settings]]\nmode = "x"\n'
    ).record.message
    assert "key 'settings' must be a table, not an array" in message


def test_missing_schema(tmp_path: Path) -> None:
    message = load_error(tmp_path / "s.toml", "[host]\n").record.message
    assert "key 'schema' is missing" in message


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    err = load_error(path, "schema = 2\n[future]\nx = 1\n")
    assert err.record.message == (
        f"The store file '{path}' has schema 2, but this netnat reads schema 1 at most: "
        "it was written by a newer netnat; upgrade netnat to use it."
    )
    assert err.record.fqid == "StoreSchemaUnsupported"


def test_older_schema_goes_through_its_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename_nats(doc: codec.Doc) -> codec.Doc:
        old = dict(doc)
        old["nat"] = old.pop("nats")
        return old

    monkeypatch.setitem(codec.MIGRATIONS, 0, rename_nats)
    doc = {"schema": 0, "nats": [{"Name": "old"}]}
    assert decode_document(doc) == State(nats=(NetNat("old"),))
    assert doc == {"schema": 0, "nats": [{"Name": "old"}]}  # the input is not changed


def test_older_schema_without_migration_is_refused() -> None:
    with pytest.raises(DocumentError, match="has schema 0, which this netnat cannot read"):
        decode_document({"schema": 0})


def test_unencodable_text_names_the_key(store_path: Path) -> None:
    store = Store(store_path)
    store.load()
    with pytest.raises(StoreError, match=r"key 'nat\[0\]\.Name' holds U\+D800"):
        store.save(State(nats=(NetNat("a\ud800"),)))
    assert not store_path.parent.exists() or not any(store_path.parent.iterdir())
