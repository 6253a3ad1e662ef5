"""Select-Object and Sort-Object: pick, compute and order properties of pipeline objects."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cmp_to_key

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.core_common import (
    OBJECTS,
    UTILITY,
    check_range,
    collected,
    evaluate,
    has_member,
    hashtable_entry,
    input_of,
    input_param,
    item_error,
    key_error,
    member,
    resolve_names,
    selected,
)
from netnat.errors import CmdletError
from netnat.model.psobject import PSObject
from netnat.model.values import (
    ConversionError,
    Hashtable,
    ScriptBlockValue,
    compare,
    enumerate_pipeline,
    is_true,
    like,
    to_string,
)

CALCULATED = ("Name", "Label", "Expression")
SORT_KEYS = ("Expression", "Ascending", "Descending")

# --- Select-Object ------------------------------------------------------------------------


def select_object(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    _check_counts(bound)
    given, obj = input_of(bound)
    if not given:
        return
    for result in _select_one(ctx, bound, obj):
        if bound.flag("Unique") and _seen(ctx, result):
            continue
        if bound.has("Last") or bound.has("Index"):
            collected(ctx).append(result)
        elif _in_window(ctx, bound):
            yield result


def select_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    if not (bound.has("Last") or bound.has("Index")):
        return
    items = collected(ctx)
    if bound.has("Index"):
        yield from (items[i] for i in bound.ints("Index") or [] if -len(items) <= i < len(items))
        return
    skip, first, last = (_count(bound, n) for n in ("Skip", "First", "Last"))
    items = items[: len(items) - skip] if skip else items
    head = items[:first] if bound.has("First") else []
    yield from head + items[max(len(head), len(items) - last) :]


def _check_counts(bound: Bound) -> None:
    for name in ("First", "Last", "Skip"):
        check_range(bound, name, 0)


def _count(bound: Bound, name: str) -> int:
    value = bound.get(name)
    return value if isinstance(value, int) else 0


def _in_window(ctx: CmdletContext, bound: Bound) -> bool:
    """-Skip then -First on the stream of selected objects."""
    position = ctx.scratch.get("position", 0)
    assert isinstance(position, int)
    ctx.scratch["position"] = position + 1
    skip = _count(bound, "Skip")
    if position < skip:
        return False
    return not bound.has("First") or position - skip < _count(bound, "First")


def _seen(ctx: CmdletContext, result: object) -> bool:
    """-Unique: True when an equal object (case-sensitive) was already selected."""
    key: object = to_string(result)
    if isinstance(result, PSObject):
        key = tuple((k, to_string(v)) for k, v in result.props.items())
    seen = collected(ctx, "unique")
    if key in seen:
        return True
    seen.append(key)
    return False


def _select_one(ctx: CmdletContext, bound: Bound, obj: object) -> list[object]:
    """The objects one input object becomes (itself, a projection, or expanded values)."""
    specs = bound.get("Property")
    expand = bound.str_("ExpandProperty")
    if specs is None and expand is None:
        return [obj]
    projected = None if specs is None else _project(ctx, bound, obj, specs)
    if expand is None:
        return [projected]
    values = _expand(ctx, bound, obj, expand)
    if projected is None:
        return values
    return [_attach(ctx, bound, value, projected) for value in values]


def _project(ctx: CmdletContext, bound: Bound, obj: object, specs: object) -> PSObject:
    """A `Selected.<type>` object with the -Property values, in the order asked for."""
    excluded = bound.strs("ExcludeProperty") or []
    props: dict[str, object] = {}
    for spec in specs if isinstance(specs, list) else [specs]:
        for name, value in _property_values(ctx, bound, obj, spec):
            if any(like(name, pattern) for pattern in excluded):
                continue
            if name.lower() in (k.lower() for k in props):
                ctx.write_error(
                    _already_exists(bound, name, "AlreadyExistingUserSpecifiedProperty")
                )
                continue
            props[name] = value
    return selected(obj, props)


def _property_values(
    ctx: CmdletContext, bound: Bound, obj: object, spec: object
) -> Iterator[tuple[str, object]]:
    if isinstance(spec, Hashtable):
        entry = hashtable_entry(bound, spec, CALCULATED)
        if "Expression" not in entry:
            message = "A mandatory entry for Expression is missing."
            raise key_error(bound, message, "DictionaryKeyMandatoryEntry")
        expression = entry["Expression"]
        name = to_string(entry.get("Name", expression))
        yield name, evaluate(ctx, obj, expression)
    elif isinstance(spec, ScriptBlockValue):
        yield spec.text, evaluate(ctx, obj, spec)
    else:
        for name in resolve_names(obj, to_string(spec)):
            yield name, member(obj, name)


def _expand(ctx: CmdletContext, bound: Bound, obj: object, pattern: str) -> list[object]:
    """-ExpandProperty: the property's value, arrays unrolled; a missing one is an error."""
    names = [n for n in resolve_names(obj, pattern) if has_member(obj, n)]
    if len(names) > 1:
        message = "Multiple properties cannot be expanded."
        ctx.write_error(
            item_error(
                bound, message, "MutlipleExpandProperties", "InvalidArgument", "PSArgumentException"
            )
        )
        return []
    if not names:
        message = f'Property "{pattern}" cannot be found.'
        error_id, reason = "ExpandPropertyNotFound", "PSArgumentException"
        ctx.write_error(item_error(bound, message, error_id, "InvalidArgument", reason, obj))
        return []
    return enumerate_pipeline(member(obj, names[0]))


def _attach(ctx: CmdletContext, bound: Bound, value: object, projected: PSObject) -> object:
    """-Property with -ExpandProperty: the selected properties are added to each value."""
    if not isinstance(value, PSObject):
        return value  # DEVIATION: strings and numbers cannot carry note properties here
    props = dict(value.props)
    for name, prop in projected.props.items():
        if value.has(name):
            error_id = "AlreadyExistingUserSpecifiedPropertyExpand"
            ctx.write_error(_already_exists(bound, name, error_id))
            continue
        props[name] = prop
    return PSObject(value.type_names, props, value.source, value.hidden, value.text, value.methods)


def _already_exists(bound: Bound, name: str, error_id: str) -> CmdletError:
    message = f'The property cannot be processed because the property "{name}" already exists.'
    return item_error(bound, message, error_id, "InvalidOperation", "PSArgumentException")


# --- Sort-Object --------------------------------------------------------------------------

Keys = list[tuple[object, bool]]  # (value, descending) per sort key


def sort_object(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    given, obj = input_of(bound)
    if given:
        collected(ctx).append(obj)
    return iter(())


def sort_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    items = collected(ctx)
    keyed = [(_sort_keys(ctx, bound, obj), obj) for obj in items]
    sensitive = bound.flag("CaseSensitive")

    def order(a: tuple[Keys, object], b: tuple[Keys, object]) -> int:
        return _compare_keys(a[0], b[0], sensitive)

    keyed.sort(key=cmp_to_key(order))
    previous: Keys | None = None
    for keys, obj in keyed:
        unique = bound.flag("Unique") and previous is not None
        if unique and _compare_keys(previous or [], keys, sensitive) == 0:
            continue
        previous = keys
        yield obj


def _sort_keys(ctx: CmdletContext, bound: Bound, obj: object) -> Keys:
    descending = bound.flag("Descending")
    specs = bound.get("Property")
    if specs is None:
        return [(to_string(obj) if isinstance(obj, PSObject) else obj, descending)]
    keys: Keys = []
    for spec in specs if isinstance(specs, list) else [specs]:
        if isinstance(spec, Hashtable):
            entry = hashtable_entry(bound, spec, SORT_KEYS)
            down = _direction(entry, descending)
            keys.append((evaluate(ctx, obj, entry.get("Expression")), down))
        elif isinstance(spec, ScriptBlockValue):
            keys.append((evaluate(ctx, obj, spec), descending))
        else:
            names = resolve_names(obj, to_string(spec))
            keys.extend((member(obj, name), descending) for name in names)
    return keys


def _direction(entry: dict[str, object], descending: bool) -> bool:
    if "Descending" in entry:
        return is_true(entry["Descending"])
    if "Ascending" in entry:
        return not is_true(entry["Ascending"])
    return descending


def _compare_keys(a: Keys, b: Keys, sensitive: bool) -> int:
    for (left, down), (right, _) in zip(a, b, strict=False):
        result = sort_compare(left, right, sensitive)
        if result:
            return -result if down else result
    return 0


def sort_compare(left: object, right: object, sensitive: bool = False) -> int:
    """Sort-Object's order: $null first, numbers numerically, strings case-insensitively;
    values of types that do not convert compare by their string forms."""
    if isinstance(left, PSObject) or isinstance(right, PSObject):
        left, right = to_string(left), to_string(right)
    if sensitive and isinstance(left, str) and isinstance(right, str):
        a, b = (left.lower(), left.swapcase()), (right.lower(), right.swapcase())
        return (a > b) - (a < b)  # culture order: letters first, then lower case first
    try:
        return compare(left, right, sensitive)
    except ConversionError:
        return compare(to_string(left), to_string(right), sensitive)


# --- declarations -------------------------------------------------------------------------

CMDLETS = (
    Cmdlet(
        "Select-Object",
        select_object,
        (
            input_param(),
            Param("Property", OBJECTS, position=0),
            Param("ExcludeProperty", t.STRING_ARRAY),
            Param("ExpandProperty", t.STRING),
            Param("Unique", t.SWITCH),
            Param("Last", t.INT32, validate_range=(0, None)),
            Param("First", t.INT32, validate_range=(0, None)),
            Param("Skip", t.INT32, validate_range=(0, None)),
            Param("Index", t.PType("System.Int32[]", t.Kind.INT, array=True)),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.SelectObjectCommand",
        aliases=("select",),
        synopsis="Selects properties of objects, or the first, last or unique objects.",
        description=(
            "-Property takes names, wildcards, `*` and calculated properties "
            "@{Name='n'; Expression={...}} (N, Label and L, E work too); the new objects have "
            "the type Selected.<type> and format by the 4/5 property rule. -ExpandProperty "
            "outputs a property's value itself. -ExcludeProperty only applies with -Property "
            "(Windows PowerShell 5.1). Module: " + UTILITY
        ),
        examples=(
            Example("Get-NetNat | Select-Object Name, InternalIPInterfaceAddressPrefix"),
            Example("Get-VMSwitch | Select-Object -ExpandProperty Name"),
        ),
        end=select_end,
    ),
    Cmdlet(
        "Sort-Object",
        sort_object,
        (
            input_param(),
            Param("Property", OBJECTS, position=0),
            Param("Descending", t.SWITCH),
            Param("Unique", t.SWITCH),
            Param("CaseSensitive", t.SWITCH),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.SortObjectCommand",
        aliases=("sort",),
        synopsis="Sorts objects by property values.",
        description=(
            "Strings compare case-insensitively (ordinal on lower case, not the Windows culture "
            "order), numbers numerically, $null first. -Property also takes script blocks and "
            "@{Expression=...; Descending=$true}. -Unique drops objects whose keys are equal. "
            "Module: " + UTILITY
        ),
        examples=(Example("Get-NetNatStaticMapping | Sort-Object ExternalPort -Descending"),),
        end=sort_end,
    ),
)
