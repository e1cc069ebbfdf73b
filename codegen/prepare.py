"""Turn a bundled MLM schema into the input of the model generator.

Every change keeps what the schema accepts; it only moves rules the generator cannot
express (or gets wrong) out of its way. Each rule taken out here is enforced by
hand-written code in ``stac_mlm`` instead (see codegen/README.md for the table):

* the root ``allOf`` or ``oneOf`` (Item / Collection branches) and the definitions that only carry
  cross-field rules are dropped, with the ``$ref``s to them inside ``allOf`` lists;
* ``default`` annotations are dropped: a model must never write a value nobody wrote;
* ``"type": "number"`` becomes ``["integer", "number"]`` (the same set of values), so
  ``0`` stays ``0`` instead of turning into ``0.0``;
* ``"type": "integer"`` becomes ``anyOf`` an integer or an integral float
  (``customTypePath`` to ``stac_mlm._types.IntegralFloat``; ``multipleOf: 1`` would be
  checked with a tolerance): draft-07 counts ``1.0`` as an integer, and it must be read
  (and written back) as ``1.0``;
* the "no unknown ``mlm:`` key" rule of ``fields`` (``patternProperties`` +
  ``additionalProperties: false``) is dropped: the generator would forbid every key;
* the value-scaling variants get a ``discriminator`` on ``type`` (each has a ``const``);
* every ``pattern`` is rewritten into the Rust dialect pydantic runs, accepting exactly
  the same strings as the ECMA-262 original (see ``ecma_regex.py``).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ecma_regex import to_rust

#: Definitions that hold only cross-field or cross-object rules, no data structure, in
#: any release: extension declarations, band/variable references, asset role rules.
RULE_ONLY_DEFINITION = re.compile(
    r"stac_extensions_.*|stac_version_.*|Any\w*Ref|\w+DimensionRef|HasArtifactType"
    r"|AssetModelRole|AssetModelRequiredProperties|AssetModelRoleMinimumOneDefinition"
    r"|AssetCodeRoleWithEntrypoint"
)


def is_rule_only(name: str) -> bool:
    """Whether the definition ``name`` only carries rules (enforced by hand in stac_mlm)."""
    return RULE_ONLY_DEFINITION.fullmatch(name) is not None


def _is_rule_ref(node: Any) -> bool:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return isinstance(ref, str) and is_rule_only(ref.removeprefix("#/$defs/"))


#: A float whose value is an integer (``multipleOf: 1`` would be checked with a tolerance).
INTEGRAL_FLOAT = "stac_mlm._types.IntegralFloat"
_ANNOTATIONS = ("title", "description", "examples", "$comment")


def _integer_or_integral_number(node: dict[str, Any]) -> dict[str, Any]:
    """``{"type": "integer", ...}`` as draft-07 reads it: ``1.0`` is an integer too."""
    annotations = {key: node[key] for key in _ANNOTATIONS if key in node}
    constraints = {key: value for key, value in node.items() if key not in annotations}
    integral_number = {**constraints, "type": "number", "customTypePath": INTEGRAL_FLOAT}
    return {**annotations, "anyOf": [constraints, integral_number]}


def _translate(pattern: str, patterns: dict[str, str]) -> str:
    translated = to_rust(pattern)
    patterns[translated] = pattern
    return translated


def _rewrite(node: Any, patterns: dict[str, str]) -> Any:
    """Rewrite ``node``; record each translated pattern in ``patterns`` (rust -> ECMA)."""
    if isinstance(node, list):
        return [_rewrite(value, patterns) for value in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "default":
            continue
        if key == "allOf" and isinstance(value, list):
            kept = [member for member in value if not _is_rule_ref(member)]
            if len(kept) == 1 and len(value) > 1 and set(node) == {"allOf"}:
                return _rewrite(kept[0], patterns)
            value = kept
        if key == "type" and value == "number":
            value = ["integer", "number"]
        if key == "pattern" and isinstance(value, str):
            value = _translate(value, patterns)
        if key == "patternProperties" and isinstance(value, dict):
            value = {_translate(pattern, patterns): schema for pattern, schema in value.items()}
        out[key] = _rewrite(value, patterns)
    if out.get("type") == "integer":
        return _integer_or_integral_number(out)
    return out


def _discriminate_value_scaling(defs: dict[str, Any]) -> None:
    """Name each value-scaling variant after its ``type`` const and discriminate on it."""
    scaling = defs.get("ValueScalingObject")
    if scaling is None:
        return
    # The processing variant is an object, so the ``null`` branch of ProcessingExpression
    # can never apply to it: keep only the object branch, which the generator can tag.
    processing = defs.get("ValueScalingProcessingExpression")
    expression = defs.get("ProcessingExpression")
    if processing is not None and expression is not None:
        object_branch = next(b for b in expression["oneOf"] if b.get("type") != "null")
        processing["allOf"] = [
            object_branch if member == {"$ref": "#/$defs/ProcessingExpression"} else member
            for member in processing["allOf"]
        ]
    mapping: dict[str, str] = {}
    variants = []
    for variant in scaling["oneOf"]:
        target = variant
        if "$ref" in variant:
            name = variant["$ref"].removeprefix("#/$defs/")
            target = defs[name]
            members = target.get("allOf", [target])
            tag = next(m["properties"]["type"]["const"] for m in members if "properties" in m)
        else:
            tag = variant["properties"]["type"]["const"]
            name = "ValueScaling" + "".join(part.title() for part in tag.split("-"))
            defs[name] = variant
        mapping[tag] = f"#/$defs/{name}"
        variants.append({"$ref": mapping[tag]})
    scaling["oneOf"] = variants
    scaling["discriminator"] = {"propertyName": "type", "mapping": mapping}
    # The generator emits a discriminated union only for a oneOf written in array items.
    for branch in defs["ValueScaling"]["oneOf"]:
        if branch.get("items") == {"$ref": "#/$defs/ValueScalingObject"}:
            branch["items"] = defs.pop("ValueScalingObject")


def prepare(bundled: dict[str, Any]) -> dict[str, Any]:
    """Return the generator's input built from a bundled MLM schema (not modified)."""
    return prepare_with_patterns(bundled)[0]


def prepare_with_patterns(bundled: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The generator's input, and each pattern it holds mapped to the schema's original."""
    schema = copy.deepcopy(bundled)
    schema.pop("allOf", None)
    schema.pop("oneOf", None)  # v1.0-v1.2 split Item and Collection with a root oneOf
    schema.pop("$comment", None)
    defs = {
        name: definition
        for name, definition in schema.get("$defs", {}).items()
        if not is_rule_only(name)
    }
    fields = defs.get("fields", {})
    fields.pop("patternProperties", None)
    fields.pop("additionalProperties", None)
    _discriminate_value_scaling(defs)
    patterns: dict[str, str] = {}
    schema["$defs"] = _rewrite(defs, patterns)
    return schema, dict(sorted(patterns.items()))
