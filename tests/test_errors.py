"""Whatever the input, a rejection is a pydantic ValidationError: never a TypeError,
KeyError, RecursionError or any other exception."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from spec_folder import example_collection
from strategies import json_values
from test_properties import _paths, _replace

from stac_mlm import MLM_SCHEMA_URI, MLMCollection, MLMItem

COLLECTION = example_collection()
COLLECTION["stac_extensions"].append(MLM_SCHEMA_URI)


def _only_validation_errors(model: Any, document: Any, text: str | None = None) -> None:
    with contextlib.suppress(ValidationError):
        model.model_validate(document)
    with contextlib.suppress(ValidationError):
        model.model_validate_json(json.dumps(document) if text is None else text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(EXAMPLES)), st.data())
def test_any_value_anywhere_in_an_item(name: str, data: st.DataObject) -> None:
    document = EXAMPLES[name]
    path = data.draw(st.sampled_from(_paths(document)))
    _only_validation_errors(MLMItem, _replace(document, path, data.draw(json_values)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_value_anywhere_in_a_collection(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_paths(COLLECTION)))
    _only_validation_errors(MLMCollection, _replace(COLLECTION, path, data.draw(json_values)))


@pytest.mark.parametrize("value", [None, 0, "x", [], [[]], {"type": "Feature"}, {"type": 3}])
def test_any_json_document(value: Any) -> None:
    _only_validation_errors(MLMItem, value)
    _only_validation_errors(MLMCollection, value)


def test_deeply_nested_values() -> None:
    depth = 5000
    deep: Any = 1
    for _ in range(depth):
        deep = [deep]
    document = copy.deepcopy(EXAMPLES["item_basic.json"])
    document["properties"]["mlm:hyperparameters"] = {"nested": 0}
    text = json.dumps(document).replace(
        '"nested": 0', '"nested": ' + "[" * depth + "1" + "]" * depth
    )
    document["properties"]["mlm:hyperparameters"] = {"nested": deep}
    _only_validation_errors(MLMItem, document, text)
    text = '{"a": ' * 100_000 + "1" + "}" * 100_000
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate_json(text)
    assert raised.value.errors()[0]["type"] == "json_too_deep"
