"""The Item-wide rules of the official schema, one function per schema definition.

Each function reads the raw Item (a dict, as written) and the class of the release it is
checked against, and returns the violations located by JSON keys; the rules run whether or
not the Item's fields are valid, and a rule skips what it cannot read (a value of the wrong
type is reported by the field's own validation). The conditions are written to give the
official schema's verdict on every document, quirks included (they are listed in the
README under "Where the spec text and the schema disagree").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from stac_mlm._errors import RuleViolation, render
from stac_mlm._spec import MLM_SCHEMA_URI
from stac_mlm.enums import AssetRole

#: An Item-wide rule: the violations it finds in a raw Item, for a release's class.
ItemRule = Callable[[type[Any], dict[str, Any]], list[RuleViolation]]

# The schema's patterns are unanchored: a match anywhere in the string counts.
RASTER_V1 = re.compile(r"https://stac-extensions\.github\.io/raster/v1(\.[0-9]+){2}/schema\.json")
EO_V1 = re.compile(r"https://stac-extensions\.github\.io/eo/v1(\.[0-9]+){2}/schema\.json")
DATACUBE_V2 = re.compile(
    r"https://stac-extensions\.github\.io/datacube/v2(\.[0-9]+){2}/schema\.json"
)
STAC_1_1_OR_LATER = re.compile(r"1\.[1-9][0-9]*\.[0-9]+(-.*)?")

_ABSENT = object()


def _assets(item: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The assets that are objects (a non-object asset is a type error, reported elsewhere)."""
    assets = item.get("assets")
    if isinstance(assets, dict):
        yield from ((key, asset) for key, asset in assets.items() if isinstance(asset, dict))


def has_role(asset: dict[str, Any], role: str) -> bool:
    """Whether the asset's ``roles`` is an array listing ``role``."""
    roles = asset.get("roles")
    return isinstance(roles, list) and role in roles


def _model_assets(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [asset for _, asset in _assets(item) if has_role(asset, AssetRole.MODEL)]


def _properties(item: dict[str, Any]) -> dict[str, Any]:
    properties = item.get("properties")
    return properties if isinstance(properties, dict) else {}


def _declares(item: dict[str, Any], pattern: re.Pattern[str]) -> bool:
    extensions = item.get("stac_extensions")
    return isinstance(extensions, list) and any(
        isinstance(uri, str) and pattern.search(uri) for uri in extensions
    )


def _objects(value: Any) -> bool:
    """A non-empty array of objects (band definitions)."""
    return isinstance(value, list) and bool(value) and all(isinstance(e, dict) for e in value)


def extension_declared(model: type[Any], document: dict[str, Any]) -> list[RuleViolation]:
    """``stac_extensions_mlm``: ``stac_extensions`` lists the MLM schema URI of the model."""
    extensions = document.get("stac_extensions", _ABSENT)
    kind = "Collection" if document.get("type") == "Collection" else "Item"
    uri = model.mlm_schema_uri
    if isinstance(extensions, list) and uri in extensions:
        return []
    if extensions is not _ABSENT and not isinstance(extensions, list):
        return []  # not an array: its type is the error
    where = "is missing" if extensions is _ABSENT else "does not list it"
    return [
        RuleViolation(
            ("stac_extensions",),
            "mlm_extension_not_declared",
            f"an MLM {kind} must declare '{uri}' in stac_extensions; stac_extensions {where}",
        )
    ]


def _escapes_model_role_rule(asset: dict[str, Any]) -> bool:
    """An asset whose ``roles`` is given but is not an array of strings without ``mlm:model``.

    The schema's second branch of ``AssetModelRoleMinimumOneDefinition`` then holds.
    """
    roles = asset.get("roles", _ABSENT)
    if roles is _ABSENT:
        return False
    return (
        not isinstance(roles, list)
        or AssetRole.MODEL in roles
        or any(not isinstance(role, str) for role in roles)
    )


def model_asset_present(model: type[Any], item: dict[str, Any]) -> list[RuleViolation]:
    """``AssetModelRoleMinimumOneDefinition``: some asset has the ``mlm:model`` role.

    As in the schema, an empty ``assets`` object passes, and so does an asset whose
    ``roles`` is not an array (or holds something that is not a string).
    """
    assets = item.get("assets")
    if not isinstance(assets, dict) or not assets:
        return []  # absent or not an object: STAC core reports it; empty: the schema passes
    if any(_escapes_model_role_rule(asset) for _, asset in _assets(item)):
        return []
    return model_asset_present_violation(len(assets))


def model_asset_present_violation(count: int) -> list[RuleViolation]:
    return [
        RuleViolation(
            ("assets",),
            "mlm_model_asset_missing",
            f"at least one asset must have the role '{AssetRole.MODEL}' (the asset holding "
            f"the model); none of the {count} asset(s) has it",
        )
    ]


def artifact_type_with_model_role(model: type[Any], item: dict[str, Any]) -> list[RuleViolation]:
    """``AssetModelRequiredProperties``: ``mlm:artifact_type`` iff role ``mlm:model``."""
    violations = []
    for key, asset in _assets(item):
        has_type = "mlm:artifact_type" in asset
        if has_role(asset, AssetRole.MODEL) and not has_type:
            violations.append(
                RuleViolation(
                    ("assets", key, "mlm:artifact_type"),
                    "mlm_artifact_type_required",
                    f"an asset with the role '{AssetRole.MODEL}' must give mlm:artifact_type "
                    "(how the model was saved, e.g. 'torch.save')",
                )
            )
        elif has_type and not has_role(asset, AssetRole.MODEL):
            violations.append(
                RuleViolation(
                    ("assets", key, "mlm:artifact_type"),
                    "mlm_artifact_type_without_model_role",
                    f"mlm:artifact_type is only allowed on an asset with the role "
                    f"'{AssetRole.MODEL}': add the role or remove the field",
                    asset["mlm:artifact_type"],
                )
            )
    return violations


def entrypoint_with_code_role(model: type[Any], item: dict[str, Any]) -> list[RuleViolation]:
    """``AssetCodeRoleWithEntrypoint``: an asset with ``mlm:entrypoint`` has role ``code``."""
    return [
        RuleViolation(
            ("assets", key, "mlm:entrypoint"),
            "mlm_entrypoint_without_code_role",
            f"mlm:entrypoint is only allowed on an asset with the role '{AssetRole.CODE}'",
            asset["mlm:entrypoint"],
        )
        for key, asset in _assets(item)
        if "mlm:entrypoint" in asset and not has_role(asset, AssetRole.CODE)
    ]


def _every_entry_lists(entries: Any, kind: str) -> bool:
    """``Any{Band,Variables}{Input,Output}Ref``: a non-empty list whose every entry names some."""
    if not isinstance(entries, list) or not entries:
        return False
    for entry in entries:
        references = entry.get(kind) if isinstance(entry, dict) else _ABSENT
        if isinstance(entry, dict) and not (isinstance(references, list) and references):
            return False
    return True


def _referencing_field(
    item: dict[str, Any], kind: str, fields: tuple[str, ...] = ("mlm:input", "mlm:output")
) -> str | None:
    properties = _properties(item)
    for field in fields:
        if field in properties and _every_entry_lists(properties[field], kind):
            return field
    return None


def _raster_bands_described(item: dict[str, Any]) -> bool:
    def named(band: Any) -> bool:
        name = band.get("name", _ABSENT)
        return isinstance(name, str) and len(name) > 0

    def described(asset: dict[str, Any]) -> bool:
        bands = asset.get("raster:bands")
        return isinstance(bands, list) and _objects(bands) and all(named(band) for band in bands)

    return _declares(item, RASTER_V1) and all(described(asset) for asset in _model_assets(item))


def _eo_bands_described(item: dict[str, Any]) -> bool:
    return _declares(item, EO_V1) and (
        _objects(_properties(item).get("eo:bands"))
        or all(_objects(asset.get("eo:bands")) for asset in _model_assets(item))
    )


def _stac_bands_described(item: dict[str, Any]) -> bool:
    version = item.get("stac_version")
    return (
        isinstance(version, str)
        and STAC_1_1_OR_LATER.search(version) is not None
        and _objects(_properties(item).get("bands"))
    )


def bands_described(
    model: type[Any], item: dict[str, Any], fields: tuple[str, ...] = ("mlm:input", "mlm:output")
) -> list[RuleViolation]:
    """``AnyBandsRef``: named bands need raster, eo or STAC 1.1 band definitions."""
    field = _referencing_field(item, "bands", fields)
    if field is None or any(
        check(item)
        for check in (_raster_bands_described, _eo_bands_described, _stac_bands_described)
    ):
        return []
    return [
        RuleViolation(
            ("properties", field),
            "mlm_band_definitions_missing",
            f"{field} references bands, so the Item must describe them: declare the raster "
            "v1.x extension with raster:bands (each with a name) on every mlm:model asset, "
            "the eo v1.x extension with eo:bands in properties or on every mlm:model asset, "
            f"or use STAC 1.1 or later with bands in properties{_stac_version_note(item)}",
        )
    ]


def _stac_version_note(item: dict[str, Any]) -> str:
    """Which STAC version is in force: Python construction fills in stac-pydantic's
    ``"1.0.0"`` when none is given, and STAC 1.0 Items have no ``bands``."""
    version = item.get("stac_version")
    if not isinstance(version, str):
        return ""
    return f" (this Item's stac_version is {render(version)})"


def _cube_variables(value: Any) -> bool:
    return isinstance(value, dict) and len(value) >= 1


def variables_described(model: type[Any], item: dict[str, Any]) -> list[RuleViolation]:
    """``AnyVariablesRef``: named variables need datacube v2 ``cube:variables``."""
    field = _referencing_field(item, "variables")
    if field is None:
        return []
    described = _declares(item, DATACUBE_V2) and (
        _cube_variables(_properties(item).get("cube:variables"))
        or all(_cube_variables(asset.get("cube:variables")) for asset in _model_assets(item))
    )
    if described:
        return []
    return [
        RuleViolation(
            ("properties", field),
            "mlm_variable_definitions_missing",
            f"{field} references variables, so the Item must describe them: declare the "
            "datacube v2.x extension with a non-empty cube:variables in properties or on "
            "every mlm:model asset",
        )
    ]


def input_bands_described(model: type[Any], item: dict[str, Any]) -> list[RuleViolation]:
    """``AnyBandsRef`` of v1.3-v1.4: only the bands named by ``mlm:input`` need definitions."""
    return bands_described(model, item, ("mlm:input",))


def every_asset_has_model_role(model: type[Any], item: dict[str, Any]) -> list[RuleViolation]:
    """``AssetModelRole`` on every asset (v1.0-v1.1): each asset lists the ``mlm:model`` role.

    As in those schemas, an asset whose ``roles`` is not an array (``null``) passes.
    """
    violations = []
    for key, asset in _assets(item):
        if "roles" in asset and not isinstance(asset["roles"], list):
            continue
        if not has_role(asset, AssetRole.MODEL):
            violations.append(
                RuleViolation(
                    ("assets", key, "roles"),
                    "mlm_model_role_required",
                    f"every asset must have the role '{AssetRole.MODEL}' in this MLM release "
                    "(v1.2 and later only need one model asset)",
                    asset.get("roles", []),
                )
            )
    return violations


def model_asset_present_v1_2(model: type[Any], item: dict[str, Any]) -> list[RuleViolation]:
    """``AssetModelRoleMinimumOneDefinition`` of v1.2-v1.3.

    Passes when some asset has the ``mlm:model`` role or ``roles`` that is not an array of
    strings, or when every asset that gives ``roles`` gives a non-empty array holding
    nothing but ``mlm:model``.
    """
    assets = item.get("assets")
    if not isinstance(assets, dict):
        return []
    objects = [asset for _, asset in _assets(item)]
    if any(_escapes_model_role_rule(asset) for asset in objects):
        return []
    only_model_roles = all(
        "roles" not in asset
        or (
            isinstance(asset["roles"], list)
            and asset["roles"]
            and all(role == AssetRole.MODEL for role in asset["roles"])
        )
        for asset in objects
    )
    if only_model_roles:
        return []
    return model_asset_present_violation(len(assets))


ITEM_RULES = (
    extension_declared,
    model_asset_present,
    artifact_type_with_model_role,
    entrypoint_with_code_role,
    bands_described,
    variables_described,
)


# -- the same rules as JSON Schema, for the exported schema ------------------------------

_MODEL_ROLE = {
    "required": ["roles"],
    "properties": {"roles": {"type": "array", "contains": {"const": AssetRole.MODEL.value}}},
}
_NULL_ROLES = {"required": ["roles"], "properties": {"roles": {"type": "null"}}}
_OBJECTS = {"type": "array", "minItems": 1, "items": {"type": "object"}}


def _on_every_asset(rule: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {"assets": {"additionalProperties": rule}}}


def _on_some_asset(rule: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {"assets": {"not": {"additionalProperties": {"not": rule}}}}}


def _declares_schema(pattern: re.Pattern[str]) -> dict[str, Any]:
    return {
        "required": ["stac_extensions"],
        "properties": {
            "stac_extensions": {"contains": {"type": "string", "pattern": pattern.pattern}}
        },
    }


def _every_entry_lists_schema(field: str, kind: str) -> dict[str, Any]:
    entry = {"required": [kind], "properties": {kind: {"type": "array", "minItems": 1}}}
    listing = {"type": "array", "minItems": 1, "items": entry}
    return {"properties": {"properties": {"required": [field], "properties": {field: listing}}}}


def _model_assets_have(key: str, value: dict[str, Any]) -> dict[str, Any]:
    return _on_every_asset(
        {"if": _MODEL_ROLE, "then": {"required": [key], "properties": {key: value}}}
    )


def _in_properties(key: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {"properties": {"required": [key], "properties": {key: value}}}}


_NAMED_RASTER_BANDS = {
    **_OBJECTS,
    "items": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string", "minLength": 1}},
    },
}
_CUBE_VARIABLES = {"type": "object", "minProperties": 1}


def item_rules_schema() -> list[dict[str, Any]]:
    """:data:`ITEM_RULES` written as JSON Schema subschemas of the Item."""
    referencing = {
        kind: {
            "anyOf": [
                _every_entry_lists_schema("mlm:input", kind),
                _every_entry_lists_schema("mlm:output", kind),
            ]
        }
        for kind in ("bands", "variables")
    }
    bands_described = {
        "anyOf": [
            {
                "allOf": [
                    _declares_schema(RASTER_V1),
                    _model_assets_have("raster:bands", _NAMED_RASTER_BANDS),
                ]
            },
            {
                "allOf": [
                    _declares_schema(EO_V1),
                    {
                        "anyOf": [
                            _in_properties("eo:bands", _OBJECTS),
                            _model_assets_have("eo:bands", _OBJECTS),
                        ]
                    },
                ]
            },
            {
                "allOf": [
                    {
                        "required": ["stac_version"],
                        "properties": {"stac_version": {"pattern": STAC_1_1_OR_LATER.pattern}},
                    },
                    _in_properties("bands", _OBJECTS),
                ]
            },
        ]
    }
    variables_described = {
        "allOf": [
            _declares_schema(DATACUBE_V2),
            {
                "anyOf": [
                    _in_properties("cube:variables", _CUBE_VARIABLES),
                    _model_assets_have("cube:variables", _CUBE_VARIABLES),
                ]
            },
        ]
    }
    return [
        {
            "required": ["stac_extensions"],
            "properties": {"stac_extensions": {"contains": {"const": MLM_SCHEMA_URI}}},
        },
        {
            "anyOf": [
                {"properties": {"assets": {"maxProperties": 0}}},
                _on_some_asset({"anyOf": [_MODEL_ROLE, _NULL_ROLES]}),
            ]
        },
        _on_every_asset(
            {
                "if": _MODEL_ROLE,
                "then": {"required": ["mlm:artifact_type"]},
                "else": {"not": {"required": ["mlm:artifact_type"]}},
            }
        ),
        _on_every_asset(
            {
                "if": {"required": ["mlm:entrypoint"]},
                "then": {
                    "required": ["roles"],
                    "properties": {"roles": {"type": "array", "contains": {"const": "code"}}},
                },
            }
        ),
        {"if": referencing["bands"], "then": bands_described},
        {"if": referencing["variables"], "then": variables_described},
    ]
