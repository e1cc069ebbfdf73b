"""The validate-only fast lane: the models' verdict on MLM Items at jsonschema-rs speed.

    pip install 'stac-mlm[fast]'      # jsonschema-rs and orjson
    stac-mlm validate catalog/        # uses it when installed (--lane models: never)

An MLM v1.5.2 Item (``type: Feature``, declaring MLM v1.5.2 and no other MLM release) is
checked by the JSON Schema exported from ``MLMItem`` (:func:`stac_mlm.json_schema.json_schema`:
every rule the models check, cross-field rules and STAC core's included), compiled once by
jsonschema-rs, offline (nothing is ever fetched), with the JSON guard's limits (finite
numbers, Unicode text, at most ``MAX_DEPTH`` levels). What it accepts is valid: on every
corpus and Hypothesis document it accepts exactly what ``MLMItem`` accepts
(tests/test_fast_lane.py). Everything else is decided by the models (:func:`stac_mlm.load`),
which also say why a document is invalid, with the messages they always give: a rejection,
a Collection, a document of another release (v1.0.0 to v1.5.1) or declaring two. The
exported schema describes a v1.5.2 Item only, and older releases are rare in a catalog:
one schema per release would be a second copy of every release's rules to keep exact.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import cache
from typing import Any, Final

from pydantic import ValidationError

from stac_mlm._guard import MAX_DEPTH, _is_plain_json
from stac_mlm._spec import _MLM_URI, MLM_VERSION, declared_versions

__all__ = [
    "FAST_EXTRA",
    "accepted_document",
    "accepts",
    "available",
    "compile_schema",
    "is_valid",
]

FAST_EXTRA: Final = "the fast lane needs the fast extra: pip install 'stac-mlm[fast]'"

#: The ``$defs`` names of the depth limit added to the exported schema.
_DEPTH: Final = "stac_mlm_depth_{}"

#: Every byte but the opening brackets, to count those in one C pass (``bytes.translate``).
_NOT_OPENING: Final = bytes(byte for byte in range(256) if byte not in b"[{")

#: "``stac_extensions`` names one MLM schema URI, of any release or host": with the
#: exported schema's "it names the v1.5.2 URI", the document declares v1.5.2 alone
#: (``declared_versions(document) == [MLM_VERSION]``, what ``_in_lane`` asks), decided by
#: the compiled schema instead of a regular expression per URI in Python.
_ONE_RELEASE: Final = {
    "properties": {
        "stac_extensions": {
            "contains": {"type": "string", "pattern": f"^(?:{_MLM_URI.pattern})$"},
            "maxContains": 1,
        }
    }
}


def available() -> bool:
    """Whether jsonschema-rs is installed (the fast lane can run)."""
    return importlib.util.find_spec("jsonschema_rs") is not None


def compile_schema(schema: dict[str, Any]) -> Any:
    """A jsonschema-rs draft 2020-12 validator of ``schema`` that never fetches anything.

    Formats are annotations, as draft 2020-12 says (the exported schema states its
    date-times by a pattern). Raises ``ImportError`` without the ``fast`` extra, and
    jsonschema-rs' ``ValidationError`` for a ``$ref`` outside ``schema``.
    """
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema, validate_formats=False, offline=True)


def _with_depth_limit(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` and "no array or object nested more than ``MAX_DEPTH`` levels deep" (the
    document itself is level 1), as the JSON guard says: ``stac_mlm_depth_k`` is a value
    holding arrays and objects at most ``k`` levels deep (itself included)."""
    depth: dict[str, Any] = {_DEPTH.format(0): {"not": {"type": ["object", "array"]}}}
    for levels in range(1, MAX_DEPTH + 1):
        below = {"$ref": f"#/$defs/{_DEPTH.format(levels - 1)}"}
        depth[_DEPTH.format(levels)] = {"items": below, "additionalProperties": below}
    limit = {"$ref": f"#/$defs/{_DEPTH.format(MAX_DEPTH)}"}
    return {
        **schema,
        "$defs": {**schema.get("$defs", {}), **depth},
        "allOf": [*schema.get("allOf", []), limit],
    }


@cache
def _validator(depth_limit: bool = False, one_release: bool = False) -> Any:
    """The compiled Item schema; with ``depth_limit``, also the guard's depth limit; with
    ``one_release``, also "no other MLM release declared" (``_ONE_RELEASE``)."""
    from stac_mlm.json_schema import json_schema

    schema = json_schema("item")
    if one_release:
        schema = {**schema, "allOf": [*schema.get("allOf", []), _ONE_RELEASE]}
    return compile_schema(_with_depth_limit(schema) if depth_limit else schema)


def _in_lane(document: dict[str, Any]) -> bool:
    """Whether the exported v1.5.2 Item schema alone decides ``document``."""
    return document.get("type") == "Feature" and declared_versions(document) == [MLM_VERSION]


def accepts(document: Any, plain: bool = False) -> bool:
    """Whether the fast lane finds ``document`` (a parsed JSON object) valid.

    ``True``: valid, as ``stac_mlm.load`` would say. ``False``: not decided here (invalid,
    or not an Item the lane reads): ask the models. ``plain``: the caller knows the
    document passes the JSON guard (``stac_mlm._base.read_json`` said so of its text), and
    it is not walked again. Raises ``ImportError`` without the ``fast`` extra.
    """
    return (
        type(document) is dict
        and _in_lane(document)
        # the guard: a dict may hold NaN, tuples, lone surrogates
        and (plain or _is_plain_json(document))
        and bool(_validator().is_valid(document))
    )


def _accepts_text(text: str | bytes | bytearray) -> bool:
    """``accepts`` for JSON text, without the guard's walk in Python: orjson refuses what
    the guard would (NaN and infinite numbers, lone surrogates; keys are strings), and text
    holding more arrays and objects than ``MAX_DEPTH`` (brackets in strings counted too:
    most Items hold fewer than 100) is checked by the schema with the depth limit. Text
    orjson refuses is the models'."""
    return _text_check()(text) is not None


def accepted_document(text: str | bytes | bytearray) -> dict[str, Any] | None:
    """The document JSON text holds when the fast lane finds it valid (as ``accepts``),
    else ``None`` (not decided here: ask the models). Raises ``ImportError`` without the
    ``fast`` extra."""
    return _text_check()(text)


_TextCheck = Callable[[str | bytes | bytearray], dict[str, Any] | None]


@cache
def _text_check() -> _TextCheck:
    """``accepted_document``, its parser and validators looked up once: the lane's time per
    Item is mostly jsonschema-rs' and orjson's, and a lookup per call shows."""
    try:
        from orjson import JSONDecodeError, loads
    except ImportError:
        return _accepted_without_orjson
    shallow, deep = _validator(one_release=True).is_valid, _validator(True, True).is_valid

    def check(text: str | bytes | bytearray) -> dict[str, Any] | None:
        try:
            document = loads(text)
        except JSONDecodeError:
            return None
        if type(document) is not dict:
            return None
        if isinstance(text, str):
            opening = text.count("[") + text.count("{")
        else:
            opening = len(text.translate(None, _NOT_OPENING))
        valid = (shallow if opening <= MAX_DEPTH else deep)(document)
        return document if valid else None

    return check


def _accepted_without_orjson(text: str | bytes | bytearray) -> dict[str, Any] | None:
    from pydantic_core import from_json

    try:
        document = from_json(text)
    except (ValueError, TypeError):  # TypeError: a str holding a lone surrogate
        return None
    return document if accepts(document) else None


def is_valid(document: Any) -> bool:
    """Whether ``document`` is a valid MLM Item or Collection in the release it declares,
    exactly as :func:`stac_mlm.load` decides: a JSON object (``dict``) or JSON text.

    The fast lane decides the v1.5.2 Items it accepts; ``stac_mlm.load`` everything else.
    Raises ``ImportError`` without the ``fast`` extra.
    """
    if isinstance(document, str | bytes | bytearray):
        if _text_check()(document) is not None:
            return True
    elif accepts(document):
        return True
    from stac_mlm.releases import load

    try:
        load(document)
    except ValidationError:
        return False
    return True
