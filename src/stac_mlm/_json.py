"""JSON value semantics the schema relies on (equality for ``uniqueItems``)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any


def is_valid_unicode(text: str) -> bool:
    """Whether ``text`` can be JSON text: no lone surrogate (``"\\ud800"``)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_key(value: Any) -> Hashable:
    """A hashable key equal for two values exactly when JSON Schema calls them equal.

    ``1`` and ``1.0`` are equal; ``true`` and ``1`` are not; object key order does not matter.
    """
    if isinstance(value, bool):
        return ("bool", value)  # before int: True must not equal 1
    if value is None or isinstance(value, str | int | float):
        return value  # scalars are their own key
    if isinstance(value, dict):
        return ("object", frozenset((key, json_key(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return ("array", tuple(json_key(item) for item in value))
    return value  # type: ignore[no-any-return]


def repeats(values: list[Any]) -> Iterator[tuple[int, Any]]:
    """The index and value of every item equal to an earlier one (``uniqueItems``)."""
    seen: set[Hashable] = set()
    for index, value in enumerate(values):
        key = json_key(value)
        if key in seen:
            yield index, value
        seen.add(key)


def first_duplicate(values: list[Any]) -> tuple[int, Any] | None:
    """The index and value of the first item equal to an earlier one, if any."""
    return next(repeats(values), None)


def json_equal(left: Any, right: Any) -> bool:
    """``left == right`` as JSON Schema sees it (``true`` is not ``1``; ``1`` is ``1.0``)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, dict):
        return (
            isinstance(right, dict)
            and left.keys() == right.keys()
            and all(json_equal(value, right[key]) for key, value in left.items())
        )
    if isinstance(left, list):
        return (
            isinstance(right, list)
            and len(left) == len(right)
            and all(map(json_equal, left, right))
        )
    return not isinstance(right, dict | list) and bool(left == right)
