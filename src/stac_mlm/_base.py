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
* Assigning a field (``props.mlm_name = ...``) checks the object with the new value in
  place, the rules across its fields included (a JSON value as reading checks it, models
  and enums as construction does); a refused value leaves the object as it was. Deleting
  a field (``del props.mlm_pretrained``) takes it out, as if never written. A name close
  to a field's (``props.mlm_pretrianed = ...``) is a typo, refused; any other name is a
  key, checked as reading checks it (``props.bands``, ``setattr(obj, "eo:bands", ...)``).
"""

from __future__ import annotations

import json
import typing
from functools import cache, partial
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

from pydantic import MISSING, BaseModel, ConfigDict, GetCoreSchemaHandler, ValidationError

# The metaclass of every pydantic model (``type(BaseModel)``), from its internal module as
# other libraries extending pydantic import it: subclassed to mark MLM classes being built.
from pydantic._internal._model_construction import ModelMetaclass, build_lenient_weakvaluedict
from pydantic._internal._typing_extra import parent_frame_namespace
from pydantic.config import ExtraValues
from pydantic.fields import ComputedFieldInfo, FieldInfo
from pydantic_core import CoreSchema, core_schema, from_json
from pydantic_core.core_schema import ValidatorFunctionWrapHandler

from stac_mlm import _verdict
from stac_mlm._errors import RuleViolation, document_error, violations_error
from stac_mlm._guard import MAX_DEPTH, json_text_is_plain, too_deep_violation

JsonSchema = dict[str, Any]

T = TypeVar("T")
D = TypeVar("D")


def value_or(value: T | MISSING, default: D) -> T | D:
    """``value``, or ``default`` when the field it was read from was not written.

    A field nobody wrote holds pydantic's ``MISSING``, which is true in a boolean context
    (as every sentinel of PEP 661): ``if props.mlm_pretrained:`` holds when the field is
    absent. ``if value_or(props.mlm_pretrained, False):`` does not, and type checkers
    see a ``bool``. An explicit ``null`` (``None``) is a value: it is returned as it is.
    """
    return default if value is MISSING else value


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
    # Built when defined, not on first use: FastAPI builds a deferred body model outside
    # its own warning filter, and every user then saw pydantic's
    # UnsupportedFieldAttributeWarning at start-up. Costs about 10 ms of import time.
    defer_build=False,
    json_schema_extra=_export_rules,
    field_title_generator=_field_title,
)


def parse_json(json_data: str | bytes | bytearray, title: str) -> Any:
    """The JSON value of ``json_data``; invalid JSON is a ``json_invalid`` error."""
    return _parse(json_data, title)[0]


def read_json(json_data: str | bytes | bytearray, title: str) -> tuple[Any, bool]:
    """The JSON value of ``json_data``, and whether it surely passes the JSON guard.

    pydantic-core's parser refuses ``NaN`` and ``Infinity`` here, and what its fast path
    cannot hold (a lone surrogate escape, nesting beyond its limit): such text is read
    again, ``NaN`` by pydantic-core, the rest by the standard library's parser, so that
    the JSON guard gives the same located verdict as for a dict. Invalid JSON is a
    ``json_invalid`` error (``ValidationError``).
    """
    value, strict = _parse(json_data, title)
    return value, strict and json_text_is_plain(json_data)


def _parse(json_data: str | bytes | bytearray, title: str) -> tuple[Any, bool]:
    """The JSON value of ``json_data``, and whether the strict parser read it (no ``NaN``,
    nothing its fast path cannot hold): only then can the text guard vouch for it."""
    try:
        return from_json(json_data, allow_inf_nan=False), True
    except (ValueError, TypeError):
        pass
    try:
        return from_json(json_data), False
    except (ValueError, TypeError) as error:  # TypeError: a str holding a lone surrogate
        reason = str(error)
    try:
        return json.loads(json_data), False
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


def _fill_own_tags(model: type[BaseModel], data: dict[str, Any]) -> list[str]:
    """Put each of ``model``'s own tags that ``data`` lacks (by name or key) into ``data``;
    the attribute names filled."""
    filled = []
    for name, alias, tag in own_tags(model):
        if name not in data and alias not in data:
            data[name] = tag
            filled.append(name)
    return filled


def _checked(model: type[MLMBaseModel], value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """``model``'s own schema, or ``model`` held by a foreign container: the value its
    pipeline validates passes; anything else runs a pipeline of its own (a model held by a
    foreign container inside a document too: the document's rule pass walks MLM models
    only)."""
    if _verdict.in_pass() and (
        _verdict.validating(value) or _verdict.building() or _verdict.covered(value)
    ):
        return handler(value)
    with _verdict.own_pipeline():
        return _verdict.validate(model, value, handler)


def _unwrapped(schema: CoreSchema) -> CoreSchema:
    """``schema`` without the wrap ``MLMBaseModel`` puts around a model's own schema."""
    if schema["type"] == "function-wrap":
        function = schema["function"]["function"]
        if isinstance(function, partial) and function.func is _checked:
            inner: CoreSchema = schema["schema"]
            return inner
    return schema


class MLMModelMetaclass(ModelMetaclass):
    """pydantic's metaclass, telling the models a class holds that it is an MLM model."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> Any:
        if kwargs.get("__pydantic_reset_parent_namespace__", True):
            # What pydantic reads from the frame defining the class (its local names, for
            # annotations naming them), taken here: pydantic would read this frame instead.
            namespace["__pydantic_parent_namespace__"] = build_lenient_weakvaluedict(
                parent_frame_namespace()
            )
            kwargs["__pydantic_reset_parent_namespace__"] = False
        with _verdict.building_mlm_model():
            return super().__new__(mcs, name, bases, namespace, **kwargs)


class MLMBaseModel(BaseModel, metaclass=MLMModelMetaclass):
    """Configuration shared by all generated and hand-written MLM models.

    Every way in (``model_validate``, ``model_validate_json``, construction, assignment)
    runs the one pipeline of :mod:`stac_mlm._verdict`: errors are located by JSON keys, in
    plain words, all at once.
    """

    model_config = MLM_CONFIG

    #: Whether the model is a document, whose rules include STAC core's on all it holds.
    checks_stac_core: ClassVar[bool] = False

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Inside an MLM model (a document, or any MLM object holding this one) the pass of
        what holds it checks this model's rules and those of what it holds, once: there it
        is built as pydantic builds it. Anywhere else (a FastAPI body, a ``TypeAdapter``, a
        user's model), its schema is wrapped so that it runs the pipeline itself;
        validated alone (``model_validate``), it runs the pipeline anyway."""
        schema = _unwrapped(handler(source))  # a built model's own schema is wrapped once
        if _verdict.building_mlm_model_now() and cls.__dict__.get("__pydantic_complete__"):
            # Held by the MLM model being built (not this class's own schema, which a
            # TypeAdapter of it reuses): no wrap, which would cost a Python call per object
            # in every document only to pass through (a fifth of stac-pydantic's whole Item).
            return schema
        return core_schema.no_info_wrap_validator_function(partial(_checked, cls), schema)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._settle_rule_pass()

    @classmethod
    def _settle_rule_pass(cls) -> None:
        """Work out where the rule pass goes (the first validation then costs what the
        others do); when a field holds MLM models where it cannot follow (a user's
        container, a union, a nested array), build the class again with them wrapped: they
        check themselves."""
        _verdict.prepare(cls)
        if not cls.__dict__.get("_holds_unplanned", False) and not _verdict.fully_planned(cls):
            cls._holds_unplanned = True
            cls.model_rebuild(force=True)

    #: Whether some field holds MLM models the rule pass cannot reach (see above).
    _holds_unplanned: ClassVar[bool] = False

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        """pydantic's rebuild (also how a model built on first use is built), as an MLM
        model is built when defined: the MLM models it holds carry no wrap of their own,
        unless the rule pass cannot reach them."""
        wraps_needed = cls.__dict__.get("_holds_unplanned", False)
        with _verdict.building_mlm_model(wraps_needed=wraps_needed):
            rebuilt = super().model_rebuild(
                force=force,
                raise_errors=raise_errors,
                _parent_namespace_depth=_parent_namespace_depth + 1,  # and this method's frame
                _types_namespace=_types_namespace,
            )
        if rebuilt:  # its annotations may name classes defined since: plan again
            _verdict.forget_plans()
            cls._settle_rule_pass()
        return rebuilt

    def __init__(self, /, **data: Any) -> None:
        # Python construction uses attribute names (JSON keys work too); parsing does not.
        __tracebackhide__ = True
        _fill_own_tags(type(self), data)  # the class says which variant it is: written

        def build(value: Any) -> Any:
            self.__pydantic_validator__.validate_python(
                value, self_instance=self, by_alias=True, by_name=True
            )
            return self

        _verdict.validate(type(self), data, build, building=True)

    # Tell pydantic this is not a custom __init__: validation must never go through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    if not TYPE_CHECKING:  # as pydantic does: type checkers keep reporting unknown attributes

        def __setattr__(self, name: str, value: Any) -> None:
            __tracebackhide__ = True
            target = _assignment_target(type(self), name)
            if target is None:  # a private or class attribute: pydantic's business
                super().__setattr__(name, value)
            elif target[0] is None and name not in _kept(self):
                # a JSON key (``eo:bands``) is never an attribute name misspelt
                misspelt = _misspelt_field(type(self), name) if name.isidentifier() else None
                if misspelt is not None:
                    raise misspelt
                _assign(self, *target, value)  # a new key (STAC's "bands"...), read as such
            else:
                _assign(self, *target, value)

        def __delattr__(self, name: str) -> None:
            # Deleting a field takes it out of the document, as if it had never been written.
            __tracebackhide__ = True
            target = _assignment_target(type(self), name)
            if target is None:
                super().__delattr__(name)
            elif (target[0] or target[1]) not in self.__pydantic_fields_set__ and (
                target[1] not in _kept(self)
            ):  # as Python does: deleting what is not there is an error, not a no-op
                message = f"{type(self).__name__!r} object has no {name!r} to delete: it is absent"
                raise AttributeError(message)
            else:
                _assign(self, *target, MISSING)

    @classmethod  # the pydantic mypy plugin types model_construct of each model itself
    def model_construct(  # type: ignore[override]
        cls, _fields_set: set[str] | None = None, **values: Any
    ) -> Self:
        """pydantic's unchecked way to build (nothing is validated), filling in the class's
        own tag as construction does (``ValueScalingMinMax.model_construct(...)`` dumps
        ``"type": "min-max"``)."""
        filled = _fill_own_tags(cls, values)
        if _fields_set is not None:
            _fields_set = {*_fields_set, *filled}
        return super().model_construct(_fields_set, **values)

    def revalidate(self) -> None:
        """Check the object again as a whole, as if it were read from its JSON dump.

        Assigning a field checks the object assigned to; this checks the rules that span a
        larger object too (an Item's rules after ``item.properties.mlm_input = ...``) and
        lists changed in place (``props.mlm_tasks.append(...)``, which no assignment sees).
        Raises a ``pydantic.ValidationError`` listing everything wrong, located from here.
        """
        __tracebackhide__ = True
        type(self).model_validate(self.model_dump(mode="json"))

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
        return cls._validated(
            obj,
            False,
            strict=strict,
            extra=extra,
            from_attributes=from_attributes,
            context=context,
            by_alias=by_alias,
            by_name=by_name,
        )

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
        value, plain = read_json(json_data, cls.error_title())
        return cls._validated(
            value,
            plain,
            strict=strict,
            extra=extra,
            context=context,
            by_alias=by_alias,
            by_name=by_name,
        )

    @classmethod
    def _validated(cls, obj: Any, plain_json: bool, **options: Any) -> Self:
        """``obj`` validated by pydantic with ``options``, within the whole pipeline;
        ``plain_json``: ``obj`` is known to pass the JSON guard (see ``read_json``)."""
        __tracebackhide__ = True
        structural = super().model_validate

        def validate(value: Any) -> Any:
            return structural(value, **options)

        validated: Self = _verdict.validate(cls, obj, validate, plain_json=plain_json)
        return validated

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        """Add to ``schema`` the rules this class checks in Python (see the mixins)."""


@cache
def _fields_by_key(model: type[BaseModel]) -> dict[str, tuple[str, str]]:
    """Attribute name and JSON key of each field, by either."""
    keys = {}
    for name, field in model.model_fields.items():
        keys[name] = keys[field.alias or name] = (name, field.alias or name)
    return keys


def _assignment_target(model: type[BaseModel], name: str) -> tuple[str | None, str] | None:
    """(attribute name, JSON key) of the field ``name`` sets, ``(None, key)`` for a key kept
    as it is (``extra="allow"``), or ``None`` when ``name`` is not document content (a
    private or class attribute, a method, a property)."""
    field = _fields_by_key(model).get(name)
    if field is not None:
        return field
    if name.startswith("_") or hasattr(model, name):
        return None
    return None, name


def _kept(model: BaseModel) -> dict[str, Any]:
    """The keys of ``model`` that are no field, kept as read (``extra="allow"``)."""
    return model.__pydantic_extra__ or {}


def _misspelt_field(model: type[MLMBaseModel], name: str) -> ValidationError | None:
    """The error for ``name`` when it reads as a misspelt field of ``model``, else ``None``.

    A new key is added as reading would keep it (STAC's ``bands``, another extension's
    ``eo:cloud_cover``), but a name close to a field's attribute name
    (``mlm_pretrianed``), or spelled as an MLM attribute (``mlm_...``: MLM keys are
    ``mlm:...``), is a typo (mypy says so too), refused as pydantic refuses an unknown
    attribute (a ``ValueError``) instead of kept as a new key.
    """
    import difflib  # here: only a refused assignment needs it, and it is slow to import

    close = difflib.get_close_matches(name, list(model.model_fields), n=1)
    if not close and not name.startswith("mlm_"):
        return None
    message = f"{model.__name__!r} has no field {name!r}"
    if close:
        message += f" (did you mean {close[0]!r}?)"
    else:
        message += f" (MLM keys are spelled {'mlm:' + name.removeprefix('mlm_')!r})"
    violation = RuleViolation((name,), "no_such_field", message)
    return violations_error(model.error_title(), [violation])


#: The Python types of JSON values (what ``json.loads`` gives).
_JSON_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})


def _is_json_data(value: Any) -> bool:
    """Whether ``value`` is made of JSON types only: no model, enum or datetime inside.

    Below ``MAX_DEPTH`` levels it looks no further (a list holding itself included):
    reading says the value is too deep.
    """
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if type(node) not in _JSON_TYPES:
            return False
        if depth > MAX_DEPTH:
            continue
        if type(node) is dict:
            stack.extend((child, depth + 1) for child in node.values())
        elif type(node) is list:
            stack.extend((child, depth + 1) for child in node)
    return True


def _assign(model: MLMBaseModel, name: str | None, key: str, value: Any) -> None:
    """Set the field ``name`` (or the kept key ``key``) of ``model`` to ``value``, once the
    object with the new value passes its pipeline; ``MISSING`` takes it out.

    A JSON value (or ``MISSING``) is checked by reading the object's JSON with the value in
    place: the verdict and the words of reading it. A value holding models, enums or
    datetimes is checked as construction checks it: the object is validated from what it
    holds (models are taken as they are) and the rules read its dump. Only the assigned
    value is kept, so nothing else in ``model`` changes.
    """
    __tracebackhide__ = True
    cls = type(model)
    assigned: MLMBaseModel
    if value is MISSING or _is_json_data(value):
        raw = model.model_dump(mode="json")
        if value is MISSING:
            raw.pop(key, None)
        else:
            raw[key] = value
        assigned = cls.model_validate(raw)
    else:
        assigned = _built(model, key, value)
    # As pydantic's own assignment does: the value, and whether it counts as written.
    extra = model.__pydantic_extra__
    if name is not None:
        model.__dict__[name] = assigned.__dict__[name]  # MISSING, or the field's default
    elif extra is not None and value is MISSING:
        extra.pop(key, None)  # assigning MISSING to what is absent changes nothing
    elif extra is not None and assigned.__pydantic_extra__ is not None:
        extra[key] = assigned.__pydantic_extra__[key]
    if value is MISSING:
        model.__pydantic_fields_set__.discard(name or key)
    else:
        model.__pydantic_fields_set__.add(name or key)


def _built(model: MLMBaseModel, key: str, value: Any) -> MLMBaseModel:
    """``model`` built again from what it holds, with ``value`` under ``key``."""
    __tracebackhide__ = True
    cls = type(model)
    data = {
        field.alias or name: model.__dict__[name]
        for name, field in cls.model_fields.items()
        if name in model.__pydantic_fields_set__ and model.__dict__[name] is not MISSING
    }
    data.update(model.__pydantic_extra__ or {})
    data[key] = value

    def build(data: Any) -> Any:
        # JSON keys only: a kept key spelled like an attribute name stays a kept key.
        return cls.__pydantic_validator__.validate_python(data, by_alias=True, by_name=False)

    built: MLMBaseModel = _verdict.validate(cls, data, build, building=True)
    return built


class Checked(MLMBaseModel):
    """A model with rules of its own (``object_rules``), checked wherever it is validated
    (see ``MLMBaseModel.__get_pydantic_core_schema__``)."""
