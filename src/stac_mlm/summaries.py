"""Collection ``summaries`` with typed MLM fields, following STAC core.

A summary is an array of the distinct values, a Range ``{"minimum", "maximum"}`` or a JSON
Schema object (STAC core). For an MLM field the values inside are checked against the
field's type: ``"mlm:tasks": ["classification"]`` is an array of task names,
``"mlm:total_parameters": {"minimum": 0, "maximum": 25000000}`` a range of non-negative
integers. ``mlm:input``, ``mlm:output``, ``mlm:artifact_type``, ``mlm:compile_method`` and
``mlm:entrypoint`` are never summarized.

The official v1.5.2 schema checks every summary value as if it were an object of MLM
fields, which rejects ordinary array summaries (stac-extensions/mlm#218): here STAC core
and the specification text win (see the README).
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Final,
    Generic,
    TypeAlias,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from pydantic import MISSING, ConfigDict, Discriminator, Field, Tag, WithJsonSchema
from typing_extensions import TypeAliasType

from stac_mlm._base import MLM_CONFIG, Checked, JsonSchema, MLMBaseModel
from stac_mlm._errors import RuleViolation
from stac_mlm._generated.v1_5_2 import MLMFields
from stac_mlm._mixins import MLM_PREFIX, known_keys, unknown_field

__all__ = ["NEVER_SUMMARIZED", "MLMSummaries", "Summary", "SummaryRange"]

#: MLM fields that describe one input, output or asset: never in summaries.
NEVER_SUMMARIZED = (
    "mlm:input",
    "mlm:output",
    "mlm:artifact_type",
    "mlm:compile_method",
    "mlm:entrypoint",
)

T = TypeVar("T")


class SummaryRange(MLMBaseModel, Generic[T]):
    """STAC Range object: the smallest and the largest value."""

    model_config = ConfigDict(extra="forbid")

    minimum: T
    maximum: T


def _summary_kind(value: Any) -> str | None:
    if isinstance(value, list):
        return "values"
    if isinstance(value, SummaryRange) or (
        isinstance(value, dict) and set(value) == {"minimum", "maximum"}
    ):
        return "range"
    if isinstance(value, dict):
        return "schema"
    return None


#: A JSON Schema summary, as the summary's discriminator tells it from a Range: an object
#: whose keys are exactly ``minimum`` and ``maximum`` is a Range (and its values typed).
_SCHEMA_SUMMARY: Final[JsonSchema] = {
    "type": "object",
    "not": {
        "required": ["minimum", "maximum"],
        "propertyNames": {"enum": ["minimum", "maximum"]},
    },
}

#: A summary: distinct values, a Range, or a JSON Schema object.
Summary = TypeAliasType(
    "Summary",
    Annotated[
        Annotated[list[T], Tag("values")]
        | Annotated[SummaryRange[T], Tag("range")]
        | Annotated[dict[str, Any], Tag("schema"), WithJsonSchema(_SCHEMA_SUMMARY)],
        Discriminator(
            _summary_kind,
            custom_error_type="stac_summary",
            custom_error_message=(
                "a summary is an array of distinct values, a range {minimum, maximum} "
                "or a JSON Schema object"
            ),
        ),
    ],
    type_params=(T,),
)


def _field_element(alias: str) -> Any:
    """The type of one summarized value of an MLM field, constraints included.

    Array fields (``mlm:tasks``) summarize their items; other fields their values.
    """
    (field,) = [field for field in MLMFields.model_fields.values() if field.alias == alias]
    members = [member for member in get_args(field.annotation) if member is not MISSING]
    if len(members) == 1 and get_origin(members[0]) is list:
        element: Any = get_args(members[0])[0]
    else:
        element = Union.__getitem__(tuple(members))  # a Union of runtime-built members
        if field.metadata:
            element = Annotated.__class_getitem__((element, *field.metadata))  # type: ignore[attr-defined]
    # A name of its own, for readable definitions in the exported JSON Schema.
    title = "".join(part.title() for part in alias.removeprefix("mlm:").split("_"))
    return TypeAliasType(f"{title}Value", element)


if TYPE_CHECKING:
    from stac_mlm._generated.v1_5_2 import Accelerator, Hyperparameters, Task

    Name: TypeAlias = str
    Architecture: TypeAlias = str
    Framework: TypeAlias = str
    FrameworkVersion: TypeAlias = str
    AcceleratorSummary: TypeAlias = str
    MemorySize: TypeAlias = int | float
    TotalParameters: TypeAlias = int | float
    BatchSizeSuggestion: TypeAlias = int | float
    AcceleratorCount: TypeAlias = int | float
    PretrainedSource: TypeAlias = str | None
    OptionalAccelerator: TypeAlias = Accelerator | None
    Pretrained: TypeAlias = bool
    AcceleratorConstrained: TypeAlias = bool
else:
    Name = _field_element("mlm:name")
    Architecture = _field_element("mlm:architecture")
    Task = _field_element("mlm:tasks")
    Framework = _field_element("mlm:framework")
    FrameworkVersion = _field_element("mlm:framework_version")
    MemorySize = _field_element("mlm:memory_size")
    TotalParameters = _field_element("mlm:total_parameters")
    BatchSizeSuggestion = _field_element("mlm:batch_size_suggestion")
    AcceleratorCount = _field_element("mlm:accelerator_count")
    PretrainedSource = _field_element("mlm:pretrained_source")
    OptionalAccelerator = _field_element("mlm:accelerator")
    Pretrained = _field_element("mlm:pretrained")
    AcceleratorConstrained = _field_element("mlm:accelerator_constrained")
    AcceleratorSummary = _field_element("mlm:accelerator_summary")
    Hyperparameters = _field_element("mlm:hyperparameters")


def _summary_field(alias: str) -> Any:
    return Field(MISSING, alias=alias, description=f"Summary of {alias} over the Items.")


class MLMSummaries(Checked):
    """The ``summaries`` of an MLM Collection; other summaries are kept as they are."""

    model_config = MLM_CONFIG

    mlm_name: Summary[Name] | MISSING = _summary_field("mlm:name")
    mlm_architecture: Summary[Architecture] | MISSING = _summary_field("mlm:architecture")
    mlm_tasks: Summary[Task] | MISSING = _summary_field("mlm:tasks")
    mlm_framework: Summary[Framework] | MISSING = _summary_field("mlm:framework")
    mlm_framework_version: Summary[FrameworkVersion] | MISSING = _summary_field(
        "mlm:framework_version"
    )
    mlm_memory_size: Summary[MemorySize] | MISSING = _summary_field("mlm:memory_size")
    mlm_total_parameters: Summary[TotalParameters] | MISSING = _summary_field(
        "mlm:total_parameters"
    )
    mlm_pretrained: Summary[Pretrained] | MISSING = _summary_field("mlm:pretrained")
    mlm_pretrained_source: Summary[PretrainedSource] | MISSING = _summary_field(
        "mlm:pretrained_source"
    )
    mlm_batch_size_suggestion: Summary[BatchSizeSuggestion] | MISSING = _summary_field(
        "mlm:batch_size_suggestion"
    )
    mlm_accelerator: Summary[OptionalAccelerator] | MISSING = _summary_field("mlm:accelerator")
    mlm_accelerator_constrained: Summary[AcceleratorConstrained] | MISSING = _summary_field(
        "mlm:accelerator_constrained"
    )
    mlm_accelerator_summary: Summary[AcceleratorSummary] | MISSING = _summary_field(
        "mlm:accelerator_summary"
    )
    mlm_accelerator_count: Summary[AcceleratorCount] | MISSING = _summary_field(
        "mlm:accelerator_count"
    )
    mlm_hyperparameters: Summary[Hyperparameters] | MISSING = _summary_field("mlm:hyperparameters")

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        known = sorted(key for key in schema.get("properties", {}) if key.startswith(MLM_PREFIX))
        schema["propertyNames"] = {
            "anyOf": [{"not": {"pattern": f"^{MLM_PREFIX}"}}, {"enum": known}]
        }
        schema["additionalProperties"] = {"type": ["array", "object"]}

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        # Whether a summary is an array, a range or a JSON Schema is STAC core's rule.
        violations = super().object_rules(raw)
        known = known_keys(cls)
        for key, value in raw.items():
            if key in NEVER_SUMMARIZED:
                violations.append(
                    RuleViolation(
                        (key,),
                        "mlm_never_summarized",
                        f"'{key}' describes one input, output or asset and is never summarized "
                        "in a Collection",
                        value,
                    )
                )
            elif key.startswith(MLM_PREFIX) and key not in known:
                violations.append(unknown_field(key, value))
        return violations
