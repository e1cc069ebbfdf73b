"""Typed construction: Python names, no aliases or schema URI written by hand."""

from __future__ import annotations

import copy
import pickle
from datetime import timedelta

import pytest
from pydantic import MISSING, ValidationError
from spec_folder import official_verdict

from stac_mlm import (
    MLM_SCHEMA_URI,
    AssetRole,
    DataType,
    InputStructure,
    MLMAsset,
    MLMItem,
    MLMItemProperties,
    MLMLink,
    ModelInput,
    ModelOutput,
    ResultStructure,
    Task,
    ValueScalingMinMax,
)
from stac_mlm.example import example_item


def _properties(**extra: object) -> MLMItemProperties:
    return MLMItemProperties(
        datetime=None,
        start_datetime="2020-01-01T00:00:00Z",
        end_datetime="2021-01-01T00:00:00Z",
        mlm_name="tiny-model",
        mlm_architecture="MLP",
        mlm_tasks=[Task.REGRESSION],
        mlm_input=[
            ModelInput(
                name="features",
                input=InputStructure(
                    shape=[-1, 8], dim_order=["batch", "feature"], data_type="float32"
                ),
                value_scaling=[ValueScalingMinMax(type="min-max", minimum=0, maximum=1)],
            )
        ],
        mlm_output=[
            ModelOutput(
                name="estimate",
                tasks=[Task.REGRESSION],
                result=ResultStructure(
                    shape=[-1, 1], dim_order=["batch", "value"], data_type=DataType.FLOAT32
                ),
            )
        ],
        **extra,
    )


def _item(**extra: object) -> MLMItem:
    return MLMItem(
        id="tiny",
        geometry=None,
        properties=_properties(),
        assets={
            "model": MLMAsset(
                href="model.pt", roles=[AssetRole.MODEL], mlm_artifact_type="torch.save"
            )
        },
        **extra,
    )


def test_built_item_declares_mlm_and_is_valid_for_the_official_schema() -> None:
    document = _item().model_dump(mode="json")
    assert document["stac_extensions"] == [MLM_SCHEMA_URI]
    assert document["type"] == "Feature"
    assert document["links"] == []
    assert official_verdict(document)
    assert MLMItem.model_validate(document).model_dump(mode="json") == document


def test_stac_version_1_0_0_is_filled_in_and_named_when_bands_need_1_1() -> None:
    """stac-pydantic's default: an Item built from a STAC 1.1.0 Item's fields, without its
    stac_version, is a STAC 1.0.0 Item, whose properties cannot define bands."""
    assert _item().stac_version == "1.0.0"
    item = example_item()
    assert item.stac_version == "1.1.0"
    fields = {name: getattr(item, name) for name in item.model_fields_set - {"stac_version"}}
    with pytest.raises(ValidationError) as error:
        MLMItem(**fields)
    ((loc, message),) = [(line["loc"], line["msg"]) for line in error.value.errors()]
    assert loc == ("properties", "mlm:input")
    assert message.endswith(
        'or use STAC 1.1 or later with bands in properties (this Item\'s stac_version is "1.0.0")'
    )
    assert MLMItem(**fields, stac_version="1.1.0") == item


def test_given_extensions_are_kept_and_mlm_is_added() -> None:
    eo = "https://stac-extensions.github.io/eo/v1.1.0/schema.json"
    assert _item(stac_extensions=[eo]).stac_extensions == [eo, MLM_SCHEMA_URI]


def test_unset_fields_are_missing_and_never_dumped() -> None:
    properties = _properties()
    assert properties.mlm_accelerator is MISSING
    dumped = properties.model_dump(mode="json")
    assert "mlm:accelerator" not in dumped
    assert "mlm:pretrained" not in dumped


def test_explicit_null_is_kept() -> None:
    dumped = _properties(mlm_accelerator=None).model_dump(mode="json")
    assert dumped["mlm:accelerator"] is None


def test_construction_validates_with_the_same_rules() -> None:
    with pytest.raises(ValidationError) as raised:
        InputStructure(shape=[1, 2], dim_order=["x", "x"], data_type="float32")
    assert raised.value.errors()[0]["loc"] == ("dim_order", 1)
    with pytest.raises(ValidationError):
        MLMItem(
            id="no-model", geometry=None, properties=_properties(), assets={"a": MLMAsset(href="a")}
        )


def test_parsing_never_reads_python_names() -> None:
    with pytest.raises(ValidationError) as raised:
        ModelInput.model_validate(
            {
                "name": "x",
                "input": {"shape": [1], "dim_order": ["x"], "data_type": "int8"},
                "value_scaling": 5,
                "mlm_name": 1,
            }
        )
    assert [error["loc"] for error in raised.value.errors()] == [("value_scaling",)]


def test_derived_from_link() -> None:
    link = MLMLink.derived_from("https://example.com/base.json", "base-model")
    assert link.model_dump(mode="json") == {
        "href": "https://example.com/base.json",
        "rel": "derived_from",
        "mlm:name": "base-model",
    }


def test_models_pickle_and_compare_equal() -> None:
    item = example_item()
    assert pickle.loads(pickle.dumps(item)) == item


def test_read_datetimes_keep_their_text_through_pickle_and_copies() -> None:
    document = example_item().model_dump(mode="json")
    document["properties"]["datetime"] = "2024-01-01T00:00:00.000Z"
    item = MLMItem.model_validate(document)
    for other in (pickle.loads(pickle.dumps(item)), copy.copy(item), copy.deepcopy(item)):
        assert other == item
        assert other.model_dump(mode="json") == document


def test_a_datetime_computed_from_a_read_one_is_written_in_the_usual_format() -> None:
    document = example_item().model_dump(mode="json")
    document["properties"]["datetime"] = "2024-01-01T00:00:00.000Z"
    item = MLMItem.model_validate(document)
    item.properties.datetime = item.properties.datetime + timedelta(hours=1)
    assert item.model_dump(mode="json")["properties"]["datetime"] == "2024-01-01T01:00:00Z"
