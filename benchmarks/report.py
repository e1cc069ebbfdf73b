"""Plain-text tables of the measurements."""

from __future__ import annotations

import statistics

from ablation import Ablations
from imports import ImportTime
from measure import IMPORT_TARGET, TARGETS, Result, by_key, floor_of, headline_of, ratio
from profiling import Profile
from single import HEADLINE as SINGLE_HEADLINE
from single import Paired


def _number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}x"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    # The first column is text (left-aligned), the others numbers (right-aligned).
    lines = [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _missing(result: Result) -> str:
    """What a table cell says when there is no time: why."""
    if result.status.startswith("not installed"):
        return "not installed"
    return "rejected" if result.status != "ok" else "-"


def _time_cell(value: float | None, result: Result) -> str:
    return _missing(result) if value is None else _number(value)


def operations_table(results: list[Result], example_count: int) -> str:
    floor = floor_of(results)
    rows = [
        [
            result.label,
            _time_cell(result.headline_us, result),
            _times(ratio(result.headline_us, floor.headline_us)),
            _time_cell(result.examples_us, result),
            _times(ratio(result.examples_us, floor.examples_us)),
        ]
        for result in results
    ]
    header = ["operation", "µs/call", "x floor", f"µs/{example_count} examples", "x floor"]
    notes = [f"  {result.label}: {result.status}" for result in results if result.status != "ok"]
    return _table(header, rows) + ("\n\nnot timed:\n" + "\n".join(notes) if notes else "")


def _verdict(
    value: float | None, *, at_least: float | None = None, at_most: float | None = None
) -> str:
    if value is None or (at_least is None and at_most is None):
        return ""
    met = (at_least is None or value >= at_least) and (at_most is None or value <= at_most)
    return "met" if met else "NOT met"


def ratios_table(results: list[Result]) -> str:
    mlm, results_by_key = headline_of(results), by_key(results)
    rows = []
    for target in TARGETS:
        other = results_by_key[target.key]
        headline = ratio(other.headline_us, mlm.headline_us)
        examples = ratio(other.examples_us, mlm.examples_us)
        rows.append(
            [
                target.label,
                _times(headline),
                _times(examples),
                target.goal,
                _verdict(headline, at_least=target.at_least) or _missing(other).replace("-", ""),
            ]
        )
    header = ["alternative ÷ MLMItem.model_validate_json", "headline", "examples", "goal", ""]
    return _table(header, rows)


def imports_table(imports: list[ImportTime], first_call: tuple[float, float, float]) -> str:
    def ms(seconds: float | None) -> str:
        return _number(None if seconds is None else seconds * 1e3)

    rows = [
        [
            item.statement,
            ms(item.seconds),
            ms(item.cpu_seconds),
            _times(item.over_stac_pydantic),
            _times(item.cpu_over_stac_pydantic),
        ]
        for item in imports
    ]
    imported, validated, validated_cpu = first_call
    rows.append(["from stac_mlm import MLMItem, then", ms(imported), "", "", ""])
    rows.append(["  first MLMItem.model_validate_json", ms(validated), ms(validated_cpu), "", ""])
    header = ["fresh interpreter", "ms", "CPU ms", "÷ stac_pydantic", "CPU ÷ stac_pydantic"]
    table = _table(header, rows)
    mlm = next(item for item in imports if item.name == "stac_mlm")
    item_models = next(item for item in imports if item.name == "stac_mlm.MLMItem")
    verdict = _verdict(mlm.over_stac_pydantic, at_most=IMPORT_TARGET)
    item_verdict = _verdict(item_models.over_stac_pydantic, at_most=IMPORT_TARGET)
    summary = (
        f"import stac_mlm ÷ import stac_pydantic (median of paired rounds): "
        f"{_times(mlm.over_stac_pydantic)}  (goal <= {IMPORT_TARGET}x) {verdict}; "
        f"from stac_mlm import MLMItem: {_times(item_models.over_stac_pydantic)} {item_verdict}; "
        f"first validation {ms(validated)} ms, CPU {ms(validated_cpu)} ms (goal <= 1 ms) "
        f"{_verdict(validated * 1e3, at_most=1.0)}"
    )
    return f"{table}\n\n{summary}"


def single_table(results: list[Paired], target: float) -> str:
    rows = [[item.label, _number(item.median_us), _times(item.ratio)] for item in results]
    table = _table(["one Item, paired rounds", "µs/call", "÷ baseline"], rows)
    mlm = next(item for item in results if item.key == SINGLE_HEADLINE)
    verdict = _verdict(mlm.ratio, at_most=target)
    return (
        f"{table}\n\nMLMItem.model_validate_json ÷ stac-pydantic Item.model_validate_json: "
        f"{_times(mlm.ratio)}  (goal <= {target}x) {verdict}"
    )


def memory_table(kept: dict[str, float]) -> str:
    base = kept["stac-pydantic core Item"]
    rows = [[name, _number(size / 1024, 1), _times(size / base)] for name, size in kept.items()]
    return _table(["kept per Item (1,000 alive)", "KiB", "÷ stac-pydantic"], rows)


def slow_modules_table(modules: list[tuple[str, float]]) -> str:
    return _table(
        ["module (python -X importtime)", "self ms"],
        [[name, _number(seconds * 1e3, 2)] for name, seconds in modules],
    )


def ablations_table(result: Ablations) -> str:
    full_us = statistics.median(result.unchanged) * 1e6
    noise_us = (max(result.unchanged) - min(result.unchanged)) * 1e6
    rows = [
        [
            f"nothing ({len(result.unchanged)} copies, median)",
            _number(full_us),
            f"± {noise_us:.1f}",
            "",
        ]
    ]
    for item in [*result.groups, *result.singles]:
        saved = None if item.seconds is None else full_us - item.seconds * 1e6
        rows.append(
            [
                item.label,
                "rejects" if item.seconds is None else _number(item.seconds * 1e6),
                _number(saved),
                "-" if saved is None else f"{saved / full_us:.0%}",
            ]
        )
    table = _table(["taken out of MLMItem's core schema", "µs/call", "saves µs", "share"], rows)
    return (
        f"{table}\n\nThe unchanged copies differ by up to {noise_us:.1f} µs; a saving of a "
        "few µs either way (even a negative one) is within the noise of the run."
    )


def profile_report(result: Profile, unprofiled_us: float | None) -> str:
    hot = _table(
        ["function (cProfile, by self time)", "calls/validation", "self", "incl."],
        [
            [
                spot.function[:90],
                _number(spot.calls_per_call, 1),
                f"{spot.self_share:.1%}",
                f"{spot.inclusive_share:.1%}",
            ]
            for spot in result.hot_spots
        ],
    )
    areas = _table(
        ["self time by file (built-ins charged to the caller)", "share"],
        [[name, f"{share:.1%}"] for name, share in list(result.areas.items())[:12]],
    )
    header = (
        f"{result.calls} calls: {_number(result.seconds_per_call * 1e6)} µs/call profiled, "
        f"{_number(unprofiled_us)} µs/call without the profiler"
    )
    return f"{header}\n\n{hot}\n\n{areas}"
