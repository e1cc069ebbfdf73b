"""SummaryAccumulator: one rule per field, mergeable in any order, bounded memory."""

from __future__ import annotations

import copy
import itertools
import pickle
from functools import reduce
from typing import Any

from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import mlm_items

from stac_mlm import MLMItem
from stac_mlm.aggregate import SummaryAccumulator, summarize


def _result(accumulator: SummaryAccumulator) -> tuple[Any, ...]:
    return (
        accumulator.count,
        accumulator.summaries(),
        accumulator.item_assets(),
        accumulator.extent(),
    )


def _item(**properties: Any) -> dict[str, Any]:
    document = copy.deepcopy(EXAMPLES["item_basic.json"])
    document["properties"].update(properties)
    return document


def test_rules_per_field() -> None:
    summaries = summarize(
        [
            _item(**{"mlm:framework": "PyTorch", "mlm:accelerator": None, "mlm:pretrained": True}),
            _item(**{"mlm:framework": "JAX", "mlm:accelerator": "cuda", "mlm:total_parameters": 7}),
            _item(**{"mlm:tasks": ["segmentation", "classification"], "mlm:total_parameters": 2}),
            _item(**{"mlm:hyperparameters": {"epochs": 3}, "mlm:accelerator": "cuda"}),
        ]
    )
    assert summaries == {
        "mlm:name": ["example-model"],
        "mlm:architecture": ["ResNet"],
        "mlm:framework": ["JAX", "PyTorch"],
        "mlm:pretrained": [True],
        "mlm:accelerator": ["cuda", None],
        "mlm:tasks": ["classification", "segmentation"],
        "mlm:total_parameters": {"minimum": 2, "maximum": 7},
    }


def test_item_assets_tell_true_from_one() -> None:
    first, second = _item(), _item()
    first["assets"]["model"]["x:flag"] = True
    second["assets"]["model"]["x:flag"] = 1
    one_pass = SummaryAccumulator().add_all([first, second])
    merged = SummaryAccumulator().add(first).merge(SummaryAccumulator().add(second))
    assert "x:flag" not in one_pass.item_assets()["model"]
    assert "x:flag" not in merged.item_assets()["model"]


def test_item_assets_keep_only_what_every_item_shares() -> None:
    first = _item()
    second = _item()
    second["assets"] = {
        "model": {**first["assets"]["model"], "mlm:artifact_type": "torch.jit.save"}
    }
    accumulator = SummaryAccumulator().add_all([first, second])
    definition = accumulator.item_assets()["model"]
    assert definition["roles"] == ["mlm:model"]
    assert "mlm:artifact_type" not in definition  # differs between the Items
    assert "href" not in definition


def test_no_item_gives_no_summary() -> None:
    assert summarize([]) == {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mlm_items(), min_size=1, max_size=4), st.data())
def test_any_split_and_merge_order_gives_the_single_pass_result(
    documents: list[dict[str, Any]], data: st.DataObject
) -> None:
    items = [MLMItem.model_validate(document) for document in documents]
    single = SummaryAccumulator().add_all(items)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(items)), max_size=4)))
    bounds = [0, *cuts, len(items)]
    parts = [SummaryAccumulator().add_all(items[a:b]) for a, b in itertools.pairwise(bounds)]
    order = data.draw(st.permutations(parts))
    merged = reduce(SummaryAccumulator.merge, order, SummaryAccumulator())
    assert _result(merged) == _result(single)
    left, right = parts[0], reduce(SummaryAccumulator.merge, parts[1:], SummaryAccumulator())
    assert _result(left.merge(right)) == _result(right.merge(left))


def test_merge_does_not_change_its_operands() -> None:
    left = SummaryAccumulator().add(EXAMPLES["item_basic.json"])
    right = SummaryAccumulator().add(EXAMPLES["item_multi_io.json"])
    before = (_result(left), _result(right))
    left.merge(right)
    assert (_result(left), _result(right)) == before


def test_accumulator_pickles() -> None:
    accumulator = SummaryAccumulator().add_all(EXAMPLES.values())
    assert _result(pickle.loads(pickle.dumps(accumulator))) == _result(accumulator)


def _stored_values(accumulator: SummaryAccumulator) -> int:
    return (
        sum(len(values) for values in accumulator.distinct.values())
        + len(accumulator.ranges)
        + sum(len(stats.fields) for stats in accumulator.assets.values())
    )


def test_memory_is_bounded_by_distinct_values_not_by_items() -> None:
    items = [MLMItem.model_validate(document) for document in EXAMPLES.values()]
    accumulator = SummaryAccumulator().add_all(items)
    stored_after_one_pass = _stored_values(accumulator)
    for _ in range(200):
        accumulator.add_all(items)
    assert accumulator.count == 201 * len(items)
    assert _stored_values(accumulator) == stored_after_one_pass  # only counters change
