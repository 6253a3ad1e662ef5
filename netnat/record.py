"""Light dataclasses: the subset of `dataclasses` netnat uses, built without compiling code.

`dataclasses` compiles several functions per class (and imports `inspect`): about 0.7 ms a class,
40 ms of every cmdlet call for netnat's ~60 start-up classes. These records build the same
methods from shared closures (microseconds a class) and construct objects with C-level loops.
Same API and behaviour for what netnat uses: frozen, slots, order, field(default,
default_factory, repr), fields, replace, __post_init__, ClassVar annotations, inheritance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from operator import attrgetter, itemgetter
from types import MemberDescriptorType
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    """One field: its name, annotation (a string under postponed annotations) and default."""

    __slots__ = ("compare", "default", "default_factory", "name", "repr", "type")

    def __init__(self, default: Any, default_factory: Any, repr: bool, compare: bool) -> None:
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r})"


@overload
def field(*, default: T, repr: bool = True, compare: bool = True) -> T: ...
@overload
def field(*, default_factory: Callable[[], T], repr: bool = True, compare: bool = True) -> T: ...
@overload
def field(*, repr: bool = True, compare: bool = True) -> Any: ...
def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field with options, as `dataclasses.field`."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, repr, compare)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in declaration order."""
    try:
        found: tuple[Field, ...] = obj.__record_fields__
    except AttributeError:
        raise TypeError("must be called with a record type or instance") from None
    return found


def is_dataclass(obj: Any) -> bool:
    """Whether `obj` is a record class or instance."""
    return hasattr(obj, "__record_fields__")


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of `obj` with some fields changed (the class's __init__ and __post_init__ run)."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    values.update(changes)
    return type(obj)(**values)


def from_columns(cls: type[T], columns: Sequence[Sequence[Any]]) -> list[T]:
    """Objects of a record class from its fields' values column by column (one column per
    field, in field order). A slotted record without __post_init__ is filled by C-level loops,
    about twice as fast as calling the class once per row; others are called per row."""
    names = [f.name for f in fields(cls)]
    if len(columns) != len(names):
        raise TypeError(f"{cls.__name__} has {len(names)} fields, not {len(columns)} columns")
    slots = [getattr(cls, name, None) for name in names]
    if hasattr(cls, "__post_init__") or not all(type(s) is MemberDescriptorType for s in slots):
        return list(map(cls, *columns))
    count = len(columns[0]) if columns else 0
    if any(len(column) != count for column in columns):
        raise ValueError("columns of different lengths")
    made: list[T] = list(map(object.__new__, repeat(cls, count)))
    for slot, column in zip(slots, columns, strict=True):
        any(map(slot.__set__, made, column))  # type: ignore[union-attr]
    return made


@overload
def dataclass(cls: type[T], /) -> type[T]: ...
@overload
def dataclass(
    *, frozen: bool = False, slots: bool = False, order: bool = False
) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(field_specifiers=(field, Field))
def dataclass(
    cls: Any = None, /, *, frozen: bool = False, slots: bool = False, order: bool = False
) -> Any:
    """Make `cls` a record, as `dataclasses.dataclass` would (eq always on)."""

    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, frozen, slots, order)

    return wrap if cls is None else wrap(cls)


def _is_classvar(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _own_fields(cls: type) -> list[Field]:
    found = []
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 (inspect is what we avoid)
    for name, annotation in own.items():
        if _is_classvar(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, Field) else Field(value, MISSING, True, True)
        spec.name, spec.type = name, annotation
        found.append(spec)
    return found


def _all_fields(cls: type) -> tuple[list[Field], list[Field]]:
    """(every field, inherited first; this class's own fields)."""
    merged: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            merged[f.name] = f
    own = _own_fields(cls)
    for f in own:
        merged[f.name] = f
    return list(merged.values()), own


def _build(cls: type[T], frozen: bool, slots: bool, order: bool) -> type[T]:
    every, own = _all_fields(cls)
    _check_defaults_last(cls, every)
    for f in own:  # defaults live in the Field; a slot cannot share its name with one
        if f.name in cls.__dict__ and (slots or f.default is MISSING):
            delattr(cls, f.name)
        elif f.default is not MISSING:
            setattr(cls, f.name, f.default)
    if slots:
        cls = _with_slots(cls, [f.name for f in own])
    names = tuple(f.name for f in every)
    methods: dict[str, Any] = {
        "__init__": _make_init(cls, every, frozen),
        "__repr__": _make_repr(tuple(f.name for f in every if f.repr)),
    }
    key = _getter(attrgetter, tuple(f.name for f in every if f.compare))
    methods["__eq__"] = _make_eq(key)
    if cls.__dict__.get("__hash__") is None:  # none of its own (or None, set by its __eq__)
        cls.__hash__ = _make_hash(key) if frozen else None  # type: ignore[assignment]
    if order:
        methods.update(_make_order(key))
    if frozen:
        methods.update(_make_frozen(cls, names))
        if slots:
            methods.update(_make_state(names))
    for name, method in methods.items():
        if name not in cls.__dict__:
            if callable(method):
                method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
    setattr(cls, "__record_fields__", tuple(every))  # noqa: B010 (not a declared attribute)
    setattr(cls, "__match_args__", names)  # noqa: B010
    return cls


def _check_defaults_last(cls: type, every: list[Field]) -> None:
    defaulted = ""
    for f in every:
        if f.default is not MISSING or f.default_factory is not MISSING:
            defaulted = f.name
        elif defaulted:
            raise TypeError(
                f"{cls.__name__}: non-default argument {f.name!r} follows default argument"
            )


def _with_slots(cls: type[T], own: list[str]) -> type[T]:
    body = dict(cls.__dict__)
    for name in (*own, "__dict__", "__weakref__"):
        body.pop(name, None)
    body["__slots__"] = tuple(own)
    meta: Any = type(cls)
    made: type[T] = meta(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    return made


def _getter(
    make: type[attrgetter[Any]] | type[itemgetter[Any]], names: tuple[str, ...]
) -> Callable[[Any], tuple[Any, ...]]:
    """`make(*names)` (attributes or keys) that returns a tuple even for one name or none."""
    if len(names) > 1:
        return make(*names)
    if names:
        one = make(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


HOT = 50  # instantiations after which a class gets a compiled __init__ (costs ~0.1 ms once)


def _make_init(cls: type, every: list[Field], frozen: bool) -> Callable[..., None]:
    """A generic __init__ (no compile: most classes are made a few times per process) that
    replaces itself with a compiled one, as fast as dataclasses', once the class is hot."""
    names = tuple(f.name for f in every)
    count = len(names)
    defaults = {f.name: f.default for f in every if f.default is not MISSING}
    factories = tuple(
        (f.name, f.default_factory) for f in every if f.default_factory is not MISSING
    )
    pick = _getter(itemgetter, names)
    store = object.__setattr__ if frozen else setattr
    post_init = hasattr(cls, "__post_init__")
    calls = [0]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        calls[0] += 1
        if calls[0] == HOT:
            cls.__init__ = _compiled_init(cls, every, frozen, post_init)  # type: ignore[misc]
        if args:
            kwargs = _bind_positional(type(self), names, args, kwargs)
        values = {**defaults, **kwargs}
        for name, factory in factories:
            if name not in values:
                values[name] = factory()
        try:
            got = pick(values)
        except KeyError:
            raise _missing(type(self), names, values) from None
        if len(values) != count:
            raise _unexpected(type(self), names, values)
        any(map(store, repeat(self, count), names, got))
        if post_init:
            self.__post_init__()

    return __init__


def _compiled_init(
    cls: type, every: list[Field], frozen: bool, post_init: bool
) -> Callable[..., None]:
    """The __init__ dataclasses would generate: parameters in field order with their defaults."""
    scope: dict[str, Any] = {"__object_setattr": object.__setattr__, "__no_value": MISSING}
    params, lines = [], []
    for i, f in enumerate(every):
        name = f.name
        if f.default is not MISSING:
            scope[f"__default_{i}"] = f.default
            params.append(f"{name}=__default_{i}")
        elif f.default_factory is not MISSING:
            scope[f"__factory_{i}"] = f.default_factory
            params.append(f"{name}=__no_value")
            lines.append(f"  if {name} is __no_value: {name} = __factory_{i}()")
        else:
            params.append(name)
        lines.append(
            f"  __object_setattr(self, {name!r}, {name})" if frozen else f"  self.{name} = {name}"
        )
    if post_init:
        lines.append("  self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines or ["  pass"])
    exec(source, scope)  # built from field names only, as dataclasses does
    made: Callable[..., None] = scope["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


def _bind_positional(
    cls: type, names: tuple[str, ...], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, Any]:
    if len(args) > len(names):
        raise TypeError(
            f"{cls.__name__}.__init__() takes {len(names) + 1} positional arguments "
            f"but {len(args) + 1} were given"
        )
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{cls.__name__}.__init__() got multiple values for argument '{name}'")
        kwargs[name] = value
    return kwargs


def _missing(cls: type, names: tuple[str, ...], values: dict[str, Any]) -> TypeError:
    absent = [name for name in names if name not in values]
    listed = ", ".join(f"'{name}'" for name in absent)
    return TypeError(
        f"{cls.__name__}.__init__() missing {len(absent)} required argument(s): {listed}"
    )


def _unexpected(cls: type, names: tuple[str, ...], values: dict[str, Any]) -> TypeError:
    extra = next(name for name in values if name not in names)
    return TypeError(f"{cls.__name__}.__init__() got an unexpected keyword argument '{extra}'")


def _make_repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({inner})"

    return __repr__


def _make_eq(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return self is other or key(self) == key(other)
        return NotImplemented

    return __eq__


def _make_hash(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _make_order(key: Callable[[Any], tuple[Any, ...]]) -> dict[str, Callable[[Any, Any], Any]]:
    def compare(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
        def method(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return test(key(self), key(other))
            return NotImplemented

        return method

    return {
        "__lt__": compare(lambda a, b: a < b),
        "__le__": compare(lambda a, b: a <= b),
        "__gt__": compare(lambda a, b: a > b),
        "__ge__": compare(lambda a, b: a >= b),
    }


def _make_frozen(cls: Any, names: tuple[str, ...]) -> dict[str, Callable[..., None]]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


def _make_state(names: tuple[str, ...]) -> dict[str, Callable[..., Any]]:
    """Pickling and copying of frozen slotted records (they have no __dict__ to restore)."""

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    return {"__getstate__": __getstate__, "__setstate__": __setstate__}
