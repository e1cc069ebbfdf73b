"""Validation errors for people: located by JSON keys, naming the rule that failed.

Rules that span several fields return :class:`RuleViolation` lists; :func:`document_error`
turns them, and the errors pydantic reports (located by :func:`json_located_details` as a
path of JSON keys and array indices, without the names pydantic gives to the members of a
union), into one report for people.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from stac_mlm._generated.patterns_v1_5_2 import SCHEMA_PATTERNS
from stac_mlm._json import is_valid_unicode
from stac_mlm._spec import MLM_VERSION

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


class _NoInput:
    """The marker of a violation that has no offending value (a missing key)."""

    def __repr__(self) -> str:
        return "NO_INPUT"


#: ``RuleViolation.input`` when there is no offending value to show.
NO_INPUT: Any = _NoInput()


def render(value: Any, limit: int = 80) -> str:
    """``value`` as short JSON text for a message: ``"abc"``, ``[1, 2, …]``, never a Python repr."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=_json_default, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _json_default(value: Any) -> Any:
    """Enums by their value, models by their JSON dump, datetimes as ISO text."""
    enum_value = getattr(value, "value", None)
    if isinstance(enum_value, str | int | float):
        return enum_value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    return str(value)


#: What a member of a union says at a location where another member goes deeper: the
#: type mismatches, and "at most 0 items" from an "empty array" member.
_SHADOWED = _TYPE_MISMATCHES | {"too_long"}


@dataclass(frozen=True)
class RuleViolation:
    """One broken schema rule: where (JSON keys), which rule (a stable code) and why.

    ``input`` is the offending value (shown in the message as "got …"), or ``NO_INPUT``.
    """

    loc: Loc
    code: str
    message: str
    input: Any = NO_INPUT


def violations_error(title: str, violations: Sequence[RuleViolation]) -> ValidationError:
    """One ``ValidationError`` listing every violation, worded as every report is."""
    return document_error(title, [], violations, None)


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


def _noise_free(relocated: list[tuple[Loc, Any]]) -> list[tuple[Loc, Any]]:
    """Drop what members of a union say when another member says it better (linear).

    * a type mismatch at a location where another member reports errors deeper down;
    * "not an int" next to anything else the integral-float member says (``int |
      integral float``: draft-07 counts ``1.0`` as an integer, so the fraction or the bound
      is the whole story);
    * "not one of the suggested names" next to "does not match the pattern"
      (``mlm:framework``: suggested names *or* any name matching a pattern).
    """
    deeper: set[Loc] = set()  # every proper prefix of every location
    types_at: dict[Loc, set[str]] = {}
    for loc, details in relocated:
        deeper.update(loc[:end] for end in range(len(loc)))
        types_at.setdefault(loc, set()).add(details["type"])
    kept = []
    for loc, details in relocated:
        error_type = details["type"]
        others = types_at[loc]
        if error_type in _SHADOWED and loc in deeper:
            continue
        if error_type == "int_type" and others - _TYPE_MISMATCHES - {"int_type"}:
            continue  # e.g. -1.0: a number counts as an integer; its bound is the story
        if error_type == "enum" and "string_pattern_mismatch" in others:
            continue
        kept.append((loc, details))
    return kept


def json_located_details(errors: Sequence[Any], document: Any) -> list[InitErrorDetails]:
    """Errors (as ``ValidationError.errors()`` lists them) located by JSON keys.

    Linear in the number of errors and the depth of their locations.
    """
    relocated = _noise_free(
        [(_json_path(details["loc"], document, details["type"]), details) for details in errors]
    )
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
        # The message is kept as it was written (pydantic's, or already for people), the
        # type and context too: pydantic-core needs the context of its own types.
        context = _with_schema_pattern(details["ctx"]) if "ctx" in details else None
        line_error = InitErrorDetails(
            type=PydanticCustomError(details["type"], details["msg"], context),
            loc=loc,
            input=details.get("input"),
        )
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


def _expected(details: Any) -> str:
    """What a type mismatch expected: ``a valid string``, ``an object``…"""
    if details["type"] in _OBJECT_TYPES:
        return "an object"
    return _json_quoted(str(details["msg"]).removeprefix("Input should be "))


def _merge_type_mismatch(first: InitErrorDetails, other: Any) -> None:
    """One error for a value no member of a union accepts: "a valid X or a valid Y"."""
    previous = first["type"]
    assert isinstance(previous, PydanticCustomError)  # json_located_details builds them
    if previous.type == "value_type":  # merged already
        text = previous.message()
    else:
        text = f"Input should be {_expected({'type': previous.type, 'msg': previous.message()})}"
    first["type"] = PydanticCustomError("value_type", f"{text} or {_expected(other)}")


# -- the report: one list of errors for people, in the same words on every path ---------------

#: At most this many errors are reported for one document; one more error at the document
#: itself counts the rest (a small document must not produce a huge report).
MAX_ERRORS: Final = 100

_PREFIXES = ("Value error, ", "Assertion failed, ")
_OBJECT_TYPES = frozenset({"model_type", "model_attributes_type", "dataclass_type", "dict_type"})
_CHOICE_TYPES = frozenset({"enum", "literal_error", "union_tag_invalid"})
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def under(loc: Loc, locations: set[Loc]) -> bool:
    """Whether ``loc`` is one of ``locations`` or inside one of them."""
    return any(loc[:end] in locations for end in range(len(loc) + 1))


#: Control characters (C0, DEL, C1) as ``\x1b``: a key or a file name holding one (an
#: escape sequence, a carriage return) must not move the cursor or recolour a terminal,
#: nor split a line of the report.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(32), *range(127, 160))}


def system_words(error: BaseException) -> str:
    """The system's words for an error (``No such file or directory``), without Python's
    ``[Errno 2]`` and the file name quoted, which the line that says it already names."""
    return getattr(error, "strerror", None) or str(error)


def format_location(loc: Sequence[str | int]) -> str:
    """``properties → mlm:input → 0 → input → dim_order`` (the document itself: ``(document)``).

    A key that is not valid Unicode (a lone surrogate) is written escaped, so that any
    stream can print it, and so is a control character (``\\x1b``), so that none reaches
    a terminal or splits the line.
    """
    text = " → ".join(str(segment) for segment in loc) or "(document)"
    return text.translate(_CONTROLS).encode("utf-8", "backslashreplace").decode("utf-8")


def json_pointer(loc: Sequence[str | int]) -> str:
    """The location for machines, as an RFC 6901 JSON Pointer: ``/properties/mlm:input/0``.

    ``~`` is written ``~0`` and ``/`` is written ``~1``; the document itself is ``""``.
    """
    return "".join("/" + str(segment).replace("~", "~0").replace("/", "~1") for segment in loc)


def _json_quoted(text: str) -> str:
    """``'a', 'b' or 'c'`` (pydantic's Python quotes) as ``"a", "b" or "c"``."""
    return _QUOTED.sub(lambda match: json.dumps(match.group(1)), text)


def _plain_message(details: Any) -> str:
    message = str(details["msg"])
    for prefix in _PREFIXES:
        message = message.removeprefix(prefix)
    message = message.replace(" after validation", "")
    context = details.get("ctx") or {}
    given = details.get("input")
    if details["type"] == "model_type" and isinstance(given, BaseModel) and "class_name" in context:
        # Only Python hands over a model: one of another class, or of another release.
        expected, got = context["class_name"], _model_name(type(given))
        return f"Input should be {_a(expected)} {expected}, not {_a(got)} {got}"
    if details["type"] in _OBJECT_TYPES:
        return f"Input should be {_expected(details)}"
    if details["type"] == "string_pattern_mismatch" and "pattern" in context:
        return f"String should match pattern '{context['pattern']}'"  # the schema's own
    if details["type"] == "union_tag_invalid" and "expected_tags" in context:
        return _json_quoted(
            f"{context['discriminator']} should be one of {context['expected_tags']}"
        )
    if details["type"] == "union_tag_not_found" and "discriminator" in context:
        return _json_quoted(f"the object should give {context['discriminator']}")
    if details["type"] in _CHOICE_TYPES:
        return _json_quoted(message)
    return message


_RELEASE_MODULE = re.compile(r"\.v(\d+)_(\d+)_(\d+)$")


def _a(name: str) -> str:
    return "an" if name[:1] in ("A", "E", "I", "O", "U") else "a"


def _model_name(model: type[BaseModel]) -> str:
    """``ModelOutput of MLM v1.5.2``: a class and the MLM release it belongs to."""
    found = _RELEASE_MODULE.search(model.__module__)
    if found is not None:
        return f"{model.__name__} of MLM v{'.'.join(found.groups())}"
    if model.__module__.startswith("stac_mlm."):
        return f"{model.__name__} of MLM v{MLM_VERSION}"
    return model.__name__


def with_value(message: str, value: Any) -> str:
    """``message (got <value as short JSON>)``; ``message`` alone when there is no value."""
    return message if value is NO_INPUT else f"{message} (got {render(value)})"


def _safe_input(value: Any) -> Any:
    """The offending value as errors carry it: JSON-safe (a 422 body is JSON)."""
    if isinstance(value, float) and value - value != 0:
        return render(value)  # NaN, Infinity, -Infinity as text
    if isinstance(value, str) and not is_valid_unicode(value):
        return render(value)
    if value is None or isinstance(value, str | int | float | bool | dict | list):
        return value
    return render(value)


def _has_value(details: Any) -> bool:
    return details["type"] != "missing" and details.get("input", NO_INPUT) is not NO_INPUT


class _DocumentOrder:
    """Sort keys that put locations in the order their keys are written in the document."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.positions: dict[int, dict[str, int]] = {}

    def key(self, loc: Loc) -> tuple[int, ...]:
        node, key = self.document, []
        for segment in loc:
            position = self._position(node, segment)
            key.append(position)
            node = _child(node, segment)
        return tuple(key)

    def _position(self, node: Any, segment: str | int) -> int:
        if isinstance(node, list) and isinstance(segment, int):
            return segment
        if not isinstance(node, dict):
            return 1 << 30  # not in the document: after what is
        positions = self.positions.get(id(node))
        if positions is None:
            positions = {key: index for index, key in enumerate(node)}
            self.positions[id(node)] = positions
        return positions.get(segment, 1 << 30) if isinstance(segment, str) else 1 << 30


@dataclass
class _Report:
    """Builds the errors of one document: plain messages, each choice list written once."""

    details: list[InitErrorDetails] = field(default_factory=list)
    choices_first_at: dict[str, Loc] = field(default_factory=dict)

    def add(
        self,
        loc: Loc,
        code: str,
        message: str,
        value: Any = NO_INPUT,
        context: dict[str, Any] | None = None,
    ) -> None:
        message = with_value(message, value)
        # The context of pydantic's own error types travels with them: pydantic-core needs
        # it to carry the error through a validator (a model inside a FastAPI body).
        self.details.append(
            InitErrorDetails(
                type=PydanticCustomError(code, message, context),
                loc=loc,
                input=_safe_input(None if value is NO_INPUT else value),
            )
        )

    def add_pydantic(self, loc: Loc, details: Any) -> None:
        message = _plain_message(details)
        if details["type"] in _CHOICE_TYPES:
            message = self._choices_once(loc, message)
        value = details.get("input") if _has_value(details) else NO_INPUT
        self.add(loc, details["type"], message, value, details.get("ctx"))

    def _choices_once(self, loc: Loc, message: str) -> str:
        first = self.choices_first_at.setdefault(message, loc)
        if first == loc:
            return message
        return f"Input should be one of the values listed at {format_location(first)}"


def document_error(
    title: str,
    errors: Sequence[Any],
    violations: Sequence[RuleViolation],
    document: Any,
    authoritative: Iterable[Loc] = (),
) -> ValidationError:
    """One ``ValidationError`` with every error of a document, for people.

    ``errors`` are pydantic's (as ``ValidationError.errors()`` lists them), located here by
    the JSON keys of ``document``; ``violations`` come from the rule pass. A pydantic error
    at or below a location in ``authoritative`` (where a rule of the official schemas has
    already said what is wrong, e.g. STAC core on a field's type) is left out. Messages
    show the offending value; at most :data:`MAX_ERRORS` errors, then one that counts the rest.
    """
    said = set(authoritative)
    located = [
        line
        for line in json_located_details(errors, document)
        if not under(tuple(line["loc"]), said)
    ]
    order = _DocumentOrder(document)
    entries: list[tuple[tuple[int, ...], int, Any]] = [
        *((order.key(violation.loc), 0, violation) for violation in violations),
        *((order.key(tuple(line["loc"])), 1, line) for line in located),
    ]
    entries.sort(key=lambda entry: entry[:2])
    shown = entries[:MAX_ERRORS]
    lines = [entry[2] for entry in shown if entry[1] == 1]
    # as dicts (type, message, context, input), the form the report reads
    rendered = iter(ValidationError.from_exception_data(title, lines).errors() if lines else [])
    report = _Report()
    for _, kind, item in shown:
        if kind == 0:
            report.add(item.loc, item.code, item.message, item.input)
        else:
            line = next(rendered)
            report.add_pydantic(tuple(line["loc"]), line)
    total = len(entries)
    details = report.details
    if total > MAX_ERRORS:
        rest = total - MAX_ERRORS
        details.append(
            InitErrorDetails(
                type=PydanticCustomError(
                    "too_many_errors",
                    f"{rest} more error(s) not shown: only the first {MAX_ERRORS} are reported",
                ),
                loc=(),
                input=None,
            )
        )
    # The messages show the offending value already: str(error) does not repeat it.
    return ValidationError.from_exception_data(title, details, hide_input=True)
