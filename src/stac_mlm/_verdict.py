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

import collections.abc
import dataclasses
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, Final, TypeVar

import typing_extensions
from pydantic import BaseModel, ValidationError

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

#: Set while a document is checked against another MLM release it also declares.
_SECONDARY: ContextVar[bool] = ContextVar("stac_mlm_secondary", default=False)

#: Guard codes of Python values that are not JSON at all: the rules do not read such input.
_NOT_JSON = frozenset({"json_invalid_key", "json_invalid_value"})

#: Codes of the rules whose verdict on a value replaces pydantic's (the JSON guard and
#: STAC core state the type of the same field; one message about it is enough).
_AUTHORITATIVE_PREFIXES = ("json_", "stac_")


#: Whether a document's pipeline is running (its nested models add nothing). The
#: ContextVar's own method: called once per nested model, it adds no Python frame.
in_pass: Callable[[], bool] = _IN_PASS.get


#: Whether the pass of a whole document runs (it checks STAC core on all it holds).
document_pass: Callable[[], bool] = _DOCUMENT_PASS.get


#: Whether an MLM model class is being built (see ``building_mlm_model``).
building_mlm_model_now: Callable[[], bool] = _BUILDING_MLM_MODEL.get


@contextmanager
def building_mlm_model() -> Iterator[None]:
    """While an MLM model class is built: the MLM models its fields hold need no wrap."""
    token = _BUILDING_MLM_MODEL.set(True)
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
    try:
        result, errors = _structural(structural, value)
        # Rules read JSON: a Python value that is none (a set, a key that is not a string)
        # leaves the document to the guard's and pydantic's errors.
        readable = not any(v.code in _NOT_JSON for v in guard)
        violations = _rules(model, value, result, building) if readable else []
    finally:
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
    # a TypedDict or dataclass holding MLM models has no rules of its own
    object_rules = getattr(model, "object_rules", None)
    violations = object_rules(raw) if object_rules is not None else []
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


class _SeveralKindsError(Exception):
    """A field that may hold MLM objects of several kinds with rules: which one a raw value
    is, only pydantic's validation of it could tell, and the rule pass reads raw values."""


@cache
def _plan(model: type[Any]) -> tuple[tuple[str, type[Any], str], ...]:
    """The fields of ``model`` under which some rule applies: (JSON key, model, shape).

    Raises ``TypeError`` for a field that may hold MLM objects of several kinds with rules
    (``ModelInput | ModelOutput``): their rules could not be checked.
    """
    plan = []
    for key, annotation in _fields(model):
        try:
            found = _model_in(annotation)
        except _SeveralKindsError as error:
            raise TypeError(
                f"{model.__name__}.{key} may hold {' or '.join(error.args[0])}: a field of an "
                "MLM model may hold one kind of MLM object with rules (which one a value is, "
                "only its validation could tell, and the rules would go unchecked); give "
                "each kind its own field"
            ) from None
        if found is not None and _has_rules(found[0]):
            plan.append((key, found[0], found[1]))
    return tuple(plan)


def _fields(model: type[Any]) -> list[tuple[str, Any]]:
    """(JSON key, annotation) of each field of a pydantic model, or of a TypedDict or
    dataclass whose schema pydantic writes into the model holding it."""
    if issubclass(model, BaseModel):
        return [
            (field.alias or name, field.annotation) for name, field in model.model_fields.items()
        ]
    try:
        return list(typing.get_type_hints(model).items())
    except (NameError, TypeError):  # a name that only the module of the class can resolve
        return []


def _has_rules(model: type[Any], seen: frozenset[type] = frozenset()) -> bool:
    from stac_mlm._base import MLMBaseModel

    if model in seen:
        return False
    if issubclass(model, MLMBaseModel) and (
        model.object_rules.__func__ is not MLMBaseModel.object_rules.__func__  # type: ignore[attr-defined]
    ):
        return True
    return any(
        found is not None and _has_rules(found[0], seen | {model})
        for found in (_model_in(annotation) for _, annotation in _fields(model))
    )


#: Generic types holding JSON arrays and objects, as pydantic validates them.
_ARRAYS: Final = (
    list,
    tuple,
    set,
    frozenset,
    collections.abc.Sequence,
    collections.abc.MutableSequence,
)
_OBJECTS: Final = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


def _model_in(annotation: Any) -> tuple[type[Any], str] | None:
    """The one model the rule pass walks into in ``annotation``, and how it is held: alone,
    in an array or in an object.

    MLM models, and the TypedDicts and dataclasses whose schema pydantic writes into the
    MLM model holding them; not other pydantic models and dataclasses, which are built on
    their own: the MLM models they hold run their own pipeline (``_base._checked``).
    """
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        found = [f for arg in typing.get_args(annotation) if (f := _model_in(arg)) is not None]
        checked = [f[0].__name__ for f in found if _has_rules(f[0])]
        if len(checked) > 1:
            raise _SeveralKindsError(checked)
        return found[0] if len(found) == 1 else None
    if origin in _ARRAYS:
        arguments = [a for a in typing.get_args(annotation) if a is not Ellipsis]  # tuple[X, ...]
        inner = _model_in(arguments[0]) if len(arguments) == 1 else None
        return (inner[0], "list") if inner is not None and inner[1] == "one" else None
    if origin in _OBJECTS:
        key_and_value = typing.get_args(annotation)
        inner = _model_in(key_and_value[1]) if len(key_and_value) == 2 else None
        return (inner[0], "dict") if inner is not None and inner[1] == "one" else None
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, BaseModel):
        root = annotation.model_fields.get("root") if annotation.__pydantic_root_model__ else None
        if root is not None:
            return _model_in(root.annotation)
        from stac_mlm._base import MLMBaseModel

        return (annotation, "one") if issubclass(annotation, MLMBaseModel) else None
    written_into_holder = typing_extensions.is_typeddict(annotation) or (
        dataclasses.is_dataclass(annotation) and not hasattr(annotation, "__pydantic_fields__")
    )
    return (annotation, "one") if written_into_holder else None
