"""stac_mlm.lint (package stac_mlm.linting): every rule fires where it should (located, with
on a near miss; the official examples give the findings the README lists; nothing crashes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spec_folder import PROJECT_ROOT, spec_dir

import stac_mlm
from stac_mlm.linting import FAMILIES, RULES, LintFinding, lint, selected

MLM = "https://stac-extensions.github.io/mlm/v1.5.2/schema.json"
EXTENSIONS = [
    MLM,
    "https://stac-extensions.github.io/file/v2.1.0/schema.json",
    "https://stac-extensions.github.io/scientific/v1.0.0/schema.json",
    "https://stac-extensions.github.io/processing/v1.2.0/schema.json",
]
SOURCE = "https://raw.githubusercontent.com/org/repo/v1.0/predict.py"


def clean_item() -> dict[str, Any]:
    """An MLM Item that follows every recommendation: no rule fires on it."""
    return {
        "stac_version": "1.1.0",
        "stac_extensions": list(EXTENSIONS),
        "type": "Feature",
        "id": "unet-fields",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]],
        },
        "bbox": [0, 0, 10, 10],
        "properties": {
            "datetime": "2024-05-01T00:00:00Z",
            "start_datetime": "2020-01-01T00:00:00Z",
            "end_datetime": "2023-12-31T23:59:59Z",
            "description": "Field boundaries.",
            "sci:doi": "10.1000/182",
            "processing:level": "L2A",
            "processing:lineage": "Sentinel-2 L2A surface reflectance",
            "bands": [{"name": "B04"}, {"name": "B08"}],
            "mlm:name": "unet-fields",
            "mlm:architecture": "U-Net",
            "mlm:tasks": ["semantic-segmentation"],
            "mlm:framework": "PyTorch",
            "mlm:pretrained": True,
            "mlm:pretrained_source": "EuroSAT",
            "mlm:accelerator": "cuda",
            "mlm:input": [
                {
                    "name": "red and near infrared",
                    "bands": ["B04", "B08"],
                    "input": {
                        "shape": [-1, 2, 64, 64],
                        "dim_order": ["batch", "bands", "height", "width"],
                        "data_type": "float32",
                    },
                    "value_scaling": None,
                    "resize_type": None,
                    "pre_processing_function": None,
                }
            ],
            "mlm:output": [
                {
                    "name": "fields",
                    "tasks": ["semantic-segmentation"],
                    "result": {
                        "shape": [-1, 2, 64, 64],
                        "dim_order": ["batch", "class", "height", "width"],
                        "data_type": "float32",
                    },
                    "classification:classes": [{"value": 0, "name": "background"}],
                }
            ],
        },
        "assets": {
            "mlm:model": {
                "href": "https://example.com/unet.pt",
                "type": "application/octet-stream; framework=pytorch",
                "roles": ["mlm:model", "model", "mlm:weights", "weights"],
                "mlm:artifact_type": "torch.save",
                "file:size": 1234,
                "file:checksum": "1220" + "0" * 64,
            },
            "mlm:source_code": {
                "href": SOURCE,
                "type": "text/x-python",
                "roles": ["mlm:source_code", "code"],
            },
        },
        "links": [
            {"rel": "example", "href": SOURCE},
            {"rel": "self", "href": "./unet-fields.json"},
        ],
    }


def clean_collection() -> dict[str, Any]:
    return {
        "type": "Collection",
        "stac_version": "1.1.0",
        "stac_extensions": [
            MLM,
            "https://stac-extensions.github.io/item-assets/v1.0.0/schema.json",
        ],
        "id": "models",
        "description": "Models.",
        "license": "MIT",
        "extent": {
            "spatial": {"bbox": [[0, 0, 10, 10]]},
            "temporal": {"interval": [[None, None]]},
        },
        "summaries": {"mlm:name": ["unet-fields"]},
        "links": [
            {"rel": "self", "href": "./collection.json"},
            {"rel": "item", "href": "./unet-fields.json", "title": "U-Net"},
        ],
    }


Edit = Callable[[dict[str, Any]], None]


def at(document: dict[str, Any], *path: str | int) -> Any:
    for key in path:
        document = document[key]  # type: ignore[index]
    return document


def put(*path: str | int, value: Any) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        at(document, *path[:-1])[path[-1]] = value

    return edit


def drop(*path: str | int) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        del at(document, *path[:-1])[path[-1]]

    return edit


def both(*edits: Edit) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        for one in edits:
            one(document)

    return edit


def nothing(document: dict[str, Any]) -> None:
    """No change: the clean document itself."""


def as_product(document: dict[str, Any]) -> None:
    """The clean Item made a product of a model: MLM not declared, no mlm: field, its one
    asset the model's output (L4, a stac-mlm expression)."""
    document["stac_extensions"] = EXTENSIONS[1:]
    properties = document["properties"]
    document["properties"] = {k: v for k, v in properties.items() if not k.startswith("mlm:")}
    document["assets"] = {
        "map": {
            "href": "map.tif",
            "processing:level": "L4",
            "processing:expression": {"format": "stac-mlm", "expression": "m.json"},
        }
    }


#: A link to the model ``m.json`` (named ``m``), as a product (or a tuned model) gives it.
MODEL_LINK = {"rel": "derived_from", "href": "m.json", "mlm:name": "m"}

P, IN, OUT = "properties", ("properties", "mlm:input", 0), ("properties", "mlm:output", 0)
MODEL, CODE = ("assets", "mlm:model"), ("assets", "mlm:source_code")
COLLECTION = "collection"


@dataclass(frozen=True)
class Case:
    """A rule's two tests: ``fire`` makes it fire at ``location`` (with ``says`` in its
    message), ``quiet`` is a near miss on which it must not fire."""

    code: str
    fire: Edit
    location: tuple[str | int, ...]
    says: str
    quiet: Edit = nothing
    base: str = "item"
    path: str | None = None


CASES = [
    Case(
        "MLM001",
        put(*IN, "input", "shape", 2, value=0),
        (*IN, "input", "shape", 2),
        "greater than 0",
        put(*IN, "input", "shape", 2, value=-1),
    ),
    Case(
        "MLM002",
        put(*IN, "input", "shape", value=[-1, 2, 64]),
        (*IN, "input", "dim_order"),
        "shape has 3",
        put(*IN, "input", "shape", value=[1, 2, 3, 4]),
    ),
    Case(
        "MLM003",
        put(*IN, "bands", value=["B04", "B8A"]),
        (*IN, "bands"),
        "1 band name(s)",
        put(*IN, "bands", value=["B04", {"name": "B08"}]),
    ),
    Case(
        "MLM004",
        put(*IN, "variables", value=["t2m"]),
        (*IN, "variables"),
        "not keys of cube:variables",
        both(
            put(*IN, "variables", value=["t2m"]),
            put(P, "cube:variables", value={"t2m": {}}),
            put(P, "cube:dimensions", value={}),
        ),
    ),
    Case(
        "MLM005",
        put(P, "cube:variables", value={"t2m": {}}),
        (P, "cube:variables"),
        "cube:dimensions",
        both(put(P, "cube:variables", value={"t2m": {}}), put(P, "cube:dimensions", value={})),
    ),
    Case(
        "MLM006",
        put(P, "mlm:accelerator", value="cpu"),
        (P, "mlm:accelerator"),
        '"amd64"',
        put(P, "mlm:accelerator", value="amd64"),
    ),
    Case(
        "MLM007",
        lambda d: at(d, *OUT).update({"classification_classes": []}),
        (*OUT, "classification_classes"),
        "classification:classes",
    ),
    Case(
        "MLM008",
        drop(P, "mlm:pretrained_source"),
        (P, "mlm:pretrained"),
        "pretrained_source",
        both(
            drop(P, "mlm:pretrained_source"),
            put(P, "mlm:pretrained", value=False),
            put(P, "mlm:pretrained_source", value=None),
        ),
    ),
    Case(
        "MLM009",
        put(P, "mlm:pretrained", value=False),
        (P, "mlm:pretrained_source"),
        "null explicitly",
        both(put(P, "mlm:pretrained", value=False), put(P, "mlm:pretrained_source", value=None)),
    ),
    Case(
        "MLM010",
        put(P, "mlm:accelerator", value="amd64"),
        (P, "mlm:accelerator_constrained"),
        "set mlm:accelerator_constrained to true",
        both(
            put(P, "mlm:accelerator", value="amd64"),
            put(P, "mlm:accelerator_constrained", value=True),
        ),
    ),
    Case(
        "MLM011",
        both(
            put(P, "mlm:accelerator", value=None), put(P, "mlm:accelerator_constrained", value=True)
        ),
        (P, "mlm:accelerator_constrained"),
        "no accelerator to be constrained to",
        put(P, "mlm:accelerator", value=None),
    ),
    Case(
        "MLM012",
        put(P, "mlm:tasks", value=["semantic-segmentation", "change-detection"]),
        (P, "mlm:tasks", 1),
        "used sparingly",
        put(P, "mlm:tasks", value=["semantic-segmentation", "detection"]),
    ),
    Case(
        "MLM013",
        put(P, "mlm:tasks", value=["semantic-segmentation", "Change Detection"]),
        (P, "mlm:tasks", 1),
        "lowercase",
        put(P, "mlm:tasks", value=["semantic-segmentation", "change-detection"]),
    ),
    Case(
        "MLM014",
        put(*OUT, "tasks", value=["segmentation"]),
        (*OUT, "tasks", 0),
        "subset of mlm:tasks",
        both(
            put(*OUT, "tasks", value=["segmentation"]), put(P, "mlm:tasks", value=["segmentation"])
        ),
    ),
    Case(
        "MLM015",
        both(
            put(*OUT, "tasks", value=["classification"]),
            put(P, "mlm:tasks", value=["classification"]),
        ),
        (*OUT, "tasks"),
        '"semantic-segmentation"',
        both(
            put(*OUT, "tasks", value=["classification"]),
            put(P, "mlm:tasks", value=["classification"]),
            put(*OUT, "result", "dim_order", value=["batch", "class", "score", "confidence"]),
        ),
    ),
    Case(
        "MLM016",
        put(P, "mlm:framework", value="pytorch"),
        (P, "mlm:framework"),
        '"PyTorch"',
        put(P, "mlm:framework", value="my-framework"),
    ),
    Case(
        "MLM017",
        both(
            put(*IN, "variables", value=["B04"]),
            put(P, "cube:variables", value={"B04": {}}),
            put(P, "cube:dimensions", value={}),
        ),
        (*IN, "variables"),
        "distinct names",
        both(
            put(*IN, "variables", value=["t2m"]),
            put(P, "cube:variables", value={"t2m": {}}),
            put(P, "cube:dimensions", value={}),
        ),
    ),
    Case("MLM018", drop(*IN, "bands"), IN, '"bands": []', put(*IN, "bands", value=[])),
    Case(
        "MLM019",
        drop(*IN, "resize_type"),
        IN,
        "resize_type not given",
        put(*IN, "resize_type", value="crop"),
    ),
    Case(
        "MLM020",
        put(*IN, "value_scaling", value=[{"type": "scale", "value": 2}] * 3),
        (*IN, "value_scaling"),
        "3 value scaling object(s) for 2",
        put(*IN, "value_scaling", value=[{"type": "scale", "value": 2}]),
    ),
    Case(
        "MLM021",
        put(*IN, "input", "dim_order", 2, value="rows"),
        (*IN, "input", "dim_order", 2),
        "common dimension names",
        put(*IN, "input", "dim_order", 2, value="y"),
    ),
    Case(
        "MLM022",
        lambda d: d["assets"].update({"copy": copy.deepcopy(d["assets"]["mlm:model"])}),
        ("assets", "copy", "mlm:artifact_type"),
        "same mlm:artifact_type",
        both(
            lambda d: d["assets"].update({"copy": copy.deepcopy(d["assets"]["mlm:model"])}),
            put("assets", "copy", "mlm:artifact_type", value="torch.jit.save"),
        ),
    ),
    Case(
        "MLM023",
        put(*MODEL, "roles", value=["mlm:model", "model"]),
        (*MODEL, "roles"),
        "mlm:compiled",
        put(*MODEL, "roles", value=["mlm:model", "model", "mlm:compiled"]),
    ),
    Case("MLM024", put(*MODEL, "type", value="application/x-pytorch"), (*MODEL, "type"), "406"),
    Case(
        "MLM025",
        put(*MODEL, "type", value="application/octet-stream; application=pytorch"),
        (*MODEL, "type"),
        "framework=pytorch",
        put(*MODEL, "type", value="application/octet-stream;framework=pytorch"),
    ),
    Case(
        "MLM026",
        put(*CODE, "href", value="https://github.com/org/repo/blob/v1.0/predict.py"),
        (*CODE, "href"),
        "raw",
        put(*CODE, "href", value="https://github.com/org/repo/raw/v1.0/predict.py"),
    ),
    Case(
        "MLM027",
        put(*CODE, "href", value="https://github.com/org/repo.git"),
        (*CODE, "href"),
        "commit, release, branch or tag",
        put(*CODE, "href", value="https://github.com/org/repo/tree/v1.0"),
    ),
    Case(
        "MLM028",
        drop(*CODE, "type"),
        CODE,
        "media type of the code",
        put(*CODE, "type", value="text/html"),
    ),
    Case(
        "MLM029",
        lambda d: d["assets"].update({"weights": d["assets"].pop("mlm:model")}),
        ("assets", "weights"),
        '"mlm:model"',
        lambda d: d["assets"].update({"weights": {"href": "x.pt", "roles": ["data"]}}),
    ),
    Case(
        "MLM030",
        lambda d: d["assets"].pop("mlm:source_code"),
        ("assets",),
        "strongly recommended",
        lambda d: d["assets"].update(
            {"mlm:source_code": {"href": "docker.io/x:1", "roles": ["runtime"]}}
        ),
    ),
    Case(
        "MLM031",
        put("stac_extensions", value=[MLM]),
        ("stac_extensions",),
        "almost never",
        put("stac_extensions", value=[MLM, EXTENSIONS[1]]),
    ),
    Case(
        "MLM032",
        put(P, "eo:bands", value=[{"name": "B04"}]),
        (P, "eo:bands"),
        "on the mlm:model asset",
        both(
            put(P, "eo:bands", value=[{"name": "B04"}]),
            put(*MODEL, "eo:bands", value=[{"name": "B04"}]),
        ),
    ),
    Case(
        "MLM033",
        drop(*OUT, "classification:classes"),
        OUT,
        "classification:classes",
        both(
            drop(*OUT, "classification:classes"),
            put(*OUT, "tasks", value=["regression"]),
            put(P, "mlm:tasks", value=["regression"]),
        ),
    ),
    Case(
        "MLM034",
        put(*CODE, "roles", value=["mlm:source_code", "metadata"]),
        (*CODE, "roles"),
        "mlm:source_code → code",
        put(*CODE, "roles", value=["code"]),
    ),
    Case(
        "MLM035",
        put(*MODEL, "dlm:runtime", value={"framework": "pytorch"}),
        (*MODEL, "dlm:runtime"),
        "MLM does not read it",
        put(*MODEL, "dl:runtime", value={"framework": "pytorch"}),  # not a predecessor's key
    ),
    Case(
        "BP001",
        both(drop(P, "start_datetime"), drop(P, "end_datetime")),
        (P,),
        "start_datetime",
        drop(P, "start_datetime"),
    ),
    Case(
        "BP002",
        both(drop(P, "processing:level"), drop(P, "processing:lineage")),
        (P,),
        "processing:lineage",
        both(
            drop(P, "processing:level"),
            drop(P, "processing:lineage"),
            lambda d: d["links"].append(
                {"rel": "derived_from", "href": "s2.json", "processing:level": "L2A"}
            ),
        ),
    ),
    Case(
        "BP003",
        put(
            "assets",
            "map",
            value={
                "href": "map.tif",
                "processing:expression": {"format": "stac-mlm", "expression": "model.json"},
            },
        ),
        ("assets", "map", "processing:level"),
        '"L4"',
        put(
            "assets",
            "map",
            value={
                "href": "map.tif",
                "processing:level": "L4",
                "processing:expression": {"format": "stac-mlm", "expression": "model.json"},
            },
        ),
    ),
    Case(
        "BP004",
        both(as_product, lambda d: d["links"].append(MODEL_LINK)),
        ("links", 2, "processing:level"),
        '"L4"',
        # an MLM Item linking to the model it was tuned from is no output of that model
        lambda d: d["links"].append(MODEL_LINK),
    ),
    Case(
        "BP005",
        put("stac_extensions", value=[MLM, *EXTENSIONS[2:]]),
        (*MODEL, "file:size"),
        "…/file/…",
        put("stac_extensions", value=[MLM, *EXTENSIONS[1:]]),
    ),
    Case(
        "BP006",
        lambda d: d["stac_extensions"].append(
            "https://stac-extensions.github.io/ml-aoi/v0.2.0/schema.json"
        ),
        ("links",),
        "ml-aoi:split",
        both(
            lambda d: d["stac_extensions"].append(
                "https://stac-extensions.github.io/ml-aoi/v0.2.0/schema.json"
            ),
            lambda d: d["links"].append(
                {
                    "rel": "derived_from",
                    "href": "t.json",
                    "ml-aoi:split": "train",
                    "processing:level": "L2A",
                }
            ),
        ),
    ),
    Case(
        "BP007",
        drop(P, "sci:doi"),
        (P,),
        "sci:doi",
        both(drop(P, "sci:doi"), put(P, "sci:citation", value="x")),
    ),
    Case("BP008", drop(*MODEL, "file:checksum"), MODEL, "file:checksum", drop(*MODEL, "href")),
    Case(
        "BP009",
        lambda d: d["links"].pop(0),
        ("links",),
        '"example"',
        both(
            lambda d: d["links"].pop(0),
            lambda d: d["assets"].pop("mlm:source_code"),
            lambda d: d["assets"].update({"run": {"href": "docker.io/x:1", "roles": ["runtime"]}}),
        ),
    ),
    Case(
        "BP010",
        put(*MODEL, "mlm:artifact_type", value="pickle"),
        (*MODEL, "mlm:artifact_type"),
        "proposed",
        both(
            put(*MODEL, "mlm:artifact_type", value="safetensors.torch.save_file"),
            put(*MODEL, "href", value="https://example.com/unet.safetensors"),
        ),
    ),
    Case(
        "BP011",
        both(
            put(*MODEL, "mlm:artifact_type", value="safetensors.flax.save_file"),
            put(*MODEL, "href", value="https://example.com/unet.safetensors"),
        ),
        (*MODEL, "mlm:artifact_type"),
        "should match mlm:framework",
        both(
            put(*MODEL, "mlm:artifact_type", value="safetensors.torch.save_file"),
            put(*MODEL, "href", value="https://example.com/unet.safetensors"),
        ),
    ),
    Case(
        "BP012",
        put(*MODEL, "href", value="https://example.com/unet.keras"),
        (*MODEL, "href"),
        "*.pt or *.pth",
        put(*MODEL, "href", value="https://huggingface.co/org/unet/resolve/main"),
    ),
    Case(
        "BP013",
        put(*MODEL, "type", value="text/html"),
        (*MODEL, "type"),
        "binary",
        put(*MODEL, "type", value="application/octet-stream"),
    ),
    Case(
        "STAC001",
        put("id", value="UNet_Fields"),
        ("id",),
        "lowercase",
        put("id", value="unet_fields-2"),
    ),
    Case(
        "STAC002",
        put("id", value="org/unet"),
        ("id",),
        "percent-encoded",
        put("id", value="org-unet"),
    ),
    Case(
        "STAC003", nothing, ("id",), "unet-fields.json, not model.json", path="catalog/model.json"
    ),
    Case(
        "STAC004",
        nothing,
        (),
        "collection.json, not models.json",
        base=COLLECTION,
        path="models.json",
    ),
    Case("STAC005", drop("summaries"), ("summaries",), "summaries", base=COLLECTION),
    Case(
        "STAC006",
        put(P, "datetime", value=None),
        (P, "datetime"),
        "should not be null",
        drop(P, "datetime"),
    ),
    Case("STAC007", both(put("geometry", value=None), drop("bbox")), ("geometry",), "every Item"),
    Case(
        "STAC008",
        put("geometry", value=None),
        ("bbox",),
        "no bbox",
        both(put("geometry", value=None), drop("bbox")),
    ),
    Case(
        "STAC009",
        put("bbox", value=[0, 0, 10, 11]),
        ("bbox",),
        "[0, 0, 10, 10]",
        put("bbox", value=[0.0, 0.0, 10.0, 10.0]),
    ),
    Case(
        "STAC010",
        put("bbox", value=[0, 10, 10, 0]),
        ("bbox",),
        "south must not exceed north",
        put("bbox", value=[0, 0, 0, 10, 10, 5]),
    ),
    Case(
        "STAC011",
        put("bbox", value=[10, 0, 0, 10]),
        ("bbox",),
        "antimeridian",
        both(
            put(
                "geometry",
                value={
                    "type": "MultiPolygon",
                    "coordinates": [
                        [[[170, 0], [180, 0], [180, 10], [170, 10], [170, 0]]],
                        [[[-180, 0], [-170, 0], [-170, 10], [-180, 10], [-180, 0]]],
                    ],
                },
            ),
            put("bbox", value=[170, 0, -170, 10]),
        ),
    ),
    Case(
        "STAC012",
        put("geometry", "coordinates", 0, 1, value=[190, 10]),
        ("geometry",),
        "±180",
        put("geometry", "coordinates", 0, 1, value=[-180, 90]),
    ),
    Case(
        "STAC013",
        lambda d: d["links"].extend({"rel": "item", "href": f"{n}.json"} for n in range(19)),
        ("links",),
        "21 links",
        lambda d: d["links"].extend({"rel": "item", "href": f"{n}.json"} for n in range(18)),
    ),
    Case(
        "STAC014",
        drop("links", 1, "title"),
        ("links", 1),
        "title",
        drop("links", 0, "href"),
        base=COLLECTION,
    ),
    Case(
        "STAC015",
        lambda d: d["links"].pop(0),
        ("links",),
        '"self"',
        drop("links", 1),
        base=COLLECTION,
    ),
]


def _base(case: Case) -> dict[str, Any]:
    return clean_collection() if case.base == COLLECTION else clean_item()


def test_the_clean_documents_give_no_finding() -> None:
    assert lint(clean_item(), path="items/unet-fields.json") == []
    assert lint(clean_collection(), path="models/collection.json") == []


def test_every_rule_has_its_two_tests() -> None:
    """The lineage rules (LIN) need a catalog on disk: tests/test_lint_lineage.py has theirs."""
    assert sorted(case.code for case in CASES) == sorted(c for c in RULES if c[:3] != "LIN")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_the_rule_fires(case: Case) -> None:
    document = _base(case)
    case.fire(document)
    found = [finding for finding in lint(document, path=case.path) if finding.code == case.code]
    assert found, f"{case.code} did not fire"
    assert found[0].location == case.location
    assert case.says in found[0].message
    assert found[0].severity == RULES[case.code].severity
    assert found[0].source == RULES[case.code].source


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_the_rule_stays_quiet_on_a_near_miss(case: Case) -> None:
    document = _base(case)
    case.quiet(document)
    quiet_path = None if case.path is None else case.path.rsplit("/", 1)[0] + "/x/"
    path = {"STAC003": "items/unet-fields.json", "STAC004": "a/collection.json"}.get(
        case.code, quiet_path
    )
    assert [f for f in lint(document, path=path) if f.code == case.code] == []


def test_bp004_is_quiet_on_a_product_whose_link_to_its_model_says_l4() -> None:
    product = clean_item()
    as_product(product)
    product["links"].append({**MODEL_LINK, "processing:level": "L4"})
    assert [f.code for f in lint(product) if f.code.startswith("BP")] == []


def test_bp005_reads_a_collection_of_products_summaries_and_item_assets() -> None:
    """A Collection of products (stac_mlm.lineage.as_model_product) has its processing:
    fields in summaries and item_assets only: undeclared, BP005 says so, once."""
    document = clean_collection()
    document["summaries"]["processing:level"] = ["L4"]
    document["item_assets"] = {
        "map": {"processing:expression": {"format": "stac-mlm", "expression": "m.json"}}
    }
    found = [f for f in lint(document) if f.code == "BP005"]
    assert [(f.location, f.value) for f in found] == [
        (("summaries", "processing:level"), "processing:level")
    ]
    del document["summaries"]["processing:level"]
    (only,) = [f for f in lint(document) if f.code == "BP005"]
    assert only.location == ("item_assets", "map", "processing:expression")
    document["stac_extensions"].append(EXTENSIONS[3])
    assert [f for f in lint(document) if f.code == "BP005"] == []


#: An asset restating one field of a pair that the Item gives whole inherits the other
#: field from the Item (MLM README "Notes": the Item-level value is used for the assets
#: that do not override it). Each: the rule, the Item's fields, the asset's, and what
#: makes the rule fire on the asset (the Item's field gone, or the asset's own).
INHERITED = [
    (
        "MLM008",
        {"mlm:pretrained": True, "mlm:pretrained_source": "EuroSAT"},
        {"mlm:pretrained": True},
        drop(P, "mlm:pretrained_source"),
    ),
    (
        "MLM009",
        {"mlm:pretrained": False, "mlm:pretrained_source": None},
        {"mlm:pretrained": False},
        put(*MODEL, "mlm:pretrained_source", value="EuroSAT"),
    ),
    (
        "MLM010",
        {"mlm:accelerator": "amd64", "mlm:accelerator_constrained": True},
        {"mlm:accelerator": "amd64"},
        put(*MODEL, "mlm:accelerator_constrained", value=False),
    ),
]


@pytest.mark.parametrize(
    ("code", "item", "asset", "fire"), INHERITED, ids=[case[0] for case in INHERITED]
)
def test_an_asset_inherits_the_item_fields_it_does_not_override(
    code: str, item: dict[str, Any], asset: dict[str, Any], fire: Edit
) -> None:
    document = clean_item()
    document["properties"].update(item)
    at(document, *MODEL).update(asset)
    assert [f for f in lint(document) if f.code == code] == []
    fire(document)
    assert MODEL in [f.location[:2] for f in lint(document) if f.code == code]


#: The rules whose finding is about something absent: the value (the text's "got …") is
#: null, as the report schema says; BP008 and MLM019 gave the missing fields' names, and
#: STAC014 the link's href, as if found there.
ABSENT = {
    "BP001", "BP002", "BP006", "BP007", "BP008", "BP009", "MLM005", "MLM018", "MLM019",
    "MLM028", "MLM030", "MLM032", "MLM033", "STAC005", "STAC014", "STAC015",
}  # fmt: skip


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.code in ABSENT], ids=lambda case: case.code
)
def test_a_finding_about_something_absent_says_no_value(case: Case) -> None:
    from stac_mlm.cli.lint_card import _finding_line

    document = _base(case)
    case.fire(document)
    (finding, *_) = [f for f in lint(document, path=case.path) if f.code == case.code]
    assert (finding.location, finding.value) == (case.location, None)
    assert "(got" not in _finding_line(finding)


def test_the_missing_fields_are_named_in_the_message_not_as_a_value() -> None:
    document = clean_item()
    del at(document, *MODEL)["file:checksum"]
    del at(document, *IN)["resize_type"]
    found = {f.code: f for f in lint(document) if f.code in ("BP008", "MLM019")}
    assert (found["BP008"].location, found["BP008"].message) == (
        MODEL,
        "file:checksum (File extension) let users check that they got the expected weights",
    )
    assert (found["MLM019"].location, found["MLM019"].message) == (
        IN,
        "resize_type not given: null written explicitly tells users that none applies",
    )


def test_the_value_found_is_given() -> None:
    document = clean_item()
    document["properties"]["mlm:accelerator"] = "cpu"
    (finding,) = [f for f in lint(document) if f.code == "MLM006"]
    assert finding == LintFinding(
        "MLM006",
        "warning",
        ("properties", "mlm:accelerator"),
        'the text lists "cpu" as an alias of "amd64", but the schema accepts only "amd64": '
        'write "amd64"',
        "MLM README: Accelerator Type Enum",
        "cpu",
    )


def test_the_file_name_rules_need_the_path() -> None:
    assert [f.code for f in lint(clean_item(), path="elsewhere.json")] == ["STAC003"]
    assert lint(clean_item()) == []


def test_select_and_ignore_take_codes_and_prefixes_as_ruff_does() -> None:
    document = clean_item()
    document["id"] = "A/B"
    document["properties"]["mlm:framework"] = "pytorch"
    found = lint(document)
    assert [f.code for f in found] == ["MLM016", "STAC001", "STAC002"]
    assert [f.code for f in selected(found, select=["STAC"])] == ["STAC001", "STAC002"]
    assert [f.code for f in selected(found, ignore=["STAC001"])] == ["MLM016", "STAC002"]
    assert [f.code for f in selected(found, ["MLM", "STAC002"], ["MLM01"])] == ["STAC002"]


def test_lint_is_public_and_the_families_register_every_rule() -> None:
    assert stac_mlm.lint is lint
    prefixes = {
        "spec_text": "MLM",
        "best_practices": "BP",
        "stac_hygiene": "STAC",
        "lineage": "LIN",
    }
    for family in FAMILIES:
        name = family.__name__.rsplit(".", 1)[1]
        codes = [code for code, rule in RULES.items() if rule.check.__module__ == family.__name__]
        assert codes
        assert all(code.startswith(prefixes[name]) for code in codes)


@pytest.mark.parametrize("value", [None, 1, "text", [], [{"type": "Feature"}], True])
def test_anything_that_is_not_an_object_gives_no_finding(value: Any) -> None:
    assert lint(value) == []


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    path=st.sampled_from(_paths(clean_item()) + _paths(clean_collection())),
    value=JSON,
    collection=st.booleans(),
)
def test_any_value_anywhere_never_crashes_lint(
    path: tuple[Any, ...], value: Any, collection: bool
) -> None:
    document = clean_collection() if collection else clean_item()
    try:
        parent = at(document, *path[:-1])
        parent[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        return  # that path is in the other document
    for finding in lint(document, path="x.json"):
        assert finding.code in RULES
        assert isinstance(finding.message, str)
        json.dumps(finding.value)  # the JSON records can hold it


def _official(version: str) -> dict[str, dict[str, Any]]:
    folder = spec_dir() / "examples" / f"mlm-v{version}"
    return {path.name: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}


#: What fires on each official v1.5.2 example, linted with its file name (README, Lint).
OFFICIAL_V1_5_2 = {
    "collection.json": ["STAC014"],
    "item_bands_expression.json": [
        "BP002",
        "BP007",
        "BP008",
        "MLM007",
        "MLM014",
        "MLM016",
        "MLM019",
        "MLM025",
        "MLM029",
        "MLM030",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
    "item_basic.json": [
        "BP002",
        "BP007",
        "BP008",
        "BP013",
        "MLM007",
        "MLM019",
        "MLM023",
        "MLM029",
        "MLM030",
        "MLM031",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
    "item_datacube_variables.json": [
        "BP002",
        "BP007",
        "BP008",
        "BP009",
        "MLM004",
        "MLM016",
        "MLM019",
        "MLM025",
        "MLM029",
        "MLM034",
        "STAC001",
        "STAC003",
        "STAC006",
        "STAC009",
        "STAC010",
        "STAC012",
    ],
    "item_eo_and_raster_bands.json": [
        "BP002",
        "BP007",
        "BP008",
        "BP009",
        "MLM007",
        "MLM016",
        "MLM025",
        "MLM026",
        "MLM029",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
    "item_eo_bands.json": [
        "BP002",
        "BP007",
        "BP008",
        "BP009",
        "MLM007",
        "MLM016",
        "MLM025",
        "MLM026",
        "MLM029",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
    "item_eo_bands_summarized.json": [
        "BP002",
        "BP007",
        "BP008",
        "BP009",
        "MLM007",
        "MLM016",
        "MLM025",
        "MLM026",
        "MLM029",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
    "item_multi_io.json": [
        "BP002",
        "BP007",
        "BP008",
        "MLM003",
        "MLM007",
        "MLM014",
        "MLM016",
        "MLM019",
        "MLM025",
        "MLM029",
        "MLM030",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
    "item_pytorch_geo_unet.json": [
        "BP002",
        "BP007",
        "BP008",
        "BP009",
        "MLM008",
        "MLM019",
        "MLM021",
        "MLM025",
        "MLM027",
        "MLM029",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
    "item_raster_bands.json": [
        "BP002",
        "BP007",
        "BP008",
        "BP009",
        "MLM007",
        "MLM016",
        "MLM025",
        "MLM026",
        "MLM029",
        "MLM034",
        "STAC003",
        "STAC006",
    ],
}


def test_the_official_v1_5_2_examples_give_what_the_readme_lists() -> None:
    found = {
        name: sorted({f.code for f in lint(document, path=name)})
        for name, document in _official("1.5.2").items()
    }
    assert found == OFFICIAL_V1_5_2


def test_the_readme_table_of_the_official_examples_is_this_one() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    for name, codes in OFFICIAL_V1_5_2.items():
        assert f"| `{name}` | {', '.join(codes)} |" in readme


def test_the_readme_lists_every_rule() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    for code, rule in RULES.items():
        assert f"| {code} | {rule.severity} | {rule.source} |" in readme


def test_the_datacube_example_box_is_located() -> None:
    document = _official("1.5.2")["item_datacube_variables.json"]
    (order,) = [f for f in lint(document) if f.code == "STAC010"]
    assert order.location == ("bbox",)
    assert order.value == [233.6, 54.2, 297.5, 22.6]


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.5.1"])
def test_every_older_official_example_is_linted(version: str) -> None:
    for name, document in _official(version).items():
        codes = {f.code for f in lint(document, path=name)}
        assert codes <= set(RULES)
        misspelled = "classification_classes" in json.dumps(document)
        assert ("MLM007" in codes) == misspelled, name


@pytest.mark.parametrize("version", ["1.0.0", "1.3.0", "1.4.0"])
def test_value_scaling_is_asked_of_the_releases_that_have_it(version: str) -> None:
    """value_scaling came with v1.4.0 (replacing norm_type): MLM019 does not ask a v1.3.0
    document for a field its release does not define."""
    document = _official(version)["item_eo_bands.json"]
    entry = document["properties"]["mlm:input"][0]
    entry.pop("value_scaling", None)
    entry.pop("resize_type")
    (finding,) = [f for f in lint(document) if f.code == "MLM019"]
    assert finding.location == ("properties", "mlm:input", 0)
    missing = "value_scaling, resize_type" if version == "1.4.0" else "resize_type"
    assert finding.message.startswith(f"{missing} not given: null written explicitly")


def test_a_virtual_band_made_by_an_expression_needs_no_band_definition() -> None:
    """MLM003 skips a band that carries an expression (the text's "virtual band"), and still
    names the plain band beside it."""
    document = clean_item()
    virtual = {"name": "NDVI", "format": "gdal-calc", "expression": "(B08 - B04) / (B08 + B04)"}
    put(*IN, "bands", value=["B04", virtual, "B8A"])(document)
    (finding,) = [f for f in lint(document) if f.code == "MLM003"]
    assert finding.location == (*IN, "bands")
    assert finding.value == ["B8A"]


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("dlm:runtime", "a field of DLM, the extension MLM replaced: MLM does not read it "
         "(MLM v1.0.0 to v1.3.0 refuse dlm: keys); give what it says as the MLM fields that "
         "replace it (MLM's legacy guide dlm.md maps each one), then remove it"),
        ("ml-model:type", "a field of ML-Model, the extension MLM replaced: MLM does not read "
         "it; give what it says as the MLM fields that replace it (MLM's legacy guide "
         "ml-model.md maps each one), then remove it"),
    ],
)  # fmt: skip
def test_a_predecessors_field_kept_is_named_with_its_extension_and_guide(
    key: str, says: str
) -> None:
    """An ml-model: key was told that "v1.0.0–v1.3.0 refuse dlm: keys"."""
    item = clean_item()
    item["properties"][key] = "kept"
    (finding,) = [f for f in lint(item) if f.code == "MLM035"]
    assert finding.location == ("properties", key)
    assert finding.message == says
