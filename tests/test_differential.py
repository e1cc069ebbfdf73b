"""``MLMItem`` against the official schemas, document by document.

The official verdict is that of ``spec_folder.full_verdict``: the MLM schema of every MLM
release the document declares (v1.5.2 always, ``MLMItem`` being a v1.5.2 Item) AND the STAC
core schema of its ``stac_version``. The documents are the official example Items and the
corpus of ``tests/corpus.py`` (each example changed in one way, STAC core included on
purpose in some families). The verdict is always computed here, by the official schemas;
nothing is compared with a verdict written down in advance.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from corpus import core_changing_ids, derived_documents, family_documents_named
from pydantic import ValidationError
from spec_folder import (
    core_verdict,
    example_items,
    full_errors,
    full_verdict,
    mlm_verdict,
)

from stac_mlm import MLMItem
from stac_mlm.releases import MLM_RELEASES, load

Document = dict[str, Any]

#: ``MLMItem`` is a v1.5.2 Item: the v1.5.2 schema applies even when not declared.
AS_MLM_ITEM: dict[str, Any] = {"release": "1.5.2", "kind": "item"}

OFFICIAL_EXAMPLES = [(f"official:{name}", doc) for name, doc in example_items("1.5.2").items()]
DERIVED = derived_documents()
CASES = [pytest.param(doc, id=case_id) for case_id, doc in (*OFFICIAL_EXAMPLES, *DERIVED)]
# Only the documents the schemas accept must read back; the others are rejected by the
# verdict test already (or not, and then that test fails).
VALID = [case for case in CASES if full_verdict(case.values[0], **AS_MLM_ITEM)]
OLDER_RELEASES = [version for version in MLM_RELEASES if version != "1.5.2"]

MIN_CORPUS_SIZE = 400
MIN_PER_VERDICT = 150
#: The corpus is about MLM: most of it stays valid for STAC core.
MIN_CORE_VALID_RATIO = 0.75


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def shorten(text: str, limit: int = 300) -> str:
    """One printable line: keys and values may hold newlines or control characters."""
    printable = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return printable if len(printable) <= limit else f"{printable[:limit]}…"


def official_error(document: Document, **oracle: Any) -> str:
    errors = full_errors(document, **(oracle or AS_MLM_ITEM))
    if not errors:
        return "none"
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{shorten(errors[0])}{more}"


def mlm_error(error: ValidationError) -> str:
    errors = error.errors()
    first = errors[0]
    location = shorten("/".join(str(part) for part in first["loc"]))
    return f"{len(errors)} error(s), first at {location}: {shorten(first['msg'])}"


def mlm_outcome(read: Callable[[], Any]) -> tuple[bool, str, list[Any]]:
    """Accepted or not, why not, and the errors; anything but a ValidationError fails."""
    try:
        read()
    except ValidationError as error:
        return False, mlm_error(error), list(error.errors())
    except Exception as error:  # a crash instead of a ValidationError is what is tested here
        pytest.fail(f"{type(error).__name__} instead of a ValidationError: {error}")
    return True, "accepted", []


def mlm_verdict_of(read: Callable[[], Any]) -> tuple[bool, str]:
    accepted, why, _ = mlm_outcome(read)
    return accepted, why


def exact_json(value: Any) -> str:
    """JSON text, types kept: ``1`` and ``1.0`` differ, and so do ``1`` and ``true``."""
    return json.dumps(value, sort_keys=True)


def faithful_dump(item: Any) -> Document:
    dump: Document = item.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return dump


def disagreement(document: Document, official: bool, ours: bool, why: str) -> str:
    return (
        f"official schemas: {'valid' if official else 'invalid'} "
        f"(first error: {official_error(document)}); "
        f"MLMItem: {'accepts' if ours else 'rejects'} ({why})"
    )


def foreign_codes(errors: list[Any], document: Document, **oracle: Any) -> list[str]:
    """Errors of a kind the schemas do not support: an MLM rule (``mlm_*``) where every
    declared MLM schema accepts, a STAC core rule (``stac_*``) where STAC core accepts."""
    mlm_accepts = mlm_verdict(document, **oracle)
    core_accepts = core_verdict(document, kind=oracle.get("kind"))
    return [
        f"{'/'.join(map(str, error['loc']))}: {error['type']}: {shorten(error['msg'], 120)}"
        for error in errors
        if (mlm_accepts and error["type"].startswith("mlm_"))
        or (core_accepts and error["type"].startswith("stac_"))
    ]


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_agreement_with_official_schemas(record_property: Callable[[str, object], None]) -> None:
    """One place listing every disagreement; the parametrized tests below detail each one."""
    disagreements = []
    for case in CASES:
        document = case.values[0]
        official = full_verdict(document, **AS_MLM_ITEM)
        ours, why = mlm_verdict_of(lambda document=document: MLMItem.model_validate(document))
        if ours != official:
            disagreements.append(f"{case.id}: {disagreement(document, official, ours, why)}")
    agreed = len(CASES) - len(disagreements)
    summary = f"MLMItem agrees with the official schemas on {agreed}/{len(CASES)} documents"
    record_property("agreement", f"{agreed}/{len(CASES)}")
    print(summary)  # shown with -s, and recorded above for --junitxml
    assert not disagreements, "\n".join([summary, *disagreements])


def test_corpus_is_large_and_balanced() -> None:
    ids = [case_id for case_id, _ in DERIVED]
    verdicts = [full_verdict(document, **AS_MLM_ITEM) for _, document in DERIVED]
    valid, invalid = verdicts.count(True), verdicts.count(False)
    assert len(ids) == len(set(ids)), "corpus ids must be unique"
    assert len(ids) >= MIN_CORPUS_SIZE, f"only {len(ids)} derived documents"
    assert valid >= MIN_PER_VERDICT, f"only {valid} valid documents (of {len(ids)})"
    assert invalid >= MIN_PER_VERDICT, f"only {invalid} invalid documents (of {len(ids)})"


def test_corpus_is_mostly_valid_for_stac_core(record_property: Any) -> None:
    """The corpus is about MLM: the MLM families keep every document valid for STAC core (so a
    disagreement there is about MLM); only the families marked ``core`` change it on purpose."""
    core_families = core_changing_ids()
    broken_by_mlm_families = [
        f"{case_id}: {official_error(document)}"
        for case_id, document in DERIVED
        if case_id not in core_families and not core_verdict(document, kind="item")
    ]
    core_valid = sum(core_verdict(document, kind="item") for _, document in DERIVED)
    record_property("stac_core_valid", f"{core_valid}/{len(DERIVED)}")
    assert not broken_by_mlm_families, "\n".join(broken_by_mlm_families)
    assert core_valid >= MIN_CORE_VALID_RATIO * len(DERIVED), f"{core_valid}/{len(DERIVED)}"


@pytest.mark.parametrize("document", CASES)
def test_verdict_matches_official_schemas(document: Document) -> None:
    before = json.dumps(document, sort_keys=True)
    official = full_verdict(document, **AS_MLM_ITEM)
    ours, why = mlm_verdict_of(lambda: MLMItem.model_validate(document))
    assert ours == official, disagreement(document, official, ours, why)
    assert json.dumps(document, sort_keys=True) == before, "validation changed its input"


def test_every_error_comes_from_a_schema_that_rejects() -> None:
    """An ``mlm_*`` error only where some MLM schema rejects the document, a ``stac_*`` error
    only where STAC core rejects it: a rule that cannot read its input (``roles`` not an
    array, ``assets`` not an object...) passes, as the schemas do, and leaves the error to
    the rule checking the JSON type."""
    offenders = []
    for case in CASES:
        document = case.values[0]
        _, _, errors = mlm_outcome(lambda document=document: MLMItem.model_validate(document))
        offenders += [
            f"{case.id}: {line}" for line in foreign_codes(errors, document, **AS_MLM_ITEM)
        ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize("version", OLDER_RELEASES)
def test_release_models_on_asset_roles_of_every_shape(version: str) -> None:
    """``stac_mlm.load`` (the model of the latest declared release) on the corpus of ``roles``
    of every JSON type: the verdict of the schemas, and no error from a rule that skips the
    asset (v1.0-v1.1: every asset has the model role; v1.2-v1.4: some asset has it)."""
    problems = []
    for case_id, document in family_documents_named("roles", version):
        official = full_verdict(document)
        ours, why, errors = mlm_outcome(lambda document=document: load(document))
        if ours != official:
            problems.append(
                f"{case_id}: official {official} ({official_error(document, kind=None)}), "
                f"ours {ours} ({why})"
            )
        problems += [f"{case_id}: {line}" for line in foreign_codes(errors, document)]
    assert not problems, f"v{version}:\n" + "\n".join(problems)


@pytest.mark.parametrize("document", CASES)
def test_json_input_gets_the_same_verdict_and_dump(document: Document) -> None:
    text = json.dumps(document)
    from_python, why_python = mlm_verdict_of(lambda: MLMItem.model_validate(document))
    from_json, why_json = mlm_verdict_of(lambda: MLMItem.model_validate_json(text))
    assert from_json == from_python, (
        f"model_validate: {why_python}; model_validate_json: {why_json}"
    )
    if from_python:
        dump_python = faithful_dump(MLMItem.model_validate(document))
        dump_json = faithful_dump(MLMItem.model_validate_json(text))
        assert exact_json(dump_json) == exact_json(dump_python), "JSON and Python dump differ"


@pytest.mark.parametrize("document", VALID)
def test_valid_document_reads_back_exactly(document: Document) -> None:
    """As read, number types included: ``gsd: 10`` stays ``10``, ``bbox`` integers stay
    integers, ``10.0`` stays ``10.0``."""
    item = MLMItem.model_validate(document)
    dump = faithful_dump(item)
    assert dump == document
    assert exact_json(dump) == exact_json(document), "same under ==, different JSON types"
    from_json = faithful_dump(MLMItem.model_validate_json(json.dumps(document)))
    assert exact_json(from_json) == exact_json(document)


@pytest.mark.parametrize("document", VALID)
def test_plain_dump_is_valid_for_official_schemas(document: Document) -> None:
    dump = MLMItem.model_validate(document).model_dump(mode="json")
    assert full_verdict(dump, **AS_MLM_ITEM), f"plain model_dump rejected: {official_error(dump)}"
