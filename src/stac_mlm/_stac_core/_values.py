"""JSON values as the core schemas see them: the types of draft-07, the generic checks of
one key, and the helpers every rule shares (allowed values listed, each problem once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from stac_mlm._errors import Loc, RuleViolation, render

Violations = Iterator[RuleViolation]


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


def required(node: dict[str, Any], keys: Iterable[str], loc: Loc, what: str) -> Violations:
    """``required``: each key is present."""
    for key in keys:
        if key not in node:
            yield RuleViolation((*loc, key), "stac_required", f"{key} is required in {what}")


def string(node: dict[str, Any], key: str, loc: Loc, *, non_empty: bool = False) -> Violations:
    """``{"type": "string"}``, with ``"minLength": 1`` when ``non_empty``."""
    if key not in node:
        return
    value = node[key]
    wanted = f"{key} must be a non-empty string" if non_empty else f"{key} must be a string"
    if not isinstance(value, str):
        yield RuleViolation((*loc, key), "stac_type", wanted, value)
    elif non_empty and not value:
        yield RuleViolation((*loc, key), "stac_empty", wanted, value)


def strings(node: dict[str, Any], key: str, loc: Loc) -> Violations:
    """``{"type": "array", "items": {"type": "string"}}``."""
    if key not in node:
        return
    value = node[key]
    if not isinstance(value, list):
        yield RuleViolation((*loc, key), "stac_type", f"{key} must be an array of strings", value)
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            message = f"each entry of {key} must be a string"
            yield RuleViolation((*loc, key, index), "stac_type", message, item)


def number(node: dict[str, Any], key: str, loc: Loc) -> Violations:
    """``{"type": "number"}``."""
    if key in node and not is_number(node[key]):
        yield RuleViolation((*loc, key), "stac_type", f"{key} must be a number", node[key])


def bounded(
    node: dict[str, Any],
    key: str,
    loc: Loc,
    rule: str,
    holds: Callable[[float], bool],
    *,
    integer: bool = False,
) -> Violations:
    """A number (an integer when ``integer``) for which ``holds(value)`` is true."""
    if key not in node:
        return
    value = node[key]
    if not (is_integer(value) if integer else is_number(value)):
        yield RuleViolation((*loc, key), "stac_type", f"{key} must be {rule}", value)
    elif not holds(value):
        yield RuleViolation((*loc, key), "stac_range", f"{key} must be {rule}", value)
