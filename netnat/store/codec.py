"""State <-> plain TOML document (dicts, lists, str, int, bool), derived from the dataclasses.

A dataclass is a table keyed by its field names, enums are stored by Windows name, defaults are
omitted; a bad document raises DocumentError naming the key path (`mapping[3].ExternalPort`).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

from netnat import record as dataclasses
from netnat.model.enums import NetEnum, display_name
from netnat.model.state import SCHEMA_VERSION, State
from netnat.store import arrays
from netnat.store.failures import FQID_INVALID, FQID_SCHEMA

Doc = dict[str, Any]
Migration = Callable[[Doc], Doc]
Convert = Callable[[object, str, str], object]  # (value, table path, key) -> model value

# State attribute -> TOML key: admins read `[[nat]]`, not `[[nats]]`. Other fields keep their name.
TOML_KEYS = {
    "nats": "nat",
    "mappings": "mapping",
    "external_addresses": "external_address",
    "switches": "switch",
    "vm_adapters": "vm_adapter",
    "adapters": "adapter",
    "addresses": "address",
    "routes": "route",
    "features": "feature",
    "services": "service",
    "container_networks": "container_network",
    "endpoints": "endpoint",
    "guest_addresses": "guest_address",
}
FULL_TABLES = frozenset({"settings"})  # always written, defaults included, for admins to see
# Schema N -> N+1, applied in turn to older documents; each returns a new document.
MIGRATIONS: dict[int, Migration] = {}

_SCALARS: dict[type, str] = {str: "a string", int: "an integer", bool: "a boolean (true or false)"}
REQUIRED: Any = object()  # the default of a field that has none


class DocumentError(Exception):
    """The document is not a State this netnat reads; `detail` reads after `The store file 'x'`."""

    def __init__(self, detail: str, fqid: str = FQID_INVALID) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fqid = fqid


class _Field:
    """One dataclass field: its TOML key, default, and how to check or convert its value."""

    __slots__ = ("array", "convert", "default", "key", "members", "name", "names", "spec", "type")

    def __init__(self, name: str, key: str, hint: Any, default: Any) -> None:
        self.name, self.key, self.type, self.default = name, key, hint, default
        self.convert: Convert | None = None  # None: a scalar whose type is checked inline
        self.names: dict[Any, str] = {}  # enum member -> Windows name
        self.members: dict[str, Any] = {}  # Windows name -> enum member
        self.spec: _Spec | None = None  # nested table or array of tables
        self.array = False  # tuple[spec.cls, ...]


class _Spec:
    """A dataclass's fields in declaration order and by TOML key."""

    __slots__ = ("by_key", "cls", "fields", "flat", "keys", "renamed", "required", "types")

    def __init__(self, cls: type, fields: list[_Field]) -> None:
        self.cls = cls
        self.fields = fields
        self.by_key = {f.key: f for f in fields}
        self.keys = frozenset(self.by_key)
        self.required = frozenset(f.key for f in fields if f.default is REQUIRED)
        # key -> the exact type a value needs as it is; None: it goes through `convert`
        self.types = {f.key: None if f.convert else f.type for f in fields}
        self.renamed = any(f.key != f.name for f in fields)
        # tables of scalars only, keys are field names: their arrays can be kept as columns
        # (the parse cache) and appended to without encoding the rows again
        self.flat = not self.renamed and all(f.spec is None for f in fields)


_SPECS: dict[type, _Spec] = {}


def spec_for(cls: type) -> _Spec:
    """The converters of a dataclass, built on first use."""
    spec = _SPECS.get(cls)
    if spec is None:
        hints = typing.get_type_hints(cls)
        rename = TOML_KEYS if cls is State else {}
        fields = [
            _make_field(cls, f, hints[f.name], rename.get(f.name, f.name))
            for f in dataclasses.fields(cls)
        ]
        spec = _SPECS[cls] = _Spec(cls, fields)
    return spec


def _make_field(cls: type, f: dataclasses.Field, hint: Any, key: str) -> _Field:
    default = f.default
    if default is dataclasses.MISSING:
        factory = f.default_factory
        default = REQUIRED if factory is dataclasses.MISSING else factory()
    field = _Field(f.name, key, hint, default)
    if hint in _SCALARS:
        return field
    if isinstance(hint, type) and issubclass(hint, Enum):
        field.names = {m: display_name(m) if isinstance(m, NetEnum) else m.value for m in hint}
        field.members = {name: member for member, name in field.names.items()}
        field.convert = _enum_converter(field.members)
    elif dataclasses.is_dataclass(hint) and isinstance(hint, type):
        field.spec = spec_for(hint)
        field.convert = _table_converter(field.spec)
    elif (item := _array_item(hint)) is not None:
        field.spec = spec_for(item)
        field.convert = _array_converter(field.spec)
        field.array = True
    else:
        raise TypeError(f"{cls.__name__}.{f.name}: the store cannot hold {hint!r}")
    return field


def _array_item(hint: Any) -> type | None:
    """X for `tuple[X, ...]` where X is a dataclass, else None."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return item
    return None


# ---- decoding -----------------------------------------------------------------------------


def decode_document(doc: Doc) -> State:
    """The State a parsed TOML document describes; DocumentError names the first bad key."""
    doc = migrate(_checked_schema(doc))
    body = {key: value for key, value in doc.items() if key != "schema"}
    state: State = _decode_table(spec_for(State), body, "")
    return state


def _checked_schema(doc: Doc) -> Doc:
    if "schema" not in doc:
        raise DocumentError("is not valid: key 'schema' is missing")
    version = doc["schema"]
    if type(version) is not int:
        raise _wrong("schema", "an integer", version)
    if version > SCHEMA_VERSION:
        raise DocumentError(
            f"has schema {version}, but this netnat reads schema {SCHEMA_VERSION} at most: "
            "it was written by a newer netnat; upgrade netnat to use it",
            FQID_SCHEMA,
        )
    return doc


def migrate(doc: Doc) -> Doc:
    """A document of an older schema brought up to SCHEMA_VERSION, one MIGRATIONS step at a time."""
    version: int = doc["schema"]
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            oldest = min(MIGRATIONS, default=SCHEMA_VERSION)
            raise DocumentError(
                f"has schema {version}, which this netnat cannot read "
                f"(it reads schema {oldest} to {SCHEMA_VERSION})",
                FQID_SCHEMA,
            )
        version += 1
        doc = {**step(doc), "schema": version}
    return doc


def _decode_table(spec: _Spec, table: object, where: str) -> Any:
    """One object from its table; the common case costs a few C-level set and dict steps."""
    if type(table) is not dict:
        raise _wrong(where, "a table", table)
    if not spec.keys >= table.keys():
        raise _unknown(spec, where, next(key for key in table if key not in spec.keys))
    if not table.keys() >= spec.required:
        missing = next(f.key for f in spec.fields if f.key in spec.required - table.keys())
        raise DocumentError(f"is not valid: key '{_join(where, missing)}' is missing")
    kwargs = dict(table)
    types = spec.types
    for key, value in table.items():
        if type(value) is not types[key]:
            kwargs[key] = _convert(spec.by_key[key], value, where, key)
    if spec.renamed:
        kwargs = {spec.by_key[key].name: value for key, value in kwargs.items()}
    return spec.cls(**kwargs)


def _convert(field: _Field, value: object, where: str, key: str) -> object:
    if field.convert is None:
        raise _wrong(_join(where, key), _SCALARS[field.type], value)
    return field.convert(value, where, key)


def _enum_converter(exact: dict[str, Any]) -> Convert:
    folded = {name.lower(): member for name, member in exact.items()}

    def convert(value: object, where: str, key: str) -> object:
        if type(value) is str:
            member = exact.get(value)
            if member is None:
                member = folded.get(value.lower())
            if member is not None:
                return member
        raise _wrong(_join(where, key), "one of " + ", ".join(exact), value)

    return convert


def _table_converter(spec: _Spec) -> Convert:
    def convert(value: object, where: str, key: str) -> object:
        return _decode_table(spec, value, _join(where, key))

    return convert


def _array_converter(spec: _Spec) -> Convert:
    def convert(value: object, where: str, key: str) -> object:
        path = _join(where, key)
        if type(value) is not list:
            raise _wrong(path, f"an array of tables ([[{path}]])", value)
        return tuple(_decode_table(spec, item, f"{path}[{i}]") for i, item in enumerate(value))

    return convert


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _wrong(path: str, expected: str, value: object) -> DocumentError:
    return DocumentError(f"is not valid: key '{path}' must be {expected}, not {show(value)}")


def _unknown(spec: _Spec, where: str, key: str) -> DocumentError:
    import difflib

    close = difflib.get_close_matches(key, list(spec.by_key), n=1)
    hint = f" (did you mean '{_join(where, close[0])}'?)" if close else ""
    return DocumentError(f"is not valid: unknown key '{_join(where, key)}'{hint}")


def show(value: object) -> str:
    """A TOML value as a message shows it: `"abc"`, `true`, `1.5`, `a table`, `an array`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json

        shown = json.dumps(value if len(value) <= 60 else value[:57] + "...", ensure_ascii=False)
        return str(shown)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)


# ---- encoding -----------------------------------------------------------------------------


def encode_document(state: State) -> Doc:
    """The TOML document of a State: `schema` first, then its tables; defaults left out."""
    return {"schema": SCHEMA_VERSION, **_encode_table(spec_for(State), state, full=False)}


def _encode_table(spec: _Spec, obj: object, full: bool) -> Doc:
    if not isinstance(obj, spec.cls):
        raise TypeError(f"expected {spec.cls.__name__}, got {type(obj).__name__}")
    out: Doc = {}
    for field in spec.fields:
        value = getattr(obj, field.name)
        keep = full or field.key in FULL_TABLES
        if not keep and field.default is not REQUIRED and _same(value, field.default):
            continue
        out[field.key] = _encode_value(spec, field, value, keep)
    return out


def _same(value: object, default: object) -> bool:
    return type(value) is type(default) and value == default


def _encode_value(spec: _Spec, field: _Field, value: object, full: bool) -> object:
    if field.spec is not None:
        if not field.array:
            return _encode_table(field.spec, value, full)
        if type(value) is not tuple:
            raise _bad_type(spec, field, value)
        item_spec = field.spec

        def encode(item: object) -> Doc:
            return _encode_table(item_spec, item, False)

        if item_spec.flat:  # only rows appended to what the store holds: encode those
            appended = arrays.appended(field.key, value, encode)
            if appended is not None:
                return appended
        return [encode(item) for item in value]
    if field.names:
        if not isinstance(value, field.type):
            raise _bad_type(spec, field, value)
        return field.names[value]
    if type(value) is not field.type:
        raise _bad_type(spec, field, value)
    return value


def _bad_type(spec: _Spec, field: _Field, value: object) -> TypeError:
    return TypeError(
        f"{spec.cls.__name__}.{field.name} must be {field.type!r}, "
        f"not {type(value).__name__} {value!r}"
    )
