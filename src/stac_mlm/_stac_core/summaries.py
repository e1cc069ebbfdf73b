"""Summaries: ``collection.json#/definitions/summaries``, and for a summary that is a JSON
Schema, the draft-07 meta-schema (``http://json-schema.org/draft-07/schema#``)."""

from __future__ import annotations

from typing import Any, Final

from stac_mlm._errors import Loc, RuleViolation
from stac_mlm._json import repeats
from stac_mlm._stac_core._values import Violations, is_integer, is_number, listed


def summaries(document: dict[str, Any]) -> Violations:
    """collection.json ``#/definitions/summaries``: an object of summaries."""
    if "summaries" not in document:
        return
    summaries = document["summaries"]
    if not isinstance(summaries, dict):
        message = "summaries must be an object of summaries by field name"
        yield RuleViolation(("summaries",), "stac_type", message, summaries)
        return
    for key, summary in summaries.items():
        yield from _summary(summary, ("summaries", key))


def _summary(summary: Any, loc: Loc) -> Violations:
    """``summaries.additionalProperties`` ``anyOf``: a non-empty array of values, a range
    (``minimum`` and ``maximum``, numbers or strings) or a non-empty JSON Schema object.

    An object with ``minimum`` or ``maximum`` that is neither is reported as a range; any
    other object that is not a JSON Schema is reported where the meta-schema fails.
    """
    message = (
        "a summary must be a non-empty array of values, a range object with minimum and "
        "maximum, or a non-empty JSON Schema object"
    )
    if isinstance(summary, list):
        if not summary:
            yield RuleViolation(loc, "stac_summary", message, summary)
        return
    if not isinstance(summary, dict) or not summary:
        yield RuleViolation(loc, "stac_summary", message, summary)
        return
    range_problems = list(_range_problems(summary, loc))
    if not range_problems:
        return
    schema_problems = list(_schema_keywords(summary, loc))
    if schema_problems:
        ranged = "minimum" in summary or "maximum" in summary
        yield from range_problems if ranged else schema_problems


def _range_problems(summary: dict[str, Any], loc: Loc) -> Violations:
    """The "Range" member of the summaries ``anyOf``."""
    for key in ("minimum", "maximum"):
        if key not in summary:
            message = f"{key} is required in a range summary (minimum and maximum)"
            yield RuleViolation((*loc, key), "stac_required", message)
        elif not (is_number(summary[key]) or isinstance(summary[key], str)):
            message = f"the {key} of a range summary must be a number or a string"
            yield RuleViolation((*loc, key), "stac_type", message, summary[key])


SIMPLE_TYPES: Final = ("array", "boolean", "integer", "null", "number", "object", "string")
SCHEMA_STRINGS: Final = (
    *("$id", "$schema", "$ref", "$comment", "title", "description", "pattern", "format"),
    *("contentMediaType", "contentEncoding"),
)
SCHEMA_NUMBERS: Final = ("maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum")
SCHEMA_COUNTS: Final = (
    *("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"),
)
SCHEMA_BOOLEANS: Final = ("readOnly", "uniqueItems")
SCHEMA_ARRAYS: Final = ("examples", "enum")
SUBSCHEMAS: Final = (
    *("additionalItems", "contains", "additionalProperties", "propertyNames"),
    *("if", "then", "else", "not"),
)
SUBSCHEMA_MAPS: Final = ("definitions", "properties", "patternProperties")
SUBSCHEMA_ARRAYS: Final = ("allOf", "anyOf", "oneOf")


def _schema_problem(loc: Loc, message: str, value: Any) -> RuleViolation:
    return RuleViolation(loc, "stac_summary_schema", f"{message} (in a JSON Schema)", value)


def _subschema(value: Any, loc: Loc) -> Violations:
    """Draft-07 meta-schema ``#``: a JSON Schema is an object or a boolean."""
    if isinstance(value, dict):
        yield from _schema_keywords(value, loc)
    elif not isinstance(value, bool):
        yield _schema_problem(loc, "a JSON Schema must be an object or a boolean", value)


def _schema_keywords(schema: dict[str, Any], loc: Loc) -> Violations:
    """Draft-07 meta-schema ``properties``: the keywords of a schema object."""
    for key, value in schema.items():
        here = (*loc, key)
        if key in SCHEMA_STRINGS and not isinstance(value, str):
            yield _schema_problem(here, f"{key} must be a string", value)
        elif key in SCHEMA_NUMBERS and not is_number(value):
            yield _schema_problem(here, f"{key} must be a number", value)
        elif key in SCHEMA_COUNTS and not (is_integer(value) and value >= 0):
            yield _schema_problem(here, f"{key} must be a non-negative integer", value)
        elif key in SCHEMA_BOOLEANS and not isinstance(value, bool):
            yield _schema_problem(here, f"{key} must be a boolean", value)
        elif key in SCHEMA_ARRAYS and not isinstance(value, list):
            yield _schema_problem(here, f"{key} must be an array", value)
        elif key == "multipleOf" and not (is_number(value) and value > 0):
            yield _schema_problem(here, "multipleOf must be a number greater than 0", value)
        else:
            yield from _structured_keyword(key, value, here)


def _structured_keyword(key: str, value: Any, loc: Loc) -> Violations:
    """Draft-07 meta-schema keywords holding schemas, arrays of names, or types."""
    if key in SUBSCHEMAS:
        yield from _subschema(value, loc)
    elif key in SUBSCHEMA_MAPS:
        yield from _subschema_map(value, loc, key)
    elif key in SUBSCHEMA_ARRAYS:
        yield from _schema_array(value, loc, key)
    elif key == "items":
        yield from _schema_items(value, loc)
    elif key == "required":
        yield from _string_array(value, loc, key)
    elif key == "dependencies":
        yield from _schema_dependencies(value, loc)
    elif key == "type":
        yield from _schema_type(value, loc)


def _subschema_map(value: Any, loc: Loc, key: str) -> Violations:
    """``definitions``/``properties``/``patternProperties``: an object of schemas."""
    if not isinstance(value, dict):
        yield _schema_problem(loc, f"{key} must be an object of JSON Schemas", value)
        return
    for name, subschema in value.items():
        yield from _subschema(subschema, (*loc, name))


def _schema_array(value: Any, loc: Loc, key: str) -> Violations:
    """Draft-07 meta-schema ``#/definitions/schemaArray``: a non-empty array of schemas."""
    message = f"{key} must be a non-empty array of JSON Schemas"
    if not isinstance(value, list):
        yield _schema_problem(loc, message, value)
        return
    if not value:
        yield _schema_problem(loc, message, value)
    for index, subschema in enumerate(value):
        yield from _subschema(subschema, (*loc, index))


def _schema_items(value: Any, loc: Loc) -> Violations:
    """``items``: a schema, or a non-empty array of schemas."""
    if isinstance(value, list):
        yield from _schema_array(value, loc, "items")
    elif not isinstance(value, dict | bool):
        message = "items must be a JSON Schema or a non-empty array of JSON Schemas"
        yield _schema_problem(loc, message, value)
    else:
        yield from _subschema(value, loc)


def _unique(values: list[Any], loc: Loc, message: str) -> Violations:
    """``uniqueItems``: each item equal to an earlier one (JSON equality) is reported."""
    for index, item in repeats(values):
        yield _schema_problem((*loc, index), message, item)


def _string_array(value: Any, loc: Loc, key: str) -> Violations:
    """Draft-07 meta-schema ``#/definitions/stringArray``: unique strings."""
    message = f"{key} must be an array of unique strings"
    if not isinstance(value, list):
        yield _schema_problem(loc, message, value)
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            yield _schema_problem((*loc, index), message, item)
    yield from _unique(value, loc, message)


def _schema_dependencies(value: Any, loc: Loc) -> Violations:
    """``dependencies``: an object of schemas or arrays of unique property names."""
    if not isinstance(value, dict):
        message = "dependencies must be an object of JSON Schemas or arrays of names"
        yield _schema_problem(loc, message, value)
        return
    for name, dependency in value.items():
        if isinstance(dependency, list):
            yield from _string_array(dependency, (*loc, name), "a dependency")
        elif isinstance(dependency, dict | bool):
            yield from _subschema(dependency, (*loc, name))
        else:
            message = "a dependency must be a JSON Schema or an array of unique property names"
            yield _schema_problem((*loc, name), message, dependency)


def _schema_type(value: Any, loc: Loc) -> Violations:
    """``type``: a simple type name, or a non-empty array of unique ones."""
    message = f"type must be one of {listed(SIMPLE_TYPES)}, or a non-empty array of them"
    if not isinstance(value, list):
        if not (isinstance(value, str) and value in SIMPLE_TYPES):
            yield _schema_problem(loc, message, value)
        return
    if not value:
        yield _schema_problem(loc, message, value)
    for index, item in enumerate(value):
        if not (isinstance(item, str) and item in SIMPLE_TYPES):
            yield _schema_problem((*loc, index), message, item)
    yield from _unique(value, loc, "the types of type must be unique")
