"""How the cost of refusing a document grows with the number of its errors.

    python benchmarks/errors.py [--quick] [--sizes 1000,10000,100000] [--budget SECONDS]

Each case makes N list entries (or objects) of the official ``item_multi_io.json`` invalid,
one error each: ``links: [1]*N``; ``properties → mlm:input → 0 → bands: [5]*N``; N assets
``{"href": 5}`` next to the model asset. For N = 10**3, 10**4 and 10**5 it times

* rejecting the document: ``MLMItem.model_validate(dict)`` and
  ``MLMItem.model_validate_json(text)``;
* building the report of the error the dict gave: ``str(error)`` and ``error.errors()``;

and prints µs per entry. A report holds at most ``stac_mlm.MAX_ERRORS`` errors, so its cost
should not grow at all; the rejection should grow linearly with N. This is the check of the
linearity (a benchmark, not a test): the exit code is 1 when the time per entry of any
operation grows more than 3× from the smallest to the largest N, or when a size could not be
measured (one call longer than ``--budget`` seconds: the larger sizes are skipped).

``--quick`` measures N = 10**3 and 10**4 with fewer repeats: a smoke run of about a minute on
linear code. Times are medians of autoranged loops (as ``timeit``), or of 3 single calls when
one call takes more than 0.2 s; the garbage collector is off while timing.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import math
import platform
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import stac_mlm
from stac_mlm import MLMItem

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The one place that resolves the spec folder (codegen, tests, benchmarks).
from documents import SpecFolderMissingError, spec_dir

DOCUMENT = "item_multi_io.json"
SIZES = (10**3, 10**4, 10**5)
QUICK_SIZES = (10**3, 10**4)
#: The time per entry may grow by this factor from the smallest to the largest N.
MAX_GROWTH = 3.0
#: A call at least this long is timed alone (3 calls), not in an autoranged loop.
SLOW_CALL = 0.2

Json = dict[str, Any]


def template() -> Json:
    try:
        path = spec_dir() / "examples" / "mlm-v1.5.2" / DOCUMENT
    except SpecFolderMissingError as error:
        sys.exit(f"benchmarks/errors.py: {error}")
    document: Json = json.loads(path.read_text(encoding="utf-8"))
    return document


def bad_links(base: Json, entries: int) -> Json:
    document = copy.deepcopy(base)
    document["links"] = [1] * entries
    return document


def bad_bands(base: Json, entries: int) -> Json:
    document = copy.deepcopy(base)
    document["properties"]["mlm:input"][0]["bands"] = [5] * entries
    return document


def bad_assets(base: Json, entries: int) -> Json:
    document = copy.deepcopy(base)
    document["assets"] |= {f"bad-{index}": {"href": 5} for index in range(entries)}
    return document


CASES: dict[str, Callable[[Json, int], Json]] = {
    "links: [1]*N": bad_links,
    "mlm:input[0].bands: [5]*N": bad_bands,
    "assets: N x {href: 5}": bad_assets,
}
OPERATIONS = ("reject dict", "reject JSON", "str(error)", "error.errors()")


@dataclass
class Row:
    """One case and operation: seconds per call at each measured N, and why a size is not."""

    case: str
    operation: str
    seconds: dict[int, float] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)

    def per_entry_us(self, entries: int) -> float | None:
        seconds = self.seconds.get(entries)
        return None if seconds is None else seconds / entries * 1e6

    def growth(self, sizes: tuple[int, ...]) -> float | None:
        """Time per entry at the largest measured N over the smallest N's."""
        measured = [size for size in sizes if size in self.seconds]
        if len(measured) < 2:
            return None
        first = self.seconds[measured[0]] / measured[0]
        last = self.seconds[measured[-1]] / measured[-1]
        return last / first if first > 0 else None


def rejection(call: Callable[[], object]) -> ValidationError:
    try:
        call()
    except ValidationError as error:
        return error
    raise SystemExit("benchmarks/errors.py: a document meant to be invalid was accepted")


def seconds_per_call(
    call: Callable[[], object], repeat: int, min_time: float, first: float | None = None
) -> float:
    """Median seconds per call: autoranged loops for quick calls, single calls for slow ones.
    ``first`` is the time of a call already made (counted as one of the single calls)."""
    if first is None:
        gc.collect()
        started = time.perf_counter()
        call()
        first = time.perf_counter() - started
    timer = timeit.Timer(call)
    if first >= SLOW_CALL:
        return statistics.median([first, *timer.repeat(repeat=min(repeat, 3) - 1, number=1)])
    number = 1
    while timer.timeit(number) < min_time:
        number *= 2 if number < 8 else 5
    return statistics.median(total / number for total in timer.repeat(repeat, number))


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    gc.collect()
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def predicted(seen: list[tuple[int, float]], entries: int) -> float:
    """Seconds a rejection of ``entries`` should take, from the growth seen so far (at least
    linear): a size that would run for minutes is skipped rather than waited for."""
    if not seen:
        return 0.0
    last_entries, last = seen[-1]
    exponent = 1.0
    if len(seen) >= 2:
        before_entries, before = seen[-2]
        ratio = last_entries / before_entries
        if before > 0 and last > before:
            exponent = max(1.0, math.log(last / before) / math.log(ratio))
    return last * (entries / last_entries) ** exponent


def measure(
    sizes: tuple[int, ...], repeat: int, min_time: float, budget: float, out: Any
) -> list[Row]:
    """Every case and operation at every size, until one call of a case exceeds ``budget``."""
    base = template()
    rows = [Row(case, operation) for case in CASES for operation in OPERATIONS]
    by_key = {(row.case, row.operation): row for row in rows}
    for case, make in CASES.items():
        stopped: str | None = None
        seen: list[tuple[int, float]] = []  # (N, seconds of the first rejection from a dict)
        for entries in sizes:
            expected = predicted(seen, entries)
            if stopped is None and expected > budget:
                stopped = f"not run: ~{expected:,.0f} s expected"
            if stopped is not None:
                for operation in OPERATIONS:
                    by_key[case, operation].skipped[entries] = stopped
                continue
            document = make(base, entries)
            text = json.dumps(document)
            error, first = _timed(
                lambda document=document: rejection(lambda: MLMItem.model_validate(document))
            )
            seen.append((entries, first))
            print(
                f"  {case}, N={entries:,}: {len(error.errors())} errors reported, "
                f"rejected from a dict in {first:.2f} s",
                file=out,
                flush=True,
            )
            calls: dict[str, Callable[[], object]] = {
                "reject dict": lambda document=document: rejection(
                    lambda: MLMItem.model_validate(document)
                ),
                "reject JSON": lambda text=text: rejection(
                    lambda: MLMItem.model_validate_json(text)
                ),
                "str(error)": lambda error=error: str(error),
                "error.errors()": lambda error=error: error.errors(),
            }
            for operation, call in calls.items():
                row = by_key[case, operation]
                if stopped is not None:
                    row.skipped[entries] = stopped
                    continue
                if operation != "reject dict":
                    _, first = _timed(call)
                if first > budget:
                    row.seconds[entries] = first  # one call says enough
                    stopped = f"not run: N={entries:,} took {first:.0f} s ({operation})"
                    continue
                row.seconds[entries] = seconds_per_call(call, repeat, min_time, first)
    return rows


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:,.3f}"


def table(rows: list[Row], sizes: tuple[int, ...]) -> str:
    header = [
        "case",
        "operation",
        *(f"µs/entry N={size:,}" for size in sizes),
        *(f"ms N={size:,}" for size in sizes),
        "growth",
    ]
    lines = []
    for row in rows:
        growth = row.growth(sizes)
        lines.append(
            [
                row.case,
                row.operation,
                *(
                    "skipped" if size in row.skipped else _cell(row.per_entry_us(size))
                    for size in sizes
                ),
                *(
                    "-" if size not in row.seconds else f"{row.seconds[size] * 1e3:,.3f}"
                    for size in sizes
                ),
                "-" if growth is None else f"{growth:.2f}x",
            ]
        )
    widths = [max(len(line[column]) for line in [header, *lines]) for column in range(len(header))]
    text = [
        "  ".join(
            cell.ljust(width) if column < 2 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in [header, *lines]
    ]
    text.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(text)


def verdict(rows: list[Row], sizes: tuple[int, ...]) -> list[str]:
    """What breaks the linearity check (nothing: linear)."""
    problems = []
    for row in rows:
        name = f"{row.case} / {row.operation}"
        missing = [size for size in sizes if size not in row.seconds]
        if missing:
            reasons = sorted({row.skipped.get(size, "skipped") for size in missing})
            where = ", ".join(f"{size:,}" for size in missing)
            problems.append(f"{name}: not measured at N={where} ({'; '.join(reasons)})")
        growth = row.growth(sizes)
        if growth is not None and growth > MAX_GROWTH:
            problems.append(f"{name}: time per entry grew {growth:.1f}x (at most {MAX_GROWTH}x)")
    return problems


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 10**3, 10**4, fewer repeats")
    parser.add_argument("--sizes", help="comma-separated N values (default 1000,10000,100000)")
    parser.add_argument(
        "--budget",
        type=float,
        default=120.0,
        help="seconds one rejection may take before larger N are skipped (default 120)",
    )
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    if args.sizes:
        sizes = tuple(sorted(int(size) for size in args.sizes.split(",")))
    repeat, min_time = (3, 0.05) if args.quick else (5, 0.2)
    print(f"# errors benchmark ({'quick' if args.quick else 'normal'} run)")
    print(
        f"python {sys.version.split()[0]} on {platform.machine()}; "
        f"stac-mlm {_version('stac-mlm')}, pydantic {_version('pydantic')}, "
        f"pydantic-core {_version('pydantic-core')}"
    )
    limit = getattr(stac_mlm, "MAX_ERRORS", "not defined")
    print(f"document: {DOCUMENT}; stac_mlm.MAX_ERRORS = {limit}; sizes: {sizes}\n")
    started = time.perf_counter()
    rows = measure(sizes, repeat, min_time, args.budget, sys.stdout)
    print(f"\n{table(rows, sizes)}\n")
    problems = verdict(rows, sizes)
    for problem in problems:
        print(f"NOT LINEAR: {problem}")
    if not problems:
        print(f"linear: time per entry grows at most {MAX_GROWTH}x from N={sizes[0]:,}")
    print(f"(total {time.perf_counter() - started:.0f} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
