"""The caller's decisions (``stac_mlm.migration.Decisions``) and the safe automatic renames.

Each case is a small synthetic document of the kind real catalogs hold (issue 10): a crim-ca
v1.2.0 Item naming 13 bands with no definitions, a v1.4.0 Item with a ``"band"`` dimension,
a v1.2.0 Item whose ``.py`` source asset has the ``mlm:model`` role, model files whose name
says (or does not say) how they were saved. Every note is checked by location and text, and
every result said to be valid is checked by the official schemas: MLM v1.5.2, the STAC core
schema of its ``stac_version`` and the schema of every other extension it declares.
"""

from __future__ import annotations

import copy
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from spec_folder import (
    PROJECT_ROOT,
    EcmaDraft7Validator,
    _registry,
    full_errors,
    schema_path,
    spec_dir,
)

from stac_mlm.cli import build_parser, migrate_documents
from stac_mlm.migration import MLM_RELEASES, Decisions, MigrationNote, MigrationReport, migrate

Location = tuple[str | int, ...]

CRIM_1_2 = "https://crim-ca.github.io/mlm-extension/v1.2.0/schema.json"
MLM_1_4 = "https://stac-extensions.github.io/mlm/v1.4.0/schema.json"
MLM_1_5_2 = "https://stac-extensions.github.io/mlm/v1.5.2/schema.json"
RASTER = "https://stac-extensions.github.io/raster/v1.1.0/schema.json"
DATACUBE = "https://stac-extensions.github.io/datacube/v2.3.0/schema.json"
SENTINEL_2 = ["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11"]
SENTINEL_2 += ["B12"]
INPUT_BANDS = ("properties", "mlm:input", 0, "bands")
INPUT_DIMS = ("properties", "mlm:input", 0, "input", "dim_order")
WEIGHTS_TYPE = ("assets", "weights", "mlm:artifact_type")
SOURCE_TYPE = ("assets", "source_code", "mlm:artifact_type")
REQUIRED = "required on an asset with the 'mlm:model' role since v1.4.0"


# --- the oracle: every schema the result declares --------------------------------------------


@cache
def _extension_validator(uri: str) -> EcmaDraft7Validator:
    schema = json.loads(schema_path(uri).read_text())
    schema.pop("$id", None)
    return EcmaDraft7Validator(schema, registry=_registry(uri))


def official_errors(document: dict[str, Any]) -> list[str]:
    """Why the official schemas reject ``document`` as a v1.5.2 document: MLM v1.5.2 with
    STAC core (``full_errors``), and each other extension it declares whose schema is in the
    spec folder (raster, eo, datacube, file...; not ml-aoi, item-assets, scientific)."""
    errors = full_errors(document, release="1.5.2")
    for uri in document.get("stac_extensions", []):
        if "/mlm/" not in uri and schema_path(uri).is_file():
            validator = _extension_validator(uri)
            errors += [f"{uri}: {error.message}" for error in validator.iter_errors(document)]
    return errors


def reaches_v1_5_2(report: MigrationReport) -> bool:
    """Complete (nothing unmigrated, no error) and accepted by every official schema."""
    accepted = not official_errors(report.document)
    assert accepted or not report.ok, "report.ok on a document the official schemas reject"
    return report.ok and accepted


def _note(notes: tuple[MigrationNote, ...], location: Location) -> MigrationNote:
    found = [note for note in notes if note.location == location]
    assert len(found) == 1, [(n.location, n.message) for n in notes]
    return found[0]


# --- the documents --------------------------------------------------------------------------


def crim_item(stac_version: str = "1.0.0") -> dict[str, Any]:
    """A crim-ca v1.2.0 Item as catalogs write it: 13 Sentinel-2 bands named by the input, no
    band definitions, a ``channel`` dimension, weights and a source file both ``mlm:model``."""
    return {
        "type": "Feature",
        "stac_version": stac_version,
        "stac_extensions": [CRIM_1_2],
        "id": "s2-resnet",
        "geometry": None,
        "properties": {
            "datetime": "2024-01-01T00:00:00Z",
            "mlm:name": "s2-resnet",
            "mlm:architecture": "ResNet",
            "mlm:tasks": ["classification"],
            "mlm:framework": "PyTorch",
            "mlm:input": [
                {
                    "name": "image",
                    "bands": list(SENTINEL_2),
                    "input": {
                        "shape": [-1, 13, 64, 64],
                        "dim_order": ["batch", "channel", "height", "width"],
                        "data_type": "float32",
                    },
                }
            ],
            "mlm:output": [
                {
                    "name": "class",
                    "tasks": ["classification"],
                    "result": {
                        "shape": [-1, 10],
                        "dim_order": ["batch", "class"],
                        "data_type": "float32",
                    },
                }
            ],
        },
        "assets": {
            "weights": {
                "href": "https://example.com/resnet18.pth",
                "type": "application/octet-stream; application=pytorch",
                "roles": ["mlm:model", "mlm:weights"],
            },
        },
        "links": [],
    }


def with_source_code(document: dict[str, Any], **source: Any) -> dict[str, Any]:
    document["assets"]["source_code"] = {
        "href": "https://raw.githubusercontent.com/org/repo/v1/model.py",
        "roles": ["mlm:model"],
        **source,
    }
    return document


def v1_4_item(dim: str, size: int = 13) -> dict[str, Any]:
    """A valid-looking v1.4.0 Item whose bands dimension is called ``dim``."""
    document = crim_item()
    document["stac_extensions"] = [MLM_1_4, RASTER]
    document["properties"]["mlm:input"][0]["input"]["dim_order"][1] = dim
    document["properties"]["mlm:input"][0]["input"]["shape"][1] = size
    weights = document["assets"]["weights"]
    weights["mlm:artifact_type"] = "torch.save"
    weights["raster:bands"] = [{"name": name} for name in SENTINEL_2]
    return document


# --- bands_from_names -----------------------------------------------------------------------

BANDS_WRITTEN = (
    '[{"name": "B01"}, {"name": "B02"}, {"name": "B03"}, {"name": "B04"}, {"name": "B05"}, '
    '{"name": "B06"}, {"name": "B07"}, {"name": "B08"}, {"name": "B8A"}, {"name": "B09"}, '
    '{"name": "B10"}, {"name": "B11"}, {"name": "B12"}] written, the names of the bands the '
    "inputs list and nothing else: since v1.3.0 an input naming bands needs band definitions, "
    "here raster bands on the mlm:model asset (given by the caller)"
)


@pytest.mark.parametrize("stac_version", ["1.0.0", "1.1.0"])
def test_bands_from_names_writes_name_only_raster_bands_and_declares_raster(
    stac_version: str,
) -> None:
    decisions = Decisions(bands_from_names=True, artifact_type="torch.save")
    report = migrate(crim_item(stac_version), decisions=decisions)
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []
    weights = report.document["assets"]["weights"]
    assert weights["raster:bands"] == [{"name": name} for name in SENTINEL_2]
    assert report.document["stac_extensions"] == [MLM_1_5_2, RASTER]
    bands = _note(report.changes, ("assets", "weights", "raster:bands"))
    assert (bands.message, bands.decision) == (BANDS_WRITTEN, "bands_from_names")
    declared = _note(report.changes, ("stac_extensions",))
    assert declared == MigrationNote(
        ("stac_extensions",),
        f"{RASTER} added: the raster bands written are the raster extension's (given by the "
        "caller)",
        "bands_from_names",
    )


def test_without_bands_from_names_the_undefined_bands_are_reported() -> None:
    report = migrate(crim_item(), artifact_type="torch.save")
    assert _note(report.unmigrated, INPUT_BANDS).message == (
        "the input names 13 band(s), and the Item has no band definitions: since v1.3.0 they "
        "are described by raster:bands (each with a name) or eo:bands on the mlm:model asset, "
        "or by eo:bands or STAC 1.1 bands in properties"
    )
    assert "raster:bands" not in report.document["assets"]["weights"]
    assert report.document["stac_extensions"] == [MLM_1_5_2]
    assert official_errors(report.document) != []


def test_bands_from_names_takes_each_name_once_from_every_input_and_keeps_a_raster_v1() -> None:
    document = crim_item()
    document["stac_extensions"].append(
        "https://stac-extensions.github.io/raster/v1.0.0/schema.json"
    )
    rgb, ndvi = copy.deepcopy(document["properties"]["mlm:input"][0]), None
    rgb["bands"] = ["B04", "B03", "B02"]
    rgb["input"]["shape"][1] = 3
    ndvi = copy.deepcopy(rgb)
    ndvi["bands"] = ["B04", "B08", {"name": "NDVI", "format": "python", "expression": "x"}]
    ndvi["input"]["shape"][1] = -1
    document["properties"]["mlm:input"] = [rgb, ndvi]
    report = migrate(document, decisions=Decisions(bands_from_names=True, artifact_type="t"))
    weights = report.document["assets"]["weights"]
    assert weights["raster:bands"] == [{"name": n} for n in ("B04", "B03", "B02", "B08")]
    assert report.document["stac_extensions"][1].endswith("/raster/v1.0.0/schema.json")
    assert ("stac_extensions",) not in {note.location for note in report.changes}
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []


def test_bands_from_names_moves_nothing_from_properties() -> None:
    """raster:bands in properties (v1.0-v1.2 examples) describe the bands: moving them is a
    person's decision, so no name-only definitions are written beside them."""
    document = crim_item()
    document["properties"]["raster:bands"] = [{"name": name} for name in SENTINEL_2]
    report = migrate(document, decisions=Decisions(bands_from_names=True))
    assert "raster:bands" not in report.document["assets"]["weights"]
    assert _note(report.unmigrated, INPUT_BANDS).message.endswith(
        "; properties give raster:bands, but v1.3.0 reads raster:bands only on the mlm:model "
        "asset: move them there"
    )


def test_bands_from_names_is_not_written_on_a_source_code_asset() -> None:
    document = with_source_code(crim_item(), type="text/x-python")
    report = migrate(document, decisions=Decisions(bands_from_names=True))
    assert "raster:bands" in report.document["assets"]["weights"]
    assert "raster:bands" not in report.document["assets"]["source_code"]
    assert _note(report.unmigrated, ("assets", "source_code")).message.startswith(
        "this mlm:model asset has no eo:bands or raster:bands"
    )


def test_bands_from_names_writes_nothing_when_raster_v2_is_declared() -> None:
    """Raster v2 forbids raster:bands (bands are STAC 1.1 bands there): writing them would
    break a schema the document declares, so the undefined bands are left to a person."""
    raster_v2 = "https://stac-extensions.github.io/raster/v2.0.0/schema.json"
    document = crim_item()
    document["stac_extensions"].append(raster_v2)
    document["assets"]["data"] = {"href": "scene.tif", "roles": ["data"], "raster:scale": 1.0}
    report = migrate(document, decisions=Decisions(bands_from_names=True, artifact_type="t"))
    assert "raster:bands" not in report.document["assets"]["weights"]
    assert report.document["stac_extensions"] == [MLM_1_5_2, raster_v2]
    assert _note(report.unmigrated, INPUT_BANDS).message == (
        "the input names 13 band(s), and the Item has no band definitions: since v1.3.0 they "
        "are described by raster:bands (each with a name) or eo:bands on the mlm:model asset, "
        "or by eo:bands or STAC 1.1 bands in properties; the document declares "
        f"{raster_v2}, which forbids raster:bands, so bands_from_names writes none: a person "
        "describes the bands (STAC 1.1 bands in properties, with raster v2)"
    )
    assert not report.ok
    assert official_errors(report.document) != []


# --- the stacking dimension: synonyms -------------------------------------------------------


@pytest.mark.parametrize("dim", ["band", "channel", "channels", "c", "C", "Bands", "spectral"])
def test_a_synonym_of_the_bands_dimension_is_renamed(dim: str) -> None:
    report = migrate(v1_4_item(dim))
    assert report.document["properties"]["mlm:input"][0]["input"]["dim_order"][1] == "bands"
    note = _note(report.changes, (*INPUT_DIMS, 1))
    assert note == MigrationNote(
        (*INPUT_DIMS, 1),
        f"{dim!r} → 'bands': since v1.5.0 the dimension stacking the 13 listed bands is named "
        f"'bands', and {dim!r} is a name for it (the official examples renamed 'channel' so)",
    )
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []


def test_a_band_dimension_of_size_minus_one_is_renamed() -> None:
    report = migrate(v1_4_item("band", size=-1))
    assert report.document["properties"]["mlm:input"][0]["input"]["dim_order"][1] == "bands"
    assert report.ok, report.to_text()


def test_a_band_dimension_of_another_size_is_left_to_a_person() -> None:
    report = migrate(v1_4_item("band", size=3))
    assert _note(report.unmigrated, INPUT_DIMS).message == (
        "since v1.5.0 the dimension stacking the 13 listed bands is named 'bands', and none of "
        '["batch", "band", "height", "width"] can be told to be it: rename it \'bands\''
    )


def test_two_synonyms_are_left_to_a_person() -> None:
    document = v1_4_item("band")
    document["properties"]["mlm:input"][0]["input"]["dim_order"][2] = "channel"
    report = migrate(document)
    dims = report.document["properties"]["mlm:input"][0]["input"]["dim_order"]
    assert dims == ["batch", "band", "channel", "width"]
    assert _note(report.unmigrated, INPUT_DIMS).message == (
        "since v1.5.0 the dimension stacking the 13 listed bands is named 'bands', and "
        '["band", "channel"] could each be it: rename the one that is \'bands\''
    )
    assert not report.ok


def test_a_name_outside_the_table_is_left_to_a_person() -> None:
    report = migrate(v1_4_item("features"))
    assert INPUT_DIMS in {note.location for note in report.unmigrated}


@pytest.mark.parametrize("dim", ["variable", "vars", "var"])
def test_a_synonym_of_the_variables_dimension_is_renamed(dim: str) -> None:
    document = v1_4_item("time")
    model_input = document["properties"]["mlm:input"][0]
    model_input["bands"] = []
    model_input["variables"] = ["t2m", "u10", "v10"]
    model_input["input"] = {"shape": [-1, 3, 8, 8], "dim_order": ["time", dim, "lat", "lon"]}
    model_input["input"]["data_type"] = "float32"
    del document["assets"]["weights"]["raster:bands"]
    document["stac_extensions"] = [MLM_1_4, DATACUBE]
    document["properties"]["cube:dimensions"] = {
        "time": {"type": "temporal", "extent": ["2000-01-01T00:00:00Z", "2001-01-01T00:00:00Z"]},
        "lat": {"type": "spatial", "axis": "y", "extent": [40, 50]},
        "lon": {"type": "spatial", "axis": "x", "extent": [0, 10]},
    }
    document["properties"]["cube:variables"] = {
        name: {"type": "data", "dimensions": ["time", "lat", "lon"]}
        for name in ("t2m", "u10", "v10")
    }
    report = migrate(document)
    assert model_input["input"]["dim_order"][1] == dim  # the input is never modified
    assert report.document["properties"]["mlm:input"][0]["input"]["dim_order"][1] == "variables"
    assert _note(report.changes, (*INPUT_DIMS, 1)).message == (
        f"{dim!r} → 'variables': since v1.5.0 the dimension stacking the 3 listed variables is "
        f"named 'variables', and {dim!r} is a name for it (the official examples renamed "
        "'channel' so)"
    )
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []


# --- code_is_not_model ----------------------------------------------------------------------

SOURCE_REPORTED = (
    f"{REQUIRED}, and this asset is evidently source code (the file name 'model.py'), not a "
    "model file: no artifact type is given to it; remove its 'mlm:model' role (the decision "
    "code_is_not_model does, when another asset keeps it)"
)


def test_a_given_artifact_type_is_not_stamped_on_source_code() -> None:
    document = with_source_code(crim_item())
    report = migrate(document, decisions=Decisions(artifact_type="torch.save"))
    assets = report.document["assets"]
    assert assets["weights"]["mlm:artifact_type"] == "torch.save"
    assert "mlm:artifact_type" not in assets["source_code"]
    assert _note(report.unmigrated, SOURCE_TYPE).message == SOURCE_REPORTED
    assert not report.ok


def test_code_is_not_model_takes_the_model_role_off_source_code() -> None:
    document = with_source_code(crim_item())
    decisions = Decisions(code_is_not_model=True, bands_from_names=True, artifact_type="torch.save")
    report = migrate(document, decisions=decisions)
    assert report.document["assets"]["source_code"]["roles"] == ["code"]
    assert _note(report.changes, ("assets", "source_code", "roles")) == MigrationNote(
        ("assets", "source_code", "roles"),
        "'mlm:model' removed and 'code' added: the asset is evidently source code (the file "
        "name 'model.py'), and assets → weights keeps the 'mlm:model' role (given by the "
        "caller)",
        "code_is_not_model",
    )
    assert "raster:bands" not in report.document["assets"]["source_code"]
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []


def test_code_is_not_model_needs_another_model_asset() -> None:
    document = with_source_code(crim_item())
    del document["assets"]["weights"]
    report = migrate(document, decisions=Decisions(code_is_not_model=True, artifact_type="x"))
    assert report.document["assets"]["source_code"]["roles"] == ["mlm:model"]
    assert _note(report.unmigrated, SOURCE_TYPE).message == SOURCE_REPORTED


@pytest.mark.parametrize(
    ("source", "evidence"),
    [
        ({"href": "https://example.com/run", "roles": ["mlm:model", "source_code"]},
         "the role 'source_code'"),
        ({"href": "https://example.com/run", "type": "text/x-python"},
         "the media type 'text/x-python'"),
        ({"href": "https://example.com/src/net.py#L207"}, "the file name 'net.py'"),
        ({"href": "https://example.com/org/model.git"}, "the git repository URL 'https://example.com/org/model.git'"),
        ({"href": "https://github.com/org/model"}, "the git repository URL 'https://github.com/org/model'"),
        ({"href": "https://gitlab.com/org/model/-/tree/v1"}, "the git repository URL 'https://gitlab.com/org/model/-/tree/v1'"),
    ],
)  # fmt: skip
def test_what_shows_an_asset_is_source_code(source: dict[str, Any], evidence: str) -> None:
    document = with_source_code(crim_item(), **source)
    report = migrate(document, decisions=Decisions(code_is_not_model=True))
    note = _note(report.changes, ("assets", "source_code", "roles"))
    assert f"the asset is evidently source code ({evidence}), and" in note.message
    assert "mlm:model" not in report.document["assets"]["source_code"]["roles"]


@pytest.mark.parametrize(
    "href",
    [
        "https://github.com/org/model/releases/download/v1/model.pt",
        "https://huggingface.co/org/model/resolve/main/model.pth",
        "https://example.com/model.pt",
    ],
)
def test_a_model_file_on_a_code_host_is_not_source_code(href: str) -> None:
    document = with_source_code(crim_item(), href=href)
    report = migrate(document, decisions=Decisions(code_is_not_model=True, artifact_type="x"))
    assert report.document["assets"]["source_code"]["roles"] == ["mlm:model"]
    assert report.document["assets"]["source_code"]["mlm:artifact_type"] == "x"


# --- infer_artifact_type --------------------------------------------------------------------


def _model_file(href: str, media_type: str | None = None, **asset: Any) -> dict[str, Any]:
    document = crim_item()
    document["stac_extensions"].append(RASTER)
    weights = document["assets"]["weights"]
    weights.update(href=href, **asset)
    weights["raster:bands"] = [{"name": name} for name in SENTINEL_2]
    if media_type is None:
        del weights["type"]
    else:
        weights["type"] = media_type
    return document


@pytest.mark.parametrize(
    ("href", "media_type", "framework", "expected", "evidence"),
    [
        ("https://example.com/model.pt2", "application/octet-stream; framework=pytorch", "PyTorch",
         "torch.export.save", "the file name 'model.pt2' and the media type "
         "'application/octet-stream; framework=pytorch' (best practices: .pt2 files are "
         "'torch.export.save')"),
        ("https://example.com/m/model.keras?download=1", 'application/zip; framework="keras"',
         "TensorFlow",
         "tf.keras.Model.save", "the file name 'model.keras' and the media type 'application/zip; "
         "framework=\"keras\"' (best practices: .keras files are 'tf.keras.Model.save')"),
        ("model.weights.h5", "application/x-hdf5", "Keras", "tf.keras.Model.save_weights",
         "the file name 'model.weights.h5' and the media type 'application/x-hdf5' (best "
         "practices: .weights.h5 files are 'tf.keras.Model.save_weights')"),
    ],
)  # fmt: skip
def test_an_unambiguous_file_name_gives_the_artifact_type(
    href: str, media_type: str | None, framework: str, expected: str, evidence: str
) -> None:
    document = _model_file(href, media_type)
    document["properties"]["mlm:framework"] = framework
    report = migrate(document, decisions=Decisions(infer_artifact_type=True))
    assert report.document["assets"]["weights"]["mlm:artifact_type"] == expected
    assert _note(report.changes, WEIGHTS_TYPE) == MigrationNote(
        WEIGHTS_TYPE,
        f'set to "{expected}" from {evidence}: {REQUIRED} (given by the caller)',
        "infer_artifact_type",
    )
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []


DECIDES = "the function that saved the file decides it: give it as the artifact type"


@pytest.mark.parametrize(
    ("href", "media_type", "asset", "why"),
    [
        ("https://example.com/resnet18.pth", "application/octet-stream; application=pytorch", {},
         "the file name 'resnet18.pth' and the media type 'application/octet-stream; "
         f"application=pytorch' could be 'torch.save' or 'torch.jit.save' (each writes .pth "
         f"files): {DECIDES}"),
        ("model.pt", None, {}, "the file name 'model.pt' could be 'torch.save' or "
         f"'torch.jit.save' (each writes .pt files): {DECIDES}"),
        ("model.h5", None, {}, "the file name 'model.h5' could be 'tf.keras.Model.save' or "
         f"'tf.keras.Model.save_weights' (each writes .h5 files): {DECIDES}"),
        ("model.onnx", "application/octet-stream", {}, "the file name 'model.onnx' has no "
         "ending that the best practices' Framework-specific Artifact Types table ties to an "
         "artifact type"),
        ("model.keras", None, {}, "the file name 'model.keras' would say "
         f"'tf.keras.Model.save', but mlm:framework is 'PyTorch': {DECIDES}"),
        ("model.pt2", "text/plain", {}, "the file name 'model.pt2' and the media type "
         "'text/plain' would say 'torch.export.save', but a text media type is not a model "
         f"file: {DECIDES}"),
        ("model.pt2", None, {"mlm:compile_method": "aot"}, "the file name 'model.pt2' would say "
         "'torch.export.save', but mlm:compile_method 'aot' says an AOT Inductor package, "
         f"also .pt2: {DECIDES}"),
    ],
)  # fmt: skip
def test_an_ambiguous_file_name_is_left_to_a_person(
    href: str, media_type: str | None, asset: dict[str, Any], why: str
) -> None:
    report = migrate(
        _model_file(href, media_type, **asset), decisions=Decisions(infer_artifact_type=True)
    )
    assert "mlm:artifact_type" not in report.document["assets"]["weights"]
    assert _note(report.unmigrated, WEIGHTS_TYPE).message == f"{REQUIRED}, and not inferred: {why}"


def test_an_artifact_type_given_is_used_before_one_inferred() -> None:
    decisions = Decisions(infer_artifact_type=True, artifact_type="torch.save")
    report = migrate(_model_file("model.pt2"), decisions=decisions)
    assert report.document["assets"]["weights"]["mlm:artifact_type"] == "torch.save"
    assert _note(report.changes, WEIGHTS_TYPE).decision == "artifact_type"


# --- a document already past the release that needs the decision: a repair ---------------

MLM_1_3 = "https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json"
WEIGHTS_TYPED = MigrationNote(
    WEIGHTS_TYPE, f'set to "torch.save": {REQUIRED} (given by the caller)', "artifact_type"
)
#: What the models say of a v1.4.0+ model asset without an artifact type, and of inputs
#: naming bands that nothing defines.
UNTYPED = (
    "an asset with the role 'mlm:model' must give mlm:artifact_type (how the model was saved, "
    "e.g. 'torch.save')"
)
UNDESCRIBED = "mlm:input references bands, so the Item must describe them: declare the raster"


def past_item(uri: str, *, typed: bool = False, bands: bool = False) -> dict[str, Any]:
    """The crim-ca Item declaring a later release (``uri``), its bands dimension named as
    v1.5.0 wants; the weights give an artifact type if ``typed``, band definitions if
    ``bands``. Without both it lacks exactly what the decisions answer."""
    document = crim_item()
    document["stac_extensions"] = [uri]
    document["properties"]["mlm:input"][0]["input"]["dim_order"][1] = "bands"
    weights = document["assets"]["weights"]
    if typed:
        weights["mlm:artifact_type"] = "torch.save"
    if bands:
        weights["raster:bands"] = [{"name": name} for name in SENTINEL_2]
        document["stac_extensions"].append(RASTER)
    return document


def valid_in(report: MigrationReport) -> bool:
    """The official schemas of the target release (MLM and STAC core) accept the result."""
    return full_errors(report.document, release=report.target_version) == []


@pytest.mark.parametrize(
    ("uri", "to"), [(MLM_1_5_2, "1.5.2"), (MLM_1_4, "1.5.2"), (MLM_1_4, "1.4.0")]
)
def test_an_artifact_type_given_fills_in_a_document_already_past_v1_4_0(uri: str, to: str) -> None:
    document = past_item(uri, bands=True)
    report = migrate(document, to=to, artifact_type="torch.save")
    assert report.document["assets"]["weights"]["mlm:artifact_type"] == "torch.save"
    assert report.changes[0] == WEIGHTS_TYPED
    assert report.ok, report.to_text()
    assert valid_in(report)


def test_a_v1_5_2_document_with_a_decision_is_repaired_and_reported_as_migrated() -> None:
    """No step runs (nothing else changes, not even the declaration): the decision's change
    and the final validation are reported."""
    document = past_item(MLM_1_5_2, bands=True)
    report = migrate(document, artifact_type="torch.save")
    assert report.changes == (WEIGHTS_TYPED,)
    assert report.to_text().splitlines() == [
        "MIGRATED MLM v1.5.2 → v1.5.2: 1 changed, 0 unmigrated, 0 invalid",
        f"CHANGED assets → weights → mlm:artifact_type: {WEIGHTS_TYPED.message}",
    ]
    expected = copy.deepcopy(document)
    expected["assets"]["weights"]["mlm:artifact_type"] = "torch.save"
    assert report.document == expected
    assert official_errors(report.document) == []


@pytest.mark.parametrize(("uri", "to"), [(MLM_1_5_2, "1.5.2"), (MLM_1_4, "1.4.0")])
def test_without_a_decision_a_document_at_the_target_is_left_as_it_is(uri: str, to: str) -> None:
    document = past_item(uri)
    report = migrate(document, to=to, decisions=Decisions(code_is_not_model=True))
    assert report.document == document
    assert (report.changes, report.unmigrated) == ((), ())
    assert [note.location for note in report.errors] == [("properties", "mlm:input"), WEIGHTS_TYPE]
    assert report.errors[0].message.startswith(UNDESCRIBED)
    assert report.errors[1].message == UNTYPED


def test_an_artifact_type_is_inferred_on_a_document_already_past_v1_4_0() -> None:
    document = past_item(MLM_1_5_2, bands=True)
    document["assets"]["weights"].update(href="model.pt2", type="application/octet-stream")
    report = migrate(document, decisions=Decisions(infer_artifact_type=True))
    assert report.changes == (
        MigrationNote(
            WEIGHTS_TYPE,
            "set to \"torch.export.save\" from the file name 'model.pt2' and the media type "
            "'application/octet-stream' (best practices: .pt2 files are 'torch.export.save'): "
            f"{REQUIRED} (given by the caller)",
            "infer_artifact_type",
        ),
    )
    assert report.ok, report.to_text()
    report = migrate(
        past_item(MLM_1_5_2, bands=True), decisions=Decisions(infer_artifact_type=True)
    )
    assert _note(report.unmigrated, WEIGHTS_TYPE).message == (
        f"{REQUIRED}, and not inferred: the file name 'resnet18.pth' and the media type "
        "'application/octet-stream; application=pytorch' could be 'torch.save' or "
        f"'torch.jit.save' (each writes .pth files): {DECIDES}"
    )
    assert not report.ok


def test_past_v1_4_0_a_given_artifact_type_is_not_stamped_on_source_code() -> None:
    document = with_source_code(past_item(MLM_1_5_2, bands=True))
    report = migrate(document, artifact_type="torch.save")
    assert "mlm:artifact_type" not in report.document["assets"]["source_code"]
    assert report.changes == (WEIGHTS_TYPED,)
    assert _note(report.unmigrated, SOURCE_TYPE).message == SOURCE_REPORTED
    assert not report.ok
    report = migrate(
        document, decisions=Decisions(code_is_not_model=True, artifact_type="torch.save")
    )
    assert [(note.location, note.decision) for note in report.changes] == [
        (("assets", "source_code", "roles"), "code_is_not_model"),
        (WEIGHTS_TYPE, "artifact_type"),
    ]
    assert report.document["assets"]["source_code"]["roles"] == ["code"]
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []


def test_past_v1_4_0_code_that_gives_an_artifact_type_keeps_the_model_role() -> None:
    """The document calls that asset a model file, and since v1.4.0 only an mlm:model asset
    gives mlm:artifact_type: taking the role would make a valid document invalid."""
    document = with_source_code(past_item(MLM_1_5_2, typed=True, bands=True))
    source = document["assets"]["source_code"]
    source.update({"mlm:artifact_type": "torch.jit.script", "raster:bands": [{"name": "B01"}]})
    assert official_errors(document) == []
    report = migrate(document, decisions=Decisions(code_is_not_model=True))
    assert report.document == document
    assert (report.changes, report.unmigrated, report.errors) == ((), (), ())


@pytest.mark.parametrize(
    ("uri", "to"),
    [(MLM_1_3, "1.3.0"), (MLM_1_3, "1.5.2"), (MLM_1_4, "1.5.2"), (MLM_1_5_2, "1.5.2")],
)
def test_bands_from_names_describes_the_bands_of_a_document_already_past_v1_3_0(
    uri: str, to: str
) -> None:
    report = migrate(past_item(uri, typed=True), to=to, decisions=Decisions(bands_from_names=True))
    weights = report.document["assets"]["weights"]
    assert weights["raster:bands"] == [{"name": name} for name in SENTINEL_2]
    assert report.document["stac_extensions"][1:] == [RASTER]
    bands = _note(report.changes, ("assets", "weights", "raster:bands"))
    assert (bands.message, bands.decision) == (BANDS_WRITTEN, "bands_from_names")
    assert _note(report.changes, ("stac_extensions",)).decision == "bands_from_names"
    assert report.ok, report.to_text()
    assert valid_in(report)


def test_past_v1_3_0_bands_from_names_refuses_as_it_does_when_crossing_it() -> None:
    raster_v2 = "https://stac-extensions.github.io/raster/v2.0.0/schema.json"
    document = past_item(MLM_1_5_2, typed=True)
    document["stac_extensions"].append(raster_v2)
    report = migrate(document, decisions=Decisions(bands_from_names=True))
    assert report.document == document
    assert report.changes == ()
    assert _note(report.unmigrated, INPUT_BANDS).message.endswith(
        f"; the document declares {raster_v2}, which forbids raster:bands, so "
        "bands_from_names writes none: a person describes the bands (STAC 1.1 bands in "
        "properties, with raster v2)"
    )


def test_a_decision_the_crossed_step_applied_is_not_applied_again() -> None:
    """A v1.3.0 Item migrated to v1.5.2 crosses v1.4.0: its step sets the artifact type (and
    reports the source code) once; the bands, which no step of this migration describes,
    are written by the repair, after the source code lost its role."""
    document = with_source_code(past_item(MLM_1_3))
    decisions = Decisions(artifact_type="torch.save", bands_from_names=True)
    report = migrate(document, decisions=decisions)
    assert _note(report.changes, WEIGHTS_TYPE) == WEIGHTS_TYPED
    assert _note(report.unmigrated, SOURCE_TYPE).message == SOURCE_REPORTED
    decisions = Decisions(artifact_type="torch.save", bands_from_names=True, code_is_not_model=True)
    report = migrate(document, decisions=decisions)
    assert [(note.location, note.decision) for note in report.changes] == [
        (("assets", "source_code", "roles"), "code_is_not_model"),
        (WEIGHTS_TYPE, "artifact_type"),
        (("assets", "weights", "raster:bands"), "bands_from_names"),
        (("stac_extensions",), "bands_from_names"),
        (("stac_extensions", 0), None),
    ]
    assert report.ok, report.to_text()
    assert official_errors(report.document) == []


# --- the command line -----------------------------------------------------------------------


def run_migrate(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = migrate_documents(build_parser().parse_args(["migrate", *args]), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_gives_each_decision_and_reports_it(tmp_path: Path) -> None:
    source = tmp_path / "item.json"
    source.write_text(json.dumps(with_source_code(crim_item())))
    flags = ["--bands-from-names", "--code-is-not-model", "--artifact-type", "torch.save"]
    code, out, err = run_migrate(str(source), *flags, "--format", "json")
    assert code == 0, err
    record, totals = [json.loads(line) for line in err.splitlines()]
    assert totals["totals"]["valid"] == 1
    decided = [(change["location"], change.get("decision")) for change in record["changes"]]
    assert decided == [
        ("/assets/source_code/roles", "code_is_not_model"),
        ("/assets/weights/raster:bands", "bands_from_names"),
        ("/stac_extensions", "bands_from_names"),
        ("/assets/weights/mlm:artifact_type", "artifact_type"),
        ("/properties/mlm:input/0/input/dim_order/1", None),
        ("/stac_extensions/0", None),
    ]
    assert "decision" not in record["changes"][-1]  # absent, not null, when none was needed
    assert official_errors(json.loads(out)) == []
    code, out, err = run_migrate(str(source), "--infer-artifact-type")
    assert code == 1
    assert (
        f"{source}: UNMIGRATED assets → weights → mlm:artifact_type: {REQUIRED}, and not "
        "inferred: the file name 'resnet18.pth'"
    ) in err


def test_the_command_line_repairs_a_v1_5_2_document_with_a_decision(tmp_path: Path) -> None:
    """``stac-mlm migrate --artifact-type torch.save item.json`` on a v1.5.2 Item that gives
    no artifact type: the one change is reported, and the result is valid."""
    source = tmp_path / "item.json"
    source.write_text(json.dumps(past_item(MLM_1_5_2, bands=True)))
    code, out, err = run_migrate(str(source), "--artifact-type", "torch.save", "--format", "json")
    assert code == 0, err
    record, totals = [json.loads(line) for line in err.splitlines()]
    assert record["changes"] == [
        {
            "location": "/assets/weights/mlm:artifact_type",
            "message": WEIGHTS_TYPED.message,
            "decision": "artifact_type",
        }
    ]
    assert totals["totals"]["valid"] == 1
    assert official_errors(json.loads(out)) == []
    code, out, err = run_migrate(str(source))
    assert code == 1
    assert err.splitlines()[:2] == [
        f"{source}: MIGRATED MLM v1.5.2 → v1.5.2: 0 changed, 0 unmigrated, 1 invalid",
        f"{source}: INVALID assets → weights → mlm:artifact_type: {UNTYPED}",
    ]


@pytest.mark.parametrize(
    ("given", "error", "message"),
    [
        (
            {"artifact_type": 5},
            TypeError,
            "Decisions: artifact_type is how the model files were saved, a text such as "
            "'torch.save', or None (got 5)",
        ),
        (
            {"artifact_type": ""},
            ValueError,
            "Decisions: artifact_type is how the model files were saved, a text such as "
            "'torch.save', or None (got '')",
        ),
        (
            {"bands_from_names": "no"},
            TypeError,
            "Decisions: bands_from_names is True or False (got 'no')",
        ),
        (
            {"code_is_not_model": 1},
            TypeError,
            "Decisions: code_is_not_model is True or False (got 1)",
        ),
        (
            {"infer_artifact_type": None},
            TypeError,
            "Decisions: infer_artifact_type is True or False (got None)",
        ),
    ],
)
def test_a_decision_of_the_wrong_type_is_refused(
    given: dict[str, Any], error: type[Exception], message: str
) -> None:
    """A decision is never read loosely: ``"no"`` is not False, and 5 is no artifact type."""
    with pytest.raises(error) as raised:
        Decisions(**given)
    assert str(raised.value) == message


def test_migrate_takes_decisions_as_decisions() -> None:
    with pytest.raises(TypeError) as raised:
        migrate(crim_item(), decisions={"artifact_type": "torch.save"})  # type: ignore[arg-type]
    assert str(raised.value) == (
        "decisions is a stac_mlm.migration.Decisions, e.g. Decisions(artifact_type='torch.save') "
        "(got dict)"
    )
    with pytest.raises(ValueError, match=r"^Decisions: artifact_type is how .* \(got ''\)$"):
        migrate(crim_item(), artifact_type="")


def test_the_command_line_refuses_an_empty_artifact_type(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        build_parser().parse_args(["migrate", "item.json", "--artifact-type", ""])
    assert raised.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "stac-mlm migrate: error: argument --artifact-type: how the model files were saved, "
        "e.g. torch.save (got '')"
    )


def test_the_help_says_what_each_decision_writes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["migrate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--infer-artifact-type fill in a missing mlm:artifact_type from the model file's" in text
    assert "--bands-from-names when inputs name bands and the document defines none, write " in text
    assert "raster:bands holding only those names on the mlm:model assets" in text
    assert "--code-is-not-model an asset with the mlm:model role that is evidently source" in text


# --- the measured table: the official examples, with no decision and with each -------------

#: The decisions the table measures, by column: none, each alone, and all together.
TABLE_DECISIONS: dict[str, Decisions] = {
    "no decision": Decisions(),
    '`artifact_type="torch.save"`': Decisions(artifact_type="torch.save"),
    "`infer_artifact_type`": Decisions(infer_artifact_type=True),
    "`bands_from_names`": Decisions(bands_from_names=True),
    "`code_is_not_model`": Decisions(code_is_not_model=True),
    "all four": Decisions(
        artifact_type="torch.save",
        infer_artifact_type=True,
        bands_from_names=True,
        code_is_not_model=True,
    ),
}

#: The example folders measured (``examples/<folder>`` of the spec folder), by table row:
#: every MLM release, then the predecessors DLM and ML-Model.
EXAMPLE_FOLDERS: list[str] = [
    *(f"mlm-v{version}" for version in MLM_RELEASES),
    "dlm-v1.0.0-beta2",
    "dlm-v1.0.0-beta.3",
    "ml-model-v1.0.0",
]

#: Per folder: the number of example files, then how many reach a valid, complete v1.5.2
#: document in each column of ``TABLE_DECISIONS``. Every Collection as published declares no
#: MLM release (refused); the Items left with all four decisions: raster:bands in properties
#: (v1.0.0-v1.2.0), an ``ndvi`` dimension of size 1 for two bands, a ``channel`` of size 13
#: for 4 bands (v1.2.0-v1.3.0 bands_expression).
MEASURED: dict[str, tuple[int, ...]] = {
    "mlm-v1.0.0": (5, 0, 1, 0, 0, 0, 2),
    "mlm-v1.1.0": (7, 0, 1, 0, 0, 0, 4),
    "mlm-v1.2.0": (8, 0, 1, 0, 0, 0, 4),
    "mlm-v1.3.0": (8, 0, 3, 0, 0, 0, 5),
    "mlm-v1.4.0": (8, 6, 6, 6, 6, 6, 6),
    "mlm-v1.5.0": (10, 9, 9, 9, 9, 9, 9),
    "mlm-v1.5.1": (10, 9, 9, 9, 9, 9, 9),
    "mlm-v1.5.2": (10, 9, 9, 9, 9, 9, 9),
    # Two files are not JSON, one Collection declares nothing; the Items lack what neither
    # extension says (the model's name, which asset is the model, the outputs): a person's.
    "dlm-v1.0.0-beta2": (2, 0, 0, 0, 0, 0, 0),
    "dlm-v1.0.0-beta.3": (2, 0, 0, 0, 0, 0, 0),
    # The Collections are valid v1.5.2, with ml-model:learning_approach reported (no MLM
    # counterpart): complete only once a person has read that note.
    "ml-model-v1.0.0": (4, 0, 0, 0, 0, 0, 0),
}


def _example_documents(folder: str) -> dict[str, Any]:
    """Every ``.json`` file of ``examples/<folder>`` as published (``None`` when not JSON)."""
    documents: dict[str, Any] = {}
    root = spec_dir() / "examples" / folder
    for path in sorted(root.rglob("*.json")):
        name = path.relative_to(root).as_posix()  # ml-model has two item.json
        try:
            documents[name] = json.loads(path.read_text())
        except ValueError:
            documents[name] = None
    return documents


def _reaches(document: Any, decisions: Decisions) -> bool:
    try:
        report = migrate(document, decisions=decisions)
    except ValueError:  # refused: declares no MLM release (the Collections as published)
        return False
    return reaches_v1_5_2(report)


def _row(folder: str) -> tuple[int, ...]:
    documents = _example_documents(folder).values()
    counts = [
        sum(_reaches(d, decisions) for d in documents) for decisions in TABLE_DECISIONS.values()
    ]
    return (len(documents), *counts)


def _table(rows: dict[str, tuple[int, ...]]) -> list[str]:
    """The README table: one row per example folder, and the totals."""
    totals = tuple(sum(column) for column in zip(*rows.values(), strict=True))
    lines = [
        f"| examples | files | {' | '.join(TABLE_DECISIONS)} |",
        f"| --- | --- |{' --- |' * len(TABLE_DECISIONS)}",
    ]
    for name, row in [*rows.items(), ("total", totals)]:
        lines.append(f"| {name} | {' | '.join(str(count) for count in row)} |")
    return lines


def test_how_many_official_examples_reach_a_valid_v1_5_2_document(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The README table: every official example (``EXAMPLE_FOLDERS``) migrated to v1.5.2 with
    no decision, each decision alone, and all four; counted when complete and accepted by
    every official schema (``reaches_v1_5_2``, which also fails on any silent failure)."""
    rows = {folder: _row(folder) for folder in EXAMPLE_FOLDERS}
    with capsys.disabled():
        print("", *_table(rows), sep="\n")
    assert rows == MEASURED
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "\n".join(_table(MEASURED)) in readme


def test_on_the_official_examples_the_artifact_type_and_code_decisions_do_it_all() -> None:
    """What the README says of the table: on the official examples, ``bands_from_names`` and
    ``infer_artifact_type`` add nothing to the other two (their bands are described, in
    properties for v1.0.0-v1.2.0, which no decision moves; their files are .pth, .pt or a
    web page)."""
    two = Decisions(artifact_type="torch.save", code_is_not_model=True)
    for folder in EXAMPLE_FOLDERS:
        documents = _example_documents(folder).values()
        assert sum(_reaches(document, two) for document in documents) == MEASURED[folder][-1]
