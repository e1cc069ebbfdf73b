"""A differential corpus: the official MLM v1.5.2 example Items, each changed in one way.

Every document is one official example with ONE semantic change (a rule about a pair of keys
may touch both keys), so that a disagreement between ``MLMItem`` and the official schemas
points at one rule. The corpus never states an expected verdict: the tests ask the official
schemas (``spec_folder.full_verdict``: the MLM schema of every declared release AND the STAC
core schema of the document's ``stac_version``).

Most families change MLM only and keep the Item valid for STAC core. The families marked
``core=True`` change STAC core on purpose: the JSON types of the Item's containers (``assets``,
``properties``, ``links``, ``stac_extensions``, asset ``roles``...), ``type`` and
``stac_version``, datetimes, the ``collection`` link, providers, STAC 1.1 ``bands``, numbers
of ``gsd``/``bbox``/``geometry``, and two MLM releases declared together.

Mutations come in families; a family names the *sites* it changes (the Item, its properties,
each model input, each asset...) and how its mutations are spread over the examples:

- ``Spread.ONCE``: the verdict on a value (a field's type, bound, pattern or enum) does not
  depend on the rest of the Item, so each mutation is applied once, the sites of all examples
  taking turns so that every example gets its share;
- ``Spread.EVERY``: cross-references (bands and dimensions, band and variable definitions,
  extension URIs, asset roles) depend on the example, so each mutation is applied at every
  site of every example where it applies.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from spec_folder import MLM_SCHEMA_URLS, example_items, schema_path

Document = dict[str, Any]
Path = tuple[str | int, ...]
SiteFinder = Callable[[Document], Iterator[Path]]
Edit = Callable[[Any], None]

MLM_URI = MLM_SCHEMA_URLS["1.5.2"]
#: In the MLM schema URIs of both hosts (``/mlm/`` and ``/mlm-extension/``), no other's.
MLM_FRAGMENT = "/mlm"
EXTENSIONS = "https://stac-extensions.github.io"
MODEL_ROLE = "mlm:model"
RASTER_SCHEMA_URL = f"{EXTENSIONS}/raster/v1.1.0/schema.json"


class NotApplicableError(Exception):
    """The mutation has nothing to change at this site (a key is absent, a list is empty...)."""


class Spread(Enum):
    ONCE = "once"
    EVERY = "every"


@dataclass(frozen=True)
class Mutation:
    target: str  # what is changed, relative to the site ("" when it is the site itself)
    label: str  # how it is changed
    edit: Edit  # changes the site's node in place, or raises NotApplicableError


@dataclass(frozen=True)
class Family:
    sites: SiteFinder
    mutations: Sequence[Mutation]
    spread: Spread
    #: Whether each mutation must apply to some example of v1.5.2 (not for older fields).
    everywhere: bool = True
    #: Whether the family changes STAC core on purpose (most documents then fail STAC core).
    core: bool = False
    #: A name for the tests that pick one family (``family_documents_named``).
    name: str = ""


# --------------------------------------------------------------------------------------------
# Generic mutations
# --------------------------------------------------------------------------------------------

JSON_TYPE_SAMPLES: dict[str, Any] = {
    "string": "text",
    "integer": 3,
    "float": 1.5,
    "integral-float": 1.0,
    "true": True,
    "false": False,
    "null": None,
    "array": [],
    "object": {},
}


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def set_key(key: str, value: Any, label: str | None = None) -> Mutation:
    def edit(node: Any) -> None:
        node[key] = copy.deepcopy(value)

    return Mutation(key, label or f"set={compact(value)}", edit)


def set_values(key: str, values: Sequence[Any]) -> list[Mutation]:
    return [set_key(key, value) for value in values]


def every_json_type(key: str) -> list[Mutation]:
    return [set_key(key, sample, f"type={name}") for name, sample in JSON_TYPE_SAMPLES.items()]


def delete_key(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if key not in node:
            raise NotApplicableError
        del node[key]

    return Mutation(key, "remove", edit)


def labelled(key: str, variants: Sequence[tuple[str, Any]]) -> list[Mutation]:
    return [set_key(key, value, label) for label, value in variants]


def only_if(condition: Callable[[Any], bool], mutation: Mutation) -> Mutation:
    """The same mutation, applied only at sites meeting ``condition``."""

    def edit(node: Any) -> None:
        if not condition(node):
            raise NotApplicableError
        mutation.edit(node)

    return Mutation(mutation.target, mutation.label, edit)


# --------------------------------------------------------------------------------------------
# Sites
# --------------------------------------------------------------------------------------------


def item_root(document: Document) -> Iterator[Path]:
    yield ()


def item_properties(document: Document) -> Iterator[Path]:
    yield ("properties",)


def model_inputs(document: Document) -> Iterator[Path]:
    for index in range(len(document["properties"]["mlm:input"])):
        yield ("properties", "mlm:input", index)


def model_outputs(document: Document) -> Iterator[Path]:
    for index in range(len(document["properties"]["mlm:output"])):
        yield ("properties", "mlm:output", index)


def model_inputs_and_outputs(document: Document) -> Iterator[Path]:
    yield from model_inputs(document)
    yield from model_outputs(document)


def io_structures(document: Document) -> Iterator[Path]:
    for path in model_inputs(document):
        yield (*path, "input")
    for path in model_outputs(document):
        yield (*path, "result")


def named_lists(document: Document) -> Iterator[Path]:
    """The non-empty ``bands`` and ``variables`` lists of the model inputs and outputs."""
    for path in model_inputs_and_outputs(document):
        node = resolve(document, path)
        for key in ("bands", "variables"):
            if node.get(key):
                yield (*path, key)


def item_assets(document: Document) -> Iterator[Path]:
    for name in document["assets"]:
        yield ("assets", name)


def item_links(document: Document) -> Iterator[Path]:
    for index in range(len(document["links"])):
        yield ("links", index)


def resolve(document: Any, path: Path) -> Any:
    node = document
    for key in path:
        node = node[key]
    return node


# --------------------------------------------------------------------------------------------
# Item properties: required fields, types, bounds, patterns, enums, placement
# --------------------------------------------------------------------------------------------

REQUIRED_PROPERTIES = ("mlm:name", "mlm:architecture", "mlm:tasks", "mlm:input", "mlm:output")
OPTIONAL_PROPERTIES = (
    "mlm:framework",
    "mlm:framework_version",
    "mlm:memory_size",
    "mlm:total_parameters",
    "mlm:pretrained",
    "mlm:pretrained_source",
    "mlm:batch_size_suggestion",
    "mlm:accelerator",
    "mlm:accelerator_constrained",
    "mlm:accelerator_summary",
    "mlm:accelerator_count",
    "mlm:hyperparameters",
)


@cache
def official_enums() -> dict[str, tuple[str, ...]]:
    """Enum values read from the official schemas, never copied: the schemas are the reference."""
    mlm = json.loads(schema_path(MLM_SCHEMA_URLS["1.5.2"]).read_text())["$defs"]
    raster = json.loads(schema_path(RASTER_SCHEMA_URL).read_text())["definitions"]
    return {
        "tasks": tuple(mlm["mlm:tasks"]["items"]["enum"]),
        "frameworks": tuple(mlm["mlm:framework"]["anyOf"][0]["enum"]),
        "accelerators": tuple(mlm["mlm:accelerator"]["oneOf"][0]["enum"]),
        "resize_types": tuple(mlm["ResizeType"]["oneOf"][0]["enum"]),
        "data_types": tuple(raster["bands"]["items"]["properties"]["data_type"]["enum"]),
    }


COUNT_FIELDS = ("mlm:memory_size", "mlm:total_parameters", "mlm:batch_size_suggestion")


def property_type_mutations() -> list[Mutation]:
    fields = (*REQUIRED_PROPERTIES, *OPTIONAL_PROPERTIES)
    return [mutation for field in fields for mutation in every_json_type(field)]


def name_mutations() -> list[Mutation]:
    names = [
        "abc",
        "ab",
        "a",
        "",
        "a b",
        "a_1",
        "a.b-c d9",
        "1abc",
        "_abc",
        "abc-",
        "abc.",
        "abc ",
        " abc",
        "a\tb",
        "a\u00a0b",
        "café",
        "caf\u00e9s model",
        "abc\n",
        "a\u001fb",
        "a\u2028b",
        "a:b",
    ]
    return set_values("mlm:name", names)


def architecture_mutations() -> list[Mutation]:
    return set_values("mlm:architecture", ["", " ", "Vision Transformer", "ResNet-50 (v1.5)"])


def task_mutations() -> list[Mutation]:
    single = [set_key("mlm:tasks", [task]) for task in official_enums()["tasks"]]
    others = set_values(
        "mlm:tasks",
        [
            [],
            list(official_enums()["tasks"]),
            ["classification", "classification"],
            ["classification", "regression"],
            ["Classification"],
            ["unknown-task"],
            ["classification", 1],
            ["classification", None],
            "classification",
        ],
    )
    return single + others


def framework_mutations() -> list[Mutation]:
    names = [
        *official_enums()["frameworks"],
        "pytorch",
        "PyTorch Lightning",
        "t",
        "torch2",
        " PyTorch",
        "PyTorch ",
        ".torch",
        "torch.",
        "_torch",
        "torch_",
        "-torch",
        "torch-",
        ".",
        "-",
        "",
        "torch\n",
        "torch\u001f",
        "a.b_c-d",
    ]
    return set_values("mlm:framework", names)


def framework_version_mutations() -> list[Mutation]:
    versions = [
        "2.1.2",
        "0.0.0",
        "2.1",
        "2",
        "v2.1.2",
        "01.2.3",
        "2.01.3",
        "2.1.2-rc.1",
        "2.1.2-01",
        "2.1.2-0a",
        "2.1.2-",
        "2.1.2+",
        "2.1.2+cu121",
        "1.2.3-alpha+build.1",
        "1.2.3.4",
        "1.2.3 ",
        "1.2.3\n",
        "1.2.3\u0663",
        "",
    ]
    return set_values("mlm:framework_version", versions)


def count_mutations() -> list[Mutation]:
    values = [-1, 0, 1, 10**12, 2**63, -1.0, 0.0, -0.0, 1e300]
    return [set_key(field, value) for field in COUNT_FIELDS for value in values]


def accelerator_mutations() -> list[Mutation]:
    values = [*official_enums()["accelerators"], None, "cpu", "CUDA", "gpu", ""]
    counts = set_values("mlm:accelerator_count", [-1, 0, 1, 2, 0.0, 2.0])
    return [*set_values("mlm:accelerator", values), *counts]


def pretrained_mutations() -> list[Mutation]:
    values = [
        ("pretrained-false-alone", {"mlm:pretrained": False}),
        ("pretrained-false-source-null", {"mlm:pretrained": False, "mlm:pretrained_source": None}),
        ("pretrained-false-source-text", {"mlm:pretrained": False, "mlm:pretrained_source": "x"}),
        ("pretrained-true-source-null", {"mlm:pretrained": True, "mlm:pretrained_source": None}),
        ("pretrained-true-source-text", {"mlm:pretrained": True, "mlm:pretrained_source": "x"}),
    ]
    return [
        update_keys("mlm:pretrained+mlm:pretrained_source", label, pairs) for label, pairs in values
    ]


def update_keys(target: str, label: str, pairs: dict[str, Any]) -> Mutation:
    def edit(node: Any) -> None:
        node.update(copy.deepcopy(pairs))

    return Mutation(target, label, edit)


def hyperparameter_mutations() -> list[Mutation]:
    values = [
        {"learning_rate": 0.001},
        {"lr-1.x_Y": 1},
        {"nested": {"a": [1, None]}},
        {"optimizer": None},
        {},
        {"a b": 1},
        {"mlm:lr": 1},
        {"learning rate": 0.1},
        {"ü": 1},
        {"": 1},
        {"lr\n": 1},
        {"-": 1},
    ]
    return set_values("mlm:hyperparameters", values)


def io_list_mutations() -> list[Mutation]:
    return [*set_values("mlm:input", [[], {}, [None]]), *set_values("mlm:output", [[], {}, [1]])]


def property_extra_key_mutations() -> list[Mutation]:
    """Unknown ``mlm:`` keys are forbidden in properties; any other key passes."""
    keys = [
        ("$comment", "a comment"),
        ("other:field", {"a": 1}),
        ("mlm_name", "x"),
        ("MLM:foo", 1),
        ("mlmfoo", 1),
        ("processing:expression", {"format": "x", "expression": "y"}),
        ("classification:classes", "not checked here"),
        ("mlm:foo", 1),
        ("mlm:", 1),
        ("mlm:Name", "abc"),
        ("mlm:name ", "abc"),
        ("mlm:norm_type", "z-score"),
        ("mlm:bands", []),
        ("mlm:foo", None),
        ("dlm:name", "abc"),
        ("dlm:", 1),
        ("DLM:name", "abc"),
    ]
    return [set_key(key, value) for key, value in keys]


def asset_only_in_properties() -> list[Mutation]:
    values = ["torch.save", None, ""]
    fields = ("mlm:artifact_type", "mlm:compile_method", "mlm:entrypoint")
    return [set_key(field, value) for field in fields for value in values]


def property_value_mutations() -> list[Mutation]:
    return [
        *property_type_mutations(),
        *name_mutations(),
        *architecture_mutations(),
        *task_mutations(),
        *framework_mutations(),
        *framework_version_mutations(),
        *count_mutations(),
        *accelerator_mutations(),
        *set_values("mlm:pretrained_source", ["ImageNet", "", None]),
        *set_values("mlm:accelerator_summary", ["", "NVIDIA A100"]),
        *pretrained_mutations(),
        *hyperparameter_mutations(),
        *io_list_mutations(),
        *property_extra_key_mutations(),
        *asset_only_in_properties(),
    ]


# No example has mlm:accelerator_count or mlm:hyperparameters: nothing to remove there.
REMOVABLE_PROPERTIES = tuple(
    field
    for field in (*REQUIRED_PROPERTIES, *OPTIONAL_PROPERTIES)
    if field not in ("mlm:accelerator_count", "mlm:hyperparameters")
)


def property_removal_mutations() -> list[Mutation]:
    return [delete_key(field) for field in REMOVABLE_PROPERTIES]


# --------------------------------------------------------------------------------------------
# Model inputs and outputs: their own fields
# --------------------------------------------------------------------------------------------

PROCESSING = {"format": "python", "expression": "package.module.function"}
PROCESSING_VARIANTS: list[tuple[str, Any]] = [
    ("object", PROCESSING),
    ("null", None),
    ("without-format", {"expression": "x"}),
    ("without-expression", {"format": "python"}),
    ("format-number", {"format": 1, "expression": "x"}),
    ("format-empty", {"format": "", "expression": "x"}),
    ("expression-null", {"format": "python", "expression": None}),
    ("expression-object", {"format": "uri", "expression": {"href": "https://example.com/a.py"}}),
    ("description", {**PROCESSING, "description": "what it does"}),
    ("description-number", {**PROCESSING, "description": 1}),
    ("description-null", {**PROCESSING, "description": None}),
    ("extra-key", {**PROCESSING, "other:key": 1}),
    ("empty-object", {}),
    ("array", [PROCESSING]),
    ("array-two", [PROCESSING, {"format": "gdal-calc", "expression": "A * 2"}]),
    ("array-empty", []),
    ("array-null-item", [None]),
    ("array-object-and-null", [PROCESSING, None]),
    ("array-invalid-item", [{"format": "python"}]),
    ("array-nested", [[PROCESSING]]),
    ("string", "python"),
    ("number", 1),
]

VALUE_SCALING_ITEMS: list[tuple[str, Any]] = [
    ("min-max", {"type": "min-max", "minimum": 0, "maximum": 1}),
    ("min-max-floats", {"type": "min-max", "minimum": -0.5, "maximum": 1.5}),
    ("min-max-extra-key", {"type": "min-max", "minimum": 0, "maximum": 1, "note": "x"}),
    ("min-max-no-maximum", {"type": "min-max", "minimum": 0}),
    ("min-max-string-number", {"type": "min-max", "minimum": "0", "maximum": 1}),
    ("min-max-bool-number", {"type": "min-max", "minimum": False, "maximum": 1}),
    ("min-max-null-number", {"type": "min-max", "minimum": None, "maximum": 1}),
    ("z-score", {"type": "z-score", "mean": 0.5, "stddev": 2}),
    ("z-score-no-stddev", {"type": "z-score", "mean": 0.5}),
    ("z-score-no-mean", {"type": "z-score", "stddev": 2}),
    ("z-score-string-number", {"type": "z-score", "mean": "0.5", "stddev": 2}),
    ("z-score-extra-key", {"type": "z-score", "mean": 0, "stddev": 1, "other:key": [1]}),
    ("clip", {"type": "clip", "minimum": 0, "maximum": 10000}),
    ("clip-no-minimum", {"type": "clip", "maximum": 10000}),
    ("clip-min", {"type": "clip-min", "minimum": 0}),
    ("clip-min-with-maximum", {"type": "clip-min", "minimum": 0, "maximum": 1}),
    ("clip-min-string-maximum", {"type": "clip-min", "minimum": 0, "maximum": "1"}),
    ("clip-min-no-minimum", {"type": "clip-min", "maximum": 1}),
    ("clip-max", {"type": "clip-max", "maximum": 1}),
    ("clip-max-with-minimum", {"type": "clip-max", "minimum": 0, "maximum": 1}),
    ("clip-max-string-minimum", {"type": "clip-max", "minimum": "0", "maximum": 1}),
    ("clip-max-no-maximum", {"type": "clip-max", "minimum": 0}),
    ("offset", {"type": "offset", "value": -1}),
    ("offset-no-value", {"type": "offset"}),
    ("offset-string-value", {"type": "offset", "value": "1"}),
    ("offset-bool-value", {"type": "offset", "value": True}),
    ("scale", {"type": "scale", "value": 0.0001}),
    ("scale-no-value", {"type": "scale"}),
    ("scale-null-value", {"type": "scale", "value": None}),
    ("processing", {"type": "processing", **PROCESSING}),
    ("processing-description", {"type": "processing", **PROCESSING, "description": "d"}),
    ("processing-no-format", {"type": "processing", "expression": "x"}),
    ("processing-no-expression", {"type": "processing", "format": "python"}),
    ("processing-format-number", {"type": "processing", "format": 1, "expression": "x"}),
    ("processing-expression-null", {"type": "processing", "format": "x", "expression": None}),
    ("min-max-minimum-above-maximum", {"type": "min-max", "minimum": 2, "maximum": 1}),
    ("type-null", {"type": None}),
    ("type-unknown", {"type": "normalize", "value": 1}),
    ("type-missing", {"minimum": 0, "maximum": 1}),
    ("empty-object", {}),
    ("string", "z-score"),
    ("null", None),
]

VALUE_SCALING_LISTS: list[tuple[str, Any]] = [
    ("null", None),
    ("empty", []),
    ("object", {"type": "scale", "value": 2}),
    ("string", "z-score"),
    ("mixed", [{"type": "clip", "minimum": 0, "maximum": 1}, {"type": "scale", "value": 2}]),
]


def value_scaling_mutations() -> list[Mutation]:
    items = [
        set_key("value_scaling", [value], f"item={label}") for label, value in VALUE_SCALING_ITEMS
    ]
    lists = [set_key("value_scaling", value, label) for label, value in VALUE_SCALING_LISTS]
    return [*items, *lists, *last_scaling_item_mutations()]


def last_scaling_item_mutations() -> list[Mutation]:
    """Break the last item of an existing list: every item must be checked, not the first."""
    changes: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
        ("last-item-number-as-string", lambda item: item.update({"stddev": "1"})),
        ("last-item-type-removed", lambda item: item.pop("type", None)),
        ("last-item-extra-key", lambda item: item.update({"other:key": True})),
    ]
    return [change_last_scaling_item(label, change) for label, change in changes]


def change_last_scaling_item(label: str, change: Callable[[dict[str, Any]], None]) -> Mutation:
    def edit(node: Any) -> None:
        scaling = node.get("value_scaling")
        if not scaling or scaling[-1].get("type") != "z-score":
            raise NotApplicableError
        change(scaling[-1])

    return Mutation("value_scaling/-1", label, edit)


def input_field_mutations() -> list[Mutation]:
    return [
        delete_key("name"),
        *set_values("name", ["", 1, None, "a"]),
        delete_key("input"),
        *set_values("input", [None, []]),
        *set_values("description", ["what it is", "", None, 1]),
        *set_values(
            "resize_type", [*official_enums()["resize_types"], None, "bilinear", "", 1, ["crop"]]
        ),
        delete_key("resize_type"),
        delete_key("value_scaling"),
        *value_scaling_mutations(),
        *labelled("pre_processing_function", PROCESSING_VARIANTS),
        delete_key("pre_processing_function"),
        *open_object_mutations(),
        *set_values("norm_by_channel", [True]),
        *set_values("norm_type", ["z-score"]),
        *foreign_keys(
            ("tasks", "not checked on an input"),
            ("result", "not checked on an input"),
            ("classification:classes", "not checked on an input"),
            ("post_processing_function", "not checked on an input"),
        ),
    ]


def foreign_keys(*pairs: tuple[str, Any]) -> list[Mutation]:
    """Keys that another MLM object defines: the schema does not check them here."""
    return [set_key(key, value, "foreign-key") for key, value in pairs]


def open_object_mutations() -> list[Mutation]:
    """Objects without ``additionalProperties: false`` take any other key, ``mlm:`` ones too."""
    extras = [("$comment", "a comment"), ("other:key", {"x": [1]}), ("mlm:foo", 1)]
    return [set_key(key, value) for key, value in extras]


def output_field_mutations() -> list[Mutation]:
    return [
        delete_key("name"),
        *set_values("name", ["", None]),
        delete_key("tasks"),
        *set_values(
            "tasks",
            [
                [],
                ["classification"],
                ["classification", "classification"],
                ["unknown-task"],
                "classification",
                None,
            ],
        ),
        delete_key("result"),
        *set_values("result", [None, {}]),
        *set_values("description", ["what it is", "", None]),
        *labelled("post_processing_function", PROCESSING_VARIANTS),
        delete_key("post_processing_function"),
        *classification_mutations(),
        *set_values("classification_classes", ["not checked: unknown key"]),
        delete_key("classification_classes"),
        *open_object_mutations(),
        *foreign_keys(
            ("input", "not checked on an output"),
            ("value_scaling", "not checked on an output"),
            ("resize_type", "not checked on an output"),
            ("pre_processing_function", "not checked on an output"),
        ),
    ]


CLASS = {"value": 0, "description": "Background"}
CLASS_VARIANTS: list[tuple[str, Any]] = [
    ("one", [CLASS]),
    ("empty", []),
    ("with-name-title-nodata", [{**CLASS, "name": "bg", "title": "BG", "nodata": True}]),
    ("color-hint", [{**CLASS, "color_hint": "00ff00"}]),
    ("extra-key", [{**CLASS, "other:key": 1}]),
    ("negative-value", [{"value": -1, "description": "x"}]),
    ("integral-float-value", [{"value": 1.0, "description": "x"}]),
    ("empty-description", [{"value": 0, "description": ""}]),
    ("same-value-other-description", [CLASS, {"value": 0, "description": "Other"}]),
    ("two", [CLASS, {"value": 1, "description": "City"}]),
    ("no-description", [{"value": 0}]),
    ("no-value", [{"description": "x"}]),
    ("float-value", [{"value": 1.5, "description": "x"}]),
    ("string-value", [{"value": "1", "description": "x"}]),
    ("bool-value", [{"value": True, "description": "x"}]),
    ("null-value", [{"value": None, "description": "x"}]),
    ("null-description", [{"value": 0, "description": None}]),
    ("number-description", [{"value": 0, "description": 1}]),
    ("null-name", [{**CLASS, "name": None}]),
    ("number-name", [{**CLASS, "name": 1}]),
    ("color-hint-hash", [{**CLASS, "color_hint": "#00ff00"}]),
    ("color-hint-short", [{**CLASS, "color_hint": "00ff0"}]),
    ("color-hint-not-hex", [{**CLASS, "color_hint": "GG0000"}]),
    ("color-hint-rgb-list", [{**CLASS, "color_hint": [0, 0, 0]}]),
    ("color-hint-null", [{**CLASS, "color_hint": None}]),
    ("color-hint-trailing-newline", [{**CLASS, "color_hint": "00ff00\n"}]),
    ("duplicate", [CLASS, CLASS]),
    ("duplicate-int-and-float", [CLASS, {"value": 0.0, "description": "Background"}]),
    ("duplicate-key-order", [CLASS, {"description": "Background", "value": 0}]),
    ("distinct-by-bool-vs-int", [{**CLASS, "nodata": True}, {**CLASS, "nodata": 1}]),
    ("distinct-by-false-vs-zero", [{**CLASS, "other:key": [False]}, {**CLASS, "other:key": [0]}]),
    ("duplicate-by-float-in-extra", [{**CLASS, "other:key": 2}, {**CLASS, "other:key": 2.0}]),
    ("null", None),
    ("object", CLASS),
    ("string", "background"),
    ("null-item", [None]),
    ("number-item", [0]),
]


def classification_mutations() -> list[Mutation]:
    variants = labelled("classification:classes", CLASS_VARIANTS)
    return [*variants, duplicate_first_class(), delete_key("classification:classes")]


def duplicate_first_class() -> Mutation:
    def edit(node: Any) -> None:
        classes = node.get("classification:classes")
        if not classes:
            raise NotApplicableError
        classes.append(copy.deepcopy(classes[0]))

    return Mutation("classification:classes", "duplicate-first", edit)


def structure_mutations() -> list[Mutation]:
    return [
        *[delete_key(key) for key in ("shape", "dim_order", "data_type")],
        *last_shape_item_mutations(),
        *set_values("shape", [[], None, "1", [-1]]),
        append_shape_dimension(),
        *dim_order_mutations(),
        *set_values(
            "data_type", [*official_enums()["data_types"], "float", "Float32", "bool", None, 1]
        ),
        *open_object_mutations(),
    ]


def last_shape_item_mutations() -> list[Mutation]:
    # The first dimension is -1 (batch) in every example; the last one never is.
    values = [-2, -1, 0, 1, 2**40, 1.5, 1.0, -1.0, True, "1", None]
    return [replace_list_item("shape", -1, value) for value in values]


def replace_list_item(key: str, index: int, value: Any) -> Mutation:
    def edit(node: Any) -> None:
        items = node.get(key)
        if not isinstance(items, list) or not items:
            raise NotApplicableError
        items[index] = copy.deepcopy(value)

    return Mutation(f"{key}/{index}", f"set={compact(value)}", edit)


def append_shape_dimension() -> Mutation:
    """The schema never compares the lengths of ``shape`` and ``dim_order``."""

    def edit(node: Any) -> None:
        node["shape"].append(7)

    return Mutation("shape", "longer-than-dim_order", edit)


def dim_order_mutations() -> list[Mutation]:
    names = [
        "time_step",
        "width\n",
        "time-step",
        "_",
        "-",
        "Width",
        "WIDTH",
        "width2",
        "time step",
        "",
        "ü",
        1,
        None,
    ]
    return [
        *[replace_last_dimension(name) for name in names],
        duplicate_first_dimension(),
        *set_values("dim_order", [[], "batch", None, ["batch", 1]]),
    ]


def replace_last_dimension(name: Any) -> Mutation:
    """Rename the last dimension, never the ``bands``/``variables`` one: they are cross-checked."""

    def edit(node: Any) -> None:
        if node["dim_order"][-1] in ("bands", "variables"):
            raise NotApplicableError
        node["dim_order"][-1] = name

    return Mutation("dim_order/-1", f"set={compact(name)}", edit)


def duplicate_first_dimension() -> Mutation:
    def edit(node: Any) -> None:
        node["dim_order"].append(node["dim_order"][0])

    return Mutation("dim_order", "duplicate", edit)


BAND_ITEM_VARIANTS: list[tuple[str, Any]] = [
    ("string", "B04"),
    ("object", {"name": "B04"}),
    ("expression", {"name": "NDVI", "format": "rio-calc", "expression": "(B08 - B04)"}),
    ("expression-null", {"name": "NDVI", "format": "rio-calc", "expression": None}),
    ("expression-object", {"name": "NDVI", "format": "x", "expression": {"op": "sub"}}),
    ("format-without-expression", {"name": "NDVI", "format": "rio-calc"}),
    ("expression-without-format", {"name": "NDVI", "expression": "(B08 - B04)"}),
    ("format-empty", {"name": "NDVI", "format": "", "expression": "x"}),
    ("format-number", {"name": "NDVI", "format": 1, "expression": "x"}),
    ("extra-key", {"name": "B04", "extra": 1}),
    ("other-extension-key", {"name": "B04", "eo:common_name": "red"}),
    ("empty-name", {"name": ""}),
    ("number-name", {"name": 1}),
    ("no-name", {}),
    ("empty-string", ""),
    ("number", 4),
    ("null", None),
    ("list", ["B04"]),
    ("undefined-name", "NOT-A-DEFINED-BAND"),
]


def band_item_mutations() -> list[Mutation]:
    first = [replace_first_named(label, value) for label, value in BAND_ITEM_VARIANTS]
    return [*first, duplicate_first_named()]


def replace_first_named(label: str, value: Any) -> Mutation:
    def edit(node: Any) -> None:
        node[0] = copy.deepcopy(value)

    return Mutation("0", label, edit)


def duplicate_first_named() -> Mutation:
    def edit(node: Any) -> None:
        node.append(copy.deepcopy(node[0]))

    return Mutation("", "duplicate-first", edit)


def named_list_type_mutations() -> list[Mutation]:
    values = [None, "B04", {"name": "B04"}]
    return [set_key(key, value) for key in ("bands", "variables") for value in values]


# --------------------------------------------------------------------------------------------
# Bands and variables <=> dim_order (each input and output)
# --------------------------------------------------------------------------------------------

SAMPLE_NAMES = {"bands": "B04", "variables": "temperature_2m"}


def dimensions(node: dict[str, Any]) -> list[Any]:
    structure = node["result"] if "result" in node else node["input"]
    dim_order: list[Any] = structure["dim_order"]
    return dim_order


def lists_names(node: dict[str, Any], key: str) -> bool:
    return bool(node.get(key))


def names_without_dimension(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if lists_names(node, key) or key in dimensions(node):
            raise NotApplicableError
        node[key] = [SAMPLE_NAMES[key]]

    return Mutation(key, f"listed-without-{key}-dimension", edit)


def dimension_without_names(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if lists_names(node, key) or key in dimensions(node):
            raise NotApplicableError
        dimensions(node).append(key)

    return Mutation("dim_order", f"{key}-dimension-without-{key}", edit)


def names_and_dimension_added(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if lists_names(node, key) or key in dimensions(node):
            raise NotApplicableError
        node[key] = [SAMPLE_NAMES[key]]
        dimensions(node).append(key)

    return Mutation(key, f"{key}-and-dimension-added", edit)


def dimension_removed(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if not lists_names(node, key) or key not in dimensions(node):
            raise NotApplicableError
        dimensions(node).remove(key)

    return Mutation("dim_order", f"{key}-dimension-removed", edit)


def names_emptied(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if not lists_names(node, key) or key not in dimensions(node):
            raise NotApplicableError
        node[key] = []

    return Mutation(key, "emptied-dimension-kept", edit)


def names_removed(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if not lists_names(node, key) or key not in dimensions(node):
            raise NotApplicableError
        del node[key]

    return Mutation(key, "removed-dimension-kept", edit)


def names_and_dimension_removed(key: str) -> Mutation:
    def edit(node: Any) -> None:
        if not lists_names(node, key) or key not in dimensions(node):
            raise NotApplicableError
        node[key] = []
        dims = dimensions(node)
        dims[dims.index(key)] = "channel" if "channel" not in dims else "channels"

    return Mutation(key, f"{key}-and-dimension-removed", edit)


def dimension_reference_mutations() -> list[Mutation]:
    factories = (
        names_without_dimension,
        dimension_without_names,
        names_and_dimension_added,
        dimension_removed,
        names_emptied,
        names_removed,
        names_and_dimension_removed,
    )
    return [factory(key) for key in ("bands", "variables") for factory in factories]


# --------------------------------------------------------------------------------------------
# Band definitions (eo, raster, STAC 1.1) and variable definitions (datacube)
# --------------------------------------------------------------------------------------------


def is_model_asset(asset: dict[str, Any]) -> bool:
    return MODEL_ROLE in asset.get("roles", [])


def model_assets(document: Document) -> list[dict[str, Any]]:
    return [asset for asset in document["assets"].values() if is_model_asset(asset)]


def other_assets(document: Document) -> list[dict[str, Any]]:
    return [asset for asset in document["assets"].values() if not is_model_asset(asset)]


def mlm_band_names(document: Document) -> list[str]:
    names: list[str] = []
    properties = document["properties"]
    for node in (*properties["mlm:input"], *properties["mlm:output"]):
        for band in node.get("bands", []):
            name = band if isinstance(band, str) else band["name"]
            if name not in names:
                names.append(name)
    return names


def drop_extension(fragment: str, label: str) -> Mutation:
    def edit(document: Any) -> None:
        uris = document["stac_extensions"]
        kept = [uri for uri in uris if fragment not in uri]
        if len(kept) == len(uris):
            raise NotApplicableError
        document["stac_extensions"] = kept

    return Mutation("stac_extensions", label, edit)


def replace_extension(fragment: str, uri: str, label: str) -> Mutation:
    def edit(document: Any) -> None:
        uris = document["stac_extensions"]
        matches = [index for index, old in enumerate(uris) if fragment in old]
        if not matches:
            raise NotApplicableError
        uris[matches[0]] = uri

    return Mutation("stac_extensions", label, edit)


def extension_mutations(mlm_uri: str = MLM_URI) -> list[Mutation]:
    mirror = "https://example.com/mirror/"
    return [
        drop_extension(MLM_FRAGMENT, "mlm-uri-removed"),
        replace_extension(MLM_FRAGMENT, f"{EXTENSIONS}/mlm/v1.5.1/schema.json", "mlm-uri-v1.5.1"),
        replace_extension(MLM_FRAGMENT, f"{EXTENSIONS}/mlm/v1.4.0/schema.json", "mlm-uri-v1.4.0"),
        replace_extension(
            MLM_FRAGMENT,
            "https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json",
            "mlm-uri-v1.3.0",
        ),
        replace_extension(MLM_FRAGMENT, mlm_uri.replace("https:", "http:"), "mlm-uri-http"),
        replace_extension(MLM_FRAGMENT, f"{mlm_uri}#", "mlm-uri-with-fragment"),
        replace_extension(MLM_FRAGMENT, f"{mirror}{mlm_uri}", "mlm-uri-mirrored"),
        move_mlm_uri_last(mlm_uri),
        *[
            replace_extension(MLM_FRAGMENT, uri, f"mlm-uri-v{version}")
            for version, uri in MLM_SCHEMA_URLS.items()
            if version not in ("1.5.1", "1.4.0", "1.3.0") and uri != mlm_uri
        ],
        add_extension(f"{EXTENSIONS}/version/v1.2.0/schema.json", "unrelated-uri-added"),
        delete_key("stac_extensions"),
        set_key("stac_extensions", [], "emptied"),
        drop_extension("/eo/", "eo-uri-removed"),
        replace_extension("/eo/", f"{EXTENSIONS}/eo/v2.0.0/schema.json", "eo-uri-v2.0.0"),
        replace_extension("/eo/", f"{EXTENSIONS}/eo/v1.0.0/schema.json", "eo-uri-v1.0.0"),
        replace_extension("/eo/", f"{EXTENSIONS}/eo/v1.1/schema.json", "eo-uri-two-digits"),
        replace_extension("/eo/", f"{mirror}{EXTENSIONS}/eo/v1.1.0/schema.json", "eo-uri-mirror"),
        drop_extension("/raster/", "raster-uri-removed"),
        replace_extension("/raster/", f"{EXTENSIONS}/raster/v2.0.0/schema.json", "raster-uri-v2"),
        replace_extension("/raster/", f"{EXTENSIONS}/raster/v1.0.0/schema.json", "raster-uri-v1"),
        replace_extension(
            "/raster/", f"{mirror}{EXTENSIONS}/raster/v1.1.0/schema.json", "raster-uri-mirror"
        ),
        drop_extension("/datacube/", "datacube-uri-removed"),
        replace_extension(
            "/datacube/", f"{EXTENSIONS}/datacube/v20.0.0/schema.json", "datacube-uri-v20"
        ),
        replace_extension(
            "/datacube/", f"{EXTENSIONS}/datacube/v1.0.0/schema.json", "datacube-uri-v1"
        ),
        replace_extension(
            "/datacube/", f"{EXTENSIONS}/datacube/v2.0.0/schema.json", "datacube-uri-v2.0.0"
        ),
        replace_extension(
            "/datacube/",
            f"{mirror}{EXTENSIONS}/datacube/v2.3.0/schema.json",
            "datacube-uri-mirror",
        ),
    ]


def move_mlm_uri_last(mlm_uri: str) -> Mutation:
    def edit(document: Any) -> None:
        uris = document["stac_extensions"]
        if len(uris) < 2 or uris[-1] == mlm_uri:
            raise NotApplicableError
        uris.remove(mlm_uri)
        uris.append(mlm_uri)

    return Mutation("stac_extensions", "mlm-uri-moved-last", edit)


def add_extension(uri: str, label: str) -> Mutation:
    def edit(document: Any) -> None:
        document["stac_extensions"].append(uri)

    return Mutation("stac_extensions", label, edit)


def drop_field(field: str, *, in_properties: bool, in_assets: bool) -> Mutation:
    where = "everywhere" if in_properties and in_assets else "properties" if in_properties else ""
    where = where or "assets"

    def edit(document: Any) -> None:
        holders = [document["properties"]] if in_properties else []
        holders += list(document["assets"].values()) if in_assets else []
        found = [holder for holder in holders if field in holder]
        if not found:
            raise NotApplicableError
        for holder in found:
            del holder[field]

    return Mutation(field, f"removed-from-{where}", edit)


def move_field_to_other_asset(field: str) -> Mutation:
    """Band definitions only count on an asset with the ``mlm:model`` role."""

    def edit(document: Any) -> None:
        sources = [asset for asset in model_assets(document) if field in asset]
        targets = other_assets(document)
        if not sources or not targets:
            raise NotApplicableError
        targets[0][field] = sources[0].pop(field)

    return Mutation(field, "moved-to-non-model-asset", edit)


def change_model_asset_field(field: str, label: str, change: Callable[[Any], Any]) -> Mutation:
    def edit(document: Any) -> None:
        holders = [asset for asset in model_assets(document) if field in asset]
        if not holders:
            raise NotApplicableError
        holders[0][field] = change(holders[0][field])

    return Mutation(field, label, edit)


def without_first_name(bands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    del bands[0]["name"]
    return bands


def first_name_set(value: Any) -> Callable[[list[dict[str, Any]]], list[dict[str, Any]]]:
    def change(bands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        bands[0]["name"] = value
        return bands

    return change


def names_only(bands: list[dict[str, Any]]) -> list[Any]:
    return [band["name"] for band in bands]


def band_definition_mutations() -> list[Mutation]:
    fields = ("eo:bands", "raster:bands")
    return [
        *[drop_field(field, in_properties=True, in_assets=True) for field in fields],
        drop_field("eo:bands", in_properties=True, in_assets=False),
        *[drop_field(field, in_properties=False, in_assets=True) for field in fields],
        *[move_field_to_other_asset(field) for field in fields],
        *[change_model_asset_field(field, "emptied", lambda _: []) for field in fields],
        *[change_model_asset_field(field, "names-as-strings", names_only) for field in fields],
        change_model_asset_field("raster:bands", "first-without-name", without_first_name),
        change_model_asset_field("raster:bands", "first-name-empty", first_name_set("")),
        change_model_asset_field("raster:bands", "first-name-number", first_name_set(1)),
        change_model_asset_field("eo:bands", "first-without-name", without_first_name),
        empty_property_eo_bands(),
        change_property("eo:bands", "names-as-strings", names_only),
        *[move_field_to_properties(field) for field in fields],
        *[unchecked_on_other_asset(field, value) for field, value in UNCHECKED_BANDS],
    ]


# Band definitions that would be invalid on the model asset; elsewhere nobody checks them.
UNCHECKED_BANDS: list[tuple[str, Any]] = [("eo:bands", []), ("raster:bands", [{"nodata": 0}])]


def unchecked_on_other_asset(field: str, value: Any) -> Mutation:
    def edit(document: Any) -> None:
        targets = [asset for asset in other_assets(document) if field not in asset]
        if not targets:
            raise NotApplicableError
        targets[0][field] = copy.deepcopy(value)

    return Mutation(field, f"set-on-non-model-asset={compact(value)}", edit)


def move_field_to_properties(field: str) -> Mutation:
    """eo:bands count in properties; raster:bands only count on the model asset."""

    def edit(document: Any) -> None:
        sources = [asset for asset in model_assets(document) if field in asset]
        if not sources or field in document["properties"]:
            raise NotApplicableError
        document["properties"][field] = sources[0].pop(field)

    return Mutation(field, "moved-to-properties", edit)


def empty_property_eo_bands() -> Mutation:
    def edit(document: Any) -> None:
        if "eo:bands" not in document["properties"]:
            raise NotApplicableError
        document["properties"]["eo:bands"] = []

    return Mutation("properties/eo:bands", "emptied", edit)


def stac_core_bands_mutations() -> list[Mutation]:
    """STAC 1.1 ``bands`` in properties replace eo/raster, from STAC 1.1 on only."""
    versions = ["1.1.0", "1.1.0-beta.1", "1.10.0", "11.1.0", "1.0.0", "2.0.0"]
    migrations = [migrate_to_stac_core_bands(version) for version in versions]
    return [
        *migrations,
        migrate_to_stac_core_bands("1.1.0", bands=[]),
        migrate_to_stac_core_bands("1.1.0", bands=["B04"]),
        migrate_to_stac_core_bands("1.1.0", bands=[{}]),
        migrate_to_stac_core_bands("1.1.0", on_asset=True),
        # STAC core 1.1 allows bands in properties only when some asset has bands too.
        migrate_to_stac_core_bands("1.1.0", also_on="model"),
        migrate_to_stac_core_bands("1.1.0", also_on="other"),
        migrate_to_stac_core_bands("1.0.0", also_on="model"),
        migrate_to_stac_core_bands("1.1.0", bands=[{}], also_on="model"),
        migrate_to_stac_core_bands("1.1.0", bands=["B04"], also_on="model"),
        add_stac_core_bands(),
        add_stac_core_bands(also_on_model_asset=True),
        set_key("stac_version", "1.1.0"),
    ]


def migrate_to_stac_core_bands(
    version: str,
    bands: list[Any] | None = None,
    *,
    on_asset: bool = False,
    also_on: str | None = None,
) -> Mutation:
    """Replace eo/raster band definitions by STAC 1.1 ``bands`` (in properties, or on the model
    asset, where the schema does not look for them); ``also_on`` ("model" or "other") puts the
    same ``bands`` on an asset as well (STAC core 1.1 allows them in properties only then)."""
    shape = "" if bands is None else f"-bands={compact(bands)}"
    place = "-on-model-asset" if on_asset else ""
    place += f"-also-on-{also_on}-asset" if also_on else ""

    def edit(document: Any) -> None:
        names = mlm_band_names(document)
        targets = other_assets(document) if also_on == "other" else model_assets(document)
        if not names or (also_on and not targets):
            raise NotApplicableError
        drop_eo_and_raster(document)
        document["stac_version"] = version
        holder = model_assets(document)[0] if on_asset else document["properties"]
        described = [{"name": name} for name in names] if bands is None else bands
        holder["bands"] = copy.deepcopy(described)
        if also_on:
            targets[0]["bands"] = [{"name": name} for name in names]

    return Mutation("bands", f"migrated-to-stac-{version}{shape}{place}", edit)


def drop_eo_and_raster(document: Document) -> None:
    document["stac_extensions"] = [
        uri for uri in document["stac_extensions"] if "/eo/" not in uri and "/raster/" not in uri
    ]
    for holder in (document["properties"], *document["assets"].values()):
        holder.pop("eo:bands", None)
        holder.pop("raster:bands", None)


def add_stac_core_bands(*, also_on_model_asset: bool = False) -> Mutation:
    def edit(document: Any) -> None:
        names = mlm_band_names(document)
        if not names:
            raise NotApplicableError
        document["stac_version"] = "1.1.0"
        document["properties"]["bands"] = [{"name": name} for name in names]
        if also_on_model_asset:
            model_assets(document)[0]["bands"] = [{"name": name} for name in names]

    label = "-also-on-model-asset" if also_on_model_asset else ""
    return Mutation("bands", f"stac-1.1-bands-added{label}", edit)


def variable_definition_mutations() -> list[Mutation]:
    return [
        drop_field("cube:variables", in_properties=True, in_assets=False),
        change_property("cube:variables", "emptied", lambda _: {}),
        change_property("cube:variables", "as-list", lambda variables: list(variables)),
        move_variables_to_asset(model=True, keep=False),
        move_variables_to_asset(model=True, keep=True),
        move_variables_to_asset(model=False, keep=False),
        empty_variables_on_model_asset(),
    ]


def empty_variables_on_model_asset() -> Mutation:
    """Wrong on the model asset, but the properties still define the variables: either counts."""

    def edit(document: Any) -> None:
        if "cube:variables" not in document["properties"]:
            raise NotApplicableError
        model_assets(document)[0]["cube:variables"] = {}

    return Mutation("cube:variables", "empty-on-model-asset", edit)


def change_property(field: str, label: str, change: Callable[[Any], Any]) -> Mutation:
    def edit(document: Any) -> None:
        properties = document["properties"]
        if field not in properties:
            raise NotApplicableError
        properties[field] = change(properties[field])

    return Mutation(f"properties/{field}", label, edit)


def move_variables_to_asset(*, model: bool, keep: bool) -> Mutation:
    kind = "model" if model else "non-model"
    label = f"{'copied' if keep else 'moved'}-to-{kind}-asset"

    def edit(document: Any) -> None:
        properties = document["properties"]
        targets = model_assets(document) if model else other_assets(document)
        if "cube:variables" not in properties or not targets:
            raise NotApplicableError
        variables = properties["cube:variables"] if keep else properties.pop("cube:variables")
        targets[0]["cube:variables"] = copy.deepcopy(variables)

    return Mutation("cube:variables", label, edit)


# --------------------------------------------------------------------------------------------
# Assets: roles, artifact type, entrypoint, placement of fields
# --------------------------------------------------------------------------------------------


def has_role(role: str) -> Callable[[Any], bool]:
    def condition(asset: Any) -> bool:
        return role in asset.get("roles", [])

    return condition


def lacks_role(role: str) -> Callable[[Any], bool]:
    def condition(asset: Any) -> bool:
        return role not in asset.get("roles", [])

    return condition


def remove_roles(*roles: str, also: Sequence[str] = (), label: str) -> Mutation:
    def edit(asset: Any) -> None:
        if not all(role in asset.get("roles", []) for role in roles):
            raise NotApplicableError
        asset["roles"] = [role for role in asset["roles"] if role not in roles]
        for key in also:
            asset.pop(key, None)

    return Mutation("roles", label, edit)


def add_roles(*roles: str, extra: dict[str, Any] | None = None, label: str) -> Mutation:
    def edit(asset: Any) -> None:
        if any(role in asset.get("roles", []) for role in roles):
            raise NotApplicableError
        asset["roles"] = [*asset.get("roles", []), *roles]
        asset.update(copy.deepcopy(extra or {}))

    return Mutation("roles", label, edit)


def asset_role_mutations() -> list[Mutation]:
    is_model = has_role(MODEL_ROLE)
    is_other = lacks_role(MODEL_ROLE)
    artifact = {"mlm:artifact_type": "torch.jit.save"}
    entrypoint = {"mlm:entrypoint": "package.module:predict"}
    return [
        remove_roles(MODEL_ROLE, label="model-role-removed"),
        remove_roles(
            MODEL_ROLE, also=["mlm:artifact_type"], label="model-role-and-artifact-removed"
        ),
        only_if(is_model, delete_key("mlm:artifact_type")),
        only_if(is_model, delete_key("roles")),
        only_if(is_model, set_key("roles", [MODEL_ROLE], "only-model-role")),
        only_if(is_other, set_key("mlm:artifact_type", "torch.save")),
        add_roles(MODEL_ROLE, label="model-role-added"),
        add_roles(MODEL_ROLE, extra=artifact, label="model-role-and-artifact-added"),
        set_key("mlm:entrypoint", "package.module:predict"),
        add_roles("code", extra=entrypoint, label="code-role-and-entrypoint-added"),
        only_if(has_role("code"), set_key("mlm:entrypoint", None)),
        only_if(has_role("code"), set_key("mlm:entrypoint", "")),
        only_if(has_role("code"), set_key("mlm:entrypoint", 1)),
        remove_roles("code", label="code-role-removed"),
    ]


def item_asset_mutations() -> list[Mutation]:
    model = {"href": "https://example.com/model.onnx", "roles": [MODEL_ROLE]}
    return [
        set_key("assets", {}, "emptied"),
        add_asset("second-model", {**model, "mlm:artifact_type": "onnx"}),
        add_asset("second-model-without-artifact-type", model),
        add_asset("thumbnail", {"href": "https://example.com/t.png", "roles": ["thumbnail"]}),
        add_asset("without-roles", {"href": "https://example.com/readme.md"}),
        add_asset(
            "without-roles-with-artifact-type",
            {"href": "https://example.com/weights.bin", "mlm:artifact_type": "torch.save"},
        ),
        add_asset(
            "code", {"href": "https://example.com/a.py", "roles": ["code"], "mlm:entrypoint": "a:b"}
        ),
    ]


def add_asset(name: str, asset: dict[str, Any]) -> Mutation:
    def edit(document: Any) -> None:
        document["assets"][f"added-{name}"] = copy.deepcopy(asset)

    return Mutation("assets", f"{name}-added", edit)


def asset_field_mutations() -> list[Mutation]:
    is_model = has_role(MODEL_ROLE)
    artifact_types = ["torch.jit.save", "custom format", "", None, 1, ["torch.save"]]
    allowed_fields = [
        ("mlm:compile_method", ["aot", "", None, 1]),
        ("mlm:framework", ["PyTorch", " PyTorch", None]),
        ("mlm:framework_version", ["1.2.3", "1.2"]),
        ("mlm:accelerator", ["cuda", "cpu", None]),
        ("mlm:accelerator_count", [1, 0]),
        ("mlm:accelerator_constrained", [True, "true"]),
        ("mlm:accelerator_summary", ["A100", 1]),
        ("mlm:memory_size", [0, -1]),
        ("mlm:total_parameters", [10, 1.5]),
        ("mlm:batch_size_suggestion", [8, True]),
        ("mlm:tasks", [["classification"], ["cpu"]]),
        ("mlm:architecture", ["ResNet", None]),
        ("mlm:pretrained", [True, "yes"]),
        ("mlm:pretrained_source", [None, 1]),
    ]
    item_only = [
        ("mlm:name", ["abc", None]),
        ("mlm:input", [[], None]),
        ("mlm:output", [[]]),
        ("mlm:hyperparameters", [{"lr": 0.1}, None]),
    ]
    others = [
        ("mlm:foo", [1]),
        ("mlm:weights", ["x"]),
        ("mlm:", [1]),
        ("MLM:foo", [1]),
        ("mlm_artifact_type", ["torch.save"]),
        ("other:key", [{"a": 1}]),
        ("$comment", ["a comment"]),
    ]
    return [
        *[only_if(is_model, set_key("mlm:artifact_type", value)) for value in artifact_types],
        *[set_key(key, value) for key, values in allowed_fields + item_only for value in values],
        *[set_key(key, value) for key, values in others for value in values],
    ]


# --------------------------------------------------------------------------------------------
# Keys the official schema does not look at: the Item's top level and its links
# --------------------------------------------------------------------------------------------


def top_level_mutations() -> list[Mutation]:
    extras = [
        ("$comment", "another comment"),
        ("mlm:entrypoint", "package.module:predict"),
        ("mlm:foo", 1),
        ("mlm:name", 1),
        ("other:key", {"nested": [1, None]}),
    ]
    return [*[set_key(key, value) for key, value in extras], delete_key("$comment")]


def link_mutations() -> list[Mutation]:
    extras = [("mlm:name", "a-model"), ("mlm:foo", 1), ("$comment", "x"), ("other:key", None)]
    return [set_key(key, value) for key, value in extras]


def legacy_input_mutations() -> list[Mutation]:
    """v1.0-v1.3 normalization fields (``value_scaling`` replaced them in v1.4)."""
    norm_types = ["min-max", "l1", "l2", "l2sqr", "hamming", "hamming2"]
    norm_types += ["type-mask", "relative", "inf", "clip", "minmax", "", 1, None]
    statistics = [
        [{"mean": 1, "stddev": 2}],
        [{"minimum": 0, "maximum": 1}, {"mean": 0.5}],
        [],
        [{"foo": 1}],
        [{"mean": "a"}],
        [1],
        None,
        {"mean": 1},
    ]
    return [
        *set_values("norm_type", norm_types),
        *set_values("norm_clip", [[1, 2], [0], [], ["a"], None, [1.5, -2]]),
        *set_values("norm_by_channel", [False, "yes", None, 1]),
        *set_values("statistics", statistics),
        *[delete_key(key) for key in ("norm_type", "norm_clip", "norm_by_channel", "statistics")],
    ]


def legacy_asset_mutations() -> list[Mutation]:
    """v1.0-v1.3 allow any MLM field on an asset, and forbid the ``dlm:`` prefix."""
    keys = [
        ("dlm:framework", "x"),
        ("mlm:name", "asset-level-name"),
        ("mlm:input", []),
        ("mlm:unknown_field", 1),
        ("mlm:tasks", ["classification", "classification"]),
        ("mlm:accelerator", "tpu"),
    ]
    return [set_key(key, value) for key, value in keys]


# --------------------------------------------------------------------------------------------
# STAC core on purpose: the JSON types of the Item's containers
# --------------------------------------------------------------------------------------------

#: Values of a JSON type other than the one STAC core requires, for an array or an object.
NOT_AN_ARRAY: list[tuple[str, Any]] = [
    ("null", None),
    ("string", "x"),
    ("number", 1),
    ("object", {}),
]
NOT_AN_OBJECT: list[tuple[str, Any]] = [
    ("null", None),
    ("string", "x"),
    ("number", 1),
    ("array", []),
    ("array-of-object", [{"href": "https://example.com/a"}]),
]
#: ``roles`` that are not an array: the MLM schemas skip such an asset in their role rules.
UNREADABLE_ROLES: list[tuple[str, Any]] = [
    ("null", None),
    ("string", MODEL_ROLE),
    ("number", 1),
    ("object", {"0": MODEL_ROLE}),
]


def roles_shape_mutations() -> list[Mutation]:
    """``roles`` of every asset, not an array (the verdict depends on which asset it is)."""
    return [set_key("roles", value, f"roles-{label}") for label, value in UNREADABLE_ROLES[:3]]


def roles_item_mutations() -> list[Mutation]:
    """``roles`` arrays with items STAC core refuses, and the remaining non-array shapes."""
    is_model = has_role(MODEL_ROLE)
    return [
        *[set_key("roles", value, f"roles-{label}") for label, value in UNREADABLE_ROLES[3:]],
        set_key("roles", True, "roles-true"),
        set_key("roles", "data", "roles-string-other"),
        set_key("roles", [], "roles-empty"),
        set_key("roles", [1], "roles-number-item"),
        set_key("roles", [None], "roles-null-item"),
        only_if(is_model, set_key("roles", [MODEL_ROLE, 1], "roles-model-and-number")),
        only_if(is_model, set_key("roles", [MODEL_ROLE, MODEL_ROLE], "roles-model-twice")),
    ]


def unreadable_model_roles_mutations() -> list[Mutation]:
    """A model asset whose ``roles`` is not an array (or not an array of strings), without
    ``mlm:artifact_type``: the MLM schemas pass the asset (and the "some asset is the model"
    rule), STAC core does not."""
    shapes = [*UNREADABLE_ROLES, ("number-item", [1]), ("null-item", [None])]
    return [unreadable_model_roles(label, value) for label, value in shapes]


def unreadable_model_roles(label: str, value: Any) -> Mutation:
    def edit(asset: Any) -> None:
        if not has_role(MODEL_ROLE)(asset):
            raise NotApplicableError
        asset["roles"] = copy.deepcopy(value)
        asset.pop("mlm:artifact_type", None)

    return Mutation("roles", f"model-roles-{label}-without-artifact-type", edit)


def container_mutations() -> list[Mutation]:
    """``assets``, ``properties``, ``links`` and ``stac_extensions`` of the wrong JSON type."""
    return [
        *[set_key("assets", value, f"assets-{label}") for label, value in NOT_AN_OBJECT],
        *[set_key("properties", value, f"properties-{label}") for label, value in NOT_AN_OBJECT],
        delete_key("properties"),
        delete_key("assets"),
        *[set_key("links", value, f"links-{label}") for label, value in NOT_AN_ARRAY],
        delete_key("links"),
        *[
            set_key("stac_extensions", value, f"extensions-{label}")
            for label, value in NOT_AN_ARRAY
        ],
        set_key("stac_extensions", MLM_URI, "extensions-the-mlm-uri-as-a-string"),
    ]


def replace_asset(kind: str, label: str, value: Any) -> Mutation:
    """Replace the first model (or other) asset by a value that is not an object."""

    def edit(document: Any) -> None:
        keys = [key for key, asset in document["assets"].items() if is_model_asset(asset)]
        if kind == "other":
            keys = [key for key in document["assets"] if key not in keys]
        if not keys:
            raise NotApplicableError
        document["assets"][keys[0]] = copy.deepcopy(value)

    return Mutation("assets", f"{kind}-asset-{label}", edit)


def asset_not_an_object_mutations() -> list[Mutation]:
    return [
        *[add_asset(f"asset-{label}", value) for label, value in NOT_AN_OBJECT[:4]],
        *[replace_asset("model", label, value) for label, value in NOT_AN_OBJECT[:3]],
        *[replace_asset("other", label, value) for label, value in NOT_AN_OBJECT[:3]],
    ]


def append_to(key: str, value: Any, label: str) -> Mutation:
    def edit(document: Any) -> None:
        document[key].append(copy.deepcopy(value))

    return Mutation(key, label, edit)


def replace_first(key: str, value: Any, label: str) -> Mutation:
    def edit(document: Any) -> None:
        document[key][0] = copy.deepcopy(value)

    return Mutation(key, label, edit)


def duplicate_extension(fragment: str, label: str) -> Mutation:
    def edit(document: Any) -> None:
        matches = [uri for uri in document["stac_extensions"] if fragment in uri]
        if not matches:
            raise NotApplicableError
        document["stac_extensions"].append(matches[0])

    return Mutation("stac_extensions", label, edit)


def item_member_mutations() -> list[Mutation]:
    """Members of ``links`` and ``stac_extensions`` of the wrong JSON type, or repeated."""
    return [
        *[append_to("links", value, f"link-{label}-appended") for label, value in NOT_AN_OBJECT],
        replace_first("links", "x", "first-link-a-string"),
        append_to("links", {"href": "https://example.com/x"}, "link-without-rel-appended"),
        append_to("links", {"rel": "related"}, "link-without-href-appended"),
        append_to("links", {"rel": 1, "href": "https://example.com/x"}, "link-rel-number"),
        append_to("links", {"rel": "related", "href": ""}, "link-href-empty"),
        append_to("links", {"rel": "related", "href": "not an iri"}, "link-href-not-an-iri"),
        append_to("stac_extensions", 1, "extension-number-appended"),
        append_to("stac_extensions", None, "extension-null-appended"),
        append_to("stac_extensions", ["x"], "extension-array-appended"),
        append_to("stac_extensions", "not a uri", "extension-not-an-iri-appended"),
        duplicate_extension(MLM_FRAGMENT, "mlm-uri-twice"),
        duplicate_extension("/eo/", "eo-uri-twice"),
    ]


def type_and_version_mutations() -> list[Mutation]:
    types = ["Featur", "feature", "FeatureCollection", "Collection", None, 1]
    versions = ["1.0.0-rc.1", "1.0.0-beta.2", "1.0", "v1.0.0", "", 1, 1.0, None]
    return [
        *set_values("type", types),
        delete_key("type"),
        *set_values("stac_version", [*versions, ["1.0.0"]]),
        delete_key("stac_version"),
        *set_values("id", ["", 1, None]),
        delete_key("id"),
    ]


# --------------------------------------------------------------------------------------------
# Two MLM releases declared together
# --------------------------------------------------------------------------------------------

TASK_ONLY_IN_V1_5 = "downscaling"


def other_release_uri(mlm_uri: str) -> str:
    """v1.4.0 for a v1.5.2 document, v1.5.2 for any other."""
    latest = MLM_SCHEMA_URLS["1.5.2"]
    return MLM_SCHEMA_URLS["1.4.0"] if mlm_uri == latest else latest


def declare_also(uri: str, *, first: bool = False, task: str | None = None) -> Mutation:
    version = uri.rsplit("/", 2)[-2]
    label = f"also-declares-mlm-{version}{'-first' if first else ''}"
    label += f"-with-task-{task}" if task else ""

    def edit(document: Any) -> None:
        extensions = document["stac_extensions"]
        if uri in extensions:
            raise NotApplicableError
        extensions.insert(0 if first else len(extensions), uri)
        if task:
            document["properties"]["mlm:tasks"].append(task)

    return Mutation("stac_extensions", label, edit)


def add_task(task: str) -> Mutation:
    def edit(document: Any) -> None:
        tasks = document["properties"]["mlm:tasks"]
        if task in tasks:
            raise NotApplicableError
        tasks.append(task)

    return Mutation("properties/mlm:tasks", f"{task}-added", edit)


def two_release_mutations(mlm_uri: str = MLM_URI) -> list[Mutation]:
    other = other_release_uri(mlm_uri)
    return [
        declare_also(other),
        declare_also(other, first=True),
        declare_also(other, task=TASK_ONLY_IN_V1_5),
        add_task(TASK_ONLY_IN_V1_5),
    ]


# --------------------------------------------------------------------------------------------
# Datetimes, the collection link, providers: STAC core rules on properties and links
# --------------------------------------------------------------------------------------------

DATETIME_VARIANTS: list[tuple[str, Any]] = [
    ("offset+05:45", "2024-01-01T12:00:00+05:45"),
    ("offset-00:00", "2024-01-01T12:00:00-00:00"),
    ("offset+00:00", "2024-01-01T12:00:00+00:00"),
    ("Z", "2024-01-01T12:00:00Z"),
    ("lower-t-and-z", "2024-01-01t12:00:00z"),
    ("lower-t", "2024-01-01t12:00:00Z"),
    ("lower-z", "2024-01-01T12:00:00z"),
    ("fraction", "2024-01-01T12:00:00.123456Z"),
    ("no-offset", "2024-01-01T12:00:00"),
    ("date-only", "2024-01-01"),
    ("space-separator", "2024-01-01 12:00:00Z"),
    ("month-13", "2024-13-01T00:00:00Z"),
    ("february-30", "2024-02-30T00:00:00Z"),
    ("leap-second", "2016-12-31T23:59:60Z"),
    ("hour-24", "2024-01-01T24:00:00Z"),
    ("trailing-newline", "2024-01-01T12:00:00Z\n"),
    ("empty", ""),
    ("number", 1),
]
#: The variants that matter for the other datetime fields.
OTHER_DATETIME_VARIANTS = ("offset+05:45", "lower-t-and-z", "Z", "no-offset", "offset-00:00")


def datetime_mutations() -> list[Mutation]:
    others = [
        set_key(key, value, f"{label}")
        for key in ("start_datetime", "end_datetime", "created", "updated")
        for label, value in DATETIME_VARIANTS
        if label in OTHER_DATETIME_VARIANTS
    ]
    return [
        *labelled("datetime", DATETIME_VARIANTS),
        *others,
        delete_key("datetime"),
        delete_key("end_datetime"),
        delete_key("start_datetime"),
        remove_keys("start_datetime", "end_datetime", label="range-removed-datetime-null"),
        remove_keys(
            "start_datetime",
            "end_datetime",
            label="range-removed-datetime-set",
            datetime="2024-01-01T00:00:00Z",
        ),
    ]


def remove_keys(*keys: str, label: str, datetime: str | None = None) -> Mutation:
    def edit(node: Any) -> None:
        if not all(key in node for key in keys):
            raise NotApplicableError
        for key in keys:
            del node[key]
        if datetime is not None:
            node["datetime"] = datetime

    return Mutation("/".join(keys), label, edit)


def without_collection_link(document: Document) -> None:
    links = [link for link in document["links"] if link.get("rel") != "collection"]
    if len(links) == len(document["links"]):
        raise NotApplicableError
    document["links"] = links


def collection_link_mutations() -> list[Mutation]:
    def link_removed(document: Any) -> None:
        without_collection_link(document)

    def field_and_link_removed(document: Any) -> None:
        without_collection_link(document)
        document.pop("collection", None)

    def field_without_link(document: Any) -> None:
        without_collection_link(document)
        document["collection"] = "another-collection"

    return [
        Mutation("links", "collection-link-removed-field-kept", link_removed),
        delete_key("collection"),
        Mutation("collection", "field-and-link-removed", field_and_link_removed),
        Mutation("collection", "other-field-without-link", field_without_link),
        *set_values("collection", ["", 1, None, "another-collection"]),
    ]


PROVIDER_VARIANTS: list[tuple[str, Any]] = [
    ("valid", [{"name": "ACME", "roles": ["producer", "host"], "url": "https://acme.example"}]),
    ("role-outside-the-enum", [{"name": "ACME", "roles": ["owner"]}]),
    ("role-capitalised", [{"name": "ACME", "roles": ["Host"]}]),
    ("roles-a-string", [{"name": "ACME", "roles": "host"}]),
    ("without-name", [{"roles": ["host"]}]),
    ("url-not-an-iri", [{"name": "ACME", "url": "not a url"}]),
    ("empty", []),
    ("object", {"name": "ACME"}),
]


def provider_mutations() -> list[Mutation]:
    return labelled("providers", PROVIDER_VARIANTS)


# --------------------------------------------------------------------------------------------
# Numbers of STAC core: gsd, bbox and geometry (integers are numbers, and read back as such)
# --------------------------------------------------------------------------------------------

GSD_VALUES = [10, 10.5, 10.0, 0, -1, "10", None]
BBOX_VARIANTS: list[tuple[str, Any]] = [
    ("integers", [-10, -10, 10, 10]),
    ("integers-3d", [-10, -10, 0, 10, 10, 100]),
    ("integral-floats", [-10.0, -10.0, 10.0, 10.0]),
    ("three-numbers", [-10, -10, 10]),
    ("five-numbers", [-10, -10, 10, 10, 0]),
    ("strings", ["-10", "-10", "10", "10"]),
    ("null", None),
    ("object", {"west": -10}),
]
GEOMETRY_VARIANTS: list[tuple[str, Any]] = [
    ("point-integers", {"type": "Point", "coordinates": [1, 2]}),
    ("point-3d", {"type": "Point", "coordinates": [1, 2.5, 3]}),
    (
        "polygon-integers",
        {"type": "Polygon", "coordinates": [[[-10, -10], [10, -10], [10, 10], [-10, -10]]]},
    ),
    ("point-without-coordinates", {"type": "Point"}),
    ("point-string-coordinates", {"type": "Point", "coordinates": "1,2"}),
    ("unknown-type", {"type": "Pointy", "coordinates": [1, 2]}),
    ("string", "POINT (1 2)"),
]


def geometry_null(*, keep_bbox: bool) -> Mutation:
    def edit(document: Any) -> None:
        document["geometry"] = None
        if not keep_bbox:
            document.pop("bbox", None)

    return Mutation("geometry", f"null-{'bbox-kept' if keep_bbox else 'bbox-removed'}", edit)


def number_mutations() -> list[Mutation]:
    return [
        *labelled("bbox", BBOX_VARIANTS),
        delete_key("bbox"),
        *labelled("geometry", GEOMETRY_VARIANTS),
        geometry_null(keep_bbox=False),
        geometry_null(keep_bbox=True),
        delete_key("geometry"),
    ]


def gsd_mutations() -> list[Mutation]:
    return set_values("gsd", GSD_VALUES)


def families(mlm_uri: str = MLM_URI) -> tuple[Family, ...]:
    once, every = Spread.ONCE, Spread.EVERY
    return (
        Family(item_properties, property_value_mutations(), once),
        Family(item_properties, property_removal_mutations(), every),
        Family(model_inputs, input_field_mutations(), once),
        Family(model_outputs, output_field_mutations(), once),
        Family(io_structures, structure_mutations(), once),
        Family(named_lists, band_item_mutations(), once),
        Family(model_inputs_and_outputs, named_list_type_mutations(), once),
        Family(model_inputs_and_outputs, dimension_reference_mutations(), every),
        Family(item_root, extension_mutations(mlm_uri), every),
        Family(item_root, band_definition_mutations(), every),
        Family(item_root, variable_definition_mutations(), every),
        Family(item_assets, asset_role_mutations(), every),
        Family(item_root, item_asset_mutations(), every),
        Family(item_assets, asset_field_mutations(), once),
        Family(item_root, top_level_mutations(), every),
        Family(item_links, link_mutations(), once),
        Family(model_inputs, legacy_input_mutations(), once, everywhere=False),
        Family(item_assets, legacy_asset_mutations(), once, everywhere=False),
        # STAC core changes on purpose from here on.
        Family(item_root, stac_core_bands_mutations(), every, core=True, name="stac-bands"),
        Family(item_assets, roles_shape_mutations(), every, core=True, name="roles"),
        Family(item_assets, unreadable_model_roles_mutations(), every, core=True, name="roles"),
        Family(item_assets, roles_item_mutations(), once, core=True, name="roles"),
        Family(item_root, container_mutations(), once, core=True, name="containers"),
        Family(item_root, asset_not_an_object_mutations(), once, core=True, name="containers"),
        Family(item_root, item_member_mutations(), once, core=True, name="members"),
        Family(item_root, type_and_version_mutations(), once, core=True, name="type-version"),
        Family(item_root, two_release_mutations(mlm_uri), every, core=True, name="releases"),
        Family(item_properties, datetime_mutations(), once, core=True, name="datetimes"),
        Family(item_root, collection_link_mutations(), once, core=True, name="collection"),
        Family(item_properties, provider_mutations(), once, core=True, name="providers"),
        Family(item_root, number_mutations(), once, core=True, name="numbers"),
        Family(item_properties, gsd_mutations(), once, core=True, name="numbers"),
        Family(item_assets, gsd_mutations(), once, core=True, name="numbers"),
    )


# --------------------------------------------------------------------------------------------
# Building the corpus
# --------------------------------------------------------------------------------------------


def canonical(document: Any) -> str:
    """JSON text, not Python values: ``1 == 1.0 == True``, yet each is a different test input."""
    return json.dumps(document, sort_keys=True)


def apply(example: Document, path: Path, mutation: Mutation) -> Document | None:
    derived = copy.deepcopy(example)
    try:
        mutation.edit(resolve(derived, path))
    except NotApplicableError:
        return None
    # A mutation that changes nothing (the value was already there) proves nothing.
    return None if canonical(derived) == canonical(example) else derived


def document_id(example_name: str, path: Path, mutation: Mutation) -> str:
    where = "/".join(str(part) for part in (*path, mutation.target) if part != "")
    return f"{example_name}:{where}:{mutation.label}"


def family_documents(
    family: Family, examples: dict[str, Document], *, strict: bool = True
) -> Iterator[tuple[str, Document]]:
    sites = [(name, path) for name, example in examples.items() for path in family.sites(example)]
    for index, mutation in enumerate(family.mutations):
        produced = 0
        # ONCE: start at a different site for each mutation so every example gets its share.
        order = sites if family.spread is Spread.EVERY else sites[index % len(sites) :] + sites
        for name, path in order:
            derived = apply(examples[name], path, mutation)
            if derived is None:
                continue
            produced += 1
            yield document_id(name, path, mutation), derived
            if family.spread is Spread.ONCE:
                break
        if not produced and strict and family.everywhere:
            raise LookupError(f"mutation {mutation.target}:{mutation.label} applies nowhere")


@cache
def _documents_by_family(
    version: str,
) -> tuple[tuple[Family, tuple[tuple[str, Document], ...]], ...]:
    examples = example_items(version)
    seen: set[str] = set()
    built = []
    for family in families(MLM_SCHEMA_URLS[version]):
        documents = []
        for doc_id, document in family_documents(family, examples, strict=version == "1.5.2"):
            if doc_id in seen:
                raise ValueError(f"two corpus documents share the id {doc_id}")
            seen.add(doc_id)
            documents.append((doc_id, document))
        built.append((family, tuple(documents)))
    return tuple(built)


@cache
def derived_documents(version: str = "1.5.2") -> list[tuple[str, Document]]:
    """Every official example Item of MLM ``version`` changed in one way, with a unique id.

    The mutations were written for v1.5.2, where each must apply somewhere; on the other
    releases those that apply nowhere (e.g. no ``variables`` before v1.5) are skipped.
    """
    return [pair for _, documents in _documents_by_family(version) for pair in documents]


@cache
def core_changing_ids(version: str = "1.5.2") -> frozenset[str]:
    """The ids of the documents of the families that change STAC core on purpose."""
    return frozenset(
        doc_id
        for family, documents in _documents_by_family(version)
        if family.core
        for doc_id, _ in documents
    )


def family_documents_named(name: str, version: str = "1.5.2") -> list[tuple[str, Document]]:
    """The documents of the families called ``name`` (e.g. "roles")."""
    return [
        pair
        for family, documents in _documents_by_family(version)
        if family.name == name
        for pair in documents
    ]
