"""Rules of the official schema that the generator drops, as bases of generated classes.

``codegen/names/base_classes.json`` puts each mixin under its generated class. Every
rule names the schema definition it restores; every error is located by JSON keys.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import model_validator

from stac_mlm._base import JsonSchema, MLMBaseModel, add_rule
from stac_mlm._errors import Loc, RuleViolation, raise_violations
from stac_mlm._json import first_duplicate

MLM_PREFIX = "mlm:"
#: ``mlm:hyperparameters`` keys (``patternProperties`` of the official schema).
HYPERPARAMETER_KEYS = {"pattern": "^[0-9a-zA-Z_.-]+$"}


def unique_items(loc: Loc, values: list[Any], what: str) -> list[RuleViolation]:
    """``uniqueItems: true``: the first repeated value, if any."""
    if len(values) < 2:  # a pair is the least that can repeat
        return []
    duplicate = first_duplicate(values)
    return _repeated(loc, what, duplicate)


def unique_strings(loc: Loc, values: list[str], what: str) -> list[RuleViolation]:
    """``uniqueItems: true`` on a list the schema types as strings (Python's equality)."""
    if len(set(values)) == len(values):
        return []
    return _repeated(loc, what, first_duplicate(values))


def _repeated(loc: Loc, what: str, duplicate: tuple[int, Any] | None) -> list[RuleViolation]:
    if duplicate is None:
        return []
    index, value = duplicate
    return [
        RuleViolation(
            (*loc, index),
            "mlm_unique_items",
            f"{what} must not repeat a value: {value!r} appears more than once",
            value,
        )
    ]


def dimension_rule(
    references: Any, dim_order: list[str], kind: str, structure: str
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
        return [RuleViolation((structure, "dim_order"), f"mlm_{kind}_dimension", message)]
    if named and not listed:
        message = (
            f"{structure}.dim_order names the '{kind}' dimension but {kind} is empty or "
            f"missing: list the {kind} in order, or rename the dimension"
        )
        return [RuleViolation((structure, "dim_order"), f"mlm_{kind}_dimension", message)]
    return []


class FieldsRules(MLMBaseModel):
    """``fields``: unknown ``mlm:`` keys are forbidden, any other key passes."""

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

    @model_validator(mode="after")
    def _check_fields(self) -> FieldsRules:
        violations = [
            RuleViolation(
                (key,),
                "mlm_unknown_field",
                f"'{key}' is not a field of the MLM extension: keys starting with 'mlm:' "
                "must be MLM fields (check the spelling)",
                value,
            )
            for key, value in (self.__pydantic_extra__ or {}).items()
            if key.startswith(MLM_PREFIX)
        ]
        tasks = getattr(self, "mlm_tasks", None)
        if isinstance(tasks, list):
            violations += unique_strings(("mlm:tasks",), tasks, "mlm:tasks")
        raise_violations(type(self).__name__, violations)
        return self


#: The extension's name before MLM (DLM): v1.0-v1.3 forbid any key with this prefix.
LEGACY_PREFIX = "dlm:"


class LegacyFieldsRules(MLMBaseModel):
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

    @model_validator(mode="after")
    def _check_fields(self) -> LegacyFieldsRules:
        violations = [
            RuleViolation(
                (key,),
                "mlm_legacy_prefix",
                f"'{key}': keys starting with '{LEGACY_PREFIX}' (the extension's former name) "
                "are not allowed; rename it with the 'mlm:' prefix",
                value,
            )
            for key, value in (self.__pydantic_extra__ or {}).items()
            if key.startswith(LEGACY_PREFIX)
        ]
        tasks = getattr(self, "mlm_tasks", None)
        if isinstance(tasks, list):
            violations += unique_strings(("mlm:tasks",), tasks, "mlm:tasks")
        raise_violations(type(self).__name__, violations)
        return self


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


class DimensionRules(MLMBaseModel):
    """``Model{Input,Output}{Bands,Variables}DimensionRef`` on the structure ``_STRUCTURE``."""

    _STRUCTURE: ClassVar[str]

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        add_rule(schema, dimension_schema("bands", cls._STRUCTURE))
        add_rule(schema, dimension_schema("variables", cls._STRUCTURE))

    @model_validator(mode="after")
    def _check_dimensions(self) -> DimensionRules:
        structure = self._STRUCTURE
        dim_order: list[str] = getattr(self, structure).dim_order
        violations = dimension_rule(self.bands, dim_order, "bands", structure)  # type: ignore[attr-defined]
        violations += dimension_rule(self.variables, dim_order, "variables", structure)  # type: ignore[attr-defined]
        raise_violations(type(self).__name__, violations)
        return self


class ModelInputRules(DimensionRules):
    """``mlm:input`` items (v1.5+): the dimension rules on ``input``."""

    _STRUCTURE = "input"


class OutputUniqueRules(MLMBaseModel):
    """``mlm:output`` items of every release: unique ``tasks`` and unique classes."""

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        for key in ("tasks", "classification:classes"):
            schema["properties"][key]["uniqueItems"] = True

    @model_validator(mode="after")
    def _check_unique_tasks_and_classes(self) -> OutputUniqueRules:
        violations = unique_strings(("tasks",), self.tasks, "tasks")  # type: ignore[attr-defined]
        classes = self.classification_classes  # type: ignore[attr-defined]
        # Classes with different values differ: compare whole objects only on a collision.
        if isinstance(classes, list) and len({item.value for item in classes}) < len(classes):
            dumped = [item.model_dump(mode="json") for item in classes]
            violations += unique_items(
                ("classification:classes",), dumped, "classification:classes"
            )
        raise_violations(type(self).__name__, violations)
        return self


class ModelOutputRules(DimensionRules, OutputUniqueRules):
    """``mlm:output`` items (v1.5+): the dimension rules on ``result``, on top of unique
    tasks and classes."""

    _STRUCTURE = "result"


class StructureRules(MLMBaseModel):
    """``DimensionOrder``: the dimension names are unique."""

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        schema["properties"]["dim_order"]["uniqueItems"] = True

    @model_validator(mode="after")
    def _check_unique_dimensions(self) -> StructureRules:
        dim_order: list[str] = self.dim_order  # type: ignore[attr-defined]
        raise_violations(
            type(self).__name__, unique_strings(("dim_order",), dim_order, "dim_order")
        )
        return self


class ModelBandRules(MLMBaseModel):
    """``ModelBandsVariables`` objects: ``format`` and ``expression`` come together."""

    _PAIR: ClassVar[tuple[str, str]] = ("format", "expression")

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        schema["dependentRequired"] = {"format": ["expression"], "expression": ["format"]}

    @model_validator(mode="after")
    def _check_format_with_expression(self) -> ModelBandRules:
        present = {name for name in self._PAIR if name in self.model_fields_set}
        if len(present) == 1:
            (given,) = present
            (absent,) = set(self._PAIR) - present
            raise_violations(
                type(self).__name__,
                [
                    RuleViolation(
                        (absent,),
                        "mlm_format_expression",
                        f"'{given}' requires '{absent}': a band or variable object gives "
                        "both format and expression, or neither",
                    )
                ],
            )
        return self
