"""What every document must be before any rule reads it: a JSON value.

JSON has no ``NaN`` or ``Infinity`` (and ``1e309`` overflows to infinity when parsed), its
strings are Unicode (a lone surrogate such as ``"\\ud800"`` is not), its object keys are
strings, and a document nested without bound cannot be written back (nor validated
without recursion). :func:`json_value_violations` finds all of it in one iterative pass,
so that every path (a dict, JSON text, the CLI, FastAPI, ``migrate``) gives one verdict.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from enum import Enum
from typing import Any, Final

from pydantic import BaseModel

from stac_mlm._errors import NO_INPUT, Loc, RuleViolation
from stac_mlm._json import is_valid_unicode

__all__ = ["MAX_DEPTH", "json_text_is_plain", "json_value_violations", "too_deep_violation"]

#: The deepest nesting of arrays and objects a document may have (the document itself is
#: level 1). Real STAC documents stay below 15; the limit keeps validation, ``migrate`` and
#: writing back free of recursion limits on every path.
MAX_DEPTH: Final = 100

#: JSON scalars, and the values Python construction may pass in (validated by their own
#: models or types).
_ACCEPTED_SCALARS = (str, int, float, bool, type(None), BaseModel, Enum, datetime, date, time)


def too_deep_violation(loc: Loc, where: str = "") -> RuleViolation:
    return RuleViolation(
        loc,
        "json_too_deep",
        f"the document is nested more than {MAX_DEPTH} levels deep{where}: no STAC document "
        "needs that, and deeper ones are refused",
    )


def _invalid_unicode(loc: Loc, text: str, what: str) -> RuleViolation:
    return RuleViolation(
        loc,
        "json_invalid_unicode",
        f"{what} is not valid Unicode: it holds a lone surrogate, which JSON text cannot carry",
        text,
    )


def _scalar_violation(loc: Loc, value: Any) -> RuleViolation | None:
    if isinstance(value, float):
        if value - value != 0:  # NaN and ±inf: the only floats for which this holds
            return RuleViolation(
                loc,
                "json_non_finite_number",
                "numbers must be finite: JSON has no NaN or Infinity (a number such as 1e309 "
                "is too large for a 64-bit float and reads as Infinity)",
                value,
            )
        return None
    if isinstance(value, str) and not is_valid_unicode(value):
        return _invalid_unicode(loc, value, "the string")
    if isinstance(value, _ACCEPTED_SCALARS):
        return None
    return RuleViolation(
        loc,
        "json_invalid_value",
        "not a JSON value: only objects, arrays, strings, numbers, true, false and null are",
    )


def _children(node: Any, loc: Loc) -> Iterator[tuple[Loc, Any] | RuleViolation]:
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                yield RuleViolation(
                    loc,
                    "json_invalid_key",
                    "object keys must be strings in JSON",
                    key if isinstance(key, int | float | bool) or key is None else NO_INPUT,
                )
            elif not is_valid_unicode(key):
                yield _invalid_unicode((*loc, key), key, "the key")
            else:
                yield (*loc, key), value
    else:
        for index, value in enumerate(node):
            yield (*loc, index), value


def _is_plain_scalar(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        return value.isascii() or is_valid_unicode(value)
    if kind is float:
        return bool(value - value == 0)  # not NaN nor ±inf
    return kind is int or kind is bool or value is None


def _is_plain_json(value: Any) -> bool:
    """Whether ``value`` is JSON through and through, within the depth limit.

    The pass every valid document takes: level by level, no locations built, string checks
    done by C code (``str.isascii`` on the joined keys).
    """
    if type(value) is not dict and type(value) is not list:
        return _is_plain_scalar(value)
    level: list[Any] = [value]
    depth = 1
    while level:
        nested: list[Any] = []
        for node in level:
            if type(node) is dict:
                try:
                    keys_ascii = "".join(node).isascii()
                except TypeError:  # a key that is not a string
                    return False
                if not keys_ascii and not all(map(is_valid_unicode, node)):
                    return False
                children: Any = node.values()
            else:
                children = node
            for child in children:
                kind = type(child)
                if kind is str:
                    if not child.isascii() and not is_valid_unicode(child):
                        return False
                elif kind is dict or kind is list:
                    nested.append(child)
                elif kind is float:
                    if child - child != 0:  # NaN or ±inf
                        return False
                elif kind is not int and kind is not bool and child is not None:
                    return False
        depth += 1
        if nested and depth > MAX_DEPTH:
            return False
        level = nested
    return True


#: Number shapes in JSON text as plain bytes: every digit a ``0``, ``E`` an ``e`` (and
#: ``+`` deleted), so that one substring says whether an exponent has three digits.
_NUMBER_SHAPES = bytes.maketrans(b"123456789E", b"000000000e")
#: Every byte but the brackets, to count them.
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")


def json_text_is_plain(text: str | bytes | bytearray) -> bool:
    """Whether the value pydantic-core's parser read from ``text`` surely passes the guard.

    Only for a value ``pydantic_core.from_json(text, allow_inf_nan=False)`` returned: that
    parser itself refuses ``NaN``, ``Infinity``, invalid UTF-8 and lone surrogates, and
    its keys are strings. The rest is found in the text with three C-speed passes instead
    of a walk over the value: at most ``2 * MAX_DEPTH`` brackets cannot nest deeper than
    ``MAX_DEPTH``, and a number cannot overflow to infinity without an exponent of three
    digits (``1e309``) or, below that, over 200 digits before its exponent. ``False``
    only means "walk the value" (those shapes may be inside strings).
    """
    data = text.encode() if isinstance(text, str) else text
    if len(data.translate(None, _NOT_BRACKETS)) > 2 * MAX_DEPTH:
        return False
    shapes = data.translate(_NUMBER_SHAPES, b"+")
    return b"e000" not in shapes and b"0" * 200 not in shapes


def json_value_violations(value: Any) -> list[RuleViolation]:
    """Every place where ``value`` is not a JSON value, and whether it is too deep.

    Models, enums and datetimes (Python construction) are left to their own validation.
    Nesting beyond :data:`MAX_DEPTH` is reported once, at the first container too deep,
    and nothing below it is read.
    """
    if _is_plain_json(value):
        return []
    violations: list[RuleViolation] = []
    stack: list[tuple[Loc, Any, int]] = [((), value, 1)]
    while stack:
        loc, node, depth = stack.pop()
        if isinstance(node, dict | list | tuple):
            if depth > MAX_DEPTH:
                return [*violations, too_deep_violation(loc)]
            later = []
            for child in _children(node, loc):
                if isinstance(child, RuleViolation):
                    violations.append(child)
                else:
                    later.append((child[0], child[1], depth + 1))
            stack.extend(reversed(later))  # popped in document order
        else:
            violation = _scalar_violation(loc, node)
            if violation is not None:
                violations.append(violation)
    return violations
