"""Rules of the official schema that the generator drops, as bases of generated classes.

``codegen/names/base_classes.json`` puts each mixin under its generated class. Every
rule names the schema definition it restores and reads the raw object (``object_rules``),
so that it runs whether or not the object's fields are valid; a rule whose inputs have the
wrong JSON type skips itself (the type is reported by the field's own validation).
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

from pydantic import ConfigDict

from stac_mlm._base import MLM_CONFIG, Checked, JsonSchema, add_rule
from stac_mlm._errors import Loc, RuleViolation, render
from stac_mlm._json import first_duplicate

MLM_PREFIX = "mlm:"
#: ``mlm:hyperparameters`` keys (``patternProperties`` of the official schema).
HYPERPARAMETER_KEYS = {"pattern": "^[0-9a-zA-Z_.-]+$"}


def unique_items(loc: Loc, values: Any, what: str) -> list[RuleViolation]:
    """``uniqueItems: true`` with JSON equality: the first repeated value, if any."""
    if type(values) is not list or len(values) < 2:  # a pair is the least that can repeat
        return []
    try:
        if len(set(values)) == len(values):
            return []  # no two equal even for Python (coarser than JSON: True == 1)
    except TypeError:
        pass  # objects or arrays: compare JSON keys
    duplicate = first_duplicate(values)
    if duplicate is None:
        return []
    index, value = duplicate
    return [
        RuleViolation(
            (*loc, index),
            "mlm_unique_items",
            f"{what} must not repeat a value: this one appears earlier in the list",
            value,
        )
    ]


def dimension_rule(
    references: Any, dim_order: list[Any], kind: str, structure: str
) -> list[RuleViolation]:
    """``Model{Input,Output}{Bands,Variables}DimensionRef``.

    A non-empty ``bands`` list needs ``"bands"`` in ``dim_order``; an empty or absent one
    forbids it (same for ``variables``).
    """
    listed = isinstance(references, list) and len(references) > 0
    named = kind in dim_order
    if listed and not named:
        message = (
            f"{structure}.dim_order must contain '{kind}' because {kind} lists "
            f"{len(references)} reference(s)"
        )
        return [
            RuleViolation((structure, "dim_order"), f"mlm_{kind}_dimension", message, dim_order)
        ]
    if named and not listed:
        message = (
            f"{structure}.dim_order names the '{kind}' dimension but {kind} is empty or "
            f"missing: list the {kind} in order, or rename the dimension"
        )
        return [
            RuleViolation((structure, "dim_order"), f"mlm_{kind}_dimension", message, dim_order)
        ]
    return []


class FieldsRules(Checked):
    """``fields``: unknown ``mlm:`` keys are forbidden, any other key passes."""

    # The generated field sets (``MLMFields``, ``ItemFields``…) are only ever validated
    # through the classes built on them (properties, assets), which are built when
    # defined: building the sets too cost about a sixth of `import stac_mlm`.
    model_config = MLM_CONFIG | ConfigDict(defer_build=True)

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        properties = schema.get("properties", {})
        known = sorted(key for key in properties if key.startswith(MLM_PREFIX))
        schema["propertyNames"] = {
            "anyOf": [{"not": {"pattern": f"^{MLM_PREFIX}"}}, {"enum": known}]
        }
        if "mlm:tasks" in properties:
            properties["mlm:tasks"]["uniqueItems"] = True
        if "mlm:hyperparameters" in properties:  # pydantic exports no key constraint
            properties["mlm:hyperparameters"] = {
                "allOf": [properties["mlm:hyperparameters"], {"propertyNames": HYPERPARAMETER_KEYS}]
            }

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        known = known_keys(cls)
        violations = []
        # The keys that are no field, taken as a set difference (in C): the MLM keys among
        # them, if any, are reported in the document's order.
        if any(key.startswith(MLM_PREFIX) for key in raw.keys() - known):
            violations = [
                unknown_field(key, value)
                for key, value in raw.items()
                if key.startswith(MLM_PREFIX) and key not in known
            ]
        violations += unique_items(("mlm:tasks",), raw.get("mlm:tasks"), "mlm:tasks")
        return [*super().object_rules(raw), *violations]


def unknown_field(key: str, value: Any) -> RuleViolation:
    """An ``mlm:`` key that names no MLM field (``additionalProperties: false``)."""
    return RuleViolation(
        (key,),
        "mlm_unknown_field",
        f"{render(key)} is not a field of the MLM extension: keys starting with "
        "'mlm:' must be MLM fields (check the spelling)",
        value,
    )


@cache
def known_keys(model: type[Checked]) -> frozenset[str]:
    """The JSON keys of ``model``'s fields."""
    return frozenset(field.alias or name for name, field in model.model_fields.items())


#: The extension's name before MLM (DLM): v1.0-v1.3 forbid any key with this prefix.
LEGACY_PREFIX = "dlm:"


class LegacyFieldsRules(Checked):
    """``fields`` of v1.0-v1.3: keys starting with ``dlm:`` are forbidden, any other passes.

    Those releases allow unknown ``mlm:`` keys (v1.4 forbids them); only the prefix of the
    extension's former name is rejected. ``mlm:tasks`` items are unique.
    """

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        schema["propertyNames"] = {"not": {"pattern": f"^{LEGACY_PREFIX}"}}
        properties = schema.get("properties", {})
        if "mlm:tasks" in properties:
            properties["mlm:tasks"]["uniqueItems"] = True
        if "mlm:hyperparameters" in properties:
            properties["mlm:hyperparameters"] = {
                "allOf": [properties["mlm:hyperparameters"], {"propertyNames": HYPERPARAMETER_KEYS}]
            }

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        violations = [
            RuleViolation(
                (key,),
                "mlm_legacy_prefix",
                f"{render(key)}: keys starting with '{LEGACY_PREFIX}' (the extension's former "
                "name) are not allowed; rename it with the 'mlm:' prefix",
                value,
            )
            for key, value in raw.items()
            if key.startswith(LEGACY_PREFIX)
        ]
        violations += unique_items(("mlm:tasks",), raw.get("mlm:tasks"), "mlm:tasks")
        return [*super().object_rules(raw), *violations]


def known_mlm_keys_schema(properties: JsonSchema) -> JsonSchema:
    """Keys starting with ``mlm:`` must be declared; any other key passes."""
    known = sorted(key for key in properties if key.startswith(MLM_PREFIX))
    return {"anyOf": [{"not": {"pattern": f"^{MLM_PREFIX}"}}, {"enum": known}]}


def dimension_schema(kind: str, structure: str) -> JsonSchema:
    """``dimension_rule`` as JSON Schema."""
    dim_order: JsonSchema = {"contains": {"const": kind}}
    return {
        "if": {"required": [kind], "properties": {kind: {"type": "array", "minItems": 1}}},
        "then": {"properties": {structure: {"properties": {"dim_order": dim_order}}}},
        "else": {"properties": {structure: {"properties": {"dim_order": {"not": dim_order}}}}},
    }


class DimensionRules(Checked):
    """``Model{Input,Output}{Bands,Variables}DimensionRef`` on the structure ``_STRUCTURE``."""

    _STRUCTURE: ClassVar[str]

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        add_rule(schema, dimension_schema("bands", cls._STRUCTURE))
        add_rule(schema, dimension_schema("variables", cls._STRUCTURE))

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        violations = super().object_rules(raw)
        structure = raw.get(cls._STRUCTURE)
        dim_order = structure.get("dim_order") if isinstance(structure, dict) else None
        if not isinstance(dim_order, list):
            return violations  # no dimensions to compare with
        for kind in ("bands", "variables"):
            violations += dimension_rule(raw.get(kind), dim_order, kind, cls._STRUCTURE)
        return violations


class ModelInputRules(DimensionRules):
    """``mlm:input`` items (v1.5+): the dimension rules on ``input``."""

    _STRUCTURE = "input"


class OutputUniqueRules(Checked):
    """``mlm:output`` items of every release: unique ``tasks`` and unique classes."""

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        for key in ("tasks", "classification:classes"):
            schema["properties"][key]["uniqueItems"] = True

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return [
            *super().object_rules(raw),
            *unique_items(("tasks",), raw.get("tasks"), "tasks"),
            *_unique_classes(raw.get("classification:classes")),
        ]


def _unique_classes(classes: Any) -> list[RuleViolation]:
    """Classes with different values differ: whole objects are compared only on a collision."""
    if type(classes) is list:
        try:
            values = {item["value"] for item in classes}
        except (TypeError, KeyError):
            values = set()  # not all objects with a hashable value: compare them all
        if len(values) == len(classes):
            return []
    return unique_items(("classification:classes",), classes, "classification:classes")


class ModelOutputRules(DimensionRules, OutputUniqueRules):
    """``mlm:output`` items (v1.5+): the dimension rules on ``result``, on top of unique
    tasks and classes."""

    _STRUCTURE = "result"


class StructureRules(Checked):
    """``DimensionOrder``: the dimension names are unique."""

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        schema["properties"]["dim_order"]["uniqueItems"] = True

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return [
            *super().object_rules(raw),
            *unique_items(("dim_order",), raw.get("dim_order"), "dim_order"),
        ]


class ModelBandRules(Checked):
    """``ModelBandsVariables`` objects: ``format`` and ``expression`` come together."""

    _PAIR: ClassVar[tuple[str, str]] = ("format", "expression")

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        schema["dependentRequired"] = {"format": ["expression"], "expression": ["format"]}

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        violations = super().object_rules(raw)
        present = [name for name in cls._PAIR if name in raw]
        if len(present) == 1:
            (given,) = present
            (absent,) = set(cls._PAIR) - set(present)
            violations.append(
                RuleViolation(
                    (absent,),
                    "mlm_format_expression",
                    f"'{given}' requires '{absent}': a band or variable object gives "
                    "both format and expression, or neither",
                )
            )
        return violations


class RasterStatisticsRules(Checked):
    """raster v1.1.0 ``statistics`` (inputs of v1.0-v1.3): ``minProperties: 1``."""

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        schema["minProperties"] = 1

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        violations = super().object_rules(raw)
        if not raw:
            violations.append(
                RuleViolation(
                    (),
                    "mlm_empty_statistics",
                    "statistics must give at least one of minimum, maximum, mean, stddev "
                    "and valid_percent",
                    raw,
                )
            )
        return violations
