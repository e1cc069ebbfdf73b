"""Import times, each in a fresh interpreter: what a CLI, a worker or a cold start pays.

The child process times only the import statement (``perf_counter`` around it), so the
interpreter's own start-up, which is the same for every package, is left out.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from dataclasses import dataclass

from operations import is_installed

# stac_model's top-level package only reads its version: its models are in stac_model.schema.
IMPORTS = {
    "stac_mlm": "stac_mlm",
    "stac_pydantic": "stac_pydantic",
    "stac_model": "stac_model.schema",
}

_TIME_IMPORT = """
import time
start = time.perf_counter()
import {module}
print(time.perf_counter() - start)
"""

# Import, then the first validation: what ``defer_build`` would move from one to the other.
_TIME_FIRST_CALL = """
import sys, time
document = sys.stdin.buffer.read()
start = time.perf_counter()
from stac_mlm import MLMItem
imported = time.perf_counter()
MLMItem.model_validate_json(document)
print(imported - start, time.perf_counter() - imported)
"""


@dataclass(frozen=True)
class ImportTime:
    name: str
    module: str
    seconds: float | None  # None: not installed


def _run_child(code: str, stdin: bytes = b"") -> list[float]:
    completed = subprocess.run(
        [sys.executable, "-c", code], input=stdin, capture_output=True, check=True
    )
    return [float(value) for value in completed.stdout.split()]


def import_seconds(module: str, runs: int) -> float:
    """Median seconds of ``import module`` in ``runs`` fresh interpreters (after one warm-up
    run that writes the bytecode caches, as on any machine past its first start)."""
    code = _TIME_IMPORT.format(module=module)
    _run_child(code)
    return statistics.median(_run_child(code)[0] for _ in range(runs))


def import_times(runs: int) -> list[ImportTime]:
    return [
        ImportTime(name, module, import_seconds(module, runs) if is_installed(module) else None)
        for name, module in IMPORTS.items()
    ]


def first_call_seconds(document: bytes, runs: int) -> tuple[float, float]:
    """Median (import, first ``model_validate_json``) seconds in fresh interpreters."""
    samples = [_run_child(_TIME_FIRST_CALL, document) for _ in range(runs)]
    return (
        statistics.median(sample[0] for sample in samples),
        statistics.median(sample[1] for sample in samples),
    )


def slowest_modules(module: str, count: int) -> list[tuple[str, float]]:
    """The modules with the largest self time in ``python -X importtime -c 'import module'``."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in completed.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[0].strip().isdigit():
            rows.append((fields[2].strip(), int(fields[0]) / 1e6))
    return sorted(rows, key=lambda row: row[1], reverse=True)[:count]
