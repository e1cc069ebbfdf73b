"""One Item, read alone: stac-mlm against stac-pydantic's core Item, in paired rounds.

Each round times every call once, one after the other, so that whatever else the machine
does lands on all of them alike; the figure reported for each call is the median over the
rounds of (its time ÷ the baseline's time in the same round). Times are CPU time
(``process_time``): on a machine shared with other work, wall time also counts the time
the process waits for a core. The baseline is stac-pydantic's
core ``Item.model_validate_json`` (STAC core only, MLM fields untyped): the issue's target
is ``MLMItem.model_validate_json`` at most 1.45× of it.

Memory per Item: the bytes ``tracemalloc`` sees kept by 1,000 validated Items of the
headline document, per Item, against stac-pydantic's Item and the plain dict ``json`` makes.
"""

from __future__ import annotations

import gc
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from documents import Document
from timing import Settings

#: MLMItem.model_validate_json ÷ stac-pydantic Item.model_validate_json, at most (issue #12).
SINGLE_TARGET = 1.45
BASELINE = "stac_pydantic.validate_json"
HEADLINE = "stac_mlm.validate_json"


@dataclass(frozen=True)
class Paired:
    key: str
    label: str
    median_us: float  # median over the rounds of the time per call
    ratio: float  # median over the rounds of (time ÷ the baseline's time in that round)


def _calls(document: Document) -> list[tuple[str, str, Callable[[], object]]]:
    from stac_pydantic import Item

    from stac_mlm import MLMItem

    raw, data = document.raw, document.data
    return [
        (BASELINE, "stac-pydantic core Item.model_validate_json(bytes)  [baseline]",
         lambda: Item.model_validate_json(raw)),
        ("stac_pydantic.validate", "stac-pydantic core Item.model_validate(dict)",
         lambda: Item.model_validate(data)),
        (HEADLINE, "MLMItem.model_validate_json(bytes)", lambda: MLMItem.model_validate_json(raw)),
        ("stac_mlm.validate", "MLMItem.model_validate(dict)", lambda: MLMItem.model_validate(data)),
        *_parts(document),
    ]  # fmt: skip


def _parts(document: Document) -> list[tuple[str, str, Callable[[], object]]]:
    """The parts of ``MLMItem.model_validate_json``, each timed alone (so their sum leaves out
    what running them one after another costs: caches, the pipeline's own steps)."""
    from pydantic_core import from_json

    from stac_mlm import MLMItem, _verdict
    from stac_mlm._guard import json_text_is_plain
    from stac_mlm._stac_core import item_core_violations

    raw, data = document.raw, document.data
    validator = MLMItem.__pydantic_validator__

    def in_pass(call: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:  # as within the pipeline: the document's own schema passes
            tokens = (
                _verdict._IN_PASS.set(True),
                _verdict._DOCUMENT_PASS.set(True),
                _verdict._VALIDATED.set(data),
            )
            try:
                return call()
            finally:
                _verdict._VALIDATED.reset(tokens[2])
                _verdict._DOCUMENT_PASS.reset(tokens[1])
                _verdict._IN_PASS.reset(tokens[0])

        return run

    return [
        ("part.parse", "  part: parsing (pydantic_core.from_json)",
         lambda: from_json(raw, allow_inf_nan=False)),
        ("part.guard", "  part: the JSON guard on the text", lambda: json_text_is_plain(raw)),
        ("part.structural", "  part: pydantic's structural validation (dict)",
         in_pass(lambda: validator.validate_python(data))),
        ("part.rules", "  part: the rule pass (MLM and STAC core)",
         in_pass(lambda: _verdict.rule_pass(MLMItem, data))),
        ("part.core", "    of which STAC core's rules of the Item",
         lambda: item_core_violations(data)),
        ("part.item_rules", "    of which MLM's Item-wide rules",
         lambda: MLMItem.document_rules(data)),
    ]  # fmt: skip


def _loops(call: Callable[[], object], seconds: float) -> int:
    """Calls per round: about ``seconds`` of the call."""
    start = time.perf_counter()
    call()
    once = max(time.perf_counter() - start, 1e-7)
    return max(1, int(seconds / once))


def paired(document: Document, settings: Settings) -> list[Paired]:
    """Per call, in ``settings.repeat * 3`` interleaved rounds of about ``min_time`` each."""
    calls = _calls(document)
    loops = {key: _loops(call, settings.min_time / 4) for key, _, call in calls}
    times: dict[str, list[float]] = {key: [] for key, _, _ in calls}
    enabled = gc.isenabled()
    gc.disable()  # as timeit does
    try:
        for _ in range(settings.repeat * 3):
            for key, _, call in calls:
                number = loops[key]
                start = time.process_time()
                for _ in range(number):
                    call()
                times[key].append((time.process_time() - start) / number)
    finally:
        if enabled:
            gc.enable()
    base = times[BASELINE]
    return [
        Paired(
            key,
            label,
            statistics.median(times[key]) * 1e6,
            statistics.median(t / b for t, b in zip(times[key], base, strict=True)),
        )
        for key, label, _ in calls
    ]


def _kept_bytes(make: Callable[[], object], count: int) -> float:
    """Bytes per object that ``count`` objects made by ``make`` keep allocated."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [make() for _ in range(count)]
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return (after - before) / count


def memory_per_item(document: Document, count: int = 1000) -> dict[str, float]:
    """Bytes kept per validated Item (and per plain dict), ``count`` of them alive."""
    from stac_pydantic import Item

    from stac_mlm import MLMItem

    raw = document.raw
    return {
        "json.loads (plain dict)": _kept_bytes(lambda: json.loads(raw), count),
        "stac-pydantic core Item": _kept_bytes(lambda: Item.model_validate_json(raw), count),
        "MLMItem": _kept_bytes(lambda: MLMItem.model_validate_json(raw), count),
    }
