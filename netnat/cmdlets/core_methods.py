"""`ForEach-Object Name [args]`: read a property or call a method on each pipeline object.

Methods: a PSObject's own `methods`, `ToString()` on anything, and the common string methods
runbooks call (ToUpper, Trim, Split, Replace, ...). Other .NET methods are not modelled."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from netnat.binding.decl import Bound, CmdletContext
from netnat.cmdlets.core_common import item_error
from netnat.model.psobject import PSObject
from netnat.model.values import Hashtable, enumerate_pipeline, get_property, to_string

Method = Callable[..., object]


def _split(text: str, separators: object = " ", *_: object) -> list[str]:
    """String.Split(char[]): split at any of the separator characters."""
    import re

    chars = to_string(separators) or " "
    return re.split("[" + re.escape(chars) + "]", text)


def _substring(text: str, start: object, length: object = None) -> str:
    first = int(str(start))
    if not 0 <= first <= len(text):
        raise ValueError("startIndex cannot be larger than length of string.")
    if length is None:
        return text[first:]
    count = int(str(length))
    if count < 0 or first + count > len(text):
        raise ValueError("Index and length must refer to a location within the string.")
    return text[first : first + count]


def _chars(value: object) -> str | None:
    return None if value is None else to_string(value)


STRING_METHODS: dict[str, Method] = {
    "toupper": lambda s: s.upper(),
    "tolower": lambda s: s.lower(),
    "trim": lambda s, chars=None: s.strip(_chars(chars)),
    "trimstart": lambda s, chars=None: s.lstrip(_chars(chars)),
    "trimend": lambda s, chars=None: s.rstrip(_chars(chars)),
    "split": _split,
    "replace": lambda s, old, new: s.replace(to_string(old), to_string(new)),
    "startswith": lambda s, p: s.startswith(to_string(p)),
    "endswith": lambda s, p: s.endswith(to_string(p)),
    "contains": lambda s, p: to_string(p) in s,
    "substring": _substring,
}


def find_method(obj: object, name: str) -> Method | None:
    """The method `name` (case-insensitive) of a value, bound to it; None when it has none."""
    wanted = name.lower()
    if isinstance(obj, PSObject) and obj.methods:
        for key, method in obj.methods.items():
            if key.lower() == wanted:
                return method
    if isinstance(obj, str) and wanted in STRING_METHODS:
        text = obj
        return lambda *args: STRING_METHODS[wanted](text, *args)
    if wanted == "tostring":
        return lambda *args: to_string(obj)
    return None


def _has_property(obj: object, name: str) -> bool:
    if isinstance(obj, PSObject):
        return obj.has(name)
    if isinstance(obj, Hashtable) and name in obj:
        return True
    return get_property(obj, name) is not None


def call_member(
    ctx: CmdletContext, bound: Bound, obj: object, name: str, args: list[object]
) -> Iterator[object]:
    """What `ForEach-Object <name> [args]` writes for one object (arrays unrolled).

    No arguments: a property (or hashtable key) wins over a method of that name; a member that
    does not exist gives $null, as PowerShell does outside strict mode."""
    if obj is None:
        yield None
        return
    if not args and _has_property(obj, name):
        yield from enumerate_pipeline(get_property(obj, name))
        return
    method = find_method(obj, name)
    if method is None:
        if args:
            message = f'Input name "{name}" cannot be resolved to a method.'
            ctx.write_error(
                item_error(
                    bound, message, "MethodNotFound", "InvalidArgument", "PSArgumentException", obj
                )
            )
        else:
            yield None
        return
    yield from _invoke(ctx, bound, obj, name, method, args)


def _invoke(
    ctx: CmdletContext, bound: Bound, obj: object, name: str, method: Method, args: list[object]
) -> Iterator[object]:
    try:
        result = method(*args)
    except TypeError:
        message = f'Cannot find an overload for "{name}" and the argument count: "{len(args)}".'
        ctx.write_error(
            item_error(
                bound, message, "MethodInvocationError", "InvalidOperation", "MethodException", obj
            )
        )
        return
    except ValueError as failure:
        message = f'Exception calling "{name}" with "{len(args)}" argument(s): "{failure}"'
        ctx.write_error(
            item_error(
                bound,
                message,
                "MethodInvocationError",
                "InvalidOperation",
                "MethodInvocationException",
                obj,
            )
        )
        return
    yield from enumerate_pipeline(result)
