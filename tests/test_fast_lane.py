"""The fast lane gives the verdict of the models, document for document.

Differential: on every document of the corpus (``tests/corpus.py``), the multi-fault corpus,
the official examples of every release, the STAC core probes of ``tests/test_stac_core.py``
and Hypothesis documents, the lane accepts exactly the v1.5.2 Items ``MLMItem`` accepts, and
``fast_lane.is_valid`` says what ``stac_mlm.load`` says of any document. Skipped when the
``fast`` extra is not installed (the ``dev`` extra has it).
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

import pytest

pytest.importorskip("jsonschema_rs")

from corpus import derived_documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from multifault import multi_fault_documents
from pydantic import ValidationError
from spec_folder import example_items
from strategies import json_values, mlm_items
from test_json_schema import VALUES, replaced
from test_properties import _paths as paths
from test_stac_core import corpus as stac_core_corpus

from stac_mlm import MAX_DEPTH, MLMItem
from stac_mlm.example import example_item
from stac_mlm.fast_lane import _accepts_text, _in_lane, accepts, compile_schema, is_valid
from stac_mlm.releases import MLM_RELEASES, load

Case = tuple[str, Any]
VALID: dict[str, Any] = example_item().model_dump(mode="json")


def model_accepts(document: Any) -> bool:
    try:
        MLMItem.model_validate(document)
    except ValidationError:
        return False
    return True


def load_accepts(document: Any) -> bool:
    try:
        load(document)
    except ValidationError:
        return False
    return True


@cache
def all_documents() -> tuple[Case, ...]:
    official = [
        (f"official v{version}:{name}", document)
        for version in MLM_RELEASES
        for name, document in example_items(version).items()
    ]
    core = [(case.label, case.document) for case in stac_core_corpus() if case.kind == "item"]
    faults = [(case.id, case.document) for case in multi_fault_documents()]
    return (*official, *derived_documents(), *faults, *core)


def in_lane(document: Any) -> bool:
    return isinstance(document, dict) and _in_lane(document)


def disagreements(cases: Iterable[Case]) -> tuple[list[str], Counter[str]]:
    """Where the lane's verdict differs from MLMItem's on the v1.5.2 Items it reads, or it
    accepts another document; and how many of each verdict it gave."""
    problems, counts = [], Counter[str]()
    for case_id, document in cases:
        lane = accepts(document)
        if lane != _accepts_text(json.dumps(document)):
            problems.append(f"a dict and its JSON text differ: {case_id}")
        if not in_lane(document):
            counts["left to the models"] += 1
            if lane:
                problems.append(f"accepted, not a v1.5.2 Item: {case_id}")
        elif lane != model_accepts(document):
            problems.append(f"{'missed' if lane else 'false'} rejection: {case_id}")
        else:
            counts["accepted" if lane else "rejected"] += 1
    return problems, counts


def test_the_lane_accepts_exactly_what_mlm_item_accepts_on_the_whole_corpus() -> None:
    problems, counts = disagreements(all_documents())
    assert problems == []
    # not vacuous: the lane decides hundreds of documents each way
    assert counts["accepted"] > 400
    assert counts["rejected"] > 400
    assert counts["left to the models"] > 50


def test_is_valid_says_what_load_says_of_every_document() -> None:
    wrong = []
    for case_id, document in all_documents():
        verdict = load_accepts(document)
        if is_valid(document) != verdict or is_valid(json.dumps(document).encode()) != verdict:
            wrong.append(case_id)
    assert wrong == []


def test_documents_the_lane_does_not_read_are_left_to_the_models() -> None:
    older = next(iter(example_items("1.4.0").values()))
    two = copy.deepcopy(VALID)
    two["stac_extensions"].append("https://stac-extensions.github.io/mlm/v1.4.0/schema.json")
    collection = {**VALID, "type": "Collection"}
    for document in (older, two, collection, [VALID], "x"):
        assert not accepts(document)
    assert is_valid(older)  # read by the models, in its release
    assert not model_accepts(two)
    assert not is_valid(two)


def nested(levels: int) -> Any:
    """An array ``levels`` levels deep (itself included)."""
    value: Any = 0
    for _ in range(levels):
        value = [value]
    return value


def with_key(key: str, value: Any) -> dict[str, Any]:
    return {**copy.deepcopy(VALID), key: value}


@pytest.mark.parametrize(
    ("document", "valid"),
    [
        (with_key("x:deep", nested(MAX_DEPTH - 1)), True),  # the document is level 1
        (with_key("x:deep", nested(MAX_DEPTH)), False),
        (with_key("x:n", float("nan")), False),
        (with_key("x:n", float("inf")), False),
        (with_key("x:s", "\ud800"), False),
        (with_key("x:big", 123456789012345678901234567890), True),
        (with_key("x:big", [2**64 + 1, 2**64 + 2]), True),
    ],
    ids=["deepest", "too-deep", "nan", "inf", "lone-surrogate", "big-int", "big-ints"],
)
def test_the_json_guard_limits_hold_in_the_lane(document: dict[str, Any], valid: bool) -> None:
    assert model_accepts(document) is valid
    assert accepts(document) is valid
    assert is_valid(document) is valid


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ('{"x:deep": ' + json.dumps(nested(MAX_DEPTH - 1)) + ", ", True),
        ('{"x:deep": ' + json.dumps(nested(MAX_DEPTH)) + ", ", False),
        ('{"x:n": NaN, ', False),
        ('{"x:n": 1e309, ', False),
        ('{"x:s": "\\ud800", ', False),
        ('{"x:big": 123456789012345678901234567890, ', True),
    ],
    ids=["deepest", "too-deep", "nan", "overflow", "lone-surrogate", "big-int"],
)
def test_the_json_guard_limits_hold_for_json_text(text: str, valid: bool) -> None:
    document = text + json.dumps(VALID)[1:]
    try:
        MLMItem.model_validate_json(document)
    except ValidationError:
        assert not valid
    else:
        assert valid
    assert _accepts_text(document) is valid
    assert is_valid(document) is valid


def test_the_schema_is_read_offline() -> None:
    import jsonschema_rs

    with pytest.raises(jsonschema_rs.ValidationError, match="Retrieval is disabled"):
        compile_schema({"$ref": "https://example.com/schema.json"})


LANE = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mlm_items())
def test_generated_items_are_accepted(document: dict[str, Any]) -> None:
    assert model_accepts(document)
    assert accepts(document)


@LANE
@given(mlm_items(), st.data())
def test_generated_items_changed_once_anywhere_get_the_verdict_of_mlm_item(
    document: dict[str, Any], data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(paths(document)))
    value = data.draw(json_values | st.sampled_from(VALUES))
    changed = replaced(document, path, value)
    lane = accepts(changed)
    assert lane == _accepts_text(json.dumps(changed))
    if in_lane(changed):
        assert lane == model_accepts(changed), path
    else:
        assert not lane
    assert is_valid(changed) == load_accepts(changed), path


@pytest.mark.parametrize(
    "declared",
    [
        "https://stac-extensions.github.io/mlm/v1.5.2/schema.json",  # the same URI twice
        "https://crim-ca.github.io/mlm-extension/v1.5.2/schema.json",
        "https://stac-extensions.github.io/mlm/v9.9.9/schema.json",
        "https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json",
    ],
)
def test_an_item_declaring_another_mlm_schema_uri_is_left_to_the_models(declared: str) -> None:
    document = copy.deepcopy(VALID)
    document["stac_extensions"].append(declared)
    assert not in_lane(document)
    assert not accepts(document)
    assert not _accepts_text(json.dumps(document))
    assert is_valid(json.dumps(document)) == load_accepts(document)


def test_an_extension_uri_that_only_looks_like_mlm_is_not_a_release() -> None:
    document = copy.deepcopy(VALID)
    document["stac_extensions"].append("https://stac-extensions.github.io/mlm/v1.5.2/schema.json\n")
    assert in_lane(document)
    assert _accepts_text(json.dumps(document)) == accepts(document) == model_accepts(document)


def test_without_orjson_a_text_the_parser_cannot_read_is_left_to_the_models() -> None:
    """pydantic-core's parser raised a TypeError for a str holding a lone surrogate."""
    from stac_mlm.fast_lane import _accepted_without_orjson

    assert _accepted_without_orjson('{"type": "Feature", "id": "\ud800"}') is None
    assert _accepted_without_orjson(b'{"type": "Feature"') is None
