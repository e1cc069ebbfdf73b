"""The base of every MLM model: one place decides how documents are read and written.

* Reading (``model_validate``, ``model_validate_json``, FastAPI bodies) matches JSON keys
  only: a raw key spelled like a Python attribute (``classification_classes``) is an
  unknown key, kept as it is, never read as a field.
* Building in Python (``ModelInput(name=..., input=...)``) takes the Python attribute
  names, so typed construction needs no aliases.
* Unknown keys are kept (``extra="allow"``); the rules that forbid some of them live in
  :mod:`stac_mlm._mixins` and the document models.
* A field nobody wrote holds pydantic's ``MISSING`` and is never dumped, whatever the
  dump options: nothing is invented, explicit ``null`` stays ``null``.
"""

from __future__ import annotations

import json
import typing
from functools import cache
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic.config import ExtraValues
from pydantic.fields import ComputedFieldInfo, FieldInfo
from pydantic_core import from_json
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from stac_mlm import _verdict
from stac_mlm._errors import RuleViolation, document_error
from stac_mlm._guard import too_deep_violation

JsonSchema = dict[str, Any]


def _export_rules(schema: JsonSchema, model: type[BaseModel]) -> None:
    """Each class writes the rules it checks in Python into its exported JSON Schema."""
    rules = getattr(model, "json_schema_rules", None)
    if rules is not None:
        rules(schema)


def add_rule(schema: JsonSchema, rule: JsonSchema) -> None:
    """Add a subschema that every instance must also satisfy (``allOf``)."""
    schema.setdefault("allOf", []).append(rule)


def forbidden_fields_schema(aliases: tuple[str, ...]) -> JsonSchema:
    """None of ``aliases`` may be present (``not anyOf required``, one by one)."""
    return {"not": {"anyOf": [{"required": [alias]} for alias in aliases]}}


def _field_title(name: str, info: FieldInfo | ComputedFieldInfo) -> str:
    """``mlm:framework_version`` -> ``Framework version`` (not ``Mlm:Framework Version``)."""
    key = (info.alias or name).split(":")[-1]
    return key.replace("_", " ").replace("-", " ").capitalize()


#: The one configuration of every MLM model. Classes that also inherit a stac-pydantic
#: model repeat ``model_config = MLM_CONFIG``: pydantic merges the configs of the bases in
#: order, so a later base (stac-pydantic's ``populate_by_name=True``) would win otherwise.
MLM_CONFIG = ConfigDict(
    extra="allow",
    validate_by_alias=True,
    validate_by_name=False,
    serialize_by_alias=True,
    regex_engine="rust-regex",
    defer_build=True,
    json_schema_extra=_export_rules,
    field_title_generator=_field_title,
)


def parse_json(json_data: str | bytes | bytearray, title: str) -> Any:
    """The JSON value of ``json_data``; invalid JSON is a ``json_invalid`` error.

    pydantic-core's parser refuses what its fast path cannot hold (a lone surrogate escape,
    nesting beyond its limit): such text is read again by the standard library's parser, so
    that the JSON guard gives the same located verdict as for a dict.
    """
    try:
        return from_json(json_data)
    except (ValueError, TypeError) as error:  # TypeError: a str holding a lone surrogate
        reason = str(error)
    try:
        return json.loads(json_data)
    except RecursionError:
        where = reason.rpartition(" at ")[2]
        violation = too_deep_violation((), f" (at {where})" if where != reason else "")
        raise document_error(title, [], [violation], None) from None
    except ValueError as error:
        if "Expected bytes" in reason:  # pydantic-core could not even read the str
            reason = str(error)
        violation = RuleViolation((), "json_invalid", f"not JSON: {reason}")
        raise document_error(title, [], [violation], None) from None


@cache
def own_tags(model: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """The required fields of ``model`` that admit one value (a ``Literal`` tag), with it.

    ``ValueScalingMinMax.type`` is ``"min-max"``, ``MLMItem.type`` is ``"Feature"``: as
    (attribute name, JSON key, value). Python construction fills them in; reading never
    does (a document that omits its tag is invalid, as the schema says).
    """
    return tuple(
        (name, field.alias or name, typing.get_args(field.annotation)[0])
        for name, field in model.model_fields.items()
        if field.is_required()
        and typing.get_origin(field.annotation) is typing.Literal
        and len(typing.get_args(field.annotation)) == 1
    )


class MLMBaseModel(BaseModel):
    """Configuration shared by all generated and hand-written MLM models.

    Every way in (``model_validate``, ``model_validate_json``, construction) runs the one
    pipeline of :mod:`stac_mlm._verdict`: errors are located by JSON keys, in plain words,
    all at once.
    """

    model_config = MLM_CONFIG

    def __init__(self, /, **data: Any) -> None:
        # Python construction uses attribute names (JSON keys work too); parsing does not.
        __tracebackhide__ = True
        for name, alias, tag in own_tags(type(self)):
            if name not in data and alias not in data:
                data[name] = tag  # the class says which variant it is: written, and dumped

        def build(value: Any) -> Any:
            self.__pydantic_validator__.validate_python(
                value, self_instance=self, by_alias=True, by_name=True
            )
            return self

        _verdict.validate(type(self), data, build, building=True)

    # Tell pydantic this is not a custom __init__: validation must never go through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        """The rules the schema states across this object's fields, on the raw object.

        Locations are relative to the object. Mixins add theirs (cooperatively, through
        ``super()``); the rule pass of :mod:`stac_mlm._verdict` calls it on every object.
        """
        return []

    @classmethod
    def error_title(cls) -> str:
        """What a ``ValidationError`` of this model says it is about."""
        return cls.__name__

    @classmethod
    def other_releases(cls, raw: dict[str, Any]) -> list[type[MLMBaseModel]]:
        """Models of other MLM releases that ``raw`` must satisfy too (documents only)."""
        return []

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: ExtraValues | None = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        __tracebackhide__ = True
        structural = super().model_validate

        def validate(value: Any) -> Any:
            return structural(
                value,
                strict=strict,
                extra=extra,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )

        validated: Self = _verdict.validate(cls, obj, validate)
        return validated

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: ExtraValues | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        # Parse with pydantic-core's JSON parser, then validate the Python value: the
        # before/wrap validators that stac-pydantic and geojson-pydantic put around whole
        # objects would otherwise make pydantic-core convert each JSON subtree to Python
        # anyway, at a higher cost (measured in benchmarks/). Same verdicts and values
        # (tests/test_differential.py compares both ways on every document).
        __tracebackhide__ = True
        return cls.model_validate(
            parse_json(json_data, cls.error_title()),
            strict=strict,
            extra=extra,
            context=context,
            by_alias=by_alias,
            by_name=by_name,
        )

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        """Add to ``schema`` the rules this class checks in Python (see the mixins)."""


class Checked(MLMBaseModel):
    """A model with rules of its own (``object_rules``), checked wherever it is validated.

    Inside a document the document's pipeline checks them, once; validated on its own in
    a foreign container (a FastAPI body, a ``TypeAdapter``, a user's model), the model
    runs the pipeline itself.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _checked(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if _verdict.in_pass():
            return handler(value)
        return _verdict.validate(cls, value, handler)
