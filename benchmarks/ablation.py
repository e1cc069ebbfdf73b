"""What each Python-level validator costs, measured without a profiler.

A profiler distorts a validation that is mostly Rust: it slows every Python call down, and
it charges the Rust work that a wrap validator's ``handler(data)`` does to the wrap
validator itself. Here the model's core schema is copied with some validator functions
taken out (a ``function-before/after/wrap`` node replaced by the schema it wraps), and the
copy is timed against an unchanged copy: the difference is what those functions cost,
call overhead included. Nothing of ``stac_mlm`` is changed; the copies are thrown away.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic_core import SchemaValidator
from timing import Settings, seconds_per_call

_VALIDATOR_NODES = frozenset({"function-before", "function-after", "function-wrap"})
_SCALARS = frozenset({"str", "int", "float", "bool", "none", "datetime", "date", "time", "enum"})
# Serializers live under "serialization" and never run during validation.
_SKIPPED_KEYS = frozenset({"serialization", "cls", "metadata"})

Predicate = Callable[[dict[str, Any]], bool]  # selects the validator nodes to take out


@dataclass(frozen=True)
class Ablation:
    label: str  # what was taken out
    seconds: float | None  # per call without it; None when the copy rejects the document


def function_name(node: dict[str, Any]) -> str:
    """``module.Qualname`` of a validator node's function (``partial(...)`` for pydantic's
    own constraint checks, which run in Python where pydantic-core cannot apply them)."""
    function = node["function"]
    if isinstance(function, dict):
        function = function["function"]
    if isinstance(function, functools.partial):
        arguments = ", ".join(f"{key}={value!r}" for key, value in function.keywords.items())
        return f"partial({_qualified(function.func)}, {arguments})"
    return _qualified(function)


def _qualified(function: Any) -> str:
    module = getattr(function, "__module__", None) or "?"
    return f"{module}.{getattr(function, '__qualname__', repr(function))}"


def _is_schema(node: Any) -> bool:
    """A core schema node; other dicts map names (fields, arguments) to schemas."""
    return isinstance(node, dict) and isinstance(node.get("type"), str)


def _is_validator(node: Any) -> bool:
    return _is_schema(node) and node["type"] in _VALIDATOR_NODES and "schema" in node


def _skipped(node: Any) -> frozenset[str]:
    return _SKIPPED_KEYS if _is_schema(node) else frozenset()


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        yield from (value for key, value in node.items() if key not in _skipped(node))
    elif isinstance(node, list | tuple):
        yield from node


def named(*names: str) -> Predicate:
    """Every occurrence of the functions ``names``."""
    return lambda node: function_name(node) in names


def input_receivers(node: dict[str, Any]) -> bool:
    """A ``before`` or ``wrap`` function around an object (a model, a geometry...).

    Such a function receives the input itself, so pydantic-core turns that part of the JSON
    document into Python objects first and validates those, off its JSON fast path.
    """
    return node["type"] in {"function-before", "function-wrap"} and (
        not _is_schema(node["schema"]) or node["schema"]["type"] not in _SCALARS
    )


def validator_names(schema: Any) -> list[str]:
    """Every validator function of ``schema``, in the order first met, once each."""
    names: dict[str, None] = {}
    stack = [schema]
    while stack:
        node = stack.pop()
        if _is_validator(node):
            names.setdefault(function_name(node), None)
        stack.extend(reversed(list(_children(node))))
    return list(names)


def _strip(node: Any, remove: Predicate, aliases: dict[str, str]) -> Any:
    """A copy of ``node`` without the validators whose name ``remove`` selects."""
    if _is_validator(node) and remove(node):
        inner = _strip(node["schema"], remove, aliases)
        ref = node.get("ref")
        if ref is not None and isinstance(inner, dict):
            if "ref" in inner:
                aliases[ref] = inner["ref"]  # references to the node now go to the inner schema
            else:
                inner = {**inner, "ref": ref}
        return inner
    if isinstance(node, dict):
        skipped = _skipped(node)
        return {
            key: value if key in skipped else _strip(value, remove, aliases)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_strip(value, remove, aliases) for value in node]
    return node


def _redirect(node: Any, aliases: dict[str, str]) -> Any:
    if isinstance(node, dict):
        if _is_schema(node) and node["type"] == "definition-ref" and node["schema_ref"] in aliases:
            return {**node, "schema_ref": aliases[node["schema_ref"]]}
        skipped = _skipped(node)
        return {
            key: value if key in skipped else _redirect(value, aliases)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_redirect(value, aliases) for value in node]
    return node


def without(schema: Any, remove: Predicate) -> SchemaValidator:
    """A validator for a copy of ``schema`` without the selected validator functions."""
    aliases: dict[str, str] = {}
    stripped = _strip(schema, remove, aliases)
    return SchemaValidator(_redirect(stripped, aliases) if aliases else stripped)


def _timed(validator: SchemaValidator, raw: bytes, settings: Settings) -> float | None:
    try:
        validator.validate_json(raw)
    except Exception:  # the copy needs what was taken out (e.g. a before validator's fix-up)
        return None
    return seconds_per_call(lambda: validator.validate_json(raw), settings)


@dataclass(frozen=True)
class Ablations:
    # Separately built, unchanged copies: how far two identical validators differ, i.e.
    # the noise under which a saving means nothing.
    unchanged: list[float]
    groups: list[Ablation]
    singles: list[Ablation]  # one validator function each, largest saving first


def _unchanged(schema: Any, raw: bytes, settings: Settings) -> float:
    seconds = _timed(without(schema, lambda node: False), raw, settings)
    if seconds is None:
        raise ValueError("the document is not valid for the model")
    return seconds


def ablations(schema: Any, raw: bytes, settings: Settings, copies: int = 3) -> Ablations:
    """Seconds per call of unchanged copies of ``schema``, of copies without all Python
    validators or without those that receive objects, and without each validator."""
    unchanged = [_unchanged(schema, raw, settings) for _ in range(copies)]
    groups = [
        Ablation(label, _timed(without(schema, predicate), raw, settings))
        for label, predicate in (
            ("every Python validator (pydantic-core alone)", lambda node: True),
            ("before/wrap functions around objects (JSON -> Python)", input_receivers),
        )
    ]
    singles = [
        Ablation(name, _timed(without(schema, named(name)), raw, settings))
        for name in validator_names(schema)
    ]
    singles.sort(key=lambda item: float("inf") if item.seconds is None else item.seconds)
    return Ablations(unchanged, groups, singles)
