"""Assignment is validated: the object assigned to runs its pipeline with the new value.

An assignment is checked as the object would be read with the value in place: the same
words and locations (from the object assigned to), the rules across its fields included;
a refused value leaves the object exactly as it was.
"""

from __future__ import annotations

import copy
import json
import pickle
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import MISSING, BaseModel, ValidationError
from spec_folder import example_items
from strategies import json_values, mlm_items

from stac_mlm import (
    MLM_RELEASES,
    InputStructure,
    MLMItem,
    MLMItemProperties,
    ModelInput,
    Task,
    load,
)
from stac_mlm._base import MLMBaseModel
from stac_mlm.example import example_item
from stac_mlm.releases import v1_4_0

Json = Any


def _state(model: BaseModel) -> tuple[str, set[str], dict[str, int]]:
    """What an assignment may change: the JSON, what counts as written, the objects held."""
    return (
        json.dumps(model.model_dump(mode="json")),
        set(model.model_fields_set),
        {key: id(value) for key, value in model.__dict__.items()},
    )


def _refused(model: BaseModel, name: str, value: Any) -> list[tuple[Any, str]]:
    """The errors of ``setattr(model, name, value)``, checking that nothing changed."""
    before = _state(model)
    with pytest.raises(ValidationError) as error:
        setattr(model, name, value)
    assert _state(model) == before
    return [(line["loc"], line["msg"]) for line in error.value.errors()]


def _read_errors(model: type[BaseModel], raw: dict[str, Any]) -> list[tuple[Any, str]]:
    with pytest.raises(ValidationError) as error:
        model.model_validate(raw)
    return [(line["loc"], line["msg"]) for line in error.value.errors()]


# -- one field: located from the object assigned to, in the words of reading ---------------


def test_an_invalid_name_is_refused_at_its_json_key() -> None:
    properties = example_item().properties
    with pytest.raises(ValidationError) as error:
        properties.mlm_name = "bad name!!  "
    assert error.value.title == "MLMItemProperties"
    ((loc, message),) = [(line["loc"], line["msg"]) for line in error.value.errors()]
    assert loc == ("mlm:name",)
    assert message.startswith("String should match pattern '^[a-zA-Z]")
    assert message.endswith('(got "bad name!!  ")')
    assert properties.mlm_name == "ResNet-18 Sentinel-2 EuroSAT"


CASES = [
    # (path to the object in example_item(), attribute, value, location, message)
    (
        "properties",
        "mlm_total_parameters",
        -1,
        ("mlm:total_parameters",),
        "Input should be greater than or equal to 0 (got -1)",
    ),
    (
        "properties",
        "mlm_accelerator",
        "gpu",
        ("mlm:accelerator",),
        'Input should be "amd64", "cuda", "xla", "amd-rocm", "intel-ipex-cpu", '
        '"intel-ipex-gpu" or "macos-arm" (got "gpu")',
    ),
    (
        "properties",
        "mlm_pretrained",
        "yes",
        ("mlm:pretrained",),
        'Input should be a valid boolean (got "yes")',
    ),
    (
        "properties",
        "datetime",
        "yesterday",
        ("datetime",),
        'datetime must be an RFC 3339 date and time in UTC, ending in "Z" or "+00:00" (e.g. '
        '"2024-01-01T00:00:00Z") (got "yesterday")',
    ),
    (
        "properties",
        "x:foo",
        {1, 2},
        ("x:foo",),
        "not a JSON value: only objects, arrays, strings, numbers, true, false and null are",
    ),
    (
        "assets.weights",
        "mlm_artifact_type",
        5,
        ("mlm:artifact_type",),
        "Input should be a valid string (got 5)",
    ),
    ("", "id", "", ("id",), 'id must be a non-empty string (got "")'),
    ("", "bbox", [0, 0, 1], ("bbox",), "bbox must have 4 or 6 numbers (got [0, 0, 1])"),
    (
        "properties.mlm_input.0",
        "value_scaling",
        [{"type": "min-max", "minimum": 0}],
        ("value_scaling", 0, "maximum"),
        "Field required",
    ),
]


def _at(path: str) -> tuple[MLMItem, BaseModel]:
    item = example_item()
    target: Any = item
    for step in filter(None, path.split(".")):
        if step.isdigit():
            target = target[int(step)]
        elif isinstance(target, dict):
            target = target[step]
        else:
            target = getattr(target, step)
    return item, target


@pytest.mark.parametrize(("path", "name", "value", "loc", "message"), CASES)
def test_a_refused_value_is_located_and_worded_as_when_reading(
    path: str, name: str, value: Any, loc: tuple[Any, ...], message: str
) -> None:
    item, target = _at(path)
    document = item.model_dump(mode="json")
    assert _refused(target, name, value) == [(loc, message)]
    assert item.model_dump(mode="json") == document
    if isinstance(value, set):
        return  # not JSON: reading cannot be given it
    raw = target.model_dump(mode="json")
    raw[loc[0]] = value
    assert _read_errors(type(target), raw) == [(loc, message)]


# -- STAC core's rules of Item properties ---------------------------------------------------

_UTC = (
    'must be an RFC 3339 date and time in UTC, ending in "Z" or "+00:00" (e.g. '
    '"2024-01-01T00:00:00Z")'
)

CORE_CASES = [
    # (attribute, value, location, message): as reading the properties (or the Item) says it
    (
        "datetime",
        datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=5))),
        ("datetime",),
        f'datetime {_UTC} (got "2020-01-01T00:00:00+05:00")',
    ),
    (
        "start_datetime",
        "2020-01-01T00:00:00Z",
        ("end_datetime",),
        "end_datetime is required when start_datetime is given: a range has both ends",
    ),
    (
        "datetime",
        None,
        ("datetime",),
        "datetime may only be null when start_datetime and end_datetime are given (got null)",
    ),
    (
        "created",
        "2020-01-01T00:00:00+05:45",
        ("created",),
        f'created {_UTC} (got "2020-01-01T00:00:00+05:45")',
    ),
    ("gsd", -1, ("gsd",), "gsd must be a number greater than 0 (got -1)"),
    (
        "license",
        "not a license!",
        ("license",),
        'license must be a license identifier such as "Apache-2.0" or "proprietary": ASCII '
        'letters, digits, "_", "-", "." and "+" only (got "not a license!")',
    ),
    (
        "providers",
        [{"name": "ESA", "roles": ["owner"]}],
        ("providers", 0, "roles", 0),
        'each provider role must be one of "producer", "licensor", "processor" or "host" '
        '(got "owner")',
    ),
]


@pytest.mark.parametrize("release", MLM_RELEASES)
@pytest.mark.parametrize(("name", "value", "loc", "message"), CORE_CASES)
def test_stac_core_rules_of_properties_are_checked_on_assignment(
    release: str, name: str, value: Any, loc: tuple[Any, ...], message: str
) -> None:
    """The rules both STAC versions share: properties do not know their Item's version."""
    for stac_version in ("1.0.0", "1.1.0"):
        document = copy.deepcopy(next(iter(example_items(release).values())))
        properties = document["properties"]
        properties.pop("start_datetime", None)
        properties.pop("end_datetime", None)
        properties["datetime"] = "2020-01-01T00:00:00Z"  # a datetime, no range
        item = load({**document, "stac_version": stac_version})
        assert _refused(item.properties, name, value) == [(loc, message)]
        raw = item.model_dump(mode="json")
        raw["properties"][name] = value if not isinstance(value, datetime) else value.isoformat()
        assert _read_errors(type(item), raw) == [(("properties", *loc), message)]


def test_what_stac_1_1_0_adds_is_checked_by_the_item() -> None:
    """An empty description is valid in STAC 1.0.0: the properties alone accept it."""
    item = example_item()
    assert item.stac_version == "1.1.0"
    item.properties.description = ""
    with pytest.raises(ValidationError) as error:
        item.revalidate()
    assert [(line["loc"], line["msg"]) for line in error.value.errors()] == [
        (("properties", "description"), 'description must be a non-empty string (got "")')
    ]


# -- rules across the fields of the object assigned to -------------------------------------


def test_bands_that_no_longer_match_dim_order_are_refused() -> None:
    model_input = example_item().properties.mlm_input[0]
    assert _refused(model_input, "bands", []) == [
        (
            ("input", "dim_order"),
            "input.dim_order names the 'bands' dimension but bands is empty or missing: list "
            'the bands in order, or rename the dimension (got ["batch", "bands", "height", '
            '"width"])',
        )
    ]


def test_a_structure_whose_dim_order_drops_the_bands_is_refused() -> None:
    model_input = example_item().properties.mlm_input[0]
    structure = InputStructure(shape=[-1, 4], dim_order=["batch", "channel"], data_type="float32")
    assert _refused(model_input, "input", structure) == [
        (
            ("input", "dim_order"),
            "input.dim_order must contain 'bands' because bands lists 4 reference(s) "
            '(got ["batch", "channel"])',
        )
    ]


def test_repeated_tasks_are_refused() -> None:
    properties = example_item().properties
    assert _refused(properties, "mlm_tasks", [Task.CLASSIFICATION, "classification"]) == [
        (
            ("mlm:tasks", 1),
            'mlm:tasks must not repeat a value: this one appears earlier in the list (got "'
            'classification")',
        )
    ]


def test_unknown_mlm_keys_and_asset_fields_are_refused_in_properties() -> None:
    properties = example_item().properties
    assert _refused(properties, "mlm:architcture", "ResNet") == [
        (
            ("mlm:architcture",),
            "\"mlm:architcture\" is not a field of the MLM extension: keys starting with 'mlm:' "
            'must be MLM fields (check the spelling) (got "ResNet")',
        )
    ]
    assert _refused(properties, "mlm:artifact_type", "torch.save") == [
        (
            ("mlm:artifact_type",),
            "'mlm:artifact_type' describes one asset and is not allowed in Item properties: "
            'move it to the asset it describes (got "torch.save")',
        )
    ]


def test_a_band_given_a_format_without_expression_is_refused() -> None:
    band = ModelInput.model_validate(
        {
            "name": "x",
            "bands": [{"name": "B01"}],
            "input": {"shape": [1], "dim_order": ["bands"], "data_type": "uint8"},
        }
    ).bands[0]
    assert not isinstance(band, str)
    assert _refused(band, "format", "gdal-calc") == [
        (
            ("expression",),
            "'format' requires 'expression': a band or variable object gives both format and "
            "expression, or neither",
        )
    ]


def test_an_item_checks_its_own_rules_and_stac_core_on_assignment() -> None:
    item = example_item()
    assert _refused(item, "stac_extensions", []) == [
        (
            ("stac_extensions",),
            "an MLM Item must declare 'https://stac-extensions.github.io/mlm/v1.5.2/schema.json' "
            "in stac_extensions; stac_extensions does not list it",
        )
    ]
    code_only = {"source_code": item.assets["source_code"]}  # the model asset dropped
    assert _refused(item, "assets", code_only) == [
        (
            ("properties", "bands"),
            "bands is only allowed in the properties of a STAC 1.1.0 Item when some asset "
            'has bands too (got [{"name": "B02"}, {"name": "B03"}, {"name": "B04"}, '
            '{"name": "B08"}])',
        ),
        (
            ("assets",),
            "at least one asset must have the role 'mlm:model' (the asset holding the model); "
            "none of the 1 asset(s) has it",
        ),
    ]
    assert _refused(item, "geometry", {"type": "Point", "coordinates": [1]}) != []


# -- what counts as written: dumps stay exact ----------------------------------------------


def test_a_valid_assignment_dumps_exactly_what_was_assigned() -> None:
    item = example_item()
    expected = item.model_dump(mode="json")
    item.properties.mlm_name = "ResNet-18 renamed"
    item.properties.mlm_total_parameters = 1.0  # an integral float stays a float
    item.properties.mlm_memory_size = 4096  # not written before: dumped in field order
    expected["properties"]["mlm:name"] = "ResNet-18 renamed"
    expected["properties"]["mlm:total_parameters"] = 1.0
    keys = list(expected["properties"])
    keys.insert(keys.index("mlm:total_parameters"), "mlm:memory_size")
    expected["properties"] = {key: expected["properties"].get(key, 4096) for key in keys}
    document = item.model_dump(mode="json")
    assert json.dumps(document) == json.dumps(expected)
    assert MLMItem.model_validate(document).model_dump(mode="json") == document
    assert "mlm_memory_size" in item.properties.model_fields_set


def test_deleting_a_field_takes_it_out_of_the_document() -> None:
    properties = example_item().properties
    del properties.mlm_pretrained
    properties.mlm_accelerator_constrained = MISSING  # the same, by assignment
    del properties.description  # a STAC common field (default None): not dumped either
    assert properties.mlm_pretrained is MISSING
    assert properties.mlm_accelerator_constrained is MISSING
    assert properties.description is None
    raw = properties.model_dump(mode="json")
    assert not {"mlm:pretrained", "mlm:accelerator_constrained", "description"} & set(raw)
    assert not {"mlm_pretrained", "description"} & properties.model_fields_set
    assert _refused(properties, "mlm_name", MISSING) == [(("mlm:name",), "Field required")]
    before = _state(properties)
    with pytest.raises(ValidationError):
        del properties.mlm_name
    assert _state(properties) == before


@pytest.mark.parametrize("name", ["mlm_pretrained", "mlm:pretrained", "constellation", "x:foo"])
def test_deleting_what_is_absent_is_an_attribute_error_as_in_python(name: str) -> None:
    properties = example_item().properties
    del properties.mlm_pretrained
    before = _state(properties)
    with pytest.raises(AttributeError) as error:
        delattr(properties, name)
    assert str(error.value) == f"'MLMItemProperties' object has no {name!r} to delete: it is absent"
    assert _state(properties) == before
    setattr(properties, name, MISSING)  # assigning MISSING to what is absent: nothing to do
    assert _state(properties) == before


def test_kept_keys_are_assigned_and_deleted_like_fields() -> None:
    properties = example_item().properties
    setattr(properties, "x:foo", {"a": [1, 2.0]})  # another extension's key: added
    assert properties.model_dump(mode="json")["x:foo"] == {"a": [1, 2.0]}
    delattr(properties, "x:foo")
    assert "x:foo" not in properties.model_dump(mode="json")
    with pytest.raises(AttributeError):
        delattr(properties, "x:foo")
    # a key spelled like a Python name, read from JSON: assigned and deleted as it is
    properties = MLMItemProperties.model_validate({**properties.model_dump(mode="json"), "foo": 1})
    properties.foo = {"a": [1, 2.0]}  # type: ignore[attr-defined]
    assert properties.model_dump(mode="json")["foo"] == {"a": [1, 2.0]}
    del properties.foo  # type: ignore[attr-defined]
    assert "foo" not in properties.model_dump(mode="json")
    with pytest.raises(AttributeError):
        del properties.foo  # type: ignore[attr-defined]


MISSPELT = [
    # (path to the object in example_item(), misspelt name, the message)
    (
        "properties",
        "mlm_pretrianed",
        "'MLMItemProperties' has no field 'mlm_pretrianed' (did you mean 'mlm_pretrained'?)",
    ),
    (
        "assets.weights",
        "mlm_artifact_tpye",
        "'MLMAsset' has no field 'mlm_artifact_tpye' (did you mean 'mlm_artifact_type'?)",
    ),
    (
        "properties.mlm_input.0",
        "value_scalng",
        "'ModelInput' has no field 'value_scalng' (did you mean 'value_scaling'?)",
    ),
    (
        "",
        "propertes",
        "'MLMItem' has no field 'propertes' (did you mean 'properties'?)",
    ),
    (
        "properties",
        "mlm_xyzzy",
        "'MLMItemProperties' has no field 'mlm_xyzzy' (MLM keys are spelled 'mlm:xyzzy')",
    ),
]


def test_a_new_key_that_is_no_misspelt_field_is_read_as_reading_reads_it() -> None:
    """STAC's ``bands`` is no field of the properties model: assigned, it is a key, checked
    and kept as in a document (found by Hypothesis: it was refused as a typo)."""
    document = example_item().properties.model_dump(mode="json")
    bands = document.pop("bands")
    properties = MLMItemProperties.model_validate(document)
    properties.bands = bands  # type: ignore[attr-defined]
    assert properties.model_dump(mode="json") == {**document, "bands": bands}
    properties.foo = 1  # type: ignore[attr-defined]
    assert properties.model_dump(mode="json")["foo"] == 1


@pytest.mark.parametrize(("path", "name", "message"), MISSPELT)
def test_a_misspelt_field_is_refused_not_added_as_a_key(path: str, name: str, message: str) -> None:
    """A Python name close to a field's, or spelled as an MLM attribute, that is no key held
    is a typo (pydantic refuses unknown attributes with a ValueError: a ValidationError is
    one), never a new key."""
    _, target = _at(path)
    assert _refused(target, name, False) == [((name,), message)]
    with pytest.raises(ValueError, match="has no field"):
        setattr(target, name, MISSING)


def test_a_json_key_sets_its_field() -> None:
    properties = example_item().properties
    setattr(properties, "mlm:name", "by-key")
    assert properties.mlm_name == "by-key"
    raw = properties.model_dump(mode="json")
    assert raw["mlm:name"] == "by-key"
    assert "mlm:name" not in (properties.__pydantic_extra__ or {})


def test_an_assigned_dict_is_read_by_json_keys_as_when_reading() -> None:
    """A key spelled like an attribute is kept as it is, not read as the field."""
    properties = example_item().properties
    output = properties.mlm_output[0].model_dump(mode="json")
    classes = output.pop("classification:classes")
    properties.mlm_output = [{**output, "classification_classes": classes}]
    assert properties.mlm_output[0].classification_classes is MISSING
    written = properties.model_dump(mode="json")["mlm:output"][0]
    assert written["classification_classes"] == classes
    assert "classification:classes" not in written


def test_an_assigned_model_is_kept_as_it_is() -> None:
    properties = example_item().properties
    model_input = properties.mlm_input[0]
    properties.mlm_input = [model_input]
    assert properties.mlm_input[0] is model_input


def test_a_model_of_another_class_or_release_is_named_as_such() -> None:
    """pydantic would say "Input should be an object": it is one, of the wrong class."""
    properties = example_item().properties
    output = properties.mlm_output[0]
    older = v1_4_0.ModelInput.model_validate(properties.mlm_input[0].model_dump(mode="json"))
    for value, name in ((output, "ModelOutput of MLM v1.5.2"), (older, "ModelInput of MLM v1.4.0")):
        ((loc, message),) = _refused(properties, "mlm_input", [value])
        assert loc == ("mlm:input", 0)
        assert message.startswith(f"Input should be a ModelInput, not a {name} (got {{")
    with pytest.raises(ValidationError) as error:  # construction says it the same way
        ModelInput(name="x", input=output.result)
    ((loc, message),) = [(line["loc"], line["msg"]) for line in error.value.errors()]
    assert loc == ("input",)
    assert message.startswith(
        "Input should be an InputStructure, not a ResultStructure of MLM v1.5.2 (got {"
    )


def test_other_fields_are_not_touched() -> None:
    properties = example_item().properties
    held = {name: id(value) for name, value in properties.__dict__.items()}
    properties.mlm_name = "renamed"
    assert {n: id(v) for n, v in properties.__dict__.items() if n != "mlm_name"} == {
        n: i for n, i in held.items() if n != "mlm_name"
    }


def test_private_and_class_attributes_are_pydantics_business() -> None:
    item = example_item()
    with pytest.raises(AttributeError, match="ClassVar"):
        item.mlm_version = "1.0.0"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del item.revalidate


# -- the scope of an assignment, and checking a whole document again -----------------------


def test_assigning_on_a_nested_object_checks_that_object_and_revalidate_checks_the_item() -> None:
    item = example_item()
    del item.assets["weights"].mlm_artifact_type  # the asset alone allows it
    with pytest.raises(ValidationError) as error:
        item.revalidate()
    assert [(line["loc"], line["msg"]) for line in error.value.errors()] == [
        (
            ("assets", "weights", "mlm:artifact_type"),
            "an asset with the role 'mlm:model' must give mlm:artifact_type (how the model was "
            "saved, e.g. 'torch.save')",
        )
    ]


def test_revalidate_sees_lists_changed_in_place() -> None:
    properties = example_item().properties
    properties.revalidate()
    properties.mlm_tasks.append(Task.SCENE_CLASSIFICATION)  # no assignment sees this
    with pytest.raises(ValidationError) as error:
        properties.revalidate()
    assert [line["loc"] for line in error.value.errors()] == [("mlm:tasks", 1)]


# -- copies, pickles ------------------------------------------------------------------------


def test_assigned_objects_pickle_and_copy_and_the_copies_are_checked_too() -> None:
    item = example_item()
    item.properties.mlm_name = "renamed"
    for twin in (pickle.loads(pickle.dumps(item)), copy.deepcopy(item)):
        assert twin == item
        assert twin.model_dump(mode="json") == item.model_dump(mode="json")
        assert _refused(twin.properties, "mlm_name", "bad name!!  ")[0][0] == ("mlm:name",)
        twin.properties.mlm_name = "twin"
        assert item.properties.mlm_name == "renamed"


# -- every official example: assigning what an object holds changes nothing ----------------


def _objects(node: Any) -> list[MLMBaseModel]:
    found = []
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, BaseModel):
            if isinstance(node, MLMBaseModel):
                found.append(node)
            stack += [node.root] if node.__pydantic_root_model__ else list(node.__dict__.values())
        elif isinstance(node, list | tuple):
            stack += node
        elif isinstance(node, dict):
            stack += node.values()
    return found


@pytest.mark.parametrize("release", MLM_RELEASES)
def test_assigning_every_written_field_its_own_value_or_json_changes_nothing(
    release: str,
) -> None:
    for name, document in example_items(release).items():
        item = load(document)
        expected = json.dumps(item.model_dump(mode="json"))
        for model in _objects(item):
            fields = type(model).model_fields
            for field in [name for name in model.model_fields_set if name in fields]:
                setattr(model, field, getattr(model, field))
                key = fields[field].alias or field
                written = model.model_dump(mode="json").get(key)
                if written is not None:
                    setattr(model, field, written)
        assert json.dumps(item.model_dump(mode="json")) == expected, name


# -- assignment and reading agree (Hypothesis) ---------------------------------------------


def _targets(item: MLMItem) -> list[BaseModel]:
    """An Item, its properties, an input and an output: objects with rules of their own."""
    return [item, item.properties, item.properties.mlm_input[0], item.properties.mlm_output[0]]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=mlm_items(), other=mlm_items(), data=st.data())
def test_an_assignment_is_accepted_exactly_when_reading_the_result_is(
    document: Json, other: Json, data: st.DataObject
) -> None:
    """Whatever the value (another valid Item's, as JSON or as the typed objects it reads
    as, or any JSON value), the object accepts it exactly when reading the object with the
    value in place does, and then dumps what reading gives; otherwise it reports what
    reading reports and stays as it was."""
    index = data.draw(st.integers(0, 3), label="target")
    target = _targets(MLMItem.model_validate(document))[index]
    source = _targets(MLMItem.model_validate(other))[index]
    raw = target.model_dump(mode="json")
    given_raw = source.model_dump(mode="json")
    fields = {field.alias or name: name for name, field in type(target).model_fields.items()}
    key = data.draw(st.sampled_from(sorted({*raw, *given_raw, "x:custom"})), label="key")
    how = data.draw(st.sampled_from(["delete", "json", "typed", "any"]), label="how")
    if how == "delete" and key in raw:
        value: Any = MISSING
        changed = {k: v for k, v in raw.items() if k != key}
    elif how in ("json", "typed") and key in given_raw:
        value = given_raw[key]
        changed = {**raw, key: copy.deepcopy(value)}
        if how == "typed" and key in fields:
            value = getattr(source, fields[key])  # models, enums, datetimes
    else:
        value = data.draw(json_values, label="value")
        changed = {**raw, key: copy.deepcopy(value)}
    try:
        expected = type(target).model_validate(changed)
    except ValidationError as error:
        read = [(line["loc"], line["msg"]) for line in error.errors()]
        assert _refused(target, fields.get(key, key), value) == read
        return
    setattr(target, fields.get(key, key), value)
    assert json.dumps(target.model_dump(mode="json")) == json.dumps(
        expected.model_dump(mode="json")
    )
    assert target.model_fields_set == expected.model_fields_set


def test_reading_and_building_are_not_slowed_by_assignment() -> None:
    """Reading and construction never go through ``__setattr__`` (pydantic-core sets the
    instance's attributes itself): nothing to check at run time but that they never call
    it."""
    calls: list[str] = []
    original = MLMBaseModel.__setattr__

    def spy(self: MLMBaseModel, name: str, value: Any) -> None:
        calls.append(name)
        original(self, name, value)

    MLMBaseModel.__setattr__ = spy  # type: ignore[method-assign]
    try:
        item = example_item()
        document = item.model_dump(mode="json")
        MLMItem.model_validate(document)
        MLMItem.model_validate_json(json.dumps(document))
        MLMItemProperties.model_validate(document["properties"])
        pickle.loads(pickle.dumps(item))
        copy.deepcopy(item)
    finally:
        MLMBaseModel.__setattr__ = original  # type: ignore[method-assign]
    assert calls == []


def test_a_value_nested_too_deep_or_holding_itself_is_refused_in_words() -> None:
    properties = example_item().properties
    itself: list[Any] = []
    itself.append(itself)
    deep: Any = 1
    for _ in range(500):
        deep = [deep]
    for value in (itself, deep, [itself, Task.REGRESSION]):
        ((loc, message),) = _refused(properties, "x:foo", value)
        assert loc[:2] == ("x:foo", 0)
        assert message.startswith("the document is nested more than 100 levels deep")
