"""Every official v1.5.2 example Item validates, round-trips and stays valid when dumped."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import EXAMPLES
from spec_folder import official_verdict

from stac_mlm import MLMItem


def test_the_spec_folder_holds_all_official_example_items() -> None:
    assert len(EXAMPLES) == 9


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_is_valid_for_the_official_schema_and_for_mlm_item(name: str) -> None:
    document = EXAMPLES[name]
    assert official_verdict(document)
    MLMItem.model_validate(document)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_round_trips_exactly(name: str) -> None:
    document = EXAMPLES[name]
    dumped = MLMItem.model_validate(document).model_dump(
        mode="json", by_alias=True, exclude_unset=True
    )
    assert dumped == document


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_plain_dump_is_the_same_document(name: str) -> None:
    item = MLMItem.model_validate(EXAMPLES[name])
    assert item.model_dump(mode="json") == EXAMPLES[name]
    assert json.loads(item.model_dump_json()) == EXAMPLES[name]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_json_and_python_validation_agree(name: str) -> None:
    text = json.dumps(EXAMPLES[name])
    from_json = MLMItem.model_validate_json(text)
    assert from_json == MLMItem.model_validate(EXAMPLES[name])
    assert from_json.model_dump(mode="json") == EXAMPLES[name]


def _walk(node: Any) -> list[str]:
    if isinstance(node, dict):
        return list(node) + [key for value in node.values() for key in _walk(value)]
    if isinstance(node, list):
        return [key for value in node for key in _walk(value)]
    return []


def test_stray_classification_classes_key_is_kept_and_not_read_as_the_field() -> None:
    # The official examples carry `classification_classes` (not `classification:classes`),
    # with class objects that would be invalid: it is an unknown key, kept as it is.
    document = EXAMPLES["item_multi_io.json"]
    assert "classification_classes" in _walk(document)
    item = MLMItem.model_validate(document)
    output = item.properties.mlm_output[0]
    assert "classification_classes" in (output.model_extra or {})
    assert "classification:classes" not in output.model_dump(mode="json")


def test_comment_and_unknown_top_level_keys_are_kept() -> None:
    document = EXAMPLES["item_pytorch_geo_unet.json"]
    dumped = MLMItem.model_validate(document).model_dump(mode="json")
    assert dumped["$comment"] == document["$comment"]
    assert dumped["mlm:entrypoint"] == document["mlm:entrypoint"]
