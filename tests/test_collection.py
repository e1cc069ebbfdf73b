"""MLMCollection: typed MLM summaries (STAC core semantics), assets, item_assets."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from conftest import EXAMPLES
from pydantic import ValidationError
from spec_folder import example_collection, official_validator, official_verdict

from stac_mlm import MLM_SCHEMA_URI
from stac_mlm.collection import ITEM_ASSETS_SCHEMA_URI, MLMCollection

Document = dict[str, Any]


def _declared(collection: Document) -> Document:
    collection = copy.deepcopy(collection)
    collection["stac_extensions"].append(MLM_SCHEMA_URI)
    return collection


@pytest.fixture
def collection() -> Document:
    return _declared(example_collection())


def test_official_example_collection_does_not_declare_mlm_and_is_rejected() -> None:
    document = example_collection()
    assert not official_verdict(document)
    with pytest.raises(ValidationError) as raised:
        MLMCollection.model_validate(document)
    (error,) = raised.value.errors()
    assert error["loc"] == ("stac_extensions",)
    assert error["type"] == "mlm_extension_not_declared"


def test_official_example_collection_declaring_mlm_round_trips(collection: Document) -> None:
    assert official_verdict(collection)
    parsed = MLMCollection.model_validate(collection)
    assert parsed.model_dump(mode="json") == collection
    assert parsed.item_assets["weights"].roles == ["mlm:model", "mlm:weights"]


SUMMARIES = {
    "mlm:tasks": ["classification", "semantic-segmentation"],
    "mlm:accelerator": ["cuda", None],
    "mlm:total_parameters": {"minimum": 0, "maximum": 25_000_000},
    "mlm:memory_size": {"minimum": 1.0, "maximum": 2048},
    "mlm:framework": {"type": "string", "enum": ["PyTorch", "JAX"]},
    "mlm:pretrained": [True, False],
    "mlm:hyperparameters": [{"epochs": 10}],
    "platform": ["sentinel-2a"],
    "gsd": {"minimum": 10, "maximum": 60},
}


def test_stac_core_summaries_are_accepted_where_the_official_schema_is_broken(
    collection: Document,
) -> None:
    # stac-extensions/mlm#218: the official schema checks every summary value as an object
    # of MLM fields, so STAC core array summaries are rejected. STAC core wins here.
    collection["summaries"] = SUMMARIES
    assert not official_verdict(collection)
    broken = {tuple(error.path) for error in official_validator().iter_errors(collection)}
    assert broken <= {("summaries", key) for key in SUMMARIES}
    parsed = MLMCollection.model_validate(collection)
    assert parsed.model_dump(mode="json") == collection
    assert parsed.summaries is not None
    assert parsed.summaries.mlm_tasks == ["classification", "semantic-segmentation"]


def _without_summaries_check(schema: Document) -> Document:
    schema = copy.deepcopy(schema)
    branch = schema["allOf"][1]["then"]["allOf"][0]["properties"]
    del branch["summaries"]
    return schema


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("assets", {"model": {"href": "m.pt", "mlm:artifact_type": "torch.save"}}),
        ("assets", {"model": {"href": "m.pt", "mlm:input": []}}),
        ("assets", {"model": {"href": "m.pt", "mlm:artifact": "x"}}),
        ("assets", {"model": {"href": "m.pt", "mlm:accelerator": "cpu"}}),
        ("item_assets", {"model": {"title": "m", "roles": ["mlm:model"]}}),
        ("item_assets", {"model": {"title": "m", "mlm:name": "no"}}),
        ("item_assets", {"model": {"title": "m", "mlm:compile_method": ""}}),
        ("item_assets", {"model": {"title": "m", "roles": ["data"], "mlm:entrypoint": "a:b"}}),
    ],
)
def test_assets_and_item_assets_agree_with_the_official_collection_branch(
    collection: Document, key: str, value: Any
) -> None:
    collection[key] = value
    validator = type(official_validator())(
        _without_summaries_check(official_validator().schema),
        registry=official_validator()._registry,
    )
    expected = validator.is_valid(collection)
    try:
        MLMCollection.model_validate(collection)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == expected


@pytest.mark.parametrize(
    ("summaries", "loc", "error_type"),
    [
        ({"mlm:input": [{}]}, ("summaries", "mlm:input"), "mlm_never_summarized"),
        (
            {"mlm:artifact_type": ["torch.save"]},
            ("summaries", "mlm:artifact_type"),
            "mlm_never_summarized",
        ),
        ({"mlm:task": ["classification"]}, ("summaries", "mlm:task"), "mlm_unknown_field"),
        ({"mlm:tasks": ["clustering"]}, ("summaries", "mlm:tasks", 0), "enum"),
        ({"mlm:accelerator": ["cpu"]}, ("summaries", "mlm:accelerator", 0), "enum"),
        (
            {"mlm:total_parameters": {"minimum": -1, "maximum": 3}},
            ("summaries", "mlm:total_parameters", "minimum"),
            "greater_than_equal",
        ),
        ({"mlm:pretrained": ["yes"]}, ("summaries", "mlm:pretrained", 0), "bool_type"),
        ({"mlm:tasks": "classification"}, ("summaries", "mlm:tasks"), "stac_summary"),
        ({"platform": "sentinel-2a"}, ("summaries", "platform"), "stac_summary"),
    ],
)
def test_summary_rules(
    collection: Document, summaries: Document, loc: tuple[Any, ...], error_type: str
) -> None:
    collection["summaries"] = summaries
    with pytest.raises(ValidationError) as raised:
        MLMCollection.model_validate(collection)
    assert [(error["loc"], error["type"]) for error in raised.value.errors()] == [(loc, error_type)]


def test_collection_assets_follow_asset_rules_without_role_rules(collection: Document) -> None:
    collection["assets"] = {"code": {"href": "run.py", "mlm:entrypoint": "run:main"}}
    MLMCollection.model_validate(collection)  # no role rule on Collection assets
    collection["assets"] = {"code": {"href": "run.py", "mlm:output": []}}
    with pytest.raises(ValidationError) as raised:
        MLMCollection.model_validate(collection)
    assert raised.value.errors()[0]["loc"] == ("assets", "code", "mlm:output")


def test_temporal_extent_keeps_its_text_and_open_ends(collection: Document) -> None:
    collection["extent"]["temporal"]["interval"] = [["2020-01-01T00:00:00.000+00:00", None]]
    assert MLMCollection.model_validate(collection).model_dump(mode="json") == collection


def _union(key: str) -> list[str]:
    return sorted({task for doc in EXAMPLES.values() for task in doc["properties"][key]})


def test_from_items_on_the_official_examples() -> None:
    built = MLMCollection.from_items(
        EXAMPLES.values(), id="examples", description="Official MLM examples", license="Apache-2.0"
    )
    document = built.model_dump(mode="json")
    assert MLMCollection.model_validate(document).model_dump(mode="json") == document
    summaries = document["summaries"]
    assert summaries["mlm:tasks"] == _union("mlm:tasks")
    counts = [
        d["properties"]["mlm:total_parameters"]
        for d in EXAMPLES.values()
        if "mlm:total_parameters" in d["properties"]
    ]
    assert summaries["mlm:total_parameters"] == {"minimum": min(counts), "maximum": max(counts)}
    assert summaries["mlm:accelerator"] == sorted(
        {
            d["properties"]["mlm:accelerator"]
            for d in EXAMPLES.values()
            if "mlm:accelerator" in d["properties"]
        }
    )
    assert "mlm:input" not in summaries
    assert "mlm:hyperparameters" not in summaries
    assert document["stac_extensions"] == [ITEM_ASSETS_SCHEMA_URI, MLM_SCHEMA_URI]
    assert document["item_assets"]["weights"]["roles"] == ["mlm:model", "mlm:weights"]
    assert document["extent"]["temporal"]["interval"] == [
        ["1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]
    ]
    west, south, east, north = document["extent"]["spatial"]["bbox"][0]
    assert -180 <= west < east <= 180
    assert -90 <= south < north <= 90


def test_from_items_keeps_other_fields_and_summaries() -> None:
    built = MLMCollection.from_items(
        [EXAMPLES["item_basic.json"]],
        id="one",
        description="One model",
        license="MIT",
        title="A title",
        summaries={"platform": ["sentinel-2a"]},
    )
    document = built.model_dump(mode="json")
    assert document["title"] == "A title"
    assert document["summaries"]["platform"] == ["sentinel-2a"]
    assert json.loads(built.model_dump_json()) == document


def test_no_item_is_no_collection_unless_its_extent_is_given() -> None:
    """Nothing states an extent for zero Items: no whole-world box is invented."""
    with pytest.raises(ValueError, match="no Items were summarized: a Collection's extent"):
        MLMCollection.from_items([], id="models", description="Models", license="MIT")
    extent = {"spatial": {"bbox": [[0, 0, 1, 1]]}, "temporal": {"interval": [[None, None]]}}
    collection = MLMCollection.from_items(
        [], id="models", description="Models", license="MIT", extent=extent
    )
    assert collection.model_dump(mode="json")["extent"] == extent
