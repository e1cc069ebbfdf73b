"""JSON values as the core schemas see them: the types of draft-07, the generic checks of
one key, and the helpers every rule shares (allowed values listed, each problem once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from stac_mlm._errors import Loc, RuleViolation, render

Violations = Iterator[RuleViolation]
#: What a check of one key finds: a list of violations, or the empty tuple.
Found = Sequence[RuleViolation]


# -- JSON types as draft-07 sees them ----------------------------------------------------------


def is_number(value: Any) -> bool:
    """``"type": "number"``: an int or a float, never a boolean."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_integer(value: Any) -> bool:
    """``"type": "integer"``: ``3`` or ``3.0`` (draft-07 counts integral floats)."""
    return is_number(value) and (isinstance(value, int) or float(value).is_integer())


def listed(values: Iterable[str]) -> str:
    """``"a", "b" or "c"``: allowed values quoted as JSON, listed once."""
    quoted = [render(value) for value in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def once(violations: Iterable[RuleViolation]) -> list[RuleViolation]:
    """Each problem once: two definitions checking the same key (an asset's ``description``
    in the asset definition and in the common metadata) report it at the same place with
    the same code; the first report is kept, so callers run the stricter definition first."""
    seen: set[tuple[Loc, str]] = set()
    kept = []
    for violation in violations:
        if (violation.loc, violation.code) not in seen:
            seen.add((violation.loc, violation.code))
            kept.append(violation)
    return kept


# -- generic checks of one key -----------------------------------------------------------------
# Plain functions, not generators: called for every key of every object, they return at once
# (an empty tuple) for what is absent or valid, and their callers ``yield from`` the result.

NOTHING: tuple[RuleViolation, ...] = ()


def required(node: dict[str, Any], keys: Iterable[str], loc: Loc, what: str) -> Found:
    """``required``: each key is present."""
    return [
        RuleViolation((*loc, key), "stac_required", f"{key} is required in {what}")
        for key in keys
        if key not in node
    ]


def string(node: dict[str, Any], key: str, loc: Loc, *, non_empty: bool = False) -> Found:
    """``{"type": "string"}``, with ``"minLength": 1`` when ``non_empty``."""
    if key not in node:
        return NOTHING
    value = node[key]
    if type(value) is str and (value or not non_empty):
        return NOTHING
    wanted = f"{key} must be a non-empty string" if non_empty else f"{key} must be a string"
    if not isinstance(value, str):
        return [RuleViolation((*loc, key), "stac_type", wanted, value)]
    if non_empty and not value:
        return [RuleViolation((*loc, key), "stac_empty", wanted, value)]
    return NOTHING


def strings(node: dict[str, Any], key: str, loc: Loc) -> Found:
    """``{"type": "array", "items": {"type": "string"}}``."""
    if key not in node:
        return NOTHING
    value = node[key]
    if not isinstance(value, list):
        return [
            RuleViolation((*loc, key), "stac_type", f"{key} must be an array of strings", value)
        ]
    message = f"each entry of {key} must be a string"
    return [
        RuleViolation((*loc, key, index), "stac_type", message, item)
        for index, item in enumerate(value)
        if not isinstance(item, str)
    ]


def number(node: dict[str, Any], key: str, loc: Loc) -> Found:
    """``{"type": "number"}``."""
    if key in node and not is_number(node[key]):
        return [RuleViolation((*loc, key), "stac_type", f"{key} must be a number", node[key])]
    return NOTHING


def bounded(
    node: dict[str, Any],
    key: str,
    loc: Loc,
    rule: str,
    holds: Callable[[float], bool],
    *,
    integer: bool = False,
) -> Found:
    """A number (an integer when ``integer``) for which ``holds(value)`` is true."""
    if key not in node:
        return NOTHING
    value = node[key]
    if not (is_integer(value) if integer else is_number(value)):
        return [RuleViolation((*loc, key), "stac_type", f"{key} must be {rule}", value)]
    if not holds(value):
        return [RuleViolation((*loc, key), "stac_range", f"{key} must be {rule}", value)]
    return NOTHING
