"""Every error of a document, in one ``ValidationError``: documents with 2-5 independent faults.

The documents are those of ``tests/multifault.py``: official v1.5.2 example Items, each with
faults in different subtrees (``properties.mlm:input[0]``, an asset, ``properties.datetime``,
a link, ``bbox``...), every fault alone invalid by the official schemas. ``MLMItem`` must
reject each document with one ``ValidationError`` that holds, for every fault, every error it
reports for that fault alone: no error hidden behind another, structural or cross-field, in
any subtree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from itertools import combinations
from typing import Any

import pytest
from multifault import (
    AS_MLM_ITEM,
    DOCUMENTS,
    MAX_FAULTS,
    MIN_FAULTS,
    MultiFaultDocument,
    compatible,
    examples,
    located_at,
    multi_fault_documents,
    one_fault_document,
    related,
)
from pydantic import ValidationError
from spec_folder import full_errors, full_verdict

from stac_mlm import MLMItem

Document = dict[str, Any]
Loc = tuple[str | int, ...]
Report = tuple[tuple[Loc, str, str], ...]  # (loc, type, msg) of each error, in order

MULTI = multi_fault_documents()
CASES = [pytest.param(case, id=case.id) for case in MULTI]
MAX_LISTED = 60


@cache
def report(text: str, *, from_json: bool = False) -> Report | str:
    """The errors ``MLMItem`` reports on a document (JSON text), or why there are none."""
    try:
        if from_json:
            MLMItem.model_validate_json(text)
        else:
            MLMItem.model_validate(json.loads(text))
    except ValidationError as error:
        return tuple((tuple(e["loc"]), e["type"], e["msg"]) for e in error.errors())
    except Exception as error:  # anything but a ValidationError is a defect
        return f"{type(error).__name__} instead of a ValidationError: {error}"
    return "accepted"


def text_of(document: Document) -> str:
    return json.dumps(document, sort_keys=True)


def shown(loc: Loc) -> str:
    return "/".join(map(str, loc)) or "(root)"


def listed(problems: list[str]) -> str:
    more = len(problems) - MAX_LISTED
    return "\n".join(problems[:MAX_LISTED] + ([f"… and {more} more"] if more > 0 else []))


# --------------------------------------------------------------------------------------------
# The corpus itself
# --------------------------------------------------------------------------------------------


def test_multi_fault_corpus_is_large_deterministic_and_independent() -> None:
    assert len(MULTI) == DOCUMENTS >= 300
    assert len({case.id for case in MULTI}) == len(MULTI)
    assert {case.example for case in MULTI} == set(examples())
    for case in MULTI:
        assert MIN_FAULTS <= len(case.faults) <= MAX_FAULTS, case.id
        for left, right in combinations(case.faults, 2):
            assert compatible(left, right), (case.id, left.name, right.name)
            assert not related(left.path, right.path), (case.id, left.name, right.name)
    rebuilt = multi_fault_documents.__wrapped__()
    assert [(case.id, case.document) for case in rebuilt] == [
        (case.id, case.document) for case in MULTI
    ]


# --------------------------------------------------------------------------------------------
# (a) one ValidationError, (b) nothing hidden, (c) the same from JSON text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_document_is_invalid_and_raises_one_validation_error(case: MultiFaultDocument) -> None:
    assert not full_verdict(case.document, **AS_MLM_ITEM)
    result = report(text_of(case.document))
    assert not isinstance(result, str), result
    assert len(result) >= 1


def fault_problems(case: MultiFaultDocument) -> tuple[int, list[str]]:
    """For each fault: whether its errors alone are where the fault is, and all reported in
    the combined document. Returns the number of faults and the problems found."""
    combined = report(text_of(case.document))
    combined_locs = set() if isinstance(combined, str) else {loc for loc, _, _ in combined}
    problems = []
    for fault in case.faults:
        alone = report(text_of(one_fault_document(case.example, fault)))
        where = f"{case.id} :: {fault.name}"
        if isinstance(alone, str):
            reason = full_errors(one_fault_document(case.example, fault), **AS_MLM_ITEM)[0]
            problems.append(f"{where}: alone {alone} (official: {reason[:160]})")
            continue
        misplaced = [shown(loc) for loc, _, _ in alone if not located_at(loc, fault.path)]
        hidden = [shown(loc) for loc, _, _ in alone if loc not in combined_locs]
        if misplaced:
            problems.append(f"{where}: alone reported at {misplaced}, not at {shown(fault.path)}")
        if hidden:
            got = "accepted" if isinstance(combined, str) else sorted(map(shown, combined_locs))
            problems.append(f"{where}: {hidden} missing from the combined errors {got}")
    return len(case.faults), problems


def test_no_error_is_hidden_behind_another(record_property: Callable[[str, object], None]) -> None:
    total = 0
    problems: list[str] = []
    failed_faults = 0
    for case in MULTI:
        count, found = fault_problems(case)
        total += count
        problems += found
        failed_faults += len({line.split(": ", 1)[0] for line in found})
    found_all = total - failed_faults
    percentage = 100 * found_all / total
    record_property("faults_found_alone_and_together", f"{found_all}/{total} ({percentage:.1f}%)")
    summary = f"{found_all}/{total} faults ({percentage:.1f}%) reported in place and never hidden"
    print(summary)
    assert percentage == 100, f"{summary}\n{listed(problems)}"


@pytest.mark.parametrize("case", CASES)
def test_json_input_reports_the_same_errors(case: MultiFaultDocument) -> None:
    text = text_of(case.document)
    from_python = report(text)
    from_json = report(text, from_json=True)
    assert not isinstance(from_json, str), from_json
    assert not isinstance(from_python, str), from_python
    assert sorted(from_json) == sorted(from_python)


# --------------------------------------------------------------------------------------------
# The example
# --------------------------------------------------------------------------------------------


def test_missing_datetime_and_two_broken_mlm_rules_are_reported_at_once() -> None:
    """A real Item without ``properties.datetime`` whose model asset lacks
    ``mlm:artifact_type`` and whose input lists bands but has no ``bands`` dimension: the
    STAC core error and both MLM cross-field errors, in one ``ValidationError``."""
    document = json.loads(json.dumps(examples()["item_eo_bands.json"]))
    del document["properties"]["datetime"]
    del document["assets"]["weights"]["mlm:artifact_type"]
    dimensions = document["properties"]["mlm:input"][0]["input"]["dim_order"]
    dimensions[dimensions.index("bands")] = "channel"
    assert not full_verdict(document, **AS_MLM_ITEM)
    faults: dict[str, Loc] = {
        "datetime": ("properties", "datetime"),
        "artifact type": ("assets", "weights", "mlm:artifact_type"),
        "bands dimension": ("properties", "mlm:input", 0),
    }
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate(document)
    errors = raised.value.errors()
    where = {
        name: [e for e in errors if located_at(e["loc"], path)] for name, path in faults.items()
    }
    assert all(where.values()), f"missing: {[n for n, found in where.items() if not found]}"
    assert len(errors) == len(faults), [(e["loc"], e["type"]) for e in errors]
    assert where["artifact type"][0]["type"] == "mlm_artifact_type_required"
    assert where["bands dimension"][0]["type"].startswith("mlm_")
    from_json = report(json.dumps(document), from_json=True)
    assert not isinstance(from_json, str), from_json
    assert sorted(from_json) == sorted((tuple(e["loc"]), e["type"], e["msg"]) for e in errors)
