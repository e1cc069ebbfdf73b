"""``MLMItem`` against the official MLM v1.5.2 JSON Schema, document by document.

The documents are the official example Items and the corpus of ``tests/corpus.py`` (each
example changed in one way). The official verdict is always computed here, by the official
schema; nothing is compared with a verdict written down in advance.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from corpus import derived_documents
from jsonschema.exceptions import best_match
from pydantic import ValidationError
from spec_folder import example_items, official_validator, official_verdict
from stac_pydantic.item import Item as StacCoreItem

from stac_mlm import MLMItem

Document = dict[str, Any]

OFFICIAL_EXAMPLES = [(f"official:{name}", doc) for name, doc in example_items("1.5.2").items()]
DERIVED = derived_documents()
CASES = [pytest.param(doc, id=case_id) for case_id, doc in (*OFFICIAL_EXAMPLES, *DERIVED)]
# Only the documents the schema accepts must read back; the others are rejected by the
# verdict test already (or not, and then that test fails).
OFFICIALLY_VALID = [case for case in CASES if official_verdict(case.values[0])]

MIN_CORPUS_SIZE = 400
MIN_PER_VERDICT = 150


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def shorten(text: str, limit: int = 300) -> str:
    """One printable line: keys and values may hold newlines or control characters."""
    printable = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return printable if len(printable) <= limit else f"{printable[:limit]}…"


def official_error(document: Document) -> str:
    error = best_match(official_validator().iter_errors(document))
    return "none" if error is None else f"{error.json_path}: {shorten(error.message)}"


def mlm_error(error: ValidationError) -> str:
    errors = error.errors()
    first = errors[0]
    location = shorten("/".join(str(part) for part in first["loc"]))
    return f"{len(errors)} error(s), first at {location}: {shorten(first['msg'])}"


def mlm_verdict(read: Callable[[], MLMItem]) -> tuple[bool, str]:
    """Accepted or not, and why not; any exception but a ValidationError fails the test."""
    try:
        read()
    except ValidationError as error:
        return False, mlm_error(error)
    except Exception as error:  # a crash instead of a ValidationError is what is tested here
        pytest.fail(f"MLMItem raised {type(error).__name__} instead of a ValidationError: {error}")
    return True, "accepted"


def json_form(value: Any) -> Any:
    """The value as JSON sees it: ``1.0`` is ``1``, but ``True`` is not ``1`` (unlike ``==``)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: json_form(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_form(item) for item in value]
    return value


def same_json(left: Any, right: Any) -> bool:
    return json.dumps(json_form(left), sort_keys=True) == json.dumps(
        json_form(right), sort_keys=True
    )


def faithful_dump(item: MLMItem) -> Document:
    dump: Document = item.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return dump


def disagreement(document: Document, official: bool, ours: bool, why: str) -> str:
    return (
        f"official schema: {'valid' if official else 'invalid'} "
        f"(first error: {official_error(document)}); "
        f"MLMItem: {'accepts' if ours else 'rejects'} ({why})"
    )


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_agreement_with_official_schema(record_property: Callable[[str, object], None]) -> None:
    """One place listing every disagreement; the parametrized tests below detail each one."""
    disagreements = []
    for case in CASES:
        document = case.values[0]
        official = official_verdict(document)
        ours, why = mlm_verdict(lambda document=document: MLMItem.model_validate(document))
        if ours != official:
            disagreements.append(f"{case.id}: {disagreement(document, official, ours, why)}")
    agreed = len(CASES) - len(disagreements)
    summary = f"MLMItem agrees with the official schema on {agreed}/{len(CASES)} documents"
    record_property("agreement", f"{agreed}/{len(CASES)}")
    print(summary)  # shown with -s, and recorded above for --junitxml
    assert not disagreements, "\n".join([summary, *disagreements])


def test_corpus_is_large_and_balanced() -> None:
    ids = [case_id for case_id, _ in DERIVED]
    verdicts = [official_verdict(document) for _, document in DERIVED]
    valid, invalid = verdicts.count(True), verdicts.count(False)
    assert len(ids) == len(set(ids)), "corpus ids must be unique"
    assert len(ids) >= MIN_CORPUS_SIZE, f"only {len(ids)} derived documents"
    assert valid >= MIN_PER_VERDICT, f"only {valid} valid documents (of {len(ids)})"
    assert invalid >= MIN_PER_VERDICT, f"only {invalid} invalid documents (of {len(ids)})"


@pytest.mark.parametrize("document", CASES)
def test_document_is_valid_stac_core(document: Document) -> None:
    """The corpus is about MLM: every document must pass STAC core (stac-pydantic)."""
    StacCoreItem.model_validate(document)


@pytest.mark.parametrize("document", CASES)
def test_verdict_matches_official_schema(document: Document) -> None:
    before = json.dumps(document, sort_keys=True)
    official = official_verdict(document)
    ours, why = mlm_verdict(lambda: MLMItem.model_validate(document))
    assert ours == official, disagreement(document, official, ours, why)
    assert json.dumps(document, sort_keys=True) == before, "validation changed its input"


@pytest.mark.parametrize("document", CASES)
def test_json_input_gets_the_same_verdict_and_dump(document: Document) -> None:
    text = json.dumps(document)
    from_python, why_python = mlm_verdict(lambda: MLMItem.model_validate(document))
    from_json, why_json = mlm_verdict(lambda: MLMItem.model_validate_json(text))
    assert from_json == from_python, (
        f"model_validate: {why_python}; model_validate_json: {why_json}"
    )
    if from_python:
        dump_python = faithful_dump(MLMItem.model_validate(document))
        dump_json = faithful_dump(MLMItem.model_validate_json(text))
        assert same_json(dump_json, dump_python), "JSON and Python inputs dump differently"


@pytest.mark.parametrize("document", OFFICIALLY_VALID)
def test_valid_document_reads_back_exactly(document: Document) -> None:
    item = MLMItem.model_validate(document)
    dump = faithful_dump(item)
    assert dump == document
    assert same_json(dump, document), "same under ==, different JSON (bool vs number?)"
    assert same_json(faithful_dump(MLMItem.model_validate_json(json.dumps(document))), document)


@pytest.mark.parametrize("document", OFFICIALLY_VALID)
def test_plain_dump_is_valid_for_official_schema(document: Document) -> None:
    dump = MLMItem.model_validate(document).model_dump(mode="json")
    assert official_verdict(dump), f"plain model_dump rejected: {official_error(dump)}"
