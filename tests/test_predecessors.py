"""MLM's predecessors, DLM (v1.0.0-beta.2, beta.3) and ML-Model (v1.0.0): recognised by
``load`` and ``stac-mlm validate``, migrated by ``migrate`` and ``stac-mlm migrate``.

Small documents written here (a DLM beta.3 Item with ``assets`` as an array, an ML-Model
Item) pin every note of their migration; then the person's part is written as the notes ask,
and the official oracle (``spec_folder.full_verdict``: MLM v1.5.2 AND STAC core) must accept
the result. Every official DLM and ML-Model example is migrated too: the Collections reach a
valid v1.5.2 document; the Items need a person (pinned in ``NEEDS_A_PERSON``); the two files
that are not JSON give a located JSON error.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError
from spec_folder import (
    MLM_SCHEMA_URLS,
    example_items,
    example_name,
    full_errors,
    full_verdict,
    predecessor_example_files,
    spec_dir,
)

from stac_mlm import MLMCollection, MLMItem
from stac_mlm.cli import main
from stac_mlm.cli.report import report_schema
from stac_mlm.migration import migrate
from stac_mlm.releases import load

DLM_BETA2 = "https://schemas.stacspec.org/v1.0.0-beta.2/extensions/dl-model/json-schema/schema.json"
DLM_BETA3 = "https://schemas.stacspec.org/v1.0.0-beta.3/extensions/dl-model/json-schema/schema.json"
ML_MODEL = "https://stac-extensions.github.io/ml-model/v1.0.0/schema.json"
MLM_1_0 = MLM_SCHEMA_URLS["1.0.0"]
MLM_LATEST = MLM_SCHEMA_URLS["1.5.2"]
RASTER = "https://stac-extensions.github.io/raster/v1.1.0/schema.json"

Location = tuple[str | int, ...]


def _feature(extensions: list[str], properties: dict[str, Any], assets: Any) -> dict[str, Any]:
    return {
        "stac_version": "1.0.0",
        "stac_extensions": extensions,
        "type": "Feature",
        "id": "field-boundaries",
        "geometry": {"type": "Point", "coordinates": [-73.5, 45.5]},
        "bbox": [-73.5, 45.5, -73.5, 45.5],
        "links": [],
        "assets": assets,
        "properties": {"datetime": "2021-01-04T00:00:00Z", **properties},
    }


def dlm_item() -> dict[str, Any]:
    """A DLM beta.3 Item with ``assets`` as an array (a named asset, and a bare one)."""
    return _feature(
        [DLM_BETA3],
        {
            "dlm:architecture": {
                "type": "unet",
                "total_nb_parameters": 1000,
                "estimated_total_size_mb": 4.5,
                "pretrained": "imagenet",
            },
            "dlm:runtime": {
                "framework": "PyTorch",
                "version": "1.5.0",
                "model_src_url": "https://example.com/unet.git",
                "requirement_file": None,
            },
            "dlm:data": {
                "data_type": "uint16",
                "useful_bands": [{"index": 2, "name": "red"}, {"index": 3, "name": "nir"}],
            },
            "dlm:inputs": {
                "name": "image",
                "input_tensors": {"batch": 1, "dim": 2, "height": 64, "width": 64},
                "normalization:mean": [0.5, 0.25],
                "normalization:std": [0.1, 0.2],
                "selected_bands": [2, 3],
            },
            "dlm:outputs": {
                "task": "semantic segmentation",
                "number_of_classes": 2,
                "final_layer_size": [1, 2, 64, 64],
                "class_name_mapping": {"0": "background", "1": "field"},
            },
        },
        [
            {"weights": {"href": "https://example.com/unet.pt", "role": ["model weight"]}},
            {"href": "https://example.com/config.yml", "title": "config"},
        ],
    )


def ml_model_item() -> dict[str, Any]:
    item = _feature(
        [ML_MODEL],
        {
            "ml-model:type": "ml-model",
            "ml-model:learning_approach": "supervised",
            "ml-model:prediction_type": "classification",
            "ml-model:architecture": "resnet18",
            "ml-model:training-processor-type": "gpu",
        },
        {"checkpoint": {"href": "https://example.com/last.ckpt", "roles": ["ml-model:checkpoint"]}},
    )
    item["links"] = [
        {"rel": "ml-model:train-data", "href": "https://example.com/train/collection.json"},
        {"rel": "ml-model:inferencing-image", "href": "docker.io/example/model:1"},
    ]
    return item


def _notes(notes: Any) -> list[tuple[Location, str]]:
    return [(note.location, note.message) for note in notes]


TENSOR_ORDER = '["batch", "channel", "height", "width"] (DLM\'s N × C × H × W)'
DLM_CHANGES = [
    (("assets", 0), "→ assets → weights (keyed 'weights', the name it is written under): "
     "STAC assets are an object, not an array"),
    (("assets", 1), "→ assets → asset-1 (keyed by its place in the array): STAC assets are an "
     "object, not an array"),
    (("assets", "weights", "role"), "→ roles: STAC names an asset's roles so"),
    (("properties", "dlm:architecture", "type"), '→ mlm:architecture ("unet")'),
    (("properties", "dlm:architecture", "total_nb_parameters"), "→ mlm:total_parameters (1000)"),
    (("properties", "dlm:architecture", "pretrained"), '→ mlm:pretrained_source ("imagenet")'),
    (("properties", "dlm:runtime", "framework"), '→ mlm:framework ("PyTorch")'),
    (("properties", "dlm:runtime", "version"), '→ mlm:framework_version ("1.5.0")'),
    (("properties", "dlm:runtime", "model_src_url"), '→ assets → source_code (href '
     '"https://example.com/unet.git", roles [\'mlm:source_code\']): MLM refers to the source '
     "code by an asset"),
    (("properties", "dlm:runtime", "requirement_file"), "null removed: MLM has no counterpart: "
     "a person may give it as an asset"),
    (("properties", "dlm:inputs", "name"), '→ mlm:input → 0 → name ("image")'),
    (("properties", "dlm:data", "useful_bands"), 'names → mlm:input → 0 → bands (["red", "nir"])'),
    (("properties", "dlm:inputs", "input_tensors"),
     f"→ mlm:input → 0 → input: shape [1, 2, 64, 64], dim_order {TENSOR_ORDER}"),
    (("properties", "dlm:data", "data_type"), "→ mlm:input → 0 → input → data_type ('uint16')"),
    (("properties", "dlm:inputs", "normalization:mean"), "normalization:mean and "
     "normalization:std → mlm:input → 0 → statistics (mean, stddev, one per band), norm_type "
     "'z-score', norm_by_channel true"),
    (("properties", "dlm:inputs", "selected_bands"),
     "[2, 3] removed: the useful bands' indexes, named by bands"),
    (("properties", "dlm:outputs", "task"), "'semantic segmentation' → mlm:tasks and mlm:output "
     "→ 0 → tasks (['semantic-segmentation'])"),
    (("properties", "dlm:outputs", "final_layer_size"),
     f"→ mlm:output → 0 → result: shape [1, 2, 64, 64], dim_order {TENSOR_ORDER}"),
    (("properties", "dlm:outputs", "class_name_mapping"), "→ mlm:output → 0 → "
     "classification:classes (index → value, class name → name and description, which "
     "classification v1.1.0 requires)"),
    (("properties", "dlm:outputs", "number_of_classes"), "2 removed: the classes listed"),
    (("stac_extensions", 0), f"{DLM_BETA3} → {MLM_1_0} (DLM v1.0.0-beta.3)"),
    # the MLM steps, from v1.0.0
    (("properties", "mlm:input", 0, "norm_type"), "'z-score' → value_scaling of 2 z-score "
     "object(s) (v1.4.0 moved norm_type to value_scaling objects)"),
    (("properties", "mlm:input", 0, "statistics"), "→ the mean and stddev of those "
     "value_scaling objects (v1.4.0 moved statistics to value_scaling objects)"),
    (("properties", "mlm:input", 0, "norm_by_channel"), "removed (v1.4.0): the 2 value_scaling "
     "object(s) say the same (one object applies to every band, otherwise one object per band)"),
    (("properties", "mlm:input", 0, "input", "dim_order", 1), "'channel' → 'bands': since "
     "v1.5.0 the dimension stacking the 2 listed bands is named 'bands', and 'channel' is a "
     "name for it (the official examples renamed 'channel' so)"),
    (("stac_extensions", 0), f"{MLM_1_0} → {MLM_LATEST}"),
]  # fmt: skip
DLM_UNMIGRATED = [
    (("properties", "dlm:architecture", "estimated_total_size_mb"), "removed 4.5: "
     "mlm:memory_size is an integer number of bytes, and whether a MB here is 10^6 or 2^20 "
     "bytes is not said: a person writes it"),
    (("properties", "dlm:data", "useful_bands", "index"), "removed [2, 3]: MLM refers to bands "
     "by name: their indexes in the source data have no counterpart"),
    (("properties", "dlm:outputs"), "the output's name (mlm:output → 0 → name) and data type "
     "(… → result → data_type), which MLM requires and DLM does not give: a person writes them"),
    (("properties", "mlm:name"),
     "required by MLM, and DLM does not give the model's name: a person writes it"),
    (("assets",), "no asset has the mlm:model role, which MLM requires, and DLM does not say "
     "which file is the model: a person gives that asset the role (and, since v1.4.0, its "
     "mlm:artifact_type)"),
    (("properties", "mlm:input", 0, "bands"), "the input names 2 band(s), and the Item has no "
     "band definitions: since v1.3.0 they are described by raster:bands (each with a name) or "
     "eo:bands on the mlm:model asset, or by eo:bands or STAC 1.1 bands in properties"),
]  # fmt: skip


def _as_a_person_would(document: dict[str, Any]) -> dict[str, Any]:
    """What the unmigrated notes of the DLM Item ask a person to write."""
    decided = copy.deepcopy(document)
    properties = decided["properties"]
    properties["mlm:name"] = "Field boundaries U-Net"
    properties["mlm:output"][0]["name"] = "fields"
    properties["mlm:output"][0]["result"]["data_type"] = "float32"
    weights = decided["assets"]["weights"]
    weights["roles"] = ["mlm:model"]
    weights["mlm:artifact_type"] = "torch.save"
    weights["raster:bands"] = [{"name": "red"}, {"name": "nir"}]
    decided["stac_extensions"].append(RASTER)
    return decided


def test_a_dlm_item_with_assets_as_an_array_migrates_with_every_note_pinned() -> None:
    report = migrate(dlm_item())
    assert report.source_version == "dlm-1.0.0-beta.3"
    assert _notes(report.changes) == DLM_CHANGES
    assert _notes(report.unmigrated) == DLM_UNMIGRATED
    document = report.document
    assert list(document["assets"]) == ["weights", "asset-1", "source_code"]
    assert document["assets"]["asset-1"] == {
        "href": "https://example.com/config.yml",
        "title": "config",
    }
    assert not [key for key in document["properties"] if key.startswith("dlm:")]
    assert document["properties"]["mlm:input"][0]["value_scaling"] == [
        {"type": "z-score", "mean": 0.5, "stddev": 0.1},
        {"type": "z-score", "mean": 0.25, "stddev": 0.2},
    ]
    assert document["properties"]["mlm:output"][0]["classification:classes"] == [
        {"value": 0, "name": "background", "description": "background"},
        {"value": 1, "name": "field", "description": "field"},
    ]
    decided = _as_a_person_would(document)
    assert full_verdict(decided), full_errors(decided)
    MLMItem.model_validate(decided)


def test_an_artifact_type_cannot_help_a_dlm_item_whose_model_asset_is_not_said() -> None:
    # DLM never says which asset is the model: the artifact type has no asset to go on.
    report = migrate(dlm_item(), artifact_type="torch.save")
    assert _notes(report.unmigrated) == DLM_UNMIGRATED


ML_MODEL_CHANGES = [
    (("properties", "ml-model:prediction_type"), '→ mlm:tasks (["classification"])'),
    (("properties", "ml-model:architecture"), '→ mlm:architecture ("resnet18")'),
    (("properties", "ml-model:type"),
     "'ml-model' removed: the MLM URI in stac_extensions says the document is a model"),
    (("assets", "checkpoint", "roles", 0), "'ml-model:checkpoint' → 'mlm:checkpoint' (prefix)"),
    (("links", 0, "rel"), "'ml-model:train-data' → 'derived_from': data the model was made from"),
    (("stac_extensions", 0), f"{ML_MODEL} → {MLM_1_0} (ML-Model v1.0.0)"),
    (("stac_extensions", 0), f"{MLM_1_0} → {MLM_LATEST}"),
]  # fmt: skip
ML_MODEL_UNMIGRATED = [
    (("properties", "ml-model:learning_approach"), "removed \"supervised\": MLM has no "
     "counterpart (ML-Model → MLM table: 'No direct mapping'); describe how the model was "
     "obtained with derived_from links"),
    (("properties", "ml-model:training-processor-type"), "removed \"gpu\": MLM has no "
     "counterpart: the processor used for training is not the accelerator the model runs on "
     "(mlm:accelerator…), which a person gives"),
    (("links", 1, "rel"), "kept as it is (\"docker.io/example/model:1\"): MLM has no "
     "'ml-model:inferencing-image' relation (deemed redundant with an asset of role "
     "mlm:inference-runtime or mlm:training-runtime): a person describes the image as such an "
     "asset, or removes the link"),
    (("properties", "mlm:name"),
     "required by MLM, and ML-Model does not give the model's name: a person writes it"),
    (("properties", "mlm:input"), "required by MLM, and ML-Model does not give what the model "
     "takes (bands, shape, dimension order, data type): a person writes it"),
    (("properties", "mlm:output"), "required by MLM, and ML-Model does not give what the model "
     "gives (tasks, shape, dimension order, data type): a person writes it"),
    (("assets",), "no asset has the mlm:model role, which MLM requires, and ML-Model does not "
     "say which file is the model: a person gives that asset the role (and, since v1.4.0, its "
     "mlm:artifact_type)"),
]  # fmt: skip


def test_an_ml_model_item_migrates_with_every_note_pinned() -> None:
    report = migrate(ml_model_item())
    assert report.source_version == "ml-model-1.0.0"
    assert _notes(report.changes) == ML_MODEL_CHANGES
    assert _notes(report.unmigrated) == ML_MODEL_UNMIGRATED
    assert report.to_text().splitlines()[0] == (
        "MIGRATED ML-Model v1.0.0 → MLM v1.5.2: 7 changed, 7 unmigrated, 4 invalid"
    )
    # the person's part: a name, the input and output, the model asset
    decided = copy.deepcopy(report.document)
    properties = decided["properties"]
    properties["mlm:name"] = "Scene classifier"
    structure = {"shape": [-1, 3, 64, 64], "dim_order": ["batch", "channel", "height", "width"]}
    properties["mlm:input"] = [
        {"name": "rgb", "bands": [], "input": {**structure, "data_type": "uint8"}}
    ]
    properties["mlm:output"] = [
        {
            "name": "classes",
            "tasks": ["classification"],
            "result": {"shape": [-1, 10], "dim_order": ["batch", "class"], "data_type": "float32"},
        }
    ]
    decided["assets"]["checkpoint"]["roles"] = ["mlm:model", "mlm:checkpoint"]
    decided["assets"]["checkpoint"]["mlm:artifact_type"] = "torch.save"
    assert full_verdict(decided), full_errors(decided)
    MLMItem.model_validate(decided)


def test_a_predecessor_migrates_to_any_mlm_release_from_v1_0_0() -> None:
    report = migrate(ml_model_item(), to="1.0.0")
    assert report.target_version == "1.0.0"
    assert report.document["stac_extensions"] == [MLM_1_0]
    assert _notes(report.changes) == ML_MODEL_CHANGES[:-1]  # no MLM step
    assert migrate(dlm_item(), to="1.3.0").document["stac_extensions"] == [MLM_SCHEMA_URLS["1.3.0"]]


def test_the_input_document_is_never_modified() -> None:
    for document in (dlm_item(), ml_model_item()):
        before = copy.deepcopy(document)
        migrate(document)
        assert document == before


@pytest.mark.parametrize(
    ("extensions", "expected"),
    [
        (["dl-model", "eo"], "dlm-1.0.0-beta.2"),  # the short name of the beta2 example
        ([DLM_BETA2], "dlm-1.0.0-beta.2"),
        ([DLM_BETA3], "dlm-1.0.0-beta.3"),
        ([ML_MODEL], "ml-model-1.0.0"),
    ],
)
def test_each_declaration_of_a_predecessor_is_recognised(
    extensions: list[str], expected: str
) -> None:
    item = dlm_item()
    item["stac_extensions"] = extensions
    assert migrate(item).source_version == expected


def test_a_document_declaring_mlm_and_dlm_is_an_mlm_document() -> None:
    # MLM judges the dlm: fields (v1.0.0 rejects them): no conversion happens behind its back.
    item = dlm_item()
    item["stac_extensions"].append(MLM_1_0)
    assert migrate(item, to="1.0.0").source_version == "1.0.0"


def test_mlm_fields_a_dlm_item_gives_already_are_never_overwritten() -> None:
    """A DLM Item that already writes mlm:input, mlm:output or mlm:tasks: what DLM says of
    them is reported for a person, and the MLM values are kept as written."""
    item = dlm_item()
    given = {
        "mlm:input": [{"name": "given input"}],
        "mlm:output": [{"name": "given output"}],
        "mlm:tasks": ["classification"],
    }
    item["properties"].update(copy.deepcopy(given))
    report = migrate(item, to="1.0.0")
    assert {key: report.document["properties"][key] for key in given} == given
    said = dict(_notes(report.unmigrated))
    inputs, data, outputs = (
        ("properties", "dlm:inputs"),
        ("properties", "dlm:data"),
        ("properties", "dlm:outputs"),
    )
    assert said[inputs] == (
        'removed {"name": "image", "input_tensors": {"batch": 1, "dim": 2, "height": 64, '
        '"width": 64}, "normalization:mean": [0.5, 0.25], "normalization:std": [0.1, 0.2], '
        '"selected_bands": [2, 3]}: mlm:input is given too ([{"name": "given input"}]): a '
        "person says which is right"
    )
    assert said[data].endswith(
        ': mlm:input is given too ([{"name": "given input"}]): a person says which is right'
    )
    assert said[outputs].startswith('removed {"task": "semantic segmentation", ')
    assert said[outputs].endswith(
        ': mlm:output is given too ([{"name": "given output"}]): a person says which is right'
    )
    assert not [note for note in report.changes if note.location[:2] in (inputs, data, outputs)]


def test_a_dlm_task_never_replaces_the_mlm_tasks_given() -> None:
    item = dlm_item()
    item["properties"]["mlm:tasks"] = ["classification"]
    report = migrate(item, to="1.0.0")
    assert report.document["properties"]["mlm:tasks"] == ["classification"]
    assert "tasks" not in report.document["properties"]["mlm:output"][0]
    assert dict(_notes(report.unmigrated))[("properties", "dlm:outputs", "task")] == (
        'removed "semantic segmentation": mlm:tasks is given too (["classification"]): a '
        "person says which is right"
    )


@pytest.mark.parametrize(
    "mapping",
    [
        [{"index": 0, "class_name": "background"}, {"index": 1, "class_name": "field"}],
        [{"0": "background"}, {"1": "field"}],
        {"0": "background", "1": "field"},
        {"I_0": "background", "I_1": "field"},
    ],
)
def test_every_form_of_class_name_mapping_becomes_classes(mapping: Any) -> None:
    item = dlm_item()
    item["properties"]["dlm:outputs"]["class_name_mapping"] = mapping
    classes = migrate(item).document["properties"]["mlm:output"][0]["classification:classes"]
    assert [(c["value"], c["name"]) for c in classes] == [(0, "background"), (1, "field")]


def test_a_scaling_factor_keeps_the_normalization_for_a_person() -> None:
    item = dlm_item()
    item["properties"]["dlm:inputs"]["scaling_factor"] = 0.5
    report = migrate(item)
    scaled = [n for n in _notes(report.unmigrated) if n[0][:2] == ("properties", "dlm:inputs")]
    assert [location[-1] for location, _ in scaled] == [
        "scaling_factor",
        "normalization:mean",
        "normalization:std",
    ]
    assert scaled[0][1].startswith("removed 0.5: the data is multiplied by scaling_factor")
    assert "value_scaling" not in report.document["properties"]["mlm:input"][0]


def test_asset_names_met_twice_and_assets_that_are_not_objects_are_said() -> None:
    item = dlm_item()
    item["assets"] = [{"a": {"href": "x.pt"}}, {"a": {"href": "y.pt"}}, "z.pt"]
    report = migrate(item)
    assert list(report.document["assets"]) == ["a", "a-1", "source_code"]
    notes = _notes(report.changes) + _notes(report.unmigrated)
    assert (("assets", 1), "→ assets → a-1 (keyed a-1: 'a' is taken): STAC assets are an "
            "object, not an array") in notes  # fmt: skip
    assert (("assets", 2), 'removed "z.pt": an asset is an object: a person rewrites it') in notes


# ---- the official examples -------------------------------------------------------------------

#: The two official DLM files that are not JSON, and where the parser stops.
NOT_JSON = {
    "dlm-v1.0.0-beta2/item.json": "not JSON: expected value at line 1 column 1",
    "dlm-v1.0.0-beta.3/collection.json": "not JSON: trailing comma at line 41 column 5",
}
#: What each official example that reaches no valid v1.5.2 document needs (unmigrated
#: locations); DLM beta2's Collection declares no DLM (a template's left-over).
NEEDS_A_PERSON: dict[str, set[Location]] = {
    "dlm-v1.0.0-beta.3/item.json": {
        ("properties", "dlm:architecture", "estimated_total_size_mb"),
        ("properties", "dlm:architecture", "summary"),
        ("properties", "dlm:runtime", "version"),
        ("properties", "dlm:runtime", "model_handler"),
        ("properties", "dlm:runtime", "docker"),
        ("properties", "dlm:data", "useful_bands", "index"),
        ("properties", "dlm:inputs", "scaling_factor"),
        ("properties", "dlm:inputs", "normalization:mean"),
        ("properties", "dlm:inputs", "normalization:std"),
        ("properties", "dlm:inputs", "selected_bands"),
        ("properties", "dlm:data", "process_level"),
        ("properties", "dlm:data", "number_of_bands"),
        ("properties", "dlm:data", "nodata_value"),
        ("properties", "dlm:data", "test_file"),
        ("properties", "dlm:data", "item_examples"),
        ("properties", "dlm:outputs", "number_of_classes"),
        ("properties", "dlm:outputs", "dont_care_index"),
        ("properties", "dlm:outputs"),
        ("properties", "dlm:archive"),
        ("properties", "mlm:name"),
        ("assets",),
    },
    "ml-model-v1.0.0/cyclone-wind-speed/item.json": {
        ("properties", "ml-model:learning_approach"),
        ("links", 3, "rel"),
        ("properties", "mlm:name"),
        ("properties", "mlm:input"),
        ("properties", "mlm:output"),
        ("assets",),
    },
    "ml-model-v1.0.0/dummy/item.json": {
        ("properties", "ml-model:learning_approach"),
        ("properties", "ml-model:training-processor-type"),
        ("properties", "ml-model:training-os"),
        ("links", 3, "rel"),
        ("links", 4, "rel"),
        ("properties", "mlm:name"),
        ("properties", "mlm:input"),
        ("properties", "mlm:output"),
        ("assets",),
    },
}
#: Valid v1.5.2 documents, with what has no counterpart reported.
LEARNING_APPROACH = ("summaries", "ml-model:learning_approach")
REACH_VALID = {
    "ml-model-v1.0.0/cyclone-wind-speed/collection.json": {LEARNING_APPROACH},
    "ml-model-v1.0.0/dummy/collection.json": {LEARNING_APPROACH},
}
NOT_A_PREDECESSOR = {"dlm-v1.0.0-beta2/collection.json"}

EXAMPLES = {example_name(path): path for path in predecessor_example_files()}


def test_every_official_example_is_accounted_for() -> None:
    pinned = set(NOT_JSON) | set(NEEDS_A_PERSON) | set(REACH_VALID) | NOT_A_PREDECESSOR
    assert pinned == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(NEEDS_A_PERSON))
def test_official_items_need_a_person_and_the_notes_say_what(name: str) -> None:
    report = migrate(json.loads(EXAMPLES[name].read_text()))
    assert {note.location for note in report.unmigrated} == NEEDS_A_PERSON[name]
    assert not full_verdict(report.document)


@pytest.mark.parametrize("name", sorted(REACH_VALID))
def test_official_collections_reach_a_valid_latest_document(name: str) -> None:
    report = migrate(json.loads(EXAMPLES[name].read_text()))
    assert {note.location for note in report.unmigrated} == REACH_VALID[name]
    assert not report.errors
    assert full_verdict(report.document), full_errors(report.document)
    MLMCollection.model_validate(report.document)


def test_the_dlm_beta2_collection_declares_no_predecessor() -> None:
    document = json.loads(EXAMPLES["dlm-v1.0.0-beta2/collection.json"].read_text())
    with pytest.raises(ValueError, match="the document declares no MLM release"):
        migrate(document)


@pytest.mark.parametrize("name", sorted(NOT_JSON))
def test_official_files_that_are_not_json_give_a_located_error(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        load(EXAMPLES[name].read_text())
    [error] = caught.value.errors()
    assert (error["type"], error["msg"]) == ("json_invalid", NOT_JSON[name])


@pytest.mark.parametrize("command", ["validate", "migrate"])
@pytest.mark.parametrize("name", sorted(NOT_JSON))
def test_the_cli_says_where_an_official_file_stops_being_json(
    name: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(EXAMPLES[name])
    assert main([command, path]) == 2
    captured = capsys.readouterr()
    assert f"{path}: UNREADABLE {NOT_JSON[name]}\n" in captured.out + captured.err


# ---- load and the CLI ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (dlm_item(), "DLM v1.0.0-beta.3 Item"),
        (ml_model_item(), "ML-Model v1.0.0 Item"),
    ],
)
def test_load_names_the_predecessor_and_says_to_migrate(
    document: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        load(document)
    [error] = caught.value.errors()
    assert error["type"] == "mlm_predecessor"
    assert error["loc"] == ("stac_extensions", 0)
    assert error["msg"] == (
        f"{message}, not MLM (which replaced it): migrate it to MLM with `stac-mlm migrate`"
    )


def _file(tmp_path: Path, document: dict[str, Any]) -> str:
    path = tmp_path / "item.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_validate_recognises_a_predecessor_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, dlm_item())
    assert main(["validate", path]) == 2  # not an MLM document: the table's exit code 2
    assert capsys.readouterr().out == (
        f"{path}: UNSUPPORTED DLM v1.0.0-beta.3 Item, not MLM (which replaced it): migrate it "
        "to MLM with `stac-mlm migrate`\n"
    )


@pytest.mark.parametrize("command", ["validate", "migrate"])
def test_json_records_name_the_predecessor_and_no_release(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, ml_model_item())
    main([command, "--format", "json", path])
    captured = capsys.readouterr()
    lines = (captured.out if command == "validate" else captured.err).splitlines()
    record = json.loads(lines[0])
    assert (record["release"], record["predecessor"]) == (None, "ml-model-1.0.0")
    validator = Draft202012Validator(report_schema())
    for line in lines:
        validator.validate(json.loads(line))


def test_migrate_writes_the_mlm_document_and_says_what_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, dlm_item())
    assert main(["migrate", path]) == 1  # invalid until a person writes what the notes say
    captured = capsys.readouterr()
    assert json.loads(captured.out) == migrate(dlm_item()).document
    assert captured.err.startswith(
        f"{path}: MIGRATED DLM v1.0.0-beta.3 → MLM v1.5.2: 26 changed, 6 unmigrated, 5 invalid\n"
    )


def test_spec_folder_holds_the_predecessor_schemas_named_in_the_code() -> None:
    # the URIs recognised are those of the official schemas (their $id) and examples
    for uri in (DLM_BETA3, ML_MODEL):
        relative = uri.removeprefix("https://")
        assert (spec_dir() / "schemas" / relative).is_file()


@pytest.mark.parametrize(
    ("second", "names"),
    [
        (ML_MODEL, "DLM v1.0.0-beta.3 and ML-Model v1.0.0"),
        (DLM_BETA2, "DLM v1.0.0-beta.2 and DLM v1.0.0-beta.3"),
    ],
)
def test_a_document_declaring_two_predecessors_is_not_migrated(second: str, names: str) -> None:
    """Which predecessor the fields follow is a person's answer: the first URI listed is
    not taken as it (the other's URI was dropped, its fields kept unreported)."""
    document = {
        "type": "Feature",
        "stac_version": "1.0.0",
        "stac_extensions": [DLM_BETA3, second],
        "id": "x",
        "geometry": None,
        "properties": {"datetime": "2020-01-01T00:00:00Z"},
        "links": [],
        "assets": {},
    }
    with pytest.raises(ValueError, match="never guesses") as raised:
        migrate(document)
    assert str(raised.value) == (
        f"the document declares {names}: which one its fields follow is for a person to say "
        "(keep only its URI in stac_extensions), and the migration never guesses"
    )


def test_validate_and_load_say_the_same_of_two_predecessors() -> None:
    """validate does not name the first one listed (and send the user to a migrate that
    refuses): the same words as migrate, located at the first predecessor's URI."""
    document = {
        "type": "Feature",
        "stac_version": "1.0.0",
        "stac_extensions": [ML_MODEL, {"not": "a URI"}, DLM_BETA3],
        "id": "x",
        "geometry": None,
        "properties": {"datetime": "2020-01-01T00:00:00Z"},
        "links": [],
        "assets": {},
    }
    said = (
        "the document declares DLM v1.0.0-beta.3 and ML-Model v1.0.0: which one its fields "
        "follow is for a person to say (keep only its URI in stac_extensions), and the "
        "migration never guesses"
    )
    with pytest.raises(ValidationError) as raised:
        load(document)
    (error,) = raised.value.errors()
    assert (error["loc"], error["msg"]) == (("stac_extensions", 0), said)
    with pytest.raises(ValueError, match="never guesses") as refused:
        migrate(document)
    assert str(refused.value) == said


@pytest.mark.parametrize("kind", [[], {}, 5, None])
def test_a_predecessor_document_whose_type_is_not_a_string_is_a_validation_error(
    kind: Any,
) -> None:
    """``load`` named the kind of document through a dict lookup: a list or an object as
    ``type`` was a TypeError (unhashable), not the located error every document gets."""
    with pytest.raises(ValidationError) as raised:
        load({"type": kind, "stac_extensions": [ML_MODEL]})
    (error,) = raised.value.errors()
    assert error["loc"] == ("stac_extensions", 0)
    assert error["msg"] == (
        "ML-Model v1.0.0, not MLM (which replaced it): migrate it to MLM with `stac-mlm migrate`"
    )


@pytest.mark.parametrize("release", ["1.3.0", "1.5.2"])
def test_an_mlm_document_keeping_dlm_is_said_so_located(release: str) -> None:
    """A document declaring DLM and MLM is read as MLM: its dlm: fields were kept and never
    mentioned. v1.0-v1.3 schemas refuse dlm: keys (validate says so); v1.4+ allow them:
    lint (MLM035) and migrate (unmigrated) say so, each at the URI and at each field."""
    from stac_mlm import lint

    document = copy.deepcopy(example_items(release)["item_basic.json"])
    document["stac_extensions"].append(DLM_BETA3)
    document["properties"]["dlm:runtime"] = {"framework": "pytorch"}
    document["assets"]["model"]["ml-model:x"] = 1
    kept = [
        ("stac_extensions", len(document["stac_extensions"]) - 1),
        ("properties", "dlm:runtime"),
        ("assets", "model", "ml-model:x"),
    ]
    report = migrate(document, artifact_type="torch.save")
    assert [note.location for note in report.unmigrated] == kept
    assert report.unmigrated[1].message.startswith(
        'kept as it is ({"framework": "pytorch"}): a field of an extension MLM replaced'
    )
    assert report.document["properties"]["dlm:runtime"] == {"framework": "pytorch"}  # kept
    found = [(f.location, f.value) for f in lint(document) if f.code == "MLM035"]
    assert found == [
        (kept[0], DLM_BETA3),
        (kept[1], {"framework": "pytorch"}),
        (kept[2], 1),
    ]
    if release == "1.3.0":  # its schema refuses dlm: keys (and not ml-model: ones)
        with pytest.raises(ValidationError) as refused:
            load(document)
        assert [e["loc"] for e in refused.value.errors()] == [("properties", "dlm:runtime")]
    else:
        load(document)  # v1.4+ allow any key outside mlm:
