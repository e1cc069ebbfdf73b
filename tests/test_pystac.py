"""stac_mlm.pystac: every official example through pystac and back, exactly.

"Exactly" is type for type (``1`` is not ``1.0``, ``true`` is not ``1``), compared as JSON
text with sorted keys: JSON objects are unordered, and pystac writes keys in its own order.
Where pystac itself cannot keep the text (its datetime format), the tests state precisely
what ``to_dict()`` writes instead. pystac's own MLM extension is exercised on the results,
with what it reads right and what it does not, release by release.
"""

from __future__ import annotations

import copy
import importlib
import json
import re
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pystac
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pystac.extensions.mlm import (
    SUPPORTED_VERSIONS,
    AssetDetailedMLMExtension,
    MLMExtension,
)
from pystac.utils import datetime_to_str
from spec_folder import PROJECT_ROOT, example_collection, example_items
from strategies import mlm_items

from stac_mlm import MLMAsset, MLMCollection, MLMItem
from stac_mlm.example import example_item
from stac_mlm.pystac import from_pystac, to_pystac
from stac_mlm.releases import MLM_RELEASES, item_model, load, mlm_schema_uri

Document = dict[str, Any]
PYSTAC_VERSION = tuple(int(part) for part in pystac.__version__.split(".")[:2])

ITEMS = [
    pytest.param(version, document, id=f"v{version}:{name}")
    for version in MLM_RELEASES
    for name, document in example_items(version).items()
]
#: Releases whose official Collection our models read as published (with MLM declared).
COLLECTION_RELEASES_AS_PUBLISHED = ("1.4.0", "1.5.0", "1.5.1", "1.5.2")
#: v1.0.0-v1.3.0 Collections say stac_version "1.0.0-rc.1", which has no core schema.
COLLECTION_RELEASES_RC = ("1.0.0", "1.1.0", "1.2.0", "1.3.0")


def declared_collection(version: str) -> Document:
    """The official Collection of ``version``, declaring MLM (the official ones do not)."""
    document = example_collection(version)
    document["stac_extensions"].append(mlm_schema_uri(version))
    if version in COLLECTION_RELEASES_RC:
        document["stac_version"] = "1.0.0"
    return document


COLLECTIONS = [
    pytest.param(version, declared_collection(version), id=f"v{version}:collection.json")
    for version in MLM_RELEASES
]


def canonical(document: Any) -> str:
    """JSON text that differs when any value or type differs, whatever the key order."""
    return json.dumps(document, sort_keys=True)


def dump(model: Any) -> Document:
    result: Document = model.model_dump(mode="json")
    return result


def differences(left: Any, right: Any, pointer: str = "") -> set[str]:
    """The JSON Pointers at which two documents differ (type for type)."""
    if isinstance(left, dict) and isinstance(right, dict):
        return {
            found
            for key in left.keys() | right.keys()
            for found in (
                differences(left[key], right[key], f"{pointer}/{key}")
                if key in left and key in right
                else {f"{pointer}/{key}"}
            )
        }
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return {
            found
            for index, (a, b) in enumerate(zip(left, right, strict=True))
            for found in differences(a, b, f"{pointer}/{index}")
        }
    return set() if canonical(left) == canonical(right) else {pointer}


# --------------------------------------------------------------------------------------------
# Every official example, every release
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "document"), ITEMS)
def test_official_item_round_trips_exactly(version: str, document: Document) -> None:
    model = load(document)
    item = to_pystac(model)
    assert type(item) is pystac.Item
    assert canonical(item.to_dict()) == canonical(document)
    assert canonical(item.to_dict(transform_hrefs=False)) == canonical(document)
    back = from_pystac(item)
    assert type(back) is type(model)
    assert back.mlm_version == version
    assert canonical(dump(back)) == canonical(document)


@pytest.mark.parametrize(("version", "document"), COLLECTIONS)
def test_official_collection_round_trips_exactly(version: str, document: Document) -> None:
    model = load(document)
    collection = to_pystac(model)
    assert type(collection) is pystac.Collection
    assert canonical(collection.to_dict()) == canonical(document)
    back = from_pystac(collection)
    assert type(back) is type(model)
    assert back.mlm_version == version
    assert canonical(dump(back)) == canonical(document)


@pytest.mark.parametrize("version", COLLECTION_RELEASES_RC)
def test_older_official_collections_say_a_stac_version_without_core_schema(version: str) -> None:
    document = example_collection(version)
    document["stac_extensions"].append(mlm_schema_uri(version))
    assert document["stac_version"] == "1.0.0-rc.1"
    with pytest.raises(ValidationError) as raised:
        load(document)
    (error,) = raised.value.errors()
    assert error["loc"] == ("stac_version",)
    assert "1.0.0-rc.1" in error["msg"]


def test_every_release_is_covered() -> None:
    assert {param.values[0] for param in ITEMS} == set(MLM_RELEASES)
    assert len(ITEMS) == 4 + 6 + 7 * 3 + 9 * 3
    assert len(COLLECTIONS) == len(MLM_RELEASES)


# --------------------------------------------------------------------------------------------
# What pystac changes when left to its defaults, and what to_pystac keeps
# --------------------------------------------------------------------------------------------


def official_item(version: str, name: str) -> Document:
    return example_items(version)[name]


@pytest.mark.parametrize(
    ("name", "changed"),
    [
        ("item_basic.json", {"/stac_version", "/links/1/href"}),
        # pystac also migrates the file extension's URI (v1.0.0 to v2.1.0).
        ("item_eo_bands.json", {"/stac_version", "/links/1/href", "/stac_extensions/2"}),
    ],
)
def test_pystac_defaults_change_the_document(name: str, changed: set[str]) -> None:
    """Why to_pystac does not use pystac's defaults: these are the changes it avoids."""
    document = official_item("1.5.2", name)
    by_pystac = pystac.Item.from_dict(document).to_dict()
    assert differences(by_pystac, document) == changed
    assert by_pystac["stac_version"] == pystac.get_stac_version() == "1.1.0"
    assert by_pystac["links"][1]["rel"] == "self"
    assert by_pystac["links"][1]["href"].startswith("/")  # against the working directory
    assert canonical(to_pystac(load(document)).to_dict()) == canonical(document)


def test_stac_version_is_the_documents_and_pystac_validates_against_it() -> None:
    document = official_item("1.5.2", "item_basic.json")
    item = to_pystac(load(document))
    assert item.extra_fields["stac_version"] == "1.0.0"
    assert item.to_dict()["stac_version"] == "1.0.0"


def test_relative_self_link_and_backslashes_are_kept() -> None:
    document = dump(example_item())
    document["links"] += [
        {"rel": "self", "href": "./models/item.json"},
        {"rel": "via", "href": "models\\card.html"},
    ]
    document["assets"]["weights"]["href"] = "models\\weights.pth"
    item = to_pystac(MLMItem.model_validate(document))
    assert item.get_self_href() == "./models/item.json"  # pystac would make it absolute
    assert item.links[-1].href == "models\\card.html"
    assert item.assets["weights"].href == "models\\weights.pth"
    assert canonical(item.to_dict()) == canonical(document)
    assert canonical(dump(from_pystac(item))) == canonical(document)


def test_keys_come_back_in_pystacs_order_with_the_same_values() -> None:
    document = official_item("1.5.2", "item_basic.json")
    written = to_pystac(load(document)).to_dict()
    assert list(written) != list(document)
    assert list(written)[:4] == ["type", "stac_version", "stac_extensions", "id"]
    assert canonical(written) == canonical(document)


def test_pystacs_clone_is_not_exact() -> None:
    """pystac's ``clone()`` builds links anew: extra fields dropped, a relative self href made
    absolute, and a Collection's root link to itself. Call to_pystac again for a copy."""
    document = official_item("1.5.2", "item_multi_io.json")
    assert document["links"][2] == {
        "rel": "derived_from",
        "href": "https://earth-search.aws.element84.com/v1/collections/sentinel-2-l2a",
        "type": "application/json",
        "ml-aoi:split": "train",
    }
    cloned = to_pystac(load(document)).clone().to_dict()
    changed = {"/links/1/href", "/links/2/ml-aoi:split"}
    if PYSTAC_VERSION < (1, 15):  # Item.clone() also dropped extra_fields before pystac 1.15
        changed |= {"/stac_version", "/$comment"}
    assert differences(cloned, document) == changed
    assert cloned["links"][1]["href"].startswith("/")
    collection = declared_collection("1.5.2")
    cloned = to_pystac(load(collection)).clone().to_dict()
    assert [link["rel"] for link in cloned["links"]][:2] == ["root", "self"]


# --------------------------------------------------------------------------------------------
# Datetimes: pystac writes its own format; from_pystac writes the text read
# --------------------------------------------------------------------------------------------

DATETIME_TEXTS = [
    # written, what pystac's to_dict() writes for it (the same instant, to the microsecond)
    ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
    ("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00Z"),
    ("2024-01-01T02:00:00+00:00", "2024-01-01T02:00:00Z"),
    ("2024-01-01t00:00:00Z", "2024-01-01T00:00:00Z"),
    ("2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00.500000Z"),
    ("2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.123456Z"),
]


def item_at(text: str) -> Document:
    document = dump(example_item())
    document["properties"]["datetime"] = text
    return document


@pytest.mark.parametrize(("text", "pystac_text"), DATETIME_TEXTS)
def test_item_datetime_text_comes_back_exactly(text: str, pystac_text: str) -> None:
    document = item_at(text)
    item = to_pystac(MLMItem.model_validate(document))
    assert isinstance(item.datetime, datetime)
    assert datetime_to_str(item.datetime) == pystac_text
    assert differences(item.to_dict(), document) == (
        set() if text == pystac_text else {"/properties/datetime"}
    )
    assert item.to_dict()["properties"]["datetime"] == pystac_text
    assert canonical(dump(from_pystac(item))) == canonical(document)
    assert dump(from_pystac(item.clone()))["properties"]["datetime"] == text


def test_a_datetime_set_in_pystac_is_written_in_pystacs_format() -> None:
    item = to_pystac(MLMItem.model_validate(item_at("2024-01-01T00:00:00.000Z")))
    assert item.datetime is not None
    item.datetime = item.datetime + timedelta(hours=1)
    assert from_pystac(item, MLMItem).properties.datetime == datetime(2024, 1, 1, 1, tzinfo=UTC)
    assert dump(from_pystac(item))["properties"]["datetime"] == "2024-01-01T01:00:00Z"
    item.datetime = datetime(2025, 6, 1, tzinfo=UTC)
    assert dump(from_pystac(item))["properties"]["datetime"] == "2025-06-01T00:00:00Z"


@pytest.mark.parametrize(("text", "pystac_text"), DATETIME_TEXTS)
def test_temporal_extent_text_comes_back_exactly(text: str, pystac_text: str) -> None:
    document = declared_collection("1.5.2")
    document["extent"]["temporal"]["interval"] = [[text, None], ["1900-01-01T00:00:00Z", text]]
    collection = to_pystac(MLMCollection.model_validate(document))
    assert collection.extent.temporal.intervals[0][1] is None
    assert collection.to_dict()["extent"]["temporal"]["interval"] == [
        [pystac_text, None],
        ["1900-01-01T00:00:00Z", pystac_text],
    ]
    assert canonical(dump(from_pystac(collection))) == canonical(document)
    cloned = dump(from_pystac(collection.clone()))
    assert cloned["extent"]["temporal"]["interval"] == document["extent"]["temporal"]["interval"]


# --------------------------------------------------------------------------------------------
# Collections: what pystac leaves out or reshapes
# --------------------------------------------------------------------------------------------

LONG_LIST = [f"platform-{number}" for number in range(30)]


def test_pystacs_summaries_would_lose_long_lists_and_fail_on_schemas() -> None:
    """Why to_pystac sorts summaries itself (pystac's Summaries(raw) is not exact)."""
    document = declared_collection("1.5.2")
    document["summaries"] |= {
        "platform": LONG_LIST,
        "gsd": {"minimum": 10, "maximum": 60, "x:unit": "m"},
    }
    written = pystac.Collection.from_dict(document, migrate=False).to_dict()
    assert "platform" not in written["summaries"]  # 25 values or more are left out
    assert written["summaries"]["gsd"] == {"minimum": 10, "maximum": 60}
    document["summaries"]["view:off_nadir"] = {"type": "number", "minimum": 0}
    with pytest.raises(pystac.RequiredPropertyMissing, match="maximum"):
        pystac.Collection.from_dict(document, migrate=False)


def test_summaries_of_every_shape_are_kept() -> None:
    document = declared_collection("1.5.2")
    document["summaries"] |= {
        "platform": LONG_LIST,
        "gsd": {"minimum": 10, "maximum": 60.0},
        "eo:cloud_cover": {"minimum": 0, "maximum": 100, "x:unit": "%"},
        "view:off_nadir": {"type": "number", "minimum": 0},
        "mlm:tasks": ["classification"],
    }
    collection = to_pystac(MLMCollection.model_validate(document))
    assert collection.summaries.get_list("platform") == LONG_LIST
    assert collection.summaries.get_range("gsd") == pystac.RangeSummary(10, 60.0)
    assert collection.summaries.get_schema("view:off_nadir") == {"type": "number", "minimum": 0}
    assert canonical(collection.to_dict()) == canonical(document)
    assert canonical(dump(from_pystac(collection))) == canonical(document)
    assert dump(from_pystac(collection.clone()))["summaries"] == document["summaries"]


@pytest.mark.parametrize(
    ("key", "empty"),
    [("keywords", []), ("providers", []), ("assets", {}), ("summaries", {})],
)
def test_empty_collection_fields_are_kept(key: str, empty: Any) -> None:
    document = declared_collection("1.5.2")
    document[key] = empty
    assert key not in pystac.Collection.from_dict(document, migrate=False).to_dict()
    collection = to_pystac(MLMCollection.model_validate(document))
    assert canonical(collection.to_dict()) == canonical(document)
    assert canonical(dump(from_pystac(collection))) == canonical(document)


def test_keywords_set_in_pystac_replace_the_kept_empty_list() -> None:
    document = declared_collection("1.5.2")
    document["keywords"] = []
    collection = to_pystac(MLMCollection.model_validate(document))
    collection.keywords = ["segmentation"]
    assert dump(from_pystac(collection))["keywords"] == ["segmentation"]


def test_a_collection_without_root_link_gets_none_and_one_with_it_keeps_it() -> None:
    document = declared_collection("1.5.2")
    assert "root" not in {link["rel"] for link in document["links"]}
    collection = to_pystac(load(document))
    assert collection.get_single_link("root") is None
    assert collection.get_self_href() == "collection.json"
    document["links"].insert(1, {"rel": "root", "href": "../catalog.json"})
    collection = to_pystac(load(document))
    assert [link.rel for link in collection.links][:2] == ["self", "root"]
    assert canonical(collection.to_dict(transform_hrefs=False)) == canonical(document)
    assert canonical(dump(from_pystac(collection))) == canonical(document)


# --------------------------------------------------------------------------------------------
# Properties over generated documents
# --------------------------------------------------------------------------------------------

ROUND_TRIPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ROUND_TRIPS
@given(mlm_items())
def test_generated_items_round_trip_exactly(document: Document) -> None:
    model = MLMItem.model_validate(document)
    item = to_pystac(model)
    assert canonical(dump(from_pystac(item))) == canonical(document)
    # to_dict writes the same document, the datetime in pystac's format.
    expected = copy.deepcopy(document)
    assert model.properties.datetime is not None  # the strategy always gives one
    expected["properties"]["datetime"] = datetime_to_str(model.properties.datetime)
    assert canonical(item.to_dict()) == canonical(expected)


summary_values = st.one_of(
    st.lists(st.text(max_size=4), min_size=1, max_size=40, unique=True),
    st.builds(lambda low, high: {"minimum": low, "maximum": high}, st.integers(), st.floats(0, 1)),
    st.fixed_dictionaries(
        {"type": st.just("number")}, optional={"minimum": st.integers(), "maximum": st.integers()}
    ),
)


@st.composite
def mlm_collections(draw: st.DrawFn) -> Document:
    """A v1.5.2 Collection summarizing generated Items, with other summaries and empties."""
    items = draw(st.lists(mlm_items(), min_size=1, max_size=3))
    fields = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "keywords": st.lists(st.text(min_size=1, max_size=4), max_size=2),
                "providers": st.just([]) | st.just([{"name": "CRIM", "x:id": 1}]),
                "assets": st.just({}),
                "links": st.just([{"rel": "root", "href": "./catalog.json"}]),
            },
        )
    )
    collection = dump(
        MLMCollection.from_items(items, id="generated", description="d", license="MIT", **fields)
    )
    others = draw(st.dictionaries(st.from_regex(r"x:[a-z]{1,4}", fullmatch=True), summary_values))
    if draw(st.booleans()):
        collection["summaries"] = {**collection.get("summaries", {}), **others}
    return collection


@ROUND_TRIPS
@given(mlm_collections())
def test_generated_collections_round_trip_exactly(document: Document) -> None:
    model = MLMCollection.model_validate(document)
    collection = to_pystac(model)
    assert canonical(dump(from_pystac(collection))) == canonical(document)
    expected = copy.deepcopy(document)
    expected["extent"]["temporal"]["interval"] = [
        [None if value is None else datetime_to_str(value) for value in interval]
        for interval in model.extent.temporal.interval
    ]
    assert canonical(collection.to_dict(transform_hrefs=False)) == canonical(expected)


# --------------------------------------------------------------------------------------------
# pystac's own MLM extension on the result
# --------------------------------------------------------------------------------------------

PYSTAC_READABLE = [param for param in ITEMS if param.values[0] not in COLLECTION_RELEASES_RC]
NOT_RECOGNISED = [param for param in ITEMS if param.values[0] in COLLECTION_RELEASES_RC]


def test_pystacs_mlm_extension_knows_releases_up_to_v1_4_0() -> None:
    assert SUPPORTED_VERSIONS == ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"]
    assert MLMExtension.get_schema_uri() == mlm_schema_uri("1.4.0")


@pytest.mark.parametrize(("version", "document"), PYSTAC_READABLE)
def test_pystacs_mlm_extension_reads_the_model_fields(version: str, document: Document) -> None:
    """v1.4.0 to v1.5.2: pystac recognises every stac-extensions.github.io/mlm URI."""
    model = load(document)
    item = to_pystac(model)
    extension = MLMExtension.ext(item)
    assert item.stac_extensions == document["stac_extensions"]  # nothing added
    properties = document["properties"]
    assert extension.mlm_name == properties["mlm:name"]
    assert extension.architecture == properties["mlm:architecture"]
    assert extension.tasks == properties["mlm:tasks"]
    assert extension.framework == properties.get("mlm:framework")
    for read, written in zip(extension.input, properties["mlm:input"], strict=True):
        assert read.name == written["name"]
        assert read.input.shape == written["input"]["shape"]
        assert read.input.dim_order == written["input"]["dim_order"]
        assert read.input.data_type == written["input"]["data_type"]
    for read_output, written_output in zip(extension.output, properties["mlm:output"], strict=True):
        assert read_output.name == written_output["name"]
        assert read_output.tasks == written_output["tasks"]
        assert read_output.result.shape == written_output["result"]["shape"]
    for asset in item.assets.values():
        if "mlm:model" in (asset.roles or []):
            artifact_type = AssetDetailedMLMExtension.ext(asset).artifact_type
            assert artifact_type == asset.extra_fields["mlm:artifact_type"]
    assert canonical(dump(from_pystac(item))) == canonical(document)


def _inputs_read_by_pystac(document: Document) -> list[tuple[Any, Any]]:
    """Each input as pystac's MLMExtension reads it, with the input as written."""
    read = MLMExtension.ext(to_pystac(load(document))).input
    return list(zip(read, document["properties"]["mlm:input"], strict=True))


@pytest.mark.parametrize(("version", "document"), PYSTAC_READABLE)
def test_pystacs_mlm_extension_reads_bands_given_and_fails_on_inputs_without(
    version: str, document: Document
) -> None:
    """pystac's ModelInput requires ``bands``; v1.5.0 datacube inputs name ``variables``."""
    for read, written in _inputs_read_by_pystac(document):
        if "bands" in written:
            bands = [band if isinstance(band, str) else band.to_dict() for band in read.bands]
            assert bands == written["bands"]
        else:
            assert "variables" in written
            with pytest.raises(pystac.RequiredPropertyMissing, match="bands"):
                read.bands  # noqa: B018


@pytest.mark.parametrize(("version", "document"), PYSTAC_READABLE)
def test_pystacs_value_scaling_reads_the_array_as_one_object(
    version: str, document: Document
) -> None:
    """pystac-ext-mlm types ``value_scaling`` as one object; since v1.4.0 it is an array."""
    for read, written in _inputs_read_by_pystac(document):
        scaling = written.get("value_scaling")
        if scaling is None:
            assert read.value_scaling is None
            continue
        assert isinstance(scaling, list)
        with pytest.raises(AttributeError, match="'list' object has no attribute 'get'"):
            read.value_scaling.type  # type: ignore[union-attr]  # noqa: B018


@pytest.mark.parametrize(("version", "document"), NOT_RECOGNISED)
def test_pystacs_mlm_extension_does_not_recognise_crim_ca_releases(
    version: str, document: Document
) -> None:
    """v1.0.0 to v1.3.0 are published under crim-ca.github.io: pystac does not see them.

    With ``add_if_missing=True`` pystac declares v1.4.0 as well; the document must then
    satisfy both releases, which from_pystac checks (never silently).
    """
    item = to_pystac(load(document))
    with pytest.raises(pystac.ExtensionNotImplemented):
        MLMExtension.ext(item)
    extension = MLMExtension.ext(item, add_if_missing=True)
    assert item.stac_extensions == [*document["stac_extensions"], mlm_schema_uri("1.4.0")]
    assert extension.mlm_name == document["properties"]["mlm:name"]
    with pytest.raises(ValidationError) as raised:
        from_pystac(item)
    assert raised.value.title == "MLM v1.4.0 Item"


@pytest.mark.parametrize("version", COLLECTION_RELEASES_AS_PUBLISHED)
def test_pystacs_mlm_extension_accepts_the_collections(version: str) -> None:
    collection = to_pystac(load(declared_collection(version)))
    assert MLMExtension.has_extension(collection)
    MLMExtension.ext(collection)


def test_changes_made_with_pystacs_extension_are_read_and_checked() -> None:
    item = to_pystac(example_item())
    MLMExtension.ext(item).mlm_name = "ResNet-50 Sentinel-2"
    assert from_pystac(item, MLMItem).properties.mlm_name == "ResNet-50 Sentinel-2"
    MLMExtension.ext(item).mlm_name = "bad name!!  "
    with pytest.raises(ValidationError) as raised:
        from_pystac(item)
    (error,) = raised.value.errors()
    assert error["loc"] == ("properties", "mlm:name")
    assert error["input"] == "bad name!!  "
    assert "should match pattern" in error["msg"]
    assert 'got "bad name!!  "' in str(raised.value)


# --------------------------------------------------------------------------------------------
# Reading: the model, and errors
# --------------------------------------------------------------------------------------------


def test_from_pystac_reads_the_declared_release_or_the_model_given() -> None:
    document = official_item("1.2.0", "item_basic.json")
    item = to_pystac(load(document))
    assert type(from_pystac(item)) is item_model("1.2.0")
    assert type(from_pystac(item, item_model("1.2.0"))) is item_model("1.2.0")
    with pytest.raises(ValidationError) as raised:
        from_pystac(item, MLMItem)
    assert ("stac_extensions",) in [error["loc"] for error in raised.value.errors()]


def test_models_and_pystac_objects_share_nothing() -> None:
    model = example_item()
    item = to_pystac(model)
    item.properties["mlm:input"][0]["name"] = "changed in pystac"
    assert model.properties.mlm_input[0].name != "changed in pystac"
    read = from_pystac(item, MLMItem)
    item.properties["mlm:tasks"].append("segmentation")
    assert read.properties.mlm_tasks == ["scene-classification"]


def test_invalid_document_is_located_by_its_json_keys() -> None:
    item = to_pystac(example_item())
    item.properties["mlm:input"][0]["input"]["dim_order"] = ["batch", "bands", "bands"]
    with pytest.raises(ValidationError) as raised:
        from_pystac(item)
    assert raised.value.title == "MLM v1.5.2 Item"
    (error,) = raised.value.errors()
    assert error["loc"] == ("properties", "mlm:input", 0, "input", "dim_order", 2)
    assert error["type"] == "mlm_unique_items"
    assert error["msg"] == (
        'dim_order must not repeat a value: this one appears earlier in the list (got "bands")'
    )


def test_a_pystac_item_without_mlm_is_not_an_mlm_document() -> None:
    item = to_pystac(example_item())
    item.stac_extensions = []
    with pytest.raises(ValidationError) as raised:
        from_pystac(item)
    (error,) = raised.value.errors()
    assert error["loc"] == ("stac_extensions",)
    assert error["type"] == "mlm_release_unknown"
    assert "no MLM schema URI of a published release" in error["msg"]


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ({"type": "Feature"}, "dict"),
        ('{"type": "Feature"}', "str"),
        (pystac.Catalog("catalog", "not a Collection"), "Catalog"),
        (None, "NoneType"),
    ],
)
def test_from_pystac_of_something_else_says_what_it_reads(given: Any, name: str) -> None:
    with pytest.raises(ValidationError) as raised:
        from_pystac(given)
    (error,) = raised.value.errors()
    assert error["loc"] == ()
    assert error["type"] == "mlm_document_type"
    assert error["msg"] == (
        f"from_pystac reads a pystac.Item or pystac.Collection, not {name}; "
        "stac_mlm.load reads a JSON document"
    )


@pytest.mark.parametrize(
    ("given", "name"), [(dump(example_item()), "dict"), (to_pystac(example_item()), "Item")]
)
def test_to_pystac_of_something_else_says_what_it_writes(given: Any, name: str) -> None:
    with pytest.raises(ValidationError) as raised:
        to_pystac(given)
    (error,) = raised.value.errors()
    assert error["loc"] == ()
    assert error["msg"] == (
        f"to_pystac writes an MLM Item or Collection model, not {name}; "
        "stac_mlm.load reads a JSON document"
    )


def test_without_pystac_the_import_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pystac", None)  # as if pystac were not installed
    monkeypatch.delitem(sys.modules, "stac_mlm.pystac")
    with pytest.raises(ImportError) as raised:
        importlib.import_module("stac_mlm.pystac")
    assert str(raised.value) == 'stac_mlm.pystac needs pystac: pip install "stac-mlm[pystac]"'


def test_readme_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("\n## pystac\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out == (
        "ResNet-18 Sentinel-2 EuroSAT ['scene-classification']\nResNet-18 EuroSAT v2\n"
    )


@pytest.mark.parametrize("model", [dict, MLMAsset, "MLMItem"])
def test_from_pystac_with_a_model_that_is_not_a_document_model_is_a_type_error(
    model: Any,
) -> None:
    with pytest.raises(TypeError, match="model must be an MLM Item or Collection model"):
        from_pystac(to_pystac(example_item()), model)
