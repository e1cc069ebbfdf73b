"""Properties of ``migrate`` on generated valid Items (hypothesis).

A valid v1.5.2 Item is a fixed point of the migration, whatever the decisions (it lacks
nothing they answer); the same Item declared as v1.5.0 or v1.5.1 (whose rules are v1.5.2's)
migrates by its URI alone, and the migrated document is valid for the official schemas
(``spec_folder.full_verdict``: MLM v1.5.2 and STAC core).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from spec_folder import full_errors, full_verdict
from strategies import mlm_items

from stac_mlm import MLM_SCHEMA_URI, migrate
from stac_mlm.migration import Decisions
from stac_mlm.releases import mlm_schema_uri

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


#: Any of the caller's decisions: a valid document needs none, so none changes it.
DECISIONS = st.none() | st.builds(
    Decisions,
    artifact_type=st.none() | st.just("torch.save"),
    infer_artifact_type=st.booleans(),
    bands_from_names=st.booleans(),
    code_is_not_model=st.booleans(),
)


@SETTINGS
@given(mlm_items(), DECISIONS)
def test_a_valid_v1_5_2_item_is_a_fixed_point(
    item: dict[str, Any], decisions: Decisions | None
) -> None:
    assert full_verdict(item), full_errors(item)
    original = copy.deepcopy(item)
    report = migrate(item, decisions=decisions)
    assert report.document == original
    assert (report.changes, report.unmigrated, report.errors) == ((), (), ())
    assert item == original


@SETTINGS
@given(mlm_items(), st.sampled_from(["1.5.0", "1.5.1"]))
def test_a_v1_5_item_migrates_by_its_uri_alone(item: dict[str, Any], version: str) -> None:
    older = copy.deepcopy(item)
    older["stac_extensions"] = [
        mlm_schema_uri(version) if uri == MLM_SCHEMA_URI else uri
        for uri in older["stac_extensions"]
    ]
    # v1.5.0 has no processing-expression description (v1.5.1 added it): skip those.
    assume(full_verdict(older))  # the MLM schema of the release it declares, and STAC core
    report = migrate(older)
    assert report.ok, report.to_text()
    assert report.document == item
    assert [note.location[0] for note in report.changes] == ["stac_extensions"]
    assert full_verdict(report.document), full_errors(report.document)
