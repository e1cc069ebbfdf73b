"""API traps a newcomer falls into: variant classes that need their own tag, absent fields
read as true."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from stac_mlm import (
    MLMCollection,
    MLMItem,
    ModelInput,
    ValueScalingMinMax,
    ValueScalingZScore,
)
from stac_mlm._base import MLMBaseModel, own_tags
from stac_mlm.example import example_item
from stac_mlm.inputs import InputStructure

# -- variant classes fill their own tag ----------------------------------------------------

#: The fields each value-scaling variant needs besides its tag.
VARIANT_FIELDS: dict[str, dict[str, Any]] = {
    "min-max": {"minimum": 0, "maximum": 1},
    "z-score": {"mean": 0.5, "stddev": 2},
    "clip": {"minimum": 0, "maximum": 1},
    "clip-min": {"minimum": 0},
    "clip-max": {"maximum": 1.0},
    "offset": {"value": 3},
    "scale": {"value": 0.5},
    "processing": {"format": "gdal-calc", "expression": "A * 2"},
}
#: The releases whose schema has typed value scaling (v1.0-v1.3 had a free-form object).
TAGGED_RELEASES = ("v1_4_0", "v1_5_0", "v1_5_1", "v1_5_2")


def _variants() -> list[tuple[str, type[MLMBaseModel]]]:
    found = []
    for release in TAGGED_RELEASES:
        module = importlib.import_module(f"stac_mlm._generated.{release}")
        for name in dir(module):
            model = getattr(module, name)
            if isinstance(model, type) and issubclass(model, MLMBaseModel) and own_tags(model):
                found.append((release, model))
    return found


VARIANTS = _variants()


def test_every_value_scaling_variant_of_every_release_is_found() -> None:
    tags = {(release, own_tags(model)[0][2]) for release, model in VARIANTS}
    assert tags == {(release, tag) for release in TAGGED_RELEASES for tag in VARIANT_FIELDS}
    assert all(own_tags(model)[0][:2] == ("type", "type") for _, model in VARIANTS)


@pytest.mark.parametrize(
    ("release", "model"), VARIANTS, ids=[f"{r}-{m.__name__}" for r, m in VARIANTS]
)
def test_a_variant_built_without_its_tag_writes_it(release: str, model: type[MLMBaseModel]) -> None:
    tag = own_tags(model)[0][2]
    fields = VARIANT_FIELDS[tag]
    built = model(**fields)
    assert built.model_dump() == {"type": tag, **fields}  # the tag counts as written
    assert "type" in built.model_fields_set
    assert built == model(type=tag, **fields)
    assert model.model_validate(built.model_dump(mode="json")) == built


@pytest.mark.parametrize(
    ("release", "model"), VARIANTS, ids=[f"{r}-{m.__name__}" for r, m in VARIANTS]
)
def test_reading_a_variant_without_its_tag_is_refused(
    release: str, model: type[MLMBaseModel]
) -> None:
    """The author of a document did not write the tag: the schema requires it."""
    fields = VARIANT_FIELDS[own_tags(model)[0][2]]
    for error in (
        _refusal(model.model_validate, fields),
        _refusal(model.model_validate_json, json.dumps(fields)),
    ):
        assert [(e["loc"], e["msg"]) for e in error.errors()] == [(("type",), "Field required")]


def _refusal(read: Callable[[Any], object], value: Any) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        read(value)
    return error.value


def test_another_variants_tag_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        ValueScalingMinMax(type="z-score", minimum=0, maximum=1)
    (line,) = error.value.errors()
    assert line["loc"] == ("type",)
    assert line["msg"] == 'Input should be "min-max" (got "z-score")'


def _structure() -> InputStructure:
    return InputStructure(shape=[-1, 8], dim_order=["batch", "feature"], data_type="float32")


def test_a_variant_built_alone_goes_into_its_parent_with_its_tag() -> None:
    built = ModelInput(
        name="x", input=_structure(), value_scaling=[ValueScalingZScore(mean=0, stddev=1)]
    )
    assert built.model_dump(mode="json")["value_scaling"] == [
        {"type": "z-score", "mean": 0, "stddev": 1}
    ]


def test_the_union_read_through_a_parent_requires_the_tag() -> None:
    """A dict says nothing about which variant it is: the tag is required, as in JSON."""
    with pytest.raises(ValidationError) as error:
        ModelInput(name="x", input=_structure(), value_scaling=[{"minimum": 0, "maximum": 1}])
    (line,) = error.value.errors()
    assert line["loc"] == ("value_scaling", 0)
    assert line["msg"] == 'the object should give "type" (got {"minimum": 0, "maximum": 1})'


def test_documents_fill_their_type_the_same_way() -> None:
    assert own_tags(MLMItem) == (("type", "type", "Feature"),)
    assert own_tags(MLMCollection) == (("type", "type", "Collection"),)
    assert example_item().model_dump(mode="json")["type"] == "Feature"


def test_a_tag_given_by_the_author_is_kept_even_when_wrong() -> None:
    document = example_item().model_dump(mode="json")
    with pytest.raises(ValidationError) as error:
        MLMItem(**{**document, "type": "FeatureCollection"})
    assert ("type",) in [line["loc"] for line in error.value.errors()]


def test_models_without_a_tag_fill_nothing() -> None:
    assert own_tags(ModelInput) == ()
    with pytest.raises(ValidationError) as error:
        ModelInput(input=_structure())
    assert [(e["loc"], e["msg"]) for e in error.value.errors()] == [(("name",), "Field required")]
