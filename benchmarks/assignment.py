"""What a validated assignment costs, next to reading the whole Item.

    python benchmarks/assignment.py [--quick]

On the official ``item_multi_io.json`` (v1.5.2), read once, it times one assignment of a
valid value at three depths, and one refused assignment:

* ``item.id = ...``: a field of the Item (the Item's pipeline: its structure, every rule
  of the Item and of STAC core, on its dump);
* ``item.properties.mlm_name = ...``: a field of the properties object (its own rules);
* ``item.properties.mlm_input[0].name = ...``: a field of one model input;
* ``item.properties.mlm_input = [model_input]``: a model (checked as construction checks
  it, not read again from JSON);
* ``item.properties.mlm_name = "bad name!!  "``: refused, the report built;

next to ``MLMItem.model_validate(dict)`` (reading the whole document) and to setting the
attribute without any check (``object.__setattr__``, what pydantic does without
``validate_assignment``). Times are medians of autoranged loops (as ``timeit``); the
garbage collector is off while timing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError
from timing import NORMAL, QUICK, seconds_per_call

from stac_mlm import MLMItem

SPEC_DIR = Path(
    os.environ.get("STAC_MLM_SPEC_DIR", Path(__file__).resolve().parents[2] / "shared" / "spec")
)
DOCUMENT = "item_multi_io.json"


def _refused(call: Callable[[], object]) -> Callable[[], object]:
    def refuse() -> object:
        try:
            call()
        except ValidationError as error:
            return error
        raise AssertionError("the assignment was accepted")

    return refuse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    settings = QUICK if parser.parse_args().quick else NORMAL
    path = SPEC_DIR / "examples" / "mlm-v1.5.2" / DOCUMENT
    if not path.is_file():
        sys.exit(f"benchmarks/assignment.py: {path} not found (set STAC_MLM_SPEC_DIR)")
    document = json.loads(path.read_text(encoding="utf-8"))
    item = MLMItem.model_validate(document)
    properties = item.properties
    model_input = properties.mlm_input[0]

    def set_id() -> None:
        item.id = "renamed-item"

    def set_name() -> None:
        properties.mlm_name = "renamed-model"

    def set_input_name() -> None:
        model_input.name = "renamed-input"

    def set_inputs() -> None:
        properties.mlm_input = [model_input]

    def set_bad_name() -> None:
        properties.mlm_name = "bad name!!  "

    cases: list[tuple[str, Callable[[], object]]] = [
        ("MLMItem.model_validate(dict) (reading it all)", lambda: MLMItem.model_validate(document)),
        ("item.id = ... (an Item field)", set_id),
        ("item.properties.mlm_name = ...", set_name),
        ("item.properties.mlm_input[0].name = ...", set_input_name),
        ("item.properties.mlm_input = [model_input]", set_inputs),
        ("refused: properties.mlm_name = 'bad name!!  '", _refused(set_bad_name)),
        (
            "no check: object.__setattr__(properties, ...)",
            lambda: object.__setattr__(properties, "mlm_name", "renamed-model"),
        ),
    ]
    print(f"{DOCUMENT}, Python {platform.python_version()}, {platform.machine()}")
    width = max(len(label) for label, _ in cases)
    for label, call in cases:
        print(f"{label:<{width}}  {seconds_per_call(call, settings) * 1e6:9.1f} µs")


if __name__ == "__main__":
    main()
