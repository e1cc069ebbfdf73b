"""Messages for people, and the round trip outside MLM: the cases of issue #11 one by one.

Each test states the verdict, the location and the message (or the exact dump) it expects;
the differential tests prove the verdicts at scale, these prove the words.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from conftest import EXAMPLES
from pydantic import ValidationError
from spec_folder import example_collection, full_verdict, spec_dir

import stac_mlm
from stac_mlm import MLM_SCHEMA_URI, MLMCollection, MLMItem
from stac_mlm.releases import mlm_schema_uri

Document = dict[str, Any]
INPUT = ("properties", "mlm:input", 0)


def _basic() -> Document:
    return copy.deepcopy(EXAMPLES["item_basic.json"])


def _errors(document: Document) -> list[Any]:
    assert not full_verdict(document), "the official schemas accept this document"
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate(document)
    return raised.value.errors()


def test_the_title_says_what_was_checked() -> None:
    document = _basic()
    document["properties"]["mlm:tasks"] = ["clustering"]
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate(document)
    assert str(raised.value).startswith("1 validation error for MLM v1.5.2 Item\n")


def test_allowed_values_are_listed_once_per_report() -> None:
    document = _basic()
    document["properties"]["mlm:tasks"] = ["a", "b"]
    first, second = _errors(document)
    assert first["loc"] == ("properties", "mlm:tasks", 0)
    assert first["msg"].startswith('Input should be "regression", "classification"')
    assert first["msg"].endswith('(got "a")')
    assert second["msg"] == (
        'Input should be one of the values listed at properties → mlm:tasks → 0 (got "b")'
    )


def test_no_python_repr_class_name_or_pydantic_prefix() -> None:
    document = _basic()
    document["properties"]["mlm:tasks"] = ["classification", "classification"]
    document["properties"]["mlm:input"][0]["pre_processing_function"] = "clip(x)"
    document["properties"]["mlm:input"][0]["bands"] = [5]
    texts = [error["msg"] for error in _errors(document)]
    assert texts, "no errors"
    for text in texts:
        for python_only in ("<", "Value error", "instance of", "Expression", "ModelBand"):
            assert python_only not in text, text


def test_the_offending_value_is_shown_shortened() -> None:
    document = _basic()
    document["properties"]["mlm:name"] = "x" * 500 + "!"
    document["properties"]["mlm:architecture"] = 7
    errors = {error["loc"]: error["msg"] for error in _errors(document)}
    assert errors[("properties", "mlm:architecture")] == "Input should be a valid string (got 7)"
    assert len(errors[("properties", "mlm:name")]) < 300
    assert errors[("properties", "mlm:name")].endswith("xxx…)")


def test_bbox_with_three_numbers_keeps_its_location() -> None:
    document = _basic()
    document["bbox"] = [0, 0, 0]
    [error] = _errors(document)
    assert (error["loc"], error["type"]) == (("bbox",), "stac_bbox")
    assert error["msg"] == "bbox must have 4 or 6 numbers (got [0, 0, 0])"


def test_datetime_not_in_utc_is_refused_with_its_rule() -> None:
    document = _basic()
    document["properties"]["datetime"] = "2024-01-01T00:00:00+05:45"
    [error] = _errors(document)
    assert error["loc"] == ("properties", "datetime")
    assert '"Z" or "+00:00"' in error["msg"]
    assert error["msg"].endswith('(got "2024-01-01T00:00:00+05:45")')


def test_a_second_declared_release_is_checked_too() -> None:
    document = _basic()
    document["stac_extensions"].append("https://stac-extensions.github.io/mlm/v1.4.0/schema.json")
    document["properties"]["mlm:tasks"] = ["downscaling"]
    [error] = _errors(document)
    assert error["loc"] == ("properties", "mlm:tasks", 0)
    assert error["msg"].startswith("MLM v1.4.0 Item: Input should be")


def test_numbers_and_geometry_members_come_back_as_written() -> None:
    document = _basic()
    document["bbox"] = [-7, 37, 27.5, 58]
    document["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[-7, 37], [27.5, 37], [27.5, 58], [-7, 58], [-7, 37]]],
        "foo": 1,
    }
    document["properties"]["gsd"] = 10
    assert full_verdict(document)
    item = MLMItem.model_validate(document)
    dump = item.model_dump(mode="json")
    assert json.dumps(dump, sort_keys=True) == json.dumps(document, sort_keys=True)
    assert json.loads(item.model_dump_json()) == document
    assert type(dump["bbox"][0]) is int
    assert type(dump["bbox"][2]) is float


def test_extent_numbers_come_back_as_written_and_reversed_interval_passes() -> None:
    collection = example_collection()
    collection["stac_version"] = "1.0.0"
    collection["stac_extensions"].append(MLM_SCHEMA_URI)
    collection["extent"]["spatial"]["bbox"] = [[-180, -90, 180, 90]]
    # The core schemas do not order an interval's ends (stac-pydantic does): see README.
    collection["extent"]["temporal"]["interval"] = [
        ["2024-01-01T00:00:00Z", "2020-01-01T00:00:00Z"]
    ]
    dump = MLMCollection.model_validate(collection).model_dump(mode="json")
    assert json.dumps(dump, sort_keys=True) == json.dumps(collection, sort_keys=True)


def test_from_items_refuses_an_item_core_refuses() -> None:
    document = _basic()
    document["properties"]["datetime"] = "2024-01-01T00:00:00+05:45"
    with pytest.raises(ValidationError) as raised:
        MLMCollection.from_items([document], id="c", description="d", license="MIT")
    assert raised.value.errors()[0]["loc"] == ("properties", "datetime")


# -- found by a fresh user's attack ----------------------------------------------------------


def test_empty_raster_statistics_of_older_releases_are_refused() -> None:
    document = json.loads((spec_dir() / "examples/mlm-v1.3.0/item_eo_bands.json").read_text())
    document["properties"]["mlm:input"][0]["statistics"][0] = {}
    assert not full_verdict(document)
    with pytest.raises(ValidationError) as raised:
        stac_mlm.load(document)
    [error] = raised.value.errors()
    assert error["loc"] == ("properties", "mlm:input", 0, "statistics", 0)
    assert error["type"] == "mlm_empty_statistics"


def _v1_4_collection() -> Document:
    collection = json.loads((spec_dir() / "examples/mlm-v1.4.0/collection.json").read_text())
    collection["stac_extensions"].append(mlm_schema_uri("1.4.0"))
    return collection


def test_item_assets_of_older_releases_are_checked() -> None:
    collection = _v1_4_collection()
    collection["item_assets"]["weights"]["mlm:total_parameters"] = "many"
    collection["item_assets"]["other"] = 42
    assert not full_verdict(collection)
    with pytest.raises(ValidationError) as raised:
        stac_mlm.load(collection)
    assert [error["loc"] for error in raised.value.errors()] == [
        ("item_assets", "weights", "mlm:total_parameters"),
        ("item_assets", "other"),
    ]


def test_extents_keep_every_key() -> None:
    collection = _v1_4_collection()
    collection["extent"]["note"] = 1
    collection["extent"]["spatial"]["note"] = 2
    collection["extent"]["temporal"]["note"] = 3
    assert full_verdict(collection)
    assert stac_mlm.load(collection).model_dump(mode="json") == collection


def test_a_str_holding_a_lone_surrogate_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate_json('{"x": "\udc80"}')
    assert raised.value.errors()[0]["type"] == "json_invalid_unicode"


def test_a_422_says_what_str_error_says() -> None:
    fastapi = pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from stac_mlm.fastapi import install_error_handler

    app = fastapi.FastAPI()
    install_error_handler(app)

    @app.post("/items")
    def add(item: MLMItem) -> None: ...

    document = _basic()
    document["properties"]["mlm:accelerator"] = "cpu"
    document["properties"]["mlm:memory_size"] = -1.0
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate(document)
    response = TestClient(app).post("/items", json=document)
    assert response.status_code == 422
    assert [detail["msg"] for detail in response.json()["detail"]] == [
        error["msg"] for error in raised.value.errors()
    ]
    for error in raised.value.errors():
        assert error["msg"] in str(raised.value)


def test_text_that_is_not_json_is_said_in_plain_words() -> None:
    with pytest.raises(ValidationError) as raised:
        stac_mlm.load("abc")
    [error] = raised.value.errors()
    assert error["type"] == "json_invalid"
    assert error["msg"] == "not JSON: expected value at line 1 column 1"
    assert "input_value" not in str(raised.value)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"a": "\xff"}', "json_invalid"),  # not UTF-8
        (b'{"a": ' + b"9" * 5000 + b"}", "json_invalid"),  # too long for Python's parser
        (b"[" * 5000 + b"]" * 5000, "json_too_deep"),  # too deep for Python's parser
    ],
)
def test_a_body_fastapi_cannot_read_is_a_422_at_the_body(body: bytes, code: str) -> None:
    fastapi = pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from stac_mlm.fastapi import install_error_handler

    app = fastapi.FastAPI()
    install_error_handler(app)

    @app.post("/items")
    def add(item: MLMItem) -> None: ...

    response = TestClient(app).post(
        "/items", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    [detail] = response.json()["detail"]
    assert (detail["loc"], detail["type"]) == (["body"], code)
