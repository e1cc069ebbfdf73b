"""Import times, each in a fresh interpreter: what a CLI, a worker or a cold start pays.

The child process times only the import statement (``perf_counter`` and ``process_time``
around it), so the interpreter's own start-up, which is the same for every package, is
left out. The packages are imported in turn, round after round, so that the ratio of two
(the median of the per-round ratios) is not moved by other work on the machine; the CPU
time says the same where the machine is busy.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from dataclasses import dataclass

from operations import is_installed

# name: (module that must be installed, import statement). ``import stac_mlm`` builds no
# model (names load on first use); ``from stac_mlm import MLMItem`` builds an Item's models,
# what any program validating Items pays. stac_model's top-level package only reads its
# version: its models are in stac_model.schema.
IMPORTS = {
    "stac_mlm": ("stac_mlm", "import stac_mlm"),
    "stac_mlm.MLMItem": ("stac_mlm", "from stac_mlm import MLMItem"),
    "stac_pydantic": ("stac_pydantic", "import stac_pydantic"),
    "stac_model": ("stac_model.schema", "import stac_model.schema"),
}

_TIME_IMPORT = """
import time
start, cpu = time.perf_counter(), time.process_time()
{statement}
print(time.perf_counter() - start, time.process_time() - cpu)
"""

# Import, then the first validation: what ``defer_build`` would move from one to the other.
_TIME_FIRST_CALL = """
import sys, time
document = sys.stdin.buffer.read()
start = time.perf_counter()
from stac_mlm import MLMItem
imported, cpu = time.perf_counter(), time.process_time()
MLMItem.model_validate_json(document)
print(imported - start, time.perf_counter() - imported, time.process_time() - cpu)
"""


@dataclass(frozen=True)
class ImportTime:
    name: str
    statement: str
    seconds: float | None  # median wall time; None: not installed
    cpu_seconds: float | None  # median CPU time of the import
    # median over the rounds of (this import ÷ import stac_pydantic in the same round)
    over_stac_pydantic: float | None
    cpu_over_stac_pydantic: float | None


def _child_environment() -> dict[str, str]:
    # Bytecode caches are written (PYTHONDONTWRITEBYTECODE, set in some shells, would make
    # every run compile the sources again, as no installed package does).
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _run_child(code: str, stdin: bytes = b"") -> list[float]:
    completed = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        check=True,
        env=_child_environment(),
    )
    return [float(value) for value in completed.stdout.split()]


def import_times(runs: int) -> list[ImportTime]:
    """Every installed import of ``IMPORTS`` in ``runs`` rounds of fresh interpreters (after
    one warm-up run each that writes the bytecode caches, as on any machine past its first
    start)."""
    codes = {
        name: _TIME_IMPORT.format(statement=statement)
        for name, (module, statement) in IMPORTS.items()
        if is_installed(module)
    }
    for code in codes.values():
        _run_child(code)
    samples: dict[str, list[list[float]]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, code in codes.items():
            samples[name].append(_run_child(code))
    base = samples["stac_pydantic"]

    def over_base(name: str, index: int) -> float:
        pairs = zip(samples[name], base, strict=True)
        return statistics.median(mine[index] / theirs[index] for mine, theirs in pairs)

    return [
        ImportTime(
            name,
            statement,
            statistics.median(sample[0] for sample in samples[name]),
            statistics.median(sample[1] for sample in samples[name]),
            over_base(name, 0),
            over_base(name, 1),
        )
        if name in samples
        else ImportTime(name, statement, None, None, None, None)
        for name, (_, statement) in IMPORTS.items()
    ]


def first_call_seconds(document: bytes, runs: int) -> tuple[float, float, float]:
    """Median (import, first ``model_validate_json``, its CPU time) seconds in fresh
    interpreters."""
    _run_child(_TIME_FIRST_CALL, document)
    samples = [_run_child(_TIME_FIRST_CALL, document) for _ in range(runs)]
    return (
        statistics.median(sample[0] for sample in samples),
        statistics.median(sample[1] for sample in samples),
        statistics.median(sample[2] for sample in samples),
    )


def slowest_modules(module: str, count: int) -> list[tuple[str, float]]:
    """The modules with the largest self time in ``python -X importtime -c 'import module'``."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        env=_child_environment(),
    )
    rows = []
    for line in completed.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[0].strip().isdigit():
            rows.append((fields[2].strip(), int(fields[0]) / 1e6))
    return sorted(rows, key=lambda row: row[1], reverse=True)[:count]
