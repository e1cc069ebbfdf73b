"""Property-based: what the schema accepts round-trips exactly; verdicts match the schema."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from spec_folder import official_verdict
from strategies import json_values, mlm_items

from stac_mlm import MLMItem

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _accepted(document: Any) -> bool:
    try:
        MLMItem.model_validate(document)
    except ValidationError:
        return False
    return True


@SETTINGS
@given(mlm_items())
def test_generated_items_are_valid_and_round_trip_exactly(document: dict[str, Any]) -> None:
    assert official_verdict(document)
    item = MLMItem.model_validate(document)
    assert item.model_dump(mode="json", by_alias=True, exclude_unset=True) == document
    assert item.model_dump(mode="json") == document
    from_json = MLMItem.model_validate_json(json.dumps(document))
    assert json.loads(from_json.model_dump_json()) == document


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            paths += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            paths += _paths(value, (*prefix, index))
    return paths


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(document)
    node = changed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return changed


# STAC core (checked by stac-pydantic, not by the MLM schema) owns these: changing them
# would test STAC core, not MLM. Roles stay lists of strings, as STAC core requires.
STAC_CORE_KEYS = {"href", "type", "title", "description", "datetime", "stac_extensions"}
ROLE_LISTS = st.lists(st.sampled_from(["mlm:model", "code", "data", "mlm:weights"]), max_size=3)


def _mlm_paths(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        path
        for path in _paths(document)
        if path[0] in {"properties", "assets"}
        and len(path) > (2 if path[0] == "assets" else 1)  # an asset must stay an object
        and not (len(path) <= 3 and path[-1] in STAC_CORE_KEYS)
        and "roles" not in path[:-1]
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mlm_items(), st.data())
def test_verdict_matches_the_official_schema_after_any_single_change(
    document: dict[str, Any], data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(_mlm_paths(document)))
    value = data.draw(ROLE_LISTS if path[-1] == "roles" else json_values)
    changed = _replace(document, path, value)
    assume(changed != document)
    verdict = official_verdict(changed)
    assert _accepted(changed) == verdict, (path, changed)
    if verdict:
        assert MLMItem.model_validate(changed).model_dump(mode="json") == changed
