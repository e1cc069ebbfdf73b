"""Property-based: what the schemas accept round-trips exactly; verdicts match the schemas.

The official verdict is that of ``spec_folder.full_verdict``: the MLM v1.5.2 schema (``MLMItem``
is a v1.5.2 Item) and that of every other declared MLM release, AND the STAC core schema of the
document's ``stac_version``.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from spec_folder import full_errors, full_verdict
from strategies import json_values, mlm_items

from stac_mlm import MLMItem

#: ``MLMItem`` is a v1.5.2 Item: the v1.5.2 schema applies even when not declared.
AS_MLM_ITEM: dict[str, Any] = {"release": "1.5.2", "kind": "item"}
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
    assert full_verdict(document, **AS_MLM_ITEM), full_errors(document, **AS_MLM_ITEM)
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


#: Roles stay lists of strings in the MLM test, so that it is about the rules on roles' content.
ROLE_LISTS = st.lists(st.sampled_from(["mlm:model", "code", "data", "mlm:weights"]), max_size=3)
#: Values that STAC core checks for (versions, types, datetimes, geometries...), so that the
#: changes anywhere meet the rules of STAC core and not only JSON types.
CORE_VALUES = st.sampled_from(
    [
        "1.0.0",
        "1.1.0",
        "1.0.0-rc.1",
        "Feature",
        "Collection",
        "mlm:model",
        ["mlm:model"],
        "2024-01-01T00:00:00Z",
        "2024-01-01",
        {"type": "Point", "coordinates": [1, 2]},
        {"type": "Point", "coordinates": [1]},
        [0, 0, 1, 1],
        {"rel": "self", "href": "https://example.com/item.json"},
        [{"name": "B04"}],
        "",
    ]
)


def _mlm_paths(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Paths under ``properties`` and in assets, except the keys STAC core owns there."""
    core_keys = {"href", "type", "title", "description", "datetime", "stac_extensions"}
    return [
        path
        for path in _paths(document)
        if path[0] in {"properties", "assets"}
        and len(path) > (2 if path[0] == "assets" else 1)  # an asset must stay an object
        and not (len(path) <= 3 and path[-1] in core_keys)
        and "roles" not in path[:-1]
    ]


def check_single_changes(
    name: str,
    paths: Any,
    values: Any,
    max_examples: int,
    record_property: Any,
) -> None:
    """Each generated Item with one value replaced: ``MLMItem`` gives the official verdict,
    and writes back exactly what it accepts. Prints (``-s``) and records the numbers."""
    verdicts: Counter[bool] = Counter()

    @settings(
        max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(mlm_items(), st.data())
    def check(document: dict[str, Any], data: st.DataObject) -> None:
        path = data.draw(st.sampled_from(paths(document)))
        value = data.draw(values(path))
        changed = _replace(document, path, value)
        assume(changed != document)
        verdict = full_verdict(changed, **AS_MLM_ITEM)
        assert _accepted(changed) == verdict, (path, changed, full_errors(changed, **AS_MLM_ITEM))
        verdicts[verdict] += 1
        if verdict:
            assert MLMItem.model_validate(changed).model_dump(mode="json") == changed

    check()
    total = verdicts.total()
    summary = (
        f"{name}: {verdicts[True]} valid, {verdicts[False]} invalid; agreement {total}/{total}"
    )
    record_property("agreement", f"{total}/{total}")
    record_property("valid_invalid", f"{verdicts[True]}/{verdicts[False]}")
    print(summary)
    assert verdicts[True] > 0, summary
    assert verdicts[False] > 0, summary


def test_verdict_matches_the_official_schemas_after_any_single_mlm_change(
    record_property: Any,
) -> None:
    check_single_changes(
        "single MLM changes",
        _mlm_paths,
        lambda path: ROLE_LISTS if path[-1] == "roles" else json_values,
        300,
        record_property,
    )


def test_verdict_matches_the_official_schemas_after_any_single_change_anywhere(
    record_property: Any,
) -> None:
    """STAC core is part of the verdict: any value, at any path, the root's keys included."""
    check_single_changes(
        "single changes anywhere",
        _paths,
        lambda path: json_values | CORE_VALUES,
        300,
        record_property,
    )
