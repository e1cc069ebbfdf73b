"""``item-spec/json-schema/datetime.json``: ``date-time`` as the oracle asserts it, written
as one ECMA-262 pattern that decides it both here and in the exported schemas; the datetime
fields of the common metadata and an Item's ``datetime``."""

from __future__ import annotations

import re
from typing import Any, Final

from stac_mlm._errors import Loc, RuleViolation
from stac_mlm._stac_core._values import NOTHING, Found, Violations

# `format: date-time` (as the oracle asserts it: rfc3339-validator on the upper-cased text)
# and the core schemas' pattern `(\+00:00|Z)$` together, as ONE ECMA-262 pattern: draft
# 2020-12 only annotates formats (a validator asserts them only when asked to, and then with
# its own notion of RFC 3339), so the exported schemas must not depend on it. Years
# 0001-9999, the days of each month, 29 February in leap years only, no second 60, a
# lower-case "t" allowed, "Z" or "+00:00" last.
# Only ASCII classes ([0-9], no \d) and no look-around: any regular-expression engine agrees.
_YEAR: Final = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR: Final = (
    r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
)
_DATE: Final = (
    rf"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    rf"|{_LEAP_YEAR}-02-29)"
)
DATETIME_PATTERN: Final = (
    rf"^{_DATE}[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:Z|\+00:00)$"
)
# The same pattern for Python: ASCII classes only, and matched whole (``fullmatch``) rather
# than with ``$``, which in Python's ``re`` would also match before a final newline.
_STAC_DATETIME: Final = re.compile(DATETIME_PATTERN.removeprefix("^").removesuffix("$"))
DATETIME_RULE: Final = (
    'an RFC 3339 date and time in UTC, ending in "Z" or "+00:00" (e.g. "2024-01-01T00:00:00Z")'
)


def is_stac_datetime(text: str) -> bool:
    r"""``format: date-time`` and ``pattern: (\+00:00|Z)$`` together, as the oracle asserts them.

    The pattern is ECMA-262: its ``$`` matches only at the very end, so the text ends in ``Z``
    or ``+00:00`` (case-sensitive, no trailing newline). The format is rfc3339-validator on
    ``text.upper()`` (so a lower-case ``t`` passes): year 0 and days beyond the month fail,
    a second of 60 fails. Decided by :data:`DATETIME_PATTERN`, the one pattern the exported
    schemas carry too (tests/test_json_schema.py checks it against the oracle).
    """
    return _STAC_DATETIME.fullmatch(text) is not None


def _datetime(node: dict[str, Any], key: str, loc: Loc, *, nullable: bool = False) -> Found:
    """A ``date-time`` string with the UTC pattern (or ``null`` when ``nullable``)."""
    if key not in node or (nullable and node[key] is None):
        return NOTHING
    value = node[key]
    if not isinstance(value, str):
        rule = f"{DATETIME_RULE} or null" if nullable else DATETIME_RULE
        return [RuleViolation((*loc, key), "stac_type", f"{key} must be {rule}", value)]
    if not is_stac_datetime(value):
        return [
            RuleViolation((*loc, key), "stac_datetime", f"{key} must be {DATETIME_RULE}", value)
        ]
    return NOTHING


def datetime_fields(node: dict[str, Any], loc: Loc) -> Violations:
    """``item-spec/json-schema/datetime.json``: ``datetime`` (or null), ``start_datetime``,
    ``end_datetime``, ``created``, ``updated``; ``dependencies``: a range has both ends."""
    yield from _datetime(node, "datetime", loc, nullable=True)
    for key in ("start_datetime", "end_datetime", "created", "updated"):
        yield from _datetime(node, key, loc)
    for given, needed in (("start_datetime", "end_datetime"), ("end_datetime", "start_datetime")):
        if given in node and needed not in node:
            message = f"{needed} is required when {given} is given: a range has both ends"
            yield RuleViolation((*loc, needed), "stac_datetime_range", message)


def item_datetime_given(properties: dict[str, Any], loc: Loc) -> Violations:
    """``item.json#/definitions/core`` properties ``anyOf``: ``datetime`` is given, and it is
    null only when ``start_datetime`` and ``end_datetime`` are given (a missing one of those
    two is reported by the ``dependencies`` of datetime.json)."""
    if "datetime" not in properties:
        message = (
            "datetime is required in the properties of an Item "
            "(null when start_datetime and end_datetime give a range instead)"
        )
        yield RuleViolation((*loc, "datetime"), "stac_required", message)
    elif properties["datetime"] is None and not (
        "start_datetime" in properties or "end_datetime" in properties
    ):
        message = "datetime may only be null when start_datetime and end_datetime are given"
        yield RuleViolation((*loc, "datetime"), "stac_datetime_range", message, None)
