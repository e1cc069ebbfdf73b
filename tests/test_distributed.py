"""The accumulator on Dask's local schedulers gives exactly the single-process result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dask.bag as db
import pytest
from conftest import EXAMPLES

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
