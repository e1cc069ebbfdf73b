"""Validation errors for people: located by JSON keys, naming the rule that failed.

Rules that span several fields raise :class:`RuleViolation` lists through
:func:`raise_violations`; every public document relocates the errors pydantic reports
(:func:`json_located`) so that a location is a path of JSON keys and array indices,
without the names pydantic gives to the members of a union.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from stac_mlm._generated.patterns_v1_5_2 import SCHEMA_PATTERNS

Loc = tuple[str | int, ...]

_BUILT_IN_ERROR_TYPES = frozenset(get_args(ErrorType))

# A member of a union that did not even accept the JSON type reports one of these at the
# union's location; when another member went deeper, that member's errors tell the story.
_TYPE_MISMATCHES = frozenset(
    {
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "dict_type",
        "list_type",
        "model_type",
        "model_attributes_type",
        "none_required",
        "is_instance_of",
        "literal_error",
        "enum",
    }
)


@dataclass(frozen=True)
class RuleViolation:
    """One broken schema rule: where (JSON keys), which rule (a stable code) and why."""

    loc: Loc
    code: str
    message: str
    input: Any = None


def violations_error(title: str, violations: Sequence[RuleViolation]) -> ValidationError:
    """One ``ValidationError`` listing every violation."""
    details = [
        InitErrorDetails(
            type=PydanticCustomError(violation.code, violation.message),
            loc=violation.loc,
            input=violation.input,
        )
        for violation in violations
    ]
    return ValidationError.from_exception_data(title, details)


def raise_violations(title: str, violations: Sequence[RuleViolation]) -> None:
    """Raise one ``ValidationError`` listing every violation, if there is any."""
    if violations:
        raise violations_error(title, violations)


_ABSENT = object()


def _child(node: Any, segment: str | int) -> Any:
    """``node[segment]`` when ``segment`` is a key or an index of ``node``."""
    if isinstance(node, dict) and segment in node:
        return node[segment]
    if isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
        return node[segment]
    return _ABSENT


def _names_absent_key(node: Any, is_last: bool, error_type: str) -> bool:
    """A required key that is missing (or that a rule wants), named by the last segment."""
    return (
        is_last
        and isinstance(node, dict)
        and (error_type == "missing" or error_type not in _BUILT_IN_ERROR_TYPES)
    )


def _json_path(loc: Sequence[str | int], document: Any, error_type: str) -> Loc:
    """Keep the segments of ``loc`` that are keys or indices of ``document``."""
    kept: list[str | int] = []
    node = document
    for position, segment in enumerate(loc):
        if isinstance(node, BaseModel):  # built from Python objects: nothing to strip
            kept.extend(loc[position:])
            break
        child = _child(node, segment)
        if child is not _ABSENT:
            node = child
        elif not _names_absent_key(node, position == len(loc) - 1, error_type):
            continue  # a union member's name, not a key of the document
        kept.append(segment)
    return tuple(kept)


def _is_integral_number_noise(loc: Loc, details: Any, relocated: list[tuple[Loc, Any]]) -> bool:
    """``1.5`` for an integer, read as ``int | integral float`` (draft-07 counts ``1.0`` as an
    integer): "got a number with a fractional part" says it all; "not an int" is noise."""
    return details["type"] == "int_type" and any(
        other_loc == loc and other["type"] == "int_from_float" for other_loc, other in relocated
    )


def _is_open_vocabulary_noise(loc: Loc, details: Any, relocated: list[tuple[Loc, Any]]) -> bool:
    """``mlm:framework``: suggested names *or* any name matching a pattern. When both fail,
    the pattern is the rule; the list of suggestions is not."""
    return details["type"] == "enum" and any(
        other_loc == loc and other["type"] == "string_pattern_mismatch"
        for other_loc, other in relocated
    )


def _is_shadowed(loc: Loc, error_type: str, all_locs: Iterable[Loc]) -> bool:
    """A union member's type mismatch, where another member reports errors deeper down."""
    if error_type not in _TYPE_MISMATCHES:
        return False
    return any(len(other) > len(loc) and other[: len(loc)] == loc for other in all_locs)


def json_located(error: ValidationError, document: Any) -> ValidationError:
    """The same errors, located by the JSON keys of ``document``."""
    return ValidationError.from_exception_data(
        error.title, json_located_details(error.errors(), document)
    )


def json_located_details(errors: Sequence[Any], document: Any) -> list[InitErrorDetails]:
    """Errors (as ``ValidationError.errors()`` lists them) located by JSON keys."""
    relocated = [
        (_json_path(details["loc"], document, details["type"]), details) for details in errors
    ]
    locs = [loc for loc, _ in relocated]
    relocated = [
        (loc, details)
        for loc, details in relocated
        if not _is_shadowed(loc, details["type"], locs)
        and not _is_integral_number_noise(loc, details, relocated)
        and not _is_open_vocabulary_noise(loc, details, relocated)
    ]
    line_errors: list[InitErrorDetails] = []
    merged_at: dict[Loc, InitErrorDetails] = {}
    seen: set[tuple[Loc, str, str]] = set()
    for loc, details in relocated:
        if (loc, details["type"], details["msg"]) in seen:
            continue  # the same complaint from two members of a union
        seen.add((loc, details["type"], details["msg"]))
        if details["type"] in _TYPE_MISMATCHES and loc in merged_at:
            _merge_type_mismatch(merged_at[loc], details)
            continue
        error_type: Any = details["type"]
        if error_type not in _BUILT_IN_ERROR_TYPES:
            error_type = PydanticCustomError(error_type, details["msg"])
        line_error = InitErrorDetails(type=error_type, loc=loc, input=details.get("input"))
        if "ctx" in details and details["type"] in _BUILT_IN_ERROR_TYPES:
            line_error["ctx"] = _with_schema_pattern(details["ctx"])
        line_errors.append(line_error)
        if details["type"] in _TYPE_MISMATCHES:
            merged_at[loc] = line_error
    return line_errors


def _with_schema_pattern(ctx: dict[str, Any]) -> dict[str, Any]:
    """Quote the schema's own pattern, not its translation for the Rust engine."""
    pattern = ctx.get("pattern")
    if isinstance(pattern, str) and pattern in SCHEMA_PATTERNS:
        return {**ctx, "pattern": SCHEMA_PATTERNS[pattern]}
    return ctx


def _merge_type_mismatch(first: InitErrorDetails, other: Any) -> None:
    """One error for a value no member of a union accepts: "a valid X or a valid Y"."""
    previous = first["type"]
    text = previous.message() if isinstance(previous, PydanticCustomError) else None
    if text is None:
        text = ValidationError.from_exception_data("", [first]).errors()[0]["msg"]
    addition = str(other["msg"]).removeprefix("Input should be ")
    first["type"] = PydanticCustomError("value_type", f"{text} or {addition}")
    first.pop("ctx", None)
