"""Run every operation on the headline document and on all examples; compute the ratios."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from documents import Document
from operations import FLOOR, HEADLINE_OPERATION, OPERATIONS, Call, Operation, missing_modules
from timing import Settings, seconds_per_call


@dataclass(frozen=True)
class Result:
    key: str
    label: str
    status: str  # "ok", "not installed (...)", or what it rejected
    headline_us: float | None  # per call on the headline document
    examples_us: float | None  # per pass over every example; None unless it accepts all


@dataclass(frozen=True)
class Target:
    key: str  # the alternative
    label: str
    at_least: float | None  # the minimum of (alternative time / stac-mlm time), if any
    goal: str  # the goal in words


# The goals of the project issue, as (alternative time) / (MLMItem.model_validate_json time).
TARGETS = (
    Target("stac_model.validate_json", "stac-model, properties only, JSON", 1.0, ">= 1.0x"),
    Target("stac_model.validate", "stac-model, properties only, dict", 1.0, ">= 1.0x"),
    Target("stac_pydantic.validate_json", "stac-pydantic core Item, JSON", None, ""),
    Target("jsonschema.parse_validate", "official schema, jsonschema", 100.0, ">= 100x"),
    Target(
        "jsonschema_rs.parse_validate", "official schema, jsonschema-rs", 0.5, ">= 0.5x (within 2x)"
    ),
)

IMPORT_TARGET = 1.2  # import stac_mlm / import stac_pydantic, at most


def _rejection(error: Exception) -> str:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first_line[:100]}"


def prepared(operation: Operation, document: Document) -> Call | str:
    """The timed call, checked once; or why the document was rejected."""
    try:
        call = operation.prepare(document)
        call()
    except Exception as error:  # a competitor's verdict on the document, never a crash
        return _rejection(error)
    return call


def _every_document(calls: list[Call]) -> Callable[[], None]:
    def run() -> None:
        for call in calls:
            call()

    return run


def measure(operation: Operation, documents: list[Document], settings: Settings) -> Result:
    """``documents[0]`` is the headline document."""
    missing = missing_modules(operation)
    if missing:
        return Result(
            operation.key, operation.label, f"not installed ({', '.join(missing)})", None, None
        )
    outcomes = [prepared(operation, document) for document in documents]
    rejected = [
        f"{document.name}: {outcome}"
        for document, outcome in zip(documents, outcomes, strict=True)
        if isinstance(outcome, str)
    ]
    calls = [outcome for outcome in outcomes if not isinstance(outcome, str)]
    headline = outcomes[0]
    return Result(
        operation.key,
        operation.label,
        f"rejects {len(rejected)} of {len(documents)}: {rejected[0]}" if rejected else "ok",
        None if isinstance(headline, str) else seconds_per_call(headline, settings) * 1e6,
        None if rejected else seconds_per_call(_every_document(calls), settings) * 1e6,
    )


def measure_all(documents: list[Document], settings: Settings) -> list[Result]:
    return [measure(operation, documents, settings) for operation in OPERATIONS]


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def by_key(results: list[Result]) -> dict[str, Result]:
    return {result.key: result for result in results}


def floor_of(results: list[Result]) -> Result:
    return by_key(results)[FLOOR]


def headline_of(results: list[Result]) -> Result:
    return by_key(results)[HEADLINE_OPERATION]
