"""Bulk: 10,000 Items at once, memory per Item, and ``stac-mlm summarize`` over 100,000.

Every time is per Item, and every ratio is against the baseline of the same run: a Python
loop that keeps each ``MLMItem.model_validate_json`` result with the garbage collector on,
as a user writes it today. Each loop is timed ``repeats`` times (median), the loops taking
turns round after round, the collector fully collected before each so that no run pays for
the garbage of the one before.

* ``validate_many`` keeps its Items too (a list of 10,000): the same work, the collector
  paused for the batch.
* the fast lane (``stac_mlm.fast_lane.is_valid`` on the bytes) gives verdicts, no Items;
  its reference is jsonschema-rs on the official MLM schema (``orjson.loads`` +
  ``is_valid``), as the operations table measures it.
* ``stac-mlm validate`` runs in this process on a JSON Lines file of 10,000 Items, its
  report written to memory: reading, parsing and reporting included, in one process
  (the models, or the fast lane) and with ``--jobs 2``; and on a folder of 10,000 files
  of one Item each (the fast lane, with and without ``--jobs 2``).
* memory per Item: what 10,000 kept Items hold (tracemalloc), divided by 10,000.
* ``stac-mlm summarize``: the peak resident memory of the command (a fresh interpreter,
  its VmHWM) over JSON Lines files of 1,000, 10,000 and 100,000 Items:
  flat when the command keeps nothing per Item.
"""

from __future__ import annotations

import gc
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from documents import Document


@dataclass(frozen=True)
class Bulk:
    key: str
    label: str
    us_per_item: float | None  # None: not installed
    over_loop: float | None  # the baseline loop's time divided by this one's (> 1: faster)


def _seconds(calls: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """The median seconds of each call; the calls take turns, round after round, so that
    a busy spell of the machine slows them all alike."""
    times: dict[str, list[float]] = {key: [] for key in calls}
    for _ in range(repeats):
        for key, call in calls.items():
            gc.collect()
            started = time.perf_counter()
            kept = call()
            times[key].append(time.perf_counter() - started)
            del kept
    gc.collect()
    return {key: statistics.median(values) for key, values in times.items()}


def _items_file(raw: bytes, count: int, folder: Path) -> Path:
    """``count`` copies of the document, one per line, each with its own id."""
    document = json.loads(raw)
    path = folder / f"items-{count}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            document["id"] = f"item-{number}"
            handle.write(json.dumps(document, separators=(",", ":")) + "\n")
    return path


def _items_folder(raw: bytes, count: int, folder: Path) -> Path:
    """A folder of ``count`` files, one copy of the document each, each with its own id."""
    document = json.loads(raw)
    items = folder / f"items-{count}"
    items.mkdir()
    for number in range(count):
        document["id"] = f"item-{number}"
        (items / f"item-{number:06d}.json").write_text(json.dumps(document), encoding="utf-8")
    return items


def _cli_validate(path: Path, *options: str) -> Callable[[], object]:
    from stac_mlm.cli import build_parser
    from stac_mlm.cli.commands import validate

    args = build_parser().parse_args(["validate", str(path), *options])

    def run() -> object:
        out, err = io.StringIO(), io.StringIO()
        code = validate(args.paths, out=out, err=err, lane=args.lane, jobs=args.jobs)
        if code != 0:
            raise RuntimeError(f"stac-mlm validate {options}: exit {code}: {err.getvalue()}")
        return out

    return run


def _fast_calls(raw: bytes, count: int) -> dict[str, Callable[[], object]]:
    try:
        import orjson
        from operations import _jsonschema_rs_validator

        from stac_mlm.fast_lane import is_valid
    except ImportError:
        return {}
    official = _jsonschema_rs_validator().is_valid
    if not (is_valid(raw) and official(orjson.loads(raw))):
        raise RuntimeError("the headline document must be valid for both")
    return {
        "fast_lane": lambda: [is_valid(raw) for _ in range(count)],
        "jsonschema_rs": lambda: [official(orjson.loads(raw)) for _ in range(count)],
    }


def _loop_paused(raw: bytes, count: int) -> list[Any]:
    from stac_mlm import MLMItem

    gc.disable()
    try:
        return [MLMItem.model_validate_json(raw) for _ in range(count)]
    finally:
        gc.enable()


LABELS = {
    "loop": "loop keeping Items, collector on (today)  [baseline]",
    "loop_paused": "loop keeping Items, collector off",
    "validate_many": "stac_mlm.validate_many, Items kept",
    "fast_lane": "fast lane: fast_lane.is_valid(bytes), verdicts",
    "jsonschema_rs": "jsonschema-rs, official schema: orjson.loads + is_valid",
    "cli_models": "stac-mlm validate items.jsonl --lane models",
    "cli_fast": "stac-mlm validate items.jsonl --lane fast",
    "cli_jobs": "stac-mlm validate items.jsonl --lane fast --jobs 2",
    "cli_folder_fast": "stac-mlm validate folder/ --lane fast (a file per Item)",
    "cli_folder_jobs": "stac-mlm validate folder/ --lane fast --jobs 2",
}


def bulk_times(raw: bytes, count: int, repeats: int, folder: Path) -> list[Bulk]:
    from stac_mlm import MLMItem, validate_many

    path = _items_file(raw, count, folder)
    calls: dict[str, Callable[[], object]] = {
        "loop": lambda: [MLMItem.model_validate_json(raw) for _ in range(count)],
        "loop_paused": lambda: _loop_paused(raw, count),
        "validate_many": lambda: list(validate_many(repeat(raw, count))),
        **_fast_calls(raw, count),
        "cli_models": _cli_validate(path, "--lane", "models"),
    }
    if "fast_lane" in calls:
        calls["cli_fast"] = _cli_validate(path, "--lane", "fast")
        calls["cli_jobs"] = _cli_validate(path, "--lane", "fast", "--jobs", "2")
        items = _items_folder(raw, count, folder)
        calls["cli_folder_fast"] = _cli_validate(items, "--lane", "fast")
        calls["cli_folder_jobs"] = _cli_validate(items, "--lane", "fast", "--jobs", "2")
    MLMItem.model_validate_json(raw)  # built and warm before the first timing
    seconds = _seconds(calls, repeats)
    return [
        Bulk(
            key,
            label,
            None if key not in seconds else seconds[key] / count * 1e6,
            None if key not in seconds else seconds["loop"] / seconds[key],
        )
        for key, label in LABELS.items()
    ]


def memory_per_item(raw: bytes, count: int) -> dict[str, float]:
    """Bytes that ``count`` kept Items hold, per Item, and the peak during the batch."""
    from stac_mlm import validate_many

    gc.collect()
    tracemalloc.start()
    try:
        kept = list(validate_many(repeat(raw, count)))
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return {"kept_bytes_per_item": current / count, "peak_bytes_per_item": peak / count}


#: Run in a fresh interpreter: the command, then its peak resident memory on standard error.
#: VmHWM is the high-water mark of this process's own memory since its exec; ru_maxrss
#: would also count the benchmark process it was forked from.
_MEASURED = """
import sys
from stac_mlm.cli import main
if sys.argv[1] == "validate_many":
    from stac_mlm import MLMItem, json_lines, validate_many
    results = validate_many(json_lines(sys.argv[2]))
    code = 0 if all(isinstance(result, MLMItem) for result in results) else 1
else:
    code = main(sys.argv[1:])
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(f"peak kB {peak}", file=sys.stderr)
sys.exit(code)
"""


def _peak_rss_mb(argv: list[str]) -> tuple[float, float]:
    """The peak resident memory (MB) and the seconds of ``stac-mlm ARGV``."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    if done.returncode != 0 or not last.startswith("peak kB "):
        raise RuntimeError(f"stac-mlm {argv}: exit {done.returncode}: {done.stderr[-500:]}")
    return int(last.split()[-1]) / 1024, seconds


def summarize_memory(raw: bytes, counts: tuple[int, ...], folder: Path) -> list[dict[str, float]]:
    """``stac-mlm summarize`` over ``count`` Items: its peak resident memory and time; and
    the peak of ``validate_many(json_lines(...))`` keeping nothing."""
    rows = []
    for count in counts:
        path = _items_file(raw, count, folder)
        argv = ["summarize", str(path), "--id", "c", "--description", "d", "--license", "MIT"]
        peak, seconds = _peak_rss_mb(argv)
        streamed, _ = _peak_rss_mb(["validate_many", str(path)])
        rows.append(
            {"items": count, "peak_rss_mb": peak, "seconds": seconds, "validate_many_mb": streamed}
        )
        path.unlink()
    return rows


def run_bulk(headline: Document, quick: bool) -> tuple[dict[str, Any], str]:
    """Everything above on the headline document: the JSON numbers and the text tables."""
    count, repeats = (1_000, 1) if quick else (10_000, 5)
    summarized = (100, 1_000) if quick else (1_000, 10_000, 100_000)
    with tempfile.TemporaryDirectory() as folder:
        times = bulk_times(headline.raw, count, repeats, Path(folder))
        memory = memory_per_item(headline.raw, count)
        peaks = summarize_memory(headline.raw, summarized, Path(folder))
    numbers = {
        "items": count,
        "repeats": repeats,
        "times": {row.key: asdict(row) for row in times},
        "memory": memory,
        "summarize": peaks,
    }
    return numbers, _tables(times, memory, peaks, count)


def _tables(
    times: list[Bulk], memory: dict[str, float], peaks: list[dict[str, float]], count: int
) -> str:
    rows = [
        [
            row.label,
            "not installed" if row.us_per_item is None else f"{row.us_per_item:,.1f}",
            "-" if row.over_loop is None else f"{row.over_loop:,.2f}x",
        ]
        for row in times
    ]
    by_key = {row.key: row for row in times}
    lane, official = by_key["fast_lane"].us_per_item, by_key["jsonschema_rs"].us_per_item
    lines = [_table(["operation", "µs/Item", "x faster than the loop"], rows)]
    if lane is not None and official is not None:
        lines.append(f"\nfast lane / jsonschema-rs on the official schema: {lane / official:.2f}x")
    lines.append(
        f"\nmemory: {memory['kept_bytes_per_item'] / 1024:,.1f} kB per kept Item "
        f"({count:,} Items; peak {memory['peak_bytes_per_item'] / 1024:,.1f} kB per Item)"
    )
    summary = [
        [
            f"{int(row['items']):,}",
            f"{row['peak_rss_mb']:,.1f}",
            f"{row['seconds']:,.1f}",
            f"{row['validate_many_mb']:,.1f}",
        ]
        for row in peaks
    ]
    lines.append("\npeak resident memory, each in a fresh interpreter:\n")
    header = ["Items", "stac-mlm summarize MB", "seconds", "validate_many (nothing kept) MB"]
    lines.append(_table(header, summary))
    return "\n".join(lines)


def _table(header: list[str], rows: list[list[str]]) -> str:
    from report import _table as table

    return table(header, rows)
