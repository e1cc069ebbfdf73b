"""Summarizing a large catalog: stac-mlm's SummaryAccumulator next to pystac's Summarizer.

    python benchmarks/summarize.py [--items 100000] [--json PATH]

Both read the same stream of Item dicts, generated on the fly from the official v1.5.2
examples with varied MLM values (so that no list of 100,000 Items sits in memory). Peak
memory is the tracemalloc peak of the pass, the generator included for both. pystac is
given the MLM fields with the same strategies (arrays for strings and tasks, ranges for
integers); it validates nothing, stac-mlm validates every Item against every MLM rule.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from stac_mlm.aggregate import DISTINCT_FIELDS, RANGE_FIELDS, UNION_FIELDS, SummaryAccumulator

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The one place that resolves the spec folder (codegen, tests, benchmarks).
from documents import spec_dir

FRAMEWORKS = ["PyTorch", "TensorFlow", "JAX", "scikit-learn", "ONNX"]
ACCELERATORS = ["cuda", "amd64", "xla", None]
TASKS = ["classification", "segmentation", "detection", "regression", "super-resolution"]


def _templates() -> list[dict[str, Any]]:
    folder = spec_dir() / "examples" / "mlm-v1.5.2"
    documents = [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))]
    return [document for document in documents if document.get("type") == "Feature"]


def items(count: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``count`` valid MLM Items, each a template with some MLM values changed.

    Each Item is parsed from JSON text, as when a catalog is read from files.
    """
    randomness = random.Random(seed)
    texts = [json.dumps(template) for template in _templates()]
    for index, text in zip(range(count), itertools.cycle(texts), strict=False):
        item = json.loads(text)
        item["id"] = f"model-{index}"
        properties = item["properties"]
        properties["mlm:framework"] = randomness.choice(FRAMEWORKS)
        properties["mlm:accelerator"] = randomness.choice(ACCELERATORS)
        properties["mlm:total_parameters"] = randomness.randrange(1_000, 100_000_000)
        properties["mlm:tasks"] = sorted(set(randomness.sample(TASKS, 2)))
        yield item


def _stac_mlm(stream: Iterator[dict[str, Any]]) -> Any:
    return SummaryAccumulator().add_all(stream).summaries()


def _pystac(stream: Iterator[dict[str, Any]]) -> Any:
    import pystac
    from pystac.summaries import Summarizer, SummaryStrategy

    strategies = dict.fromkeys((*DISTINCT_FIELDS, *UNION_FIELDS), SummaryStrategy.ARRAY)
    strategies |= dict.fromkeys(RANGE_FIELDS, SummaryStrategy.RANGE)
    summarizer = Summarizer(fields=strategies)
    return summarizer.summarize(pystac.Item.from_dict(item, migrate=False) for item in stream)


def measure(
    name: str, summarize: Callable[[Iterator[dict[str, Any]]], Any], count: int
) -> dict[str, Any]:
    """Time one pass, then trace the memory of a second one (tracing slows Python down)."""
    started = time.perf_counter()
    summarize(items(count))
    seconds = time.perf_counter() - started
    tracemalloc.start()
    summarize(items(count))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "name": name,
        "items": count,
        "seconds": round(seconds, 2),
        "items_per_second": round(count / seconds),
        "peak_mib": round(peak / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()
    rows = [measure("stac-mlm SummaryAccumulator (validates every Item)", _stac_mlm, args.items)]
    try:
        rows.append(measure("pystac Summarizer (no validation)", _pystac, args.items))
    except ImportError:
        rows.append({"name": "pystac Summarizer", "items": args.items, "note": "not installed"})
    print(f"{'':52} {'items/s':>10} {'seconds':>8} {'peak MiB':>9}")
    for row in rows:
        if "note" in row:
            print(f"{row['name']:52} {row['note']:>10}")
            continue
        print(
            f"{row['name']:52} {row['items_per_second']:>10,} {row['seconds']:>8} "
            f"{row['peak_mib']:>9}"
        )
    if args.json:
        args.json.write_text(json.dumps({"machine": platform.platform(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
