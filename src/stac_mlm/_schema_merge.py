"""One JSON Schema object where ``allOf`` said the same: the same verdict, each value walked
once by a validator.

The exported schemas (:mod:`stac_mlm.json_schema`) say the rules the models check in Python,
and STAC core's, as top-level ``allOf`` entries beside the subschemas pydantic writes for the
same keys; a validator would then walk properties, links and assets once per entry (the fast
lane's time, :mod:`stac_mlm.fast_lane`). :func:`merged_all_of` merges each entry into the
subschema for the same key wherever that is exact (keywords that depend on each other are
never merged across schemas, what cannot be merged stays in a small ``allOf``), and says
pydantic's ``anyOf`` of types by ``type``.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["merged_all_of"]

#: Keywords that only annotate: where both schemas give one, the first schema's is kept.
_ANNOTATIONS: Final = frozenset({"title", "description", "examples", "default", "$comment"})
#: Keywords whose meaning depends on the others of their set in the same schema object.
_OBJECT: Final = frozenset({"properties", "patternProperties", "additionalProperties"})
_ARRAY: Final = frozenset({"prefixItems", "items"})
_LINKED: Final = (
    _OBJECT,
    _ARRAY,
    frozenset({"contains", "minContains", "maxContains"}),
    frozenset({"if", "then", "else"}),
)
#: Keywords that see what the others evaluated: a schema holding one is never merged into.
_UNEVALUATED: Final = frozenset({"unevaluatedProperties", "unevaluatedItems"})
_LOWER_BOUNDS: Final = frozenset({"minLength", "minItems", "minProperties", "minimum"})
_UPPER_BOUNDS: Final = frozenset({"maxLength", "maxItems", "maxProperties", "maximum"})
_DEFS_REF: Final = "#/$defs/"


def _linked_keys(schema: dict[str, Any], keys: frozenset[str]) -> set[str]:
    """``schema``'s keywords of ``keys``, ``additionalProperties: true`` left out (it says
    nothing)."""
    return {
        key
        for key in keys & schema.keys()
        if not (key == "additionalProperties" and schema[key] is True)
    }


def _kinds(kind: str | list[str]) -> list[str]:
    """The types a ``type`` keyword names."""
    return [kind] if isinstance(kind, str) else list(kind)


class _Merger:
    """Merges schemas into one that says both ("a and b"), where that is exact; what
    cannot be merged goes into an ``allOf`` entry. A ``$ref`` to a ``$defs`` entry
    referenced once is merged into that entry."""

    def __init__(self, defs: dict[str, Any], references: dict[str, int]) -> None:
        self.defs, self.references = defs, references

    def resolved(self, schema: Any) -> Any:
        """The ``$defs`` entry ``schema`` only refers to, else ``schema``."""
        if isinstance(schema, dict) and schema.keys() == {"$ref"}:
            target = schema["$ref"]
            if target.startswith(_DEFS_REF):
                return self.defs.get(target.removeprefix(_DEFS_REF), schema)
        return schema

    def merge(self, first: Any, second: Any) -> Any:
        if first is True or second is False:
            return second
        if second is True or first is False:
            return first
        if (first.keys() | second.keys()) & _UNEVALUATED:
            return {"allOf": [first, second]}
        target = first.get("$ref", "")
        if target.startswith(_DEFS_REF) and "$ref" not in second:
            name = target.removeprefix(_DEFS_REF)
            if self.references.get(name) == 1:
                self.defs[name] = self.merge(self.defs[name], second)
                return first
        merged: dict[str, Any] = dict(first)
        rest: dict[str, Any] = {}
        for linked in _LINKED:
            if linked & second.keys():
                merged |= self._merge_linked(first, second, linked, rest)
        for key, value in second.items():
            if any(key in linked for linked in _LINKED):
                continue
            if key not in first or first[key] == value or key in _ANNOTATIONS:
                merged.setdefault(key, value)
                continue
            both = self._merge_keyword(key, first[key], value)
            if both is None:
                rest[key] = value
            else:
                merged[key] = both
        if rest:
            merged["allOf"] = [*merged.get("allOf", []), rest]
        return merged

    def _merge_linked(
        self,
        first: dict[str, Any],
        second: dict[str, Any],
        linked: frozenset[str],
        rest: dict[str, Any],
    ) -> dict[str, Any]:
        """``second``'s keywords of one linked set, merged with ``first``'s, or into ``rest``."""
        mine, theirs = _linked_keys(first, linked), _linked_keys(second, linked)
        if not theirs:
            return {}
        if not mine:
            return {key: value for key, value in second.items() if key in theirs}
        if len(mine | theirs) == 1 and mine <= {"properties", "additionalProperties", "items"}:
            (key,) = mine
            if key != "properties":
                return {key: self.merge(first[key], second[key])}
            properties = dict(first[key])
            for name, schema in second[key].items():
                properties[name] = (
                    self.merge(properties[name], schema) if name in properties else schema
                )
            return {key: properties}
        rest |= {key: value for key, value in second.items() if key in theirs}
        return {}

    def _merge_keyword(self, key: str, first: Any, second: Any) -> Any:
        """The value of ``key`` saying both values, or ``None``: not said by one value."""
        if key == "type":
            mine, theirs = _kinds(first), _kinds(second)
            both = [kind for kind in mine if kind in theirs]
            if ("integer" in mine and "number" in theirs) or (
                "number" in mine and "integer" in theirs
            ):
                both = list(dict.fromkeys([*both, "integer"]))  # an integer is a number
            return (both[0] if len(both) == 1 else both) if both else None
        if key == "required":
            return list(dict.fromkeys([*first, *second]))
        if key == "allOf":
            return [*first, *second]
        if key == "dependentRequired":
            return {
                name: list(dict.fromkeys([*first.get(name, []), *second.get(name, [])]))
                for name in {**first, **second}
            }
        if key in _LOWER_BOUNDS:
            return max(first, second)
        if key in _UPPER_BOUNDS:
            return min(first, second)
        return None


def _references(node: Any, counts: dict[str, int]) -> dict[str, int]:
    if isinstance(node, dict):
        target = node.get("$ref")
        if isinstance(target, str) and target.startswith(_DEFS_REF):
            name = target.removeprefix(_DEFS_REF).split("/")[0]
            counts[name] = counts.get(name, 0) + 1
        for value in node.values():
            _references(value, counts)
    elif isinstance(node, list):
        for value in node:
            _references(value, counts)
    return counts


#: Keywords that only apply to values of one JSON type (any other value passes them).
_TYPE_KEYWORDS: Final = {
    "string": frozenset({"minLength", "maxLength", "pattern", "format"}),
    "array": frozenset({"items", "prefixItems", "minItems", "maxItems", "uniqueItems"}),
    "object": frozenset({"required", "minProperties", "maxProperties"}) | _OBJECT,
    "number": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "integer": frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
}


def _without_annotations(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return schema
    return {key: value for key, value in schema.items() if key not in _ANNOTATIONS}


def _one_of_types(branches: list[Any]) -> dict[str, Any] | None:
    """ "Any of" ``branches`` as one schema, when each is only a ``type``, or when one is
    ``null`` and the other a type with keywords of that type only (``null`` passes them)."""
    if all(isinstance(branch, dict) and branch.keys() == {"type"} for branch in branches):
        kinds = list(dict.fromkeys(kind for branch in branches for kind in _kinds(branch["type"])))
        if "number" in kinds and "integer" in kinds:
            kinds.remove("integer")  # an integer is a number
        return {"type": kinds[0] if len(kinds) == 1 else kinds}
    if len(branches) != 2 or {"type": "null"} not in branches:
        return None
    (other,) = [branch for branch in branches if branch != {"type": "null"}]
    if not isinstance(other, dict) or "type" not in other:
        return None
    kinds = _kinds(other["type"])
    allowed = {"type"}.union(*(_TYPE_KEYWORDS.get(kind, ()) for kind in kinds))
    if not other.keys() <= allowed or "null" in kinds:
        return None
    return {**other, "type": [*kinds, "null"]}


def _simplified(node: Any, merger: _Merger) -> Any:
    """``node`` with each ``anyOf`` pydantic writes for optional and numeric fields said by
    ``type`` where that is exact (``anyOf: [{type: string}, {type: null}]`` is ``type:
    [string, null]``), and branches that say the same (``$defs`` entries pydantic writes
    twice, for a field and its integral twin) given once."""
    if isinstance(node, list):
        return [_simplified(value, merger) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: _simplified(value, merger) for key, value in node.items()}
    if not isinstance(node.get("anyOf"), list):
        return node
    branches, seen = [], []
    for branch in node["anyOf"]:
        said = _without_annotations(merger.resolved(branch))
        if said not in seen:
            seen.append(said)
            branches.append(_without_annotations(branch))
    one = _one_of_types(branches) if len(branches) > 1 else branches[0]
    if one is None:
        return {**node, "anyOf": branches}
    return merger.merge({key: value for key, value in node.items() if key != "anyOf"}, one)


def merged_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its top ``allOf`` entries merged into it where exact (the rules of
    the models and STAC core's into the subschemas pydantic writes for the same keys)."""
    entries = schema.get("allOf", [])
    merged = {key: value for key, value in schema.items() if key != "allOf"}
    defs = merged.setdefault("$defs", {})
    for entry in entries:
        defs |= entry.get("$defs", {})
    # simplifying reads the $defs entries and never merges into them
    simplifier = _Merger(defs, references={})
    defs |= {name: _simplified(definition, simplifier) for name, definition in defs.items()}
    merged = {**_simplified({**merged, "$defs": {}}, simplifier), "$defs": defs}
    merger = _Merger(defs, _references(schema, {}))
    for entry in entries:
        merged = merger.merge(
            merged, {key: value for key, value in entry.items() if key != "$defs"}
        )
    return _without_unused_defs(merged)


def _without_unused_defs(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without the ``$defs`` entries no longer referenced (those simplifying
    left aside); entries found by ``$anchor`` are kept."""
    defs = schema["$defs"]
    used: set[str] = set()
    found = set(_references({key: value for key, value in schema.items() if key != "$defs"}, {}))
    while found - used:
        used |= found
        found = set(_references([defs[name] for name in used if name in defs], {}))
    kept = {
        name: definition
        for name, definition in defs.items()
        if name in used or "$anchor" in definition
    }
    return {**schema, "$defs": kept}
