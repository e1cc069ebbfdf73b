"""MLM models validated inside containers that are not MLM models: a ``TypeAdapter``, a
user's pydantic model or dataclass, a list or dict of them. Their rules run there too,
located from the container, exactly as when they are read alone; inside MLM models the
pass of what holds them checks them once (no wrap validator of their own there)."""

from __future__ import annotations

import copy
import dataclasses as std_dataclasses
import json
from dataclasses import dataclass, make_dataclass
from typing import Any, NamedTuple

import pytest
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass as pydantic_dataclass
from typing_extensions import TypedDict

from stac_mlm import MLMItem, ModelInput, ModelOutput
from stac_mlm._base import Checked

INPUT: dict[str, Any] = {
    "name": "rgb",
    "bands": ["red", "green", "blue"],
    "input": {
        "shape": [-1, 3, 64, 64],
        "dim_order": ["batch", "x", "y", "z"],
        "data_type": "float32",
    },
}
BANDS_RULE = "input.dim_order must contain 'bands' because bands lists 3 reference(s)"

OUTPUT: dict[str, Any] = {
    "name": "classes",
    "tasks": ["classification", "classification"],
    "result": {"shape": [-1, 10], "dim_order": ["batch", "class"], "data_type": "float32"},
}
UNIQUE_RULE = "tasks must not repeat a value"


@dataclass(frozen=True)
class Case:
    model: type[Checked]
    raw: dict[str, Any]
    loc: tuple[Any, ...]
    message: str


CASES = [
    Case(ModelInput, INPUT, ("input", "dim_order"), BANDS_RULE),
    Case(ModelOutput, OUTPUT, ("tasks", 1), UNIQUE_RULE),
]


def _only_error(error: ValidationError) -> tuple[tuple[Any, ...], str]:
    (line,) = error.errors()
    return tuple(line["loc"]), line["msg"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.model.__name__)
def test_read_alone_the_rule_is_reported(case: Case) -> None:
    with pytest.raises(ValidationError) as caught:
        case.model.model_validate(case.raw)
    loc, message = _only_error(caught.value)
    assert loc == case.loc
    assert message.startswith(case.message)


def _containers(model: type[Checked]) -> list[tuple[str, Any, Any, tuple[Any, ...]]]:
    """(name, a validate function, how the raw value is put in, the container's location)."""

    class Body(BaseModel):
        held: model  # type: ignore[valid-type]

    record = pydantic_dataclass(make_dataclass("Record", [("held", model)]))

    return [
        ("TypeAdapter", TypeAdapter(model).validate_python, lambda raw: raw, ()),
        ("list", TypeAdapter(list[model]).validate_python, lambda raw: [raw], (0,)),  # type: ignore[valid-type]
        ("dict", TypeAdapter(dict[str, model]).validate_python, lambda raw: {"k": raw}, ("k",)),  # type: ignore[valid-type]
        ("optional", TypeAdapter(model | None).validate_python, lambda raw: raw, ()),
        ("model", Body.model_validate, lambda raw: {"held": raw}, ("held",)),
        ("dataclass", lambda value: record(**value), lambda raw: {"held": raw}, ("held",)),
        ("json", TypeAdapter(list[model]).validate_json, lambda raw: _json([raw]), (0,)),  # type: ignore[valid-type]
    ]


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.model.__name__)
def test_in_a_foreign_container_the_rule_is_reported_there(case: Case) -> None:
    for name, validate, put, where in _containers(case.model):
        with pytest.raises(ValidationError) as caught:
            validate(put(copy.deepcopy(case.raw)))
        loc, message = _only_error(caught.value)
        assert loc[-len(case.loc) :] == case.loc, name
        assert loc[: len(where)] == where, name
        assert message.startswith(case.message), name


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.model.__name__)
def test_in_a_foreign_container_a_valid_object_is_the_models_object(case: Case) -> None:
    valid = copy.deepcopy(case.raw)
    if case.model is ModelInput:
        valid["input"]["dim_order"] = ["batch", "bands", "y", "x"]
    else:
        valid["tasks"] = ["classification"]
    held = TypeAdapter(list[case.model]).validate_python([valid])  # type: ignore[name-defined]
    assert type(held[0]) is case.model
    assert held[0].model_dump(mode="json") == valid


def test_a_users_subclass_of_an_mlm_model_checks_the_mlm_objects_it_adds() -> None:
    class AnnotatedItem(MLMItem):
        reviewed_inputs: list[ModelInput]

    from stac_mlm import example

    raw = example.example_item().model_dump(mode="json")
    raw["reviewed_inputs"] = [copy.deepcopy(INPUT)]
    with pytest.raises(ValidationError) as caught:
        AnnotatedItem.model_validate(raw)
    loc, message = _only_error(caught.value)
    assert loc == ("reviewed_inputs", 0, "input", "dim_order")
    assert message.startswith(BANDS_RULE)


def _wraps(schema: Any) -> int:
    """How many wrap validators of ``Checked`` the core schema holds."""
    if isinstance(schema, dict):
        own = 0
        function = schema.get("function")
        if schema.get("type") == "function-wrap" and isinstance(function, dict):
            wrapped = getattr(function.get("function"), "func", None)
            own = int(getattr(wrapped, "__name__", None) == "_checked")
        return own + sum(_wraps(value) for value in schema.values())
    if isinstance(schema, list | tuple):
        return sum(_wraps(value) for value in schema)
    return 0


def test_inside_a_document_the_models_it_holds_run_no_pipeline_of_their_own() -> None:
    # One wrap: the Item's own (used when an Item is held by a foreign container). The
    # models it holds are checked by the Item's pass; a wrap each would only pass through.
    assert _wraps(MLMItem.__pydantic_core_schema__) == 1
    # In a foreign container, one: the model's own.
    assert _wraps(TypeAdapter(list[ModelInput]).core_schema) == 1


# Containers of an MLM object, held by a subclass of an MLM model (module level: their
# annotations are resolved in this module's namespace).
class Holder(BaseModel):
    x: ModelInput


@pydantic_dataclass
class PydanticHolder:
    x: ModelInput


@std_dataclasses.dataclass
class PlainHolder:
    x: ModelInput


class DictHolder(TypedDict):
    x: ModelInput


class HoldingItem(MLMItem):
    model: Holder | None = None
    pydantic_dataclass: PydanticHolder | None = None
    dataclass: PlainHolder | None = None
    typed_dict: DictHolder | None = None
    several: tuple[ModelInput, ...] = ()


def test_an_mlm_subclass_checks_mlm_objects_held_by_any_container_it_holds() -> None:
    """Accepted before: a user's model, a dataclass, a TypedDict or a tuple holding an MLM
    object inside a subclass of an MLM model was left to the document's rule pass, which
    walked MLM models only."""
    from stac_mlm import example

    raw = example.example_item().model_dump(mode="json")
    HoldingItem.model_validate(raw)
    cases = {
        "model": ({"x": INPUT}, ("model", "x")),
        "pydantic_dataclass": ({"x": INPUT}, ("pydantic_dataclass", "x")),
        "dataclass": ({"x": INPUT}, ("dataclass", "x")),
        "typed_dict": ({"x": INPUT}, ("typed_dict", "x")),
        "several": ([INPUT], ("several", 0)),
    }
    for key, (value, where) in cases.items():
        with pytest.raises(ValidationError) as caught:
            HoldingItem.model_validate({**raw, key: copy.deepcopy(value)})
        loc, message = _only_error(caught.value)
        assert loc == (*where, "input", "dim_order"), key
        assert message.startswith(BANDS_RULE), key


class Other(BaseModel):
    name: int
    bands: list[str]
    input: dict[str, Any]


class Tagged(NamedTuple):
    x: ModelInput


class DeferredHolder(BaseModel):
    model_config = ConfigDict(defer_build=True)
    x: ModelInput


class ShapedItem(MLMItem):
    """Fields the rule pass cannot follow: the MLM models they hold check themselves."""

    grid: list[list[ModelInput]] | None = None
    pair: tuple[ModelInput, int] | None = None
    lists: dict[str, list[ModelInput]] | None = None
    tagged: Tagged | None = None
    deferred: DeferredHolder | None = None
    aliased: ModelInput | None = Field(None, validation_alias="elsewhere")
    either: ModelInput | ModelOutput | None = None
    mine_or_other: ModelInput | Other | None = None


@pytest.mark.parametrize(
    ("key", "value", "where"),
    [
        ("grid", [[INPUT]], ("grid", 0, 0)),
        ("pair", [INPUT, 1], ("pair", 0)),
        ("lists", {"a": [INPUT]}, ("lists", "a", 0)),
        ("tagged", [INPUT], ("tagged", 0)),
        ("deferred", {"x": INPUT}, ("deferred", "x")),
        ("elsewhere", INPUT, ("elsewhere",)),
    ],
)
def test_mlm_objects_where_the_rule_pass_cannot_follow_check_themselves_once(
    key: str, value: Any, where: tuple[Any, ...]
) -> None:
    """Accepted before: held in shapes the rule pass does not walk, they were built without
    the wrap that makes them check themselves."""
    from stac_mlm import example

    raw = example.example_item().model_dump(mode="json")
    ShapedItem.model_validate(raw)
    document = {**raw, key: copy.deepcopy(value)}
    for read in (
        lambda: ShapedItem.model_validate(document),
        lambda: ShapedItem.model_validate_json(json.dumps(document)),
    ):
        with pytest.raises(ValidationError) as caught:
            read()
        loc, message = _only_error(caught.value)
        assert loc == (*where, "input", "dim_order")
        assert message.startswith(BANDS_RULE)


def test_a_union_holding_an_mlm_model_checks_the_member_pydantic_chose() -> None:
    """A value read as the user's model was checked by the MLM model's rules (a false
    rejection); a union of two MLM models was refused when defined."""
    from stac_mlm import example

    raw = example.example_item().model_dump(mode="json")
    other = {**copy.deepcopy(INPUT), "name": 5}  # not a model input: it is an Other
    assert type(ShapedItem.model_validate({**raw, "mine_or_other": other}).mine_or_other) is Other
    with pytest.raises(ValidationError) as caught:
        ShapedItem.model_validate({**raw, "either": copy.deepcopy(OUTPUT)})
    assert ("either", "tasks", 1) in [tuple(line["loc"]) for line in caught.value.errors()]


def test_a_deferred_mlm_subclass_reports_each_error_once() -> None:
    """Built on first use, inside a user's model or holding a deferred MLM model, its
    models were checked by their own pipeline and by the rule pass: each error twice."""
    from stac_mlm import example

    class DeferredOutput(ModelOutput):
        model_config = ConfigDict(defer_build=True)

    class DeferredItem(MLMItem):
        model_config = ConfigDict(defer_build=True)
        outputs: list[DeferredOutput] | None = None

    class Catalog(BaseModel):
        items: list[DeferredItem]

    raw = example.example_item().model_dump(mode="json")
    with pytest.raises(ValidationError) as caught:
        Catalog.model_validate({"items": [{**raw, "outputs": [copy.deepcopy(OUTPUT)]}]})
    loc, message = _only_error(caught.value)
    assert loc == ("items", 0, "outputs", 0, "tasks", 1)
    assert message.startswith(UNIQUE_RULE)


def test_an_mlm_subclass_defined_in_a_function_reads_the_functions_names() -> None:
    """pydantic read the names of the metaclass's frame, not the function's: a local type
    in an annotation was not defined, and so after model_rebuild."""

    class Local(BaseModel):
        y: int

    class WithLocal(MLMItem):
        local: Local | None = None

    assert WithLocal.model_fields["local"].annotation == Local | None

    class Later(MLMItem):
        later: LaterType | None = None  # defined below, then rebuilt

    class LaterType(BaseModel):
        y: int

    assert Later.model_rebuild() is True


@pytest.mark.parametrize("release", ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"])
def test_an_older_releases_input_checks_what_it_holds_in_a_foreign_container(release: str) -> None:
    """Accepted before: those releases' inputs have no rule of their own, so they ran no
    pipeline in a foreign container, and the structure they hold runs none inside them."""
    import importlib

    module = importlib.import_module(f"stac_mlm.releases.v{release.replace('.', '_')}")
    raw = {
        "name": "x",
        "bands": [],
        "input": {"shape": [-1, 3], "dim_order": ["batch", "batch"], "data_type": "float32"},
    }
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(list[module.ModelInput]).validate_python([raw])
    loc, message = _only_error(caught.value)
    assert loc == (0, "input", "dim_order", 1)
    assert "must not repeat a value" in message


def test_a_class_named_by_a_forward_reference_is_checked_once_rebuilt() -> None:
    """The rule pass's plan was worked out when the holder was defined, before the class its
    annotation names existed, and kept: after model_rebuild, that class's rules never ran."""

    class Outer(MLMItem):
        inner: list[Inner] = Field(default_factory=list)  # Inner: defined below, then rebuilt

    class Inner(ModelInput):
        note: str = ""

    assert Outer.model_rebuild() is True
    from stac_mlm import example

    raw = example.example_item().model_dump(mode="json")
    with pytest.raises(ValidationError) as caught:
        Outer.model_validate({**raw, "inner": [copy.deepcopy(INPUT)]})
    loc, message = _only_error(caught.value)
    assert loc == ("inner", 0, "input", "dim_order")
    assert message.startswith(BANDS_RULE)
