"""The accumulator on Dask's local schedulers gives exactly the single-process result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dask.bag as db
import pytest
from conftest import EXAMPLES
from pydantic import ValidationError

from stac_mlm.aggregate import SummaryAccumulator
from stac_mlm.distributed import items_from_paths, summarize_bag


def _result(accumulator: SummaryAccumulator) -> tuple[Any, ...]:
    return accumulator.summaries(), accumulator.item_assets(), accumulator.extent()


SINGLE = _result(SummaryAccumulator().add_all(EXAMPLES.values()))


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_bag_of_items(scheduler: str) -> None:
    bag = db.from_sequence(list(EXAMPLES.values()), npartitions=4)
    accumulator = summarize_bag(bag, split_every=2).compute(scheduler=scheduler)
    assert accumulator.count == len(EXAMPLES)
    assert _result(accumulator) == SINGLE


def test_bag_of_paths(tmp_path: Path) -> None:
    paths = []
    for name, document in EXAMPLES.items():
        path = tmp_path / name
        path.write_text(json.dumps(document))
        paths.append(path)
    accumulator = summarize_bag(items_from_paths(paths, npartitions=3)).compute(scheduler="sync")
    assert _result(accumulator) == SINGLE


def test_a_file_that_is_not_json_is_a_validation_error_naming_it(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(next(iter(EXAMPLES.values()))))
    bad.write_text('{"type": "Feature",')
    with pytest.raises(ValidationError) as raised:
        summarize_bag(items_from_paths([good, bad])).compute(scheduler="sync")
    assert f"for MLM Item {bad}" in str(raised.value)
    (details,) = raised.value.errors()
    assert details["type"] == "json_invalid"
    assert details["msg"].startswith("not JSON: ")
