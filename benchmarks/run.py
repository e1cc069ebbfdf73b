"""Benchmark stac-mlm against every alternative, in one process and one run.

    python benchmarks/run.py [--quick] [--json PATH]

Prints the per-call times of reading, checking and writing the official MLM v1.5.2
example Items with stac-mlm, stac-pydantic, stac-model, the official schema (jsonschema and
jsonschema-rs) and orjson.loads (the floor); the ratios the project aims at; the import
times; and where the time of ``MLMItem.model_validate_json`` goes. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from ablation import ablations
from batch import run_bulk
from documents import HEADLINE, Document, load_documents, spec_dir
from imports import first_call_seconds, import_times, slowest_modules
from measure import IMPORT_TARGET, TARGETS, Result, by_key, headline_of, measure_all, ratio
from operations import OPERATIONS
from profiling import profile
from report import (
    ablations_table,
    imports_table,
    memory_table,
    operations_table,
    profile_report,
    ratios_table,
    single_table,
    slow_modules_table,
)
from single import SINGLE_TARGET, memory_per_item, paired
from timing import NORMAL, QUICK, Settings

PACKAGES = (
    "stac-mlm",
    "pydantic",
    "pydantic-core",
    "stac-pydantic",
    "stac-model",
    "orjson",
    "jsonschema",
    "jsonschema-rs",
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few short repeats: a smoke run")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every number here")
    return parser.parse_args(argv)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": {package: _version(package) for package in PACKAGES},
    }


def section(title: str, body: str) -> None:
    print(f"\n## {title}\n\n{body}", flush=True)


def ratios_json(results: list[Result]) -> dict[str, Any]:
    mlm, results_by_key = headline_of(results), by_key(results)
    return {
        target.key: {
            "headline": ratio(results_by_key[target.key].headline_us, mlm.headline_us),
            "examples": ratio(results_by_key[target.key].examples_us, mlm.examples_us),
            "at_least": target.at_least,
        }
        for target in TARGETS
    }


def run_operations(documents: list[Document], settings: Settings) -> list[Result]:
    results = measure_all(documents, settings)
    section(
        f"Per call: {HEADLINE} (classes made valid), and one pass over all "
        f"{len(documents)} examples",
        operations_table(results, len(documents)),
    )
    section("Ratios (> 1: stac-mlm is faster)", ratios_table(results))
    return results


def run_single(headline: Document, settings: Settings) -> dict[str, Any]:
    results = paired(headline, settings)
    section(
        f"One Item ({HEADLINE}) against stac-pydantic's core Item, paired rounds, CPU time",
        single_table(results, SINGLE_TARGET),
    )
    kept = memory_per_item(headline)
    section("Memory kept per Item (tracemalloc)", memory_table(kept))
    return {
        "paired": {item.key: asdict(item) for item in results},
        "at_most": SINGLE_TARGET,
        "memory_bytes_per_item": kept,
    }


def run_imports(headline: Document, quick: bool) -> dict[str, Any]:
    runs = 3 if quick else 9
    imports = import_times(runs)
    first_call = first_call_seconds(headline.raw, runs)
    slowest = slowest_modules("stac_mlm", 10)
    section(f"Import (median of {runs} fresh interpreters)", imports_table(imports, first_call))
    section("Largest self times while importing stac_mlm", slow_modules_table(slowest))
    by_name = {item.name: item for item in imports}
    return {
        "seconds": {item.name: item.seconds for item in imports},
        "cpu_seconds": {item.name: item.cpu_seconds for item in imports},
        "stac_mlm_over_stac_pydantic": by_name["stac_mlm"].over_stac_pydantic,
        "cpu_stac_mlm_over_stac_pydantic": by_name["stac_mlm"].cpu_over_stac_pydantic,
        "mlm_item_import_over_stac_pydantic": by_name["stac_mlm.MLMItem"].over_stac_pydantic,
        "at_most": IMPORT_TARGET,
        "first_call_seconds": {
            "import": first_call[0],
            "first_validate_json": first_call[1],
            "first_validate_json_cpu": first_call[2],
        },
        "slowest_modules_seconds": dict(slowest),
    }


def run_ablations(headline: Document, settings: Settings) -> dict[str, Any]:
    from stac_mlm import MLMItem

    measured = ablations(MLMItem.__pydantic_core_schema__, headline.raw, settings)
    section(
        "Cost of the Python-level validators (timed without them, no profiler)",
        ablations_table(measured),
    )
    return asdict(measured)


def run_profile(headline: Document, results: list[Result], quick: bool) -> dict[str, Any]:
    from stac_mlm import MLMItem

    raw = headline.raw
    profiled = profile(lambda: MLMItem.model_validate_json(raw), 200 if quick else 3000, 20)
    section(
        "Profile of MLMItem.model_validate_json (cProfile)",
        profile_report(profiled, headline_of(results).headline_us),
    )
    return asdict(profiled)


def run_bulk_section(headline: Document, quick: bool) -> dict[str, Any]:
    numbers, text = run_bulk(headline, quick)
    section(f"Bulk: {numbers['items']:,} Items (per Item; ratios against the loop)", text)
    return numbers


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = QUICK if args.quick else NORMAL
    started = time.perf_counter()
    documents = load_documents()
    print(f"# stac-mlm benchmark ({'quick' if args.quick else 'normal'} run)")
    print(f"spec folder: {spec_dir()}; {len(OPERATIONS)} operations; settings: {settings}")
    print("packages: " + ", ".join(f"{k} {v}" for k, v in environment()["packages"].items()))
    results = run_operations(documents, settings)
    report: dict[str, Any] = {
        "environment": environment(),
        "settings": {"quick": args.quick, **asdict(settings)},
        "documents": {document.name: len(document.raw) for document in documents},
        "headline": HEADLINE,
        "operations": {result.key: asdict(result) for result in results},
        "ratios": ratios_json(results),
        "single": run_single(documents[0], settings),
        "imports": run_imports(documents[0], args.quick),
        "ablations": run_ablations(documents[0], settings),
        "profile": run_profile(documents[0], results, args.quick),
        "bulk": run_bulk_section(documents[0], args.quick),
    }
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
