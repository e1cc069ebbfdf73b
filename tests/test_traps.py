"""API traps a newcomer falls into: variant classes that need their own tag, absent fields
read as true."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import MISSING, ValidationError
from spec_folder import PROJECT_ROOT

import stac_mlm
from stac_mlm import (
    MLMCollection,
    MLMItem,
    ModelInput,
    ValueScalingMinMax,
    ValueScalingZScore,
    value_or,
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
def test_model_construct_fills_the_tag_too(release: str, model: type[MLMBaseModel]) -> None:
    """pydantic's unchecked path: nothing validated, but the class still says its variant."""
    tag = own_tags(model)[0][2]
    fields = VARIANT_FIELDS[tag]
    for built in (model.model_construct(**fields), model.model_construct(set(fields), **fields)):
        assert built.model_dump(mode="json") == {"type": tag, **fields}
        assert "type" in built.model_fields_set
        assert built == model(**fields)
    assert model.model_construct(type="other").model_dump() == {"type": "other"}  # as given
    assert MLMItem.model_construct().type == "Feature"


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


# -- absent fields in a boolean context ----------------------------------------------------

BOOLEAN_FIELDS = {
    "mlm:pretrained": "mlm_pretrained",
    "mlm:accelerator_constrained": "mlm_accelerator_constrained",
}


def test_missing_is_true_in_a_boolean_context() -> None:
    """The trap the README warns about (PEP 661 sentinels are true): if this ever fails,
    the README's advice must change."""
    assert bool(MISSING) is True
    properties = example_item().properties
    del properties.mlm_pretrained
    assert properties.mlm_pretrained  # absent, yet true


@given(
    states=st.fixed_dictionaries(
        {key: st.sampled_from(["absent", True, False]) for key in BOOLEAN_FIELDS}
    )
)
def test_the_documented_idioms_never_read_an_absent_boolean_as_true(states: dict[str, Any]) -> None:
    document = example_item().model_dump(mode="json")
    for target in (document["properties"], document["assets"]["weights"]):
        for key, state in states.items():
            target.pop(key, None)
            if state != "absent":
                target[key] = state
    item = MLMItem.model_validate(document)
    for model in (item.properties, item.assets["weights"]):
        for key, name in BOOLEAN_FIELDS.items():
            value = getattr(model, name)
            written = states[key]
            assert (value is True) is (written is True)
            assert (value is False) is (written is False)
            assert (value is MISSING) is (written == "absent")
            assert value_or(value, False) is (written is True)
            assert value_or(value, None) is (None if written == "absent" else written)


def test_value_or_keeps_an_explicit_null_and_falsy_values() -> None:
    properties = example_item().properties
    properties.mlm_pretrained_source = None  # explicit null: a value
    assert value_or(properties.mlm_pretrained_source, "unknown") is None
    del properties.mlm_pretrained_source
    assert value_or(properties.mlm_pretrained_source, "unknown") == "unknown"
    properties.mlm_total_parameters = 0
    assert value_or(properties.mlm_total_parameters, 1) == 0


TYPED_USE = """
from typing import assert_type
from stac_mlm import Accelerator, MLMItemProperties, value_or

def use(properties: MLMItemProperties) -> None:
    assert_type(value_or(properties.mlm_pretrained, False), bool)
    assert_type(value_or(properties.mlm_accelerator, None), Accelerator | None)
    if properties.mlm_pretrained:  # the trap: no type checker error (truthy-bool is on)
        pass
"""


def _mypy(source: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` with the project's settings on ``source``, against this checkout.

    A process of its own: mypy raises the recursion limit of the process it runs in.
    """
    pytest.importorskip("mypy")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            f"--config-file={PROJECT_ROOT / 'pyproject.toml'}",
            "--strict",
            *options,
            "--follow-imports=silent",
            f"--cache-dir={source.parent / 'cache'}",
            str(source),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(Path(stac_mlm.__file__).parents[1])},  # this checkout
        check=False,
    )


def test_value_or_is_typed_and_mypy_does_not_see_the_trap(tmp_path: Path) -> None:
    """mypy's truthy-bool reports only types that are always true; ``bool | MISSING`` is
    not, so the idiom, not the type checker, is what avoids the trap (README)."""
    source = tmp_path / "typed_use.py"
    source.write_text(TYPED_USE)
    result = _mypy(source, "--enable-error-code=truthy-bool")
    assert (result.stdout, result.returncode) == (
        "Success: no issues found in 1 source file\n",
        0,
    )


def test_mypy_refuses_a_name_the_package_does_not_have(tmp_path: Path) -> None:
    """The package's names load on first use (a module ``__getattr__``), which mypy read as
    "any name exists, typed Any": ``from stac_mlm import MLMItm`` passed."""
    source = tmp_path / "misspelt.py"
    source.write_text("from stac_mlm import MLMItem, MLMItm\n")
    result = _mypy(source)
    assert result.returncode == 1, result.stdout
    assert 'Module "stac_mlm" has no attribute "MLMItm"; maybe "MLMItem"?' in result.stdout
    assert "MLMItem," not in result.stdout  # the real name is known


def _readme_block(marker: str) -> str:
    readme = (PROJECT_ROOT / "README.md").read_text()
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", readme, re.DOTALL) if marker in b]
    return block


def test_the_readme_examples_of_absent_fields_and_assignment_run_as_written() -> None:
    exec(compile(_readme_block("value_or(properties.mlm_pretrained"), "README.md", "exec"), {})
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(_readme_block("item.revalidate()"), "README.md", "exec"), {})
    titles = re.findall(r"^\d+ validation errors? for (.+)$", printed.getvalue(), re.MULTILINE)
    locations = re.findall(r"^(\S+)\n  ", printed.getvalue(), re.MULTILINE)
    assert titles == ["MLMItemProperties", "ModelInput", "MLM v1.5.2 Item"]
    assert locations == ["mlm:name", "input.dim_order", "assets.weights.mlm:artifact_type"]


def test_the_readme_example_of_typos_and_other_keys_runs_as_written() -> None:
    printed = io.StringIO()
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(printed):
        exec(compile(_readme_block("mlm_pretrianed"), "README.md", "exec"), namespace)
    lines = printed.getvalue().splitlines()
    assert lines[1:3] == [
        "mlm_pretrianed",
        "  'MLMItemProperties' has no field 'mlm_pretrianed' (did you mean 'mlm_pretrained'?) "
        "[type=no_such_field]",
    ]
    assert lines[4] == "created"
    assert lines[5].startswith("  created must be an RFC 3339 date and time in UTC")
    assert namespace["properties"].model_dump(mode="json")["eo:cloud_cover"] == 12.5
