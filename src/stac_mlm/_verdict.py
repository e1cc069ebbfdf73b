"""The one place that decides whether a document is valid, and says everything wrong with it.

Every entry point (``model_validate``, ``model_validate_json``, Python construction, and a
model validated inside a foreign container such as a FastAPI body) runs the same pipeline:

1. the JSON guard (:mod:`stac_mlm._guard`): finite numbers, valid Unicode, bounded depth;
2. pydantic's structural validation (types, required fields, enums, patterns, bounds);
3. the rule pass: the rules the schemas state across fields, run once over the raw
   document, whatever step 2 found (a rule whose inputs are invalid skips itself);
4. one report (:func:`stac_mlm._errors.document_error`): every error located by JSON
   keys, in plain words with the offending value, capped at ``MAX_ERRORS``.

Rules live with the model they belong to, as ``object_rules`` class methods of the
mixins and documents; :func:`rule_pass` walks the raw document guided by the models'
fields, so a reader finds a rule by the name of the object it checks.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

import typing_extensions
from pydantic import MISSING, BaseModel, ValidationError
from pydantic.fields import FieldInfo

from stac_mlm._errors import Loc, RuleViolation, document_error, json_located_details, under
from stac_mlm._guard import json_value_violations

if TYPE_CHECKING:
    from stac_mlm._base import MLMBaseModel

T = TypeVar("T")

#: Set while a pipeline runs: nested models leave their rules to the pass of the document.
_IN_PASS: ContextVar[bool] = ContextVar("stac_mlm_in_pass", default=False)
#: Set by Python construction: the data hold attribute names, so the rules read the result.
_BUILDING: ContextVar[bool] = ContextVar("stac_mlm_building", default=False)

#: Set while the pass of a document runs: the document checks STAC core on all it holds.
_DOCUMENT_PASS: ContextVar[bool] = ContextVar("stac_mlm_document_pass", default=False)

#: Set while an MLM model class is built: the MLM models its fields hold are checked by the
#: pass of whatever holds them, so they are built without a wrap validator of their own.
_BUILDING_MLM_MODEL: ContextVar[bool] = ContextVar("stac_mlm_building_model", default=False)

#: The value whose structural validation a pipeline runs: its model's own schema, met first,
#: leaves it to that pipeline.
_VALIDATED: ContextVar[Any] = ContextVar("stac_mlm_validated", default=None)

#: The model and raw value whose rule pass the running pipeline makes, and the objects of
#: that value the pass reads, worked out when first asked (``covered``).
_PASS_OF: ContextVar[tuple[Any, Any]] = ContextVar("stac_mlm_pass_of", default=(None, None))
_REACHED: ContextVar[set[int] | None] = ContextVar("stac_mlm_reached", default=None)

#: Set while a document is checked against another MLM release it also declares.
_SECONDARY: ContextVar[bool] = ContextVar("stac_mlm_secondary", default=False)

#: Guard codes of Python values that are not JSON at all: the rules do not read such input.
_NOT_JSON = frozenset({"json_invalid_key", "json_invalid_value"})

#: Codes of the rules whose verdict on a value replaces pydantic's (the JSON guard and
#: STAC core state the type of the same field; one message about it is enough).
_AUTHORITATIVE_PREFIXES = ("json_", "stac_")


#: Whether Python construction runs the pipeline (its data hold attribute names).
building: Callable[[], bool] = _BUILDING.get

#: Whether a document's pipeline is running (its nested models add nothing). The
#: ContextVar's own method: called once per nested model, it adds no Python frame.
in_pass: Callable[[], bool] = _IN_PASS.get


#: Whether the pass of a whole document runs (it checks STAC core on all it holds).
document_pass: Callable[[], bool] = _DOCUMENT_PASS.get


#: Whether an MLM model class is being built (see ``building_mlm_model``).
building_mlm_model_now: Callable[[], bool] = _BUILDING_MLM_MODEL.get


@contextmanager
def building_mlm_model(wraps_needed: bool = False) -> Iterator[None]:
    """While an MLM model class is built: the MLM models its fields hold need no wrap,
    unless ``wraps_needed`` (the rule pass cannot reach them all)."""
    token = _BUILDING_MLM_MODEL.set(not wraps_needed)
    try:
        yield
    finally:
        _BUILDING_MLM_MODEL.reset(token)


def validating(value: Any) -> bool:
    """Whether ``value`` is the one a pipeline is validating (not a part of it)."""
    return _VALIDATED.get() is value


@contextmanager
def own_pipeline() -> Iterator[None]:
    """For a model held by a foreign container inside a document: it runs a pipeline of its
    own (the document's rule pass walks MLM models only, not what other containers hold)."""
    tokens = (_IN_PASS.set(False), _DOCUMENT_PASS.set(False), _BUILDING.set(False))
    try:
        yield
    finally:
        _BUILDING.reset(tokens[2])
        _DOCUMENT_PASS.reset(tokens[1])
        _IN_PASS.reset(tokens[0])


def validate(
    model: type[MLMBaseModel],
    value: Any,
    structural: Callable[[Any], T],
    *,
    building: bool = False,
    plain_json: bool = False,
) -> T:
    """``structural(value)`` (pydantic's validation of ``model``) within the whole pipeline.

    ``plain_json``: ``value`` is known to pass the JSON guard (JSON text that
    ``_guard.json_text_is_plain`` cleared), which is then not walked again.
    Raises a ``pydantic.ValidationError`` listing every error of ``value``.
    """
    if _IN_PASS.get():
        return structural(value)
    guard = [] if plain_json else json_value_violations(value)
    if any(violation.code == "json_too_deep" for violation in guard):
        raise document_error(model.error_title(), [], guard, value)
    in_pass = _IN_PASS.set(True)
    builds = _BUILDING.set(building)
    document = _DOCUMENT_PASS.set(model.checks_stac_core)
    pass_of, reached = _PASS_OF.set((model, value)), _REACHED.set(None)
    try:
        result, errors = _structural(structural, value)
        # Rules read JSON: a Python value that is none (a set, a key that is not a string)
        # leaves the document to the guard's and pydantic's errors.
        readable = not any(v.code in _NOT_JSON for v in guard)
        violations = _rules(model, value, result, building) if readable else []
    finally:
        _REACHED.reset(reached)
        _PASS_OF.reset(pass_of)
        _DOCUMENT_PASS.reset(document)
        _BUILDING.reset(builds)
        _IN_PASS.reset(in_pass)
    if readable and not building and not _SECONDARY.get() and isinstance(value, dict):
        violations += _other_releases(model, value, errors, [*guard, *violations])
    if guard:  # one error about a value that is not JSON: the rules' say nothing more
        said = {violation.loc for violation in guard}
        violations = [v for v in violations if not under(v.loc, said)]
        errors = [e for e in errors if e["type"] != "string_unicode"]  # the guard locates it
    if guard or errors or violations:
        raise document_error(
            model.error_title(),
            errors,
            [*guard, *violations],
            value,
            authoritative=_authoritative([*guard, *violations]),
        )
    return result  # type: ignore[return-value]  # no errors: structural() returned


def secondary() -> bool:
    """Whether the document is being checked against another release it declares."""
    return _SECONDARY.get()


def _other_releases(
    model: type[MLMBaseModel], value: dict[str, Any], errors: list[Any], found: list[RuleViolation]
) -> list[RuleViolation]:
    """What the other MLM releases the document declares find, where nothing else did.

    A document that declares two releases must satisfy both schemas (as STAC validators
    check every declared schema); their errors say which release they come from.
    """
    others = model.other_releases(value)
    if not others:
        return []
    reported = {violation.loc for violation in found}
    reported.update(tuple(line["loc"]) for line in json_located_details(errors, value))
    violations = []
    token = _SECONDARY.set(True)
    try:
        for other in others:
            try:
                other.model_validate(value)
            except ValidationError as error:
                violations += [
                    RuleViolation(
                        tuple(line["loc"]), line["type"], f"{other.error_title()}: {line['msg']}"
                    )
                    for line in error.errors()
                    if not under(tuple(line["loc"]), reported)
                ]
    finally:
        _SECONDARY.reset(token)
    return violations


def _structural(structural: Callable[[Any], T], value: Any) -> tuple[T | None, list[Any]]:
    token = _VALIDATED.set(value)
    try:
        return structural(value), []
    except ValidationError as error:
        return None, error.errors()
    finally:
        _VALIDATED.reset(token)


def _rules(
    model: type[MLMBaseModel], value: Any, result: Any, building: bool
) -> list[RuleViolation]:
    if not building:
        return rule_pass(model, value)
    if isinstance(result, BaseModel):  # built from attribute names: read what was built
        return rule_pass(model, result.model_dump(mode="json", by_alias=True))
    return []  # construction failed: pydantic's errors, named by attribute, say it all


def _authoritative(violations: list[RuleViolation]) -> set[Loc]:
    return {v.loc for v in violations if v.code.startswith(_AUTHORITATIVE_PREFIXES)}


# -- the rule pass -------------------------------------------------------------------------


def rule_pass(model: type[MLMBaseModel], raw: Any) -> list[RuleViolation]:
    """Every rule of ``model`` and of the models of its fields, on the raw value ``raw``,
    located from ``raw`` (a location is built only for a violation found)."""
    if type(raw) is not dict:
        return []  # not an object: pydantic says so, and no rule can read it
    violations = model.object_rules(raw)
    for key, child_model, shape in _plan(model):
        child = raw.get(key)
        if shape == "one":
            if type(child) is dict and (found := rule_pass(child_model, child)):
                violations += _under((key,), found)
        elif shape == "list" and type(child) is list:
            for index, item in enumerate(child):
                # not an object (a band given by its name): no rule of the model reads it
                if type(item) is dict and (found := rule_pass(child_model, item)):
                    violations += _under((key, index), found)
        elif shape == "dict" and type(child) is dict:
            for name, item in child.items():
                if type(item) is dict and (found := rule_pass(child_model, item)):
                    violations += _under((key, name), found)
    return violations


def _under(loc: Loc, violations: list[RuleViolation]) -> list[RuleViolation]:
    return [RuleViolation((*loc, *v.loc), v.code, v.message, v.input) for v in violations]


def prepare(model: type[MLMBaseModel]) -> None:
    """Work out where the rule pass of ``model`` goes (its plan and its fields' plans), when
    the model is built rather than on its first validation."""
    planned: set[type[BaseModel]] = set()
    waiting: list[type[BaseModel]] = [model]
    while waiting:
        current = waiting.pop()
        if current not in planned:
            planned.add(current)
            waiting.extend(child for _, child, _ in _plan(current))


def forget_plans() -> None:
    """Forget what was worked out of annotations: a rebuilt class may now resolve names it
    could not (a class defined after it), and the plans reading them change."""
    _plan.cache_clear()
    _MODELS_IN.clear()
    _HOLDS_RULES.clear()


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, type[MLMBaseModel], str], ...]:
    """The fields of ``model`` under which some rule applies: (JSON key, model, shape)."""
    plan = []
    for name, field in model.model_fields.items():
        found = _model_in(field.annotation)
        if found is not None and _has_rules(found[0]) and _read_at_its_key(field):
            plan.append((field.alias or name, found[0], found[1]))
    return tuple(plan)


def _read_at_its_key(field: FieldInfo) -> bool:
    """Whether pydantic reads the field's value at the key the plan names (its alias)."""
    return field.validation_alias is None or field.validation_alias == field.alias


def _has_rules(model: type[BaseModel], seen: frozenset[type] = frozenset()) -> bool:
    from stac_mlm._base import MLMBaseModel

    if not issubclass(model, MLMBaseModel) or model in seen:
        return False
    if model.object_rules.__func__ is not MLMBaseModel.object_rules.__func__:  # type: ignore[attr-defined]
        return True
    return any(
        found is not None and _has_rules(found[0], seen | {model})
        for found in (_model_in(field.annotation) for field in model.model_fields.values())
    )


def fully_planned(model: type[BaseModel]) -> bool:
    """Whether the rule pass reaches every MLM model with rules that ``model``'s fields may
    hold. Where it cannot (a user's model or dataclass, a union, an array of arrays), the
    models held are built with the wrap that makes them check themselves (``_base``)."""
    return all(
        (_model_in(field.annotation) is not None and _read_at_its_key(field))
        or not _holds_rules(field.annotation)
        for field in model.model_fields.values()
    )


#: What ``_holds_rules`` found, by annotation (``False`` while one is being looked into: a
#: type holding itself adds nothing to what it holds).
_HOLDS_RULES: dict[Any, bool] = {}


def _holds_rules(annotation: Any) -> bool:
    """Whether a value of ``annotation`` may hold an MLM model with rules, however deep."""
    annotation = _aliased(annotation)
    try:
        known = _HOLDS_RULES.get(annotation)
    except TypeError:  # not hashable (some metadata): looked into every time
        return _looked_into(annotation)
    if known is None:
        _HOLDS_RULES[annotation] = False
        known = _HOLDS_RULES[annotation] = _looked_into(annotation)
    return known


def _looked_into(annotation: Any) -> bool:
    if any(_holds_rules(argument) for argument in typing.get_args(annotation)):
        return True
    if not isinstance(annotation, type):
        return False
    if issubclass(annotation, BaseModel):
        from stac_mlm._base import MLMBaseModel

        if issubclass(annotation, MLMBaseModel):
            return _has_rules(annotation)
        return any(_holds_rules(field.annotation) for field in annotation.model_fields.values())
    if (
        dataclasses.is_dataclass(annotation)
        or typing_extensions.is_typeddict(annotation)
        or (
            issubclass(annotation, tuple) and hasattr(annotation, "_fields")  # a NamedTuple
        )
    ):
        try:
            hints = typing.get_type_hints(annotation)
        except (NameError, TypeError):  # unresolved here: assume it may
            return True
        return any(_holds_rules(hint) for hint in hints.values())
    return False


#: What ``_model_in`` found, by annotation (every class asks it of each of its fields).
_MODELS_IN: dict[Any, tuple[type[MLMBaseModel], str] | None] = {}


def _model_in(annotation: Any) -> tuple[type[MLMBaseModel], str] | None:
    """The one MLM model in ``annotation`` the rule pass reads, and how it is held: alone,
    in an array or in an object (also when optional); ``None`` for any other shape."""
    try:
        if annotation in _MODELS_IN:
            return _MODELS_IN[annotation]
    except TypeError:  # not hashable (some metadata)
        return _found_in(annotation)
    found = _MODELS_IN[annotation] = _found_in(annotation)
    return found


def _found_in(annotation: Any) -> tuple[type[MLMBaseModel], str] | None:
    annotation = _aliased(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *metadata = typing.get_args(annotation)
        # Field(...) only: other metadata may change what is read (Json, a validator)
        if all(isinstance(item, FieldInfo) for item in metadata):
            return _model_in(inner)
        return None
    if origin in (typing.Union, types.UnionType):
        # One member holding the model, beside members never read from the same kind of JSON
        # value (None, MISSING, text, numbers; arrays beside an object): with another, pydantic
        # may read the value as that member, whose rules are not the model's.
        members = typing.get_args(annotation)
        found = [(member, f) for member in members if (f := _model_in(member)) is not None]
        if len(found) != 1:
            return None
        member, (model, shape) = found[0]
        kind = "array" if shape == "list" else "object"
        others = (other for other in members if other is not member)
        return None if any(kind in _json_kinds(other) for other in others) else (model, shape)
    if origin is list:
        inner = _model_in(typing.get_args(annotation)[0])
        return (inner[0], "list") if inner is not None and inner[1] == "one" else None
    if origin is dict:
        inner = _model_in(typing.get_args(annotation)[1])
        return (inner[0], "dict") if inner is not None and inner[1] == "one" else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        root = annotation.model_fields.get("root") if annotation.__pydantic_root_model__ else None
        if root is not None:
            return _model_in(root.annotation)
        from stac_mlm._base import MLMBaseModel

        return (annotation, "one") if issubclass(annotation, MLMBaseModel) else None
    return None


#: Types pydantic reads from JSON text, numbers, booleans or null only.
_SCALARS: Final = (str, int, float, bool, bytes, type(None), enum.Enum)
_ARRAYS: Final = (list, tuple, set, frozenset)
_ALL_KINDS: Final = frozenset({"object", "array", "scalar"})


def _aliased(annotation: Any) -> Any:
    """What a type alias (``type Name = ...``) stands for; anything else as it is."""
    while isinstance(annotation, typing_extensions.TypeAliasType):
        annotation = annotation.__value__
    return annotation


def _json_kinds(annotation: Any) -> frozenset[str]:
    """The kinds of JSON value (object, array, scalar) pydantic may read ``annotation`` from;
    all three for what is not known here (conservative)."""
    annotation = _aliased(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _json_kinds(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return frozenset().union(*map(_json_kinds, typing.get_args(annotation)))
    if origin is typing.Literal or annotation is MISSING:
        return frozenset({"scalar"})
    if origin in _ARRAYS:
        return frozenset({"array"})
    if origin is dict:
        return frozenset({"object"})
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        root = annotation.model_fields.get("root") if annotation.__pydantic_root_model__ else None
        return _json_kinds(root.annotation) if root is not None else frozenset({"object"})
    if isinstance(annotation, type) and issubclass(annotation, _SCALARS):
        return frozenset({"scalar"})
    return _ALL_KINDS


# -- which objects the rule pass reads ---------------------------------------------------------


def covered(value: Any) -> bool:
    """Whether the rule pass of the running pipeline reads ``value`` (an object of the raw
    document): an MLM model held there is checked by it, not by a pipeline of its own.

    Worked out on first asking, once per pipeline: only a document holding MLM models
    where they are built with a wrap asks (a user's container, a model built on first use).
    """
    reached = _REACHED.get()
    if reached is None:
        model, raw = _PASS_OF.get()
        reached = set(_reached(model, raw)) if model is not None else set()
        _REACHED.set(reached)
    return id(value) in reached


def _reached(model: type[BaseModel], raw: Any) -> Iterator[int]:
    """The ids of the objects of ``raw`` that the rule pass of ``model`` reads.

    The walk of ``rule_pass``, written again: sharing one generator cost the rule pass,
    which every validation runs, about 5 % (measured); this one runs only for documents
    holding MLM models in shapes the pass does not follow."""
    if type(raw) is not dict:
        return
    yield id(raw)
    for key, child_model, shape in _plan(model):
        child = raw.get(key)
        if shape == "one":
            yield from _reached(child_model, child)
        elif shape == "list" and type(child) is list:
            for item in child:
                yield from _reached(child_model, item)
        elif shape == "dict" and type(child) is dict:
            for item in child.values():
                yield from _reached(child_model, item)
