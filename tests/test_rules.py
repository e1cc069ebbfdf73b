"""Each rule of the official schema: the rejection is located by JSON keys and names the rule.

Every case is also checked against the official schema, so a wrong expectation here
cannot pass unnoticed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import EXAMPLES
from pydantic import ValidationError
from spec_folder import official_verdict

from stac_mlm import MLMItem

Document = dict[str, Any]


@dataclass(frozen=True)
class Case:
    """One rule broken in one official example."""

    id: str
    example: str
    change: Callable[[Document], None]
    loc: tuple[str | int, ...]
    error_type: str
    message: str  # a fragment of the message that names the rule


def props(doc: Document) -> Document:
    return doc["properties"]  # type: ignore[no-any-return]


def first_input(doc: Document) -> Document:
    return props(doc)["mlm:input"][0]  # type: ignore[no-any-return]


def first_output(doc: Document) -> Document:
    return props(doc)["mlm:output"][0]  # type: ignore[no-any-return]


def set_key(path: tuple[Any, ...], value: Any) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def drop_key(path: tuple[Any, ...]) -> Callable[[Document], None]:
    def change(doc: Document) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return change


def remove_model_role(doc: Document) -> None:
    asset = doc["assets"]["model"]
    asset["roles"] = ["data"]
    del asset["mlm:artifact_type"]


INPUT = ("properties", "mlm:input", 0)
OUTPUT = ("properties", "mlm:output", 0)
BASIC = "item_basic.json"
RASTER = "item_raster_bands.json"
CUBE = "item_datacube_variables.json"
EXPRESSION = "item_bands_expression.json"

CASES = [
    Case(
        "mlm extension not declared",
        BASIC,
        set_key(("stac_extensions",), []),
        ("stac_extensions",),
        "mlm_extension_not_declared",
        "must declare 'https://stac-extensions.github.io/mlm/v1.5.2/schema.json'",
    ),
    Case(
        "older mlm extension declared",
        BASIC,
        set_key(("stac_extensions",), ["https://stac-extensions.github.io/mlm/v1.5.1/schema.json"]),
        ("stac_extensions",),
        "mlm_extension_not_declared",
        "does not list it",
    ),
    Case(
        "stac_extensions missing",
        BASIC,
        drop_key(("stac_extensions",)),
        ("stac_extensions",),
        "mlm_extension_not_declared",
        "stac_extensions is missing",
    ),
    Case(
        "mlm:name required",
        BASIC,
        drop_key(("properties", "mlm:name")),
        ("properties", "mlm:name"),
        "missing",
        "Field required",
    ),
    Case(
        "mlm:input required",
        BASIC,
        drop_key(("properties", "mlm:input")),
        ("properties", "mlm:input"),
        "missing",
        "Field required",
    ),
    Case(
        "asset-only field in properties",
        BASIC,
        set_key(("properties", "mlm:artifact_type"), "torch.save"),
        ("properties", "mlm:artifact_type"),
        "mlm_asset_only_field",
        "not allowed in Item properties",
    ),
    Case(
        "entrypoint in properties",
        BASIC,
        set_key(("properties", "mlm:entrypoint"), "run:main"),
        ("properties", "mlm:entrypoint"),
        "mlm_asset_only_field",
        "describes one asset",
    ),
    Case(
        "item-only field on an asset",
        BASIC,
        set_key(("assets", "model", "mlm:name"), "other-name"),
        ("assets", "model", "mlm:name"),
        "mlm_item_only_field",
        "only allowed in Item properties",
    ),
    Case(
        "unknown mlm key in properties",
        BASIC,
        set_key(("properties", "mlm:artifact"), "torch.save"),
        ("properties", "mlm:artifact"),
        "mlm_unknown_field",
        "is not a field of the MLM extension",
    ),
    Case(
        "unknown mlm key on an asset",
        BASIC,
        set_key(("assets", "model", "mlm:artefact_type"), "x"),
        ("assets", "model", "mlm:artefact_type"),
        "mlm_unknown_field",
        "check the spelling",
    ),
    Case(
        "no asset with the mlm:model role",
        BASIC,
        remove_model_role,
        ("assets",),
        "mlm_model_asset_missing",
        "at least one asset must have the role 'mlm:model'",
    ),
    Case(
        "model asset without artifact type",
        BASIC,
        drop_key(("assets", "model", "mlm:artifact_type")),
        ("assets", "model", "mlm:artifact_type"),
        "mlm_artifact_type_required",
        "must give mlm:artifact_type",
    ),
    Case(
        "artifact type without the model role",
        BASIC,
        set_key(
            ("assets", "readme"),
            {"href": "README.md", "roles": ["metadata"], "mlm:artifact_type": "torch.save"},
        ),
        ("assets", "readme", "mlm:artifact_type"),
        "mlm_artifact_type_without_model_role",
        "only allowed on an asset with the role 'mlm:model'",
    ),
    Case(
        "entrypoint without the code role",
        BASIC,
        set_key(("assets", "model", "mlm:entrypoint"), "inference:main"),
        ("assets", "model", "mlm:entrypoint"),
        "mlm_entrypoint_without_code_role",
        "role 'code'",
    ),
    Case(
        "bands listed without a bands dimension",
        RASTER,
        set_key((*INPUT, "input", "dim_order"), ["batch", "channel", "height", "width"]),
        (*INPUT, "input", "dim_order"),
        "mlm_bands_dimension",
        "must contain 'bands'",
    ),
    Case(
        "bands dimension without bands",
        BASIC,
        set_key((*INPUT, "input", "dim_order"), ["batch", "bands", "height", "width"]),
        (*INPUT, "input", "dim_order"),
        "mlm_bands_dimension",
        "names the 'bands' dimension but bands is empty or missing",
    ),
    Case(
        "output bands dimension without bands",
        BASIC,
        set_key((*OUTPUT, "result", "dim_order"), ["batch", "bands"]),
        (*OUTPUT, "result", "dim_order"),
        "mlm_bands_dimension",
        "result.dim_order names the 'bands' dimension",
    ),
    Case(
        "variables dimension without variables",
        BASIC,
        set_key((*INPUT, "input", "dim_order"), ["batch", "variables", "height", "width"]),
        (*INPUT, "input", "dim_order"),
        "mlm_variables_dimension",
        "names the 'variables' dimension",
    ),
    Case(
        "bands without band definitions",
        RASTER,
        set_key(("stac_extensions",), ["https://stac-extensions.github.io/mlm/v1.5.2/schema.json"]),
        ("properties", "mlm:input"),
        "mlm_band_definitions_missing",
        "references bands, so the Item must describe them",
    ),
    Case(
        "variables without datacube variables",
        CUBE,
        drop_key(("properties", "cube:variables")),
        ("properties", "mlm:input"),
        "mlm_variable_definitions_missing",
        "cube:variables",
    ),
    Case(
        "band format without expression",
        EXPRESSION,
        drop_key(("properties", "mlm:input", 0, "bands", 3, "expression")),
        (*INPUT, "bands", 3, "expression"),
        "mlm_format_expression",
        "'format' requires 'expression'",
    ),
    Case(
        "unknown key on a band object",
        EXPRESSION,
        set_key(("properties", "mlm:input", 0, "bands", 3, "unit"), "m"),
        (*INPUT, "bands", 3, "unit"),
        "extra_forbidden",
        "Extra inputs are not permitted",
    ),
    Case(
        "mlm:name pattern",
        BASIC,
        set_key(("properties", "mlm:name"), "1st model"),
        ("properties", "mlm:name"),
        "string_pattern_mismatch",
        r"should match pattern '^[a-zA-Z][a-zA-Z0-9_.\-\s]+[a-zA-Z0-9]$'",
    ),
    Case(
        "mlm:framework look-ahead pattern",
        BASIC,
        set_key(("properties", "mlm:framework"), "_torch"),
        ("properties", "mlm:framework"),
        "string_pattern_mismatch",
        r"should match pattern '^(?=[^\s._\-]).*[^\s._\-]$'",
    ),
    Case(
        "mlm:framework_version semver",
        BASIC,
        set_key(("properties", "mlm:framework_version"), "2.1"),
        ("properties", "mlm:framework_version"),
        "string_pattern_mismatch",
        "should match pattern",
    ),
    Case(
        "dim_order item pattern",
        BASIC,
        set_key((*INPUT, "input", "dim_order", 0), "Batch"),
        (*INPUT, "input", "dim_order", 0),
        "string_pattern_mismatch",
        "^[a-z-_]+$",
    ),
    Case(
        "hyperparameter key pattern",
        BASIC,
        set_key(("properties", "mlm:hyperparameters"), {"learning rate": 0.1}),
        ("properties", "mlm:hyperparameters", "learning rate"),
        "string_pattern_mismatch",
        "should match pattern",
    ),
    Case(
        "empty hyperparameters",
        BASIC,
        set_key(("properties", "mlm:hyperparameters"), {}),
        ("properties", "mlm:hyperparameters"),
        "too_short",
        "at least 1 item",
    ),
    Case(
        "memory size below zero",
        BASIC,
        set_key(("properties", "mlm:memory_size"), -1),
        ("properties", "mlm:memory_size"),
        "greater_than_equal",
        "greater than or equal to 0",
    ),
    Case(
        "accelerator count zero",
        BASIC,
        set_key(("properties", "mlm:accelerator_count"), 0),
        ("properties", "mlm:accelerator_count"),
        "greater_than_equal",
        "greater than or equal to 1",
    ),
    Case(
        "shape dimension below -1",
        BASIC,
        set_key((*INPUT, "input", "shape", 0), -2),
        (*INPUT, "input", "shape", 0),
        "greater_than_equal",
        "greater than or equal to -1",
    ),
    Case(
        "integer given as a fraction",
        BASIC,
        set_key(("properties", "mlm:total_parameters"), 1.5),
        ("properties", "mlm:total_parameters"),
        "int_from_float",
        "got a number with a fractional part",
    ),
    Case(
        "integer given as a tiny fraction (no tolerance)",
        BASIC,
        set_key((*INPUT, "input", "shape", 0), 1.175494351e-38),
        (*INPUT, "input", "shape", 0),
        "int_from_float",
        "fractional part",
    ),
    Case(
        "integer given as a string",
        BASIC,
        set_key(("properties", "mlm:batch_size_suggestion"), "8"),
        ("properties", "mlm:batch_size_suggestion"),
        "value_type",
        "valid integer",
    ),
    Case(
        "boolean given as a string",
        BASIC,
        set_key(("properties", "mlm:pretrained"), "true"),
        ("properties", "mlm:pretrained"),
        "bool_type",
        "valid boolean",
    ),
    Case(
        "duplicate task",
        BASIC,
        set_key(("properties", "mlm:tasks"), ["classification", "classification"]),
        ("properties", "mlm:tasks", 1),
        "mlm_unique_items",
        "mlm:tasks must not repeat a value",
    ),
    Case(
        "duplicate output task",
        BASIC,
        set_key((*OUTPUT, "tasks"), ["classification", "segmentation", "classification"]),
        (*OUTPUT, "tasks", 2),
        "mlm_unique_items",
        "tasks must not repeat a value",
    ),
    Case(
        "duplicate dimension name",
        BASIC,
        set_key((*INPUT, "input", "dim_order"), ["batch", "channel", "height", "height"]),
        (*INPUT, "input", "dim_order", 3),
        "mlm_unique_items",
        "dim_order must not repeat a value",
    ),
    Case(
        "duplicate classification class (1 equals 1.0)",
        BASIC,
        set_key(
            (*OUTPUT, "classification:classes"),
            [{"value": 1, "description": "city"}, {"description": "city", "value": 1.0}],
        ),
        (*OUTPUT, "classification:classes", 1),
        "mlm_unique_items",
        "classification:classes must not repeat a value",
    ),
    Case(
        "classification class without description",
        BASIC,
        set_key((*OUTPUT, "classification:classes"), [{"value": 1, "name": "city"}]),
        (*OUTPUT, "classification:classes", 0, "description"),
        "missing",
        "Field required",
    ),
    Case(
        "classification color hint",
        BASIC,
        set_key(
            (*OUTPUT, "classification:classes"),
            [{"value": 1, "description": "city", "color_hint": "#FF0000"}],
        ),
        (*OUTPUT, "classification:classes", 0, "color_hint"),
        "string_pattern_mismatch",
        "should match pattern",
    ),
    Case(
        "unknown task",
        BASIC,
        set_key(("properties", "mlm:tasks"), ["clustering"]),
        ("properties", "mlm:tasks", 0),
        "enum",
        '"regression"',
    ),
    Case(
        "cpu accelerator (spec text lists it, schema rejects it)",
        BASIC,
        set_key(("properties", "mlm:accelerator"), "cpu"),
        ("properties", "mlm:accelerator"),
        "enum",
        '"amd64"',
    ),
    Case(
        "null framework",
        BASIC,
        set_key(("properties", "mlm:framework"), None),
        ("properties", "mlm:framework"),
        "value_type",
        "valid string",
    ),
    Case(
        "null compile method (spec text allows it, schema rejects it)",
        BASIC,
        set_key(("assets", "model", "mlm:compile_method"), None),
        ("assets", "model", "mlm:compile_method"),
        "string_type",
        "valid string",
    ),
    Case(
        "value scaling with a null type (spec text allows it, schema rejects it)",
        BASIC,
        set_key((*INPUT, "value_scaling"), [{"type": None}]),
        (*INPUT, "value_scaling", 0),
        "union_tag_invalid",
        '"min-max"',
    ),
    Case(
        "value scaling missing its parameter",
        BASIC,
        set_key((*INPUT, "value_scaling"), [{"type": "min-max", "minimum": 0}]),
        (*INPUT, "value_scaling", 0, "maximum"),
        "missing",
        "Field required",
    ),
    Case(
        "value scaling number as a string",
        BASIC,
        set_key((*INPUT, "value_scaling"), [{"type": "scale", "value": "255"}]),
        (*INPUT, "value_scaling", 0, "value"),
        "value_type",
        "valid integer or a valid number",
    ),
    Case(
        "empty value scaling list",
        BASIC,
        set_key((*INPUT, "value_scaling"), []),
        (*INPUT, "value_scaling"),
        "too_short",
        "at least 1 item",
    ),
    Case(
        "processing expression without expression",
        BASIC,
        set_key((*INPUT, "pre_processing_function"), {"format": "python"}),
        (*INPUT, "pre_processing_function", "expression"),
        "missing",
        "Field required",
    ),
    Case(
        "unknown resize type",
        BASIC,
        set_key((*INPUT, "resize_type"), "stretch"),
        (*INPUT, "resize_type"),
        "enum",
        '"crop"',
    ),
    Case(
        "unknown data type",
        BASIC,
        set_key((*INPUT, "input", "data_type"), "float128"),
        (*INPUT, "input", "data_type"),
        "enum",
        '"float32"',
    ),
]


def _errors(document: Document) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate(document)
    return raised.value.errors()  # type: ignore[return-value]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_rule_is_enforced_with_its_location_and_message(case: Case) -> None:
    document = copy.deepcopy(EXAMPLES[case.example])
    case.change(document)
    assert not official_verdict(document), "the official schema accepts this document"
    errors = _errors(document)
    matching = [error for error in errors if error["loc"] == case.loc]
    assert matching, f"no error at {case.loc}; got {[e['loc'] for e in errors]}"
    assert any(
        error["type"] == case.error_type and case.message in error["msg"] for error in matching
    ), [(error["type"], error["msg"]) for error in matching]


def test_json_validation_reports_the_same_errors() -> None:
    for case in CASES:
        document = copy.deepcopy(EXAMPLES[case.example])
        case.change(document)
        with pytest.raises(ValidationError) as from_json:
            MLMItem.model_validate_json(json.dumps(document))
        python_errors = [(e["loc"], e["type"]) for e in _errors(document)]
        assert [(e["loc"], e["type"]) for e in from_json.value.errors()] == python_errors, case.id


ACCEPTED = [
    ("null accelerator", BASIC, set_key(("properties", "mlm:accelerator"), None)),
    ("null pretrained source", BASIC, set_key(("properties", "mlm:pretrained_source"), None)),
    ("null value scaling", BASIC, set_key((*INPUT, "value_scaling"), None)),
    ("null resize type", BASIC, set_key((*INPUT, "resize_type"), None)),
    ("null pre-processing", BASIC, set_key((*INPUT, "pre_processing_function"), None)),
    ("shape dimension 0 (text says > 0)", BASIC, set_key((*INPUT, "input", "shape", 1), 0)),
    (
        "shape and dim_order of different lengths (text says equal)",
        BASIC,
        set_key((*INPUT, "input", "shape"), [-1, 3]),
    ),
    ("integer written as 1.0", BASIC, set_key(("properties", "mlm:memory_size"), 1024.0)),
    ("unknown framework", BASIC, set_key(("properties", "mlm:framework"), "PyTorch Lightning")),
    ("one-letter framework", BASIC, set_key(("properties", "mlm:framework"), "R")),
    ("accelerator on an asset", BASIC, set_key(("assets", "model", "mlm:accelerator"), "cuda")),
    ("empty classes", BASIC, set_key((*OUTPUT, "classification:classes"), [])),
    ("empty assets (the schema accepts it)", BASIC, set_key(("assets",), {})),
    ("other extension key in properties", BASIC, set_key(("properties", "eo:cloud_cover"), 3)),
    ("custom key in an input", BASIC, set_key((*INPUT, "norm_note"), {"any": "thing"})),
    ("$comment in an output", BASIC, set_key((*OUTPUT, "$comment"), "kept")),
    ("custom key in a structure", BASIC, set_key((*INPUT, "input", "x-note"), 1)),
    (
        "extra key in a value scaling object",
        BASIC,
        set_key((*INPUT, "value_scaling"), [{"type": "offset", "value": 1, "unit": "reflectance"}]),
    ),
    ("custom key on an asset", BASIC, set_key(("assets", "model", "file:size"), 1024)),
    ("raw key spelled like a Python name", BASIC, set_key(("properties", "mlm_name"), 5)),
    (
        "datetime in UTC with a fraction",
        BASIC,
        set_key(("properties", "created"), "2024-05-01T12:30:00.250+00:00"),
    ),
    (
        "datetime with zero fraction",
        BASIC,
        set_key(("properties", "updated"), "2024-05-01T00:00:00.000Z"),
    ),
]


@pytest.mark.parametrize(
    ("example", "change"),
    [(example, change) for _, example, change in ACCEPTED],
    ids=[case_id for case_id, _, _ in ACCEPTED],
)
def test_documents_the_schema_accepts_are_accepted_and_kept(
    example: str, change: Callable[[Document], None]
) -> None:
    document = copy.deepcopy(EXAMPLES[example])
    change(document)
    assert official_verdict(document), "the official schema rejects this document"
    dumped = MLMItem.model_validate(document).model_dump(mode="json")
    assert dumped == document


def test_errors_are_validation_errors_for_any_json_value() -> None:
    for value in [None, 1, "text", [], [1, 2], {"type": "Feature"}, {"properties": []}]:
        with pytest.raises(ValidationError):
            MLMItem.model_validate(value)


def test_an_open_vocabulary_reports_its_pattern_not_its_suggestions() -> None:
    document = copy.deepcopy(EXAMPLES[BASIC])
    document["properties"]["mlm:framework"] = "PyTorch "
    errors = _errors(document)
    assert [(error["loc"], error["type"]) for error in errors] == [
        (("properties", "mlm:framework"), "string_pattern_mismatch")
    ]


def test_union_members_do_not_show_up_in_locations_or_twice() -> None:
    document = copy.deepcopy(EXAMPLES[BASIC])
    first_input(document)["bands"] = [5, {"name": "B1", "unit": "m"}]
    first_input(document)["input"]["dim_order"] = ["batch", "bands", "height", "width"]
    errors = _errors(document)
    assert [(error["loc"], error["type"]) for error in errors] == [
        (("properties", "mlm:input"), "mlm_band_definitions_missing"),
        ((*INPUT, "bands", 0), "value_type"),
        ((*INPUT, "bands", 1, "unit"), "extra_forbidden"),
    ]
    assert errors[1]["msg"] == "Input should be a valid string or an object (got 5)"
