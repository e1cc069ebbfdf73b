"""``MigrationReport.ok`` means accepted: hypothesis over generated older-release documents.

A migration whose report says ``ok`` must give a document that the official v1.5.2 schema
and the STAC core schema of its ``stac_version`` accept (``spec_folder.full_verdict``; for
Collections outside the summaries branch the README documents as broken): no silent
failure. The converse may fail only where something was not carried over (``unmigrated``):
a result that is accepted but not ok must say what it lost.

The documents are valid v1.5.2 Items (``strategies.mlm_items``) aged into an older release:
declared as it, with what that release wrote instead (``norm_type`` and ``statistics``,
a ``channel`` dimension, ``raster:bands`` in properties, ``mlm:artifact_type`` in properties
or missing, old framework names, ``cpu``), an unpublished URI read with ``source=``, and
Collections summarizing them. Many are not valid in the release they declare: the property
holds whatever goes in.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from spec_folder import full_errors, full_verdict
from strategies import mlm_items

from stac_mlm import MLM_RELEASES, migrate
from stac_mlm.migration import Decisions, MigrationReport
from stac_mlm.releases import mlm_schema_uri

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # explaining takes minutes
)

Document = dict[str, Any]

#: Releases before v1.5.2, and the releases whose documents wrote each old form.
OLDER = MLM_RELEASES[:-1]
_BEFORE = {release: OLDER[: OLDER.index(release)] for release in ("1.1.0", "1.4.0", "1.5.0")}
_BAND_DIMENSIONS = ["channel", "band", "channels", "c", "spectral", "bands", "x"]
RASTER = "https://stac-extensions.github.io/raster/v1.1.0/schema.json"
_OLD_FRAMEWORKS = {"scikit-learn": "Scikit-learn", "Hugging Face": "Huggingface"}


def _declare(document: Document, uri: str) -> None:
    document["stac_extensions"] = [
        uri if "/mlm" in extension else extension for extension in document["stac_extensions"]
    ]


def _as_norm(draw: st.DrawFn, model_input: Document) -> None:
    """``value_scaling`` written as v1.0-v1.3 wrote it (or something they accepted)."""
    scaling = model_input.pop("value_scaling", None)
    form = draw(st.sampled_from(["z-score", "min-max", "ambiguous", "null", "none"]))
    if form == "z-score":
        model_input["norm_type"] = "z-score"
        model_input["statistics"] = [
            {"mean": draw(st.integers(0, 9)), "stddev": draw(st.integers(1, 9))}
            for _ in range(draw(st.integers(1, 2)))
        ]
    elif form == "min-max":
        model_input["norm_type"] = "min-max"
        model_input["statistics"] = [{"minimum": 0, "maximum": draw(st.integers(1, 255))}]
    elif form == "ambiguous":
        model_input["norm_type"] = draw(st.sampled_from(["l2", "inf", "relative"]))
    elif form == "null":
        model_input["norm_type"] = None
    elif scaling is not None:
        model_input["value_scaling"] = scaling  # kept: not valid before v1.4.0
    if draw(st.booleans()):
        model_input["norm_by_channel"] = draw(st.booleans())
    if draw(st.booleans()):
        model_input["norm_clip"] = draw(st.lists(st.integers(1, 9), min_size=1, max_size=2))


def _aged(draw: st.DrawFn, item: Document, release: str) -> Document:
    properties, model = item["properties"], item["assets"]["model"]
    inputs = properties["mlm:input"]
    if release in _BEFORE["1.5.0"] and draw(st.booleans()):
        name = draw(st.sampled_from(_BAND_DIMENSIONS))
        for model_input in inputs:
            order = model_input["input"]["dim_order"]
            model_input["input"]["dim_order"] = [name if d == "bands" else d for d in order]
    if release in _BEFORE["1.4.0"]:
        for model_input in inputs:
            if draw(st.booleans()):
                _as_norm(draw, model_input)
        where = draw(st.sampled_from(["asset", "properties", "nowhere"]))
        artifact_type = model.pop("mlm:artifact_type")
        if where == "asset":
            model["mlm:artifact_type"] = artifact_type
        elif where == "properties":
            properties["mlm:artifact_type"] = artifact_type
        bands = draw(st.sampled_from(["STAC 1.1", "raster in properties", "raster on asset"]))
        if "bands" in properties and bands != "STAC 1.1":
            item["stac_version"] = "1.0.0"
            model.pop("bands", None)
            if bands == "raster in properties":  # v1.0-v1.2 examples
                properties["raster:bands"] = properties.pop("bands")
            else:  # v1.3.0 looks on the model assets
                model["raster:bands"] = properties.pop("bands")
                item["stac_extensions"].append(RASTER)
    elif draw(st.integers(0, 9)) == 0:  # invalid in the release it declares
        model.pop("mlm:artifact_type")
    framework = properties.get("mlm:framework")
    if release in _BEFORE["1.1.0"] and framework in _OLD_FRAMEWORKS:
        properties["mlm:framework"] = _OLD_FRAMEWORKS[framework]
    if properties.get("mlm:accelerator") == "amd64" and draw(st.booleans()):
        properties["mlm:accelerator"] = "cpu"  # stac-model writes it
    if draw(st.integers(0, 9)) == 0:
        properties["mlm:undefined_field"] = draw(st.integers(0, 9))
    return item


def _collection(draw: st.DrawFn, item: Document) -> Document:
    """A Collection summarizing ``item``, declaring the same release."""
    properties = item["properties"]
    summaries: Document = {"mlm:tasks": properties["mlm:tasks"]}
    if "mlm:framework" in properties:
        summaries["mlm:framework"] = [properties["mlm:framework"]]
    if draw(st.booleans()):
        summaries["mlm:input"] = [properties["mlm:input"]]  # never a summary since v1.4.0
    definition = {key: value for key, value in item["assets"]["model"].items() if key != "href"}
    return {
        "type": "Collection",
        "stac_version": "1.0.0",
        "stac_extensions": [e for e in item["stac_extensions"] if "/mlm" in e],
        "id": "models",
        "description": "Models",
        "license": "MIT",
        "extent": {
            "spatial": {"bbox": [[-180, -90, 180, 90]]},
            "temporal": {"interval": [["2024-01-01T00:00:00Z", None]]},
        },
        "links": [],
        "summaries": summaries,
        "item_assets": {"model": definition},
    }


@st.composite
def older_documents(
    draw: st.DrawFn, releases: tuple[str, ...] = OLDER
) -> tuple[Document, str | None]:
    """An Item or Collection of one of ``releases``, and the ``source`` to give ``migrate``."""
    item = copy.deepcopy(draw(mlm_items()))
    release = draw(st.sampled_from(releases))
    source = None
    uri = mlm_schema_uri(release)
    declared = draw(st.sampled_from(["published", "other host", "v1.6.0"]))
    if declared == "other host":  # the host mixed up: read with source=
        crim, ours = (
            "https://crim-ca.github.io/mlm-extension",
            "https://stac-extensions.github.io/mlm",
        )
        uri = uri.replace(crim, ours) if crim in uri else uri.replace(ours, crim)
        source = release
    elif declared == "v1.6.0":  # stac-model 0.7
        uri, source = "https://stac-extensions.github.io/mlm/v1.6.0/schema.json", release
    item = _aged(draw, item, release)
    _declare(item, uri)
    document = _collection(draw, item) if draw(st.integers(0, 3)) == 0 else item
    return document, source


#: Any of the caller's decisions.
DECISIONS = st.builds(
    Decisions,
    artifact_type=st.none() | st.just("torch.save"),
    infer_artifact_type=st.booleans(),
    bands_from_names=st.booleans(),
    code_is_not_model=st.booleans(),
)


@st.composite
def undecided_documents(draw: st.DrawFn) -> tuple[Document, str | None, Decisions]:
    """A document of any release, v1.5.2 included, lacking more often than not what the
    decisions answer (the artifact type, band definitions, a source-code asset with the
    ``mlm:model`` role), and decisions to give ``migrate``."""
    document, source = draw(older_documents(MLM_RELEASES))
    assets = document.get("assets", {})  # an Item's (a Collection's item_assets stay)
    if "model" in assets and draw(st.booleans()):
        assets["model"].pop("mlm:artifact_type", None)
        document["properties"].pop("mlm:artifact_type", None)
    if "model" in assets and draw(st.booleans()):
        for holder in (document["properties"], assets["model"]):
            for key in ("bands", "raster:bands", "eo:bands"):
                holder.pop(key, None)
    if "code" in assets and draw(st.booleans()):
        assets["code"]["roles"].append("mlm:model")
    return document, source, draw(DECISIONS)


def _verdicts(
    document: Document, source: str | None, decisions: Decisions | None = None
) -> tuple[MigrationReport, bool]:
    report = migrate(document, source=source, decisions=decisions)
    return report, full_verdict(report.document)


@SETTINGS
@given(older_documents())
def test_ok_means_the_official_schemas_accept_the_result(case: tuple[Document, str | None]) -> None:
    document, source = case
    _ok_means_accepted(*_verdicts(document, source))


@SETTINGS
@given(undecided_documents())
def test_with_decisions_ok_still_means_accepted(
    case: tuple[Document, str | None, Decisions],
) -> None:
    """Decisions applied where a migration crosses their release, and on documents already
    past it (a v1.5.2 document lacking an artifact type, given one)."""
    _ok_means_accepted(*_verdicts(*case))


def _ok_means_accepted(report: MigrationReport, accepted: bool) -> None:
    if report.ok:  # no silent failure
        assert accepted, (report.to_text(), full_errors(report.document))
        event("ok, accepted")
    elif accepted:
        # MLMCollection types the values inside summaries, which the official schema cannot
        # check (stac-extensions/mlm#218; the oracle leaves them to STAC core): only there may
        # the models find errors in what the schemas accept. Elsewhere, a result accepted
        # but not ok is one where something was not carried over (``unmigrated``).
        outside = [note for note in report.errors if note.location[:1] != ("summaries",)]
        assert not outside, (report.to_text(), "the models reject what the schemas accept")
        assert report.unmigrated or report.errors
        event("not ok, accepted: " + ("unmigrated" if report.unmigrated else "summaries typed"))
    else:
        event("not ok, rejected")
