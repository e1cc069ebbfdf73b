"""The Item-wide rules of the official schema, one function per schema definition.

Each function reads a validated :class:`~stac_mlm.item.MLMItem` and returns the
violations located by JSON keys; the Item raises them all at once. The conditions are
written to give the official schema's verdict on every document, quirks included (they
are listed in the README under "Where the spec text and the schema disagree").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from pydantic import MISSING

from stac_mlm._errors import RuleViolation
from stac_mlm._spec import MLM_SCHEMA_URI
from stac_mlm.enums import AssetRole

if TYPE_CHECKING:
    from stac_mlm.assets import MLMAsset

# The schema's patterns are unanchored: a match anywhere in the string counts.
RASTER_V1 = re.compile(r"https://stac-extensions\.github\.io/raster/v1(\.[0-9]+){2}/schema\.json")
EO_V1 = re.compile(r"https://stac-extensions\.github\.io/eo/v1(\.[0-9]+){2}/schema\.json")
DATACUBE_V2 = re.compile(
    r"https://stac-extensions\.github\.io/datacube/v2(\.[0-9]+){2}/schema\.json"
)
STAC_1_1_OR_LATER = re.compile(r"1\.[1-9][0-9]*\.[0-9]+(-.*)?")


class Declaring(Protocol):
    """An MLM document of any release: it declares the release's schema URI."""

    mlm_schema_uri: ClassVar[str]
    type: Any
    stac_extensions: Any


class ReleaseItem(Declaring, Protocol):
    """An MLM Item of any release, as the rules read it."""

    stac_version: Any
    properties: Any
    assets: Any


def _extra(model: Any, key: str) -> Any:
    return (model.__pydantic_extra__ or {}).get(key, MISSING)


def _model_assets(item: ReleaseItem) -> list[MLMAsset]:
    return [asset for asset in item.assets.values() if asset.has_role(AssetRole.MODEL)]


def _declares(item: ReleaseItem, pattern: re.Pattern[str]) -> bool:
    extensions = item.stac_extensions
    return isinstance(extensions, list) and any(
        isinstance(uri, str) and pattern.search(uri) for uri in extensions
    )


def _objects(value: Any) -> bool:
    """A non-empty array of objects (band definitions)."""
    return isinstance(value, list) and bool(value) and all(isinstance(e, dict) for e in value)


def extension_declared(document: Declaring) -> list[RuleViolation]:
    """``stac_extensions_mlm``: ``stac_extensions`` lists the MLM schema URI of the model."""
    extensions = document.stac_extensions
    kind = "Collection" if document.type == "Collection" else "Item"
    uri = type(document).mlm_schema_uri
    if isinstance(extensions, list) and uri in extensions:
        return []
    where = "is missing" if extensions is MISSING else "does not list it"
    return [
        RuleViolation(
            ("stac_extensions",),
            "mlm_extension_not_declared",
            f"an MLM {kind} must declare '{uri}' in stac_extensions; stac_extensions {where}",
            None if extensions is MISSING else extensions,
        )
    ]


def model_asset_present(item: ReleaseItem) -> list[RuleViolation]:
    """``AssetModelRoleMinimumOneDefinition``: some asset has the ``mlm:model`` role.

    As in the schema, an empty ``assets`` object passes, and so does an asset whose
    ``roles`` is not an array.
    """
    if not item.assets or any(
        asset.has_role(AssetRole.MODEL)
        or ("roles" in asset.model_fields_set and asset.roles is None)
        for asset in item.assets.values()
    ):
        return []
    return model_asset_present_violation(len(item.assets))


def model_asset_present_violation(count: int) -> list[RuleViolation]:
    return [
        RuleViolation(
            ("assets",),
            "mlm_model_asset_missing",
            f"at least one asset must have the role '{AssetRole.MODEL}' (the asset holding "
            f"the model); none of the {count} asset(s) has it",
        )
    ]


def artifact_type_with_model_role(item: ReleaseItem) -> list[RuleViolation]:
    """``AssetModelRequiredProperties``: ``mlm:artifact_type`` iff role ``mlm:model``."""
    violations = []
    for key, asset in item.assets.items():
        has_type = asset.gives("mlm_artifact_type")
        if asset.has_role(AssetRole.MODEL) and not has_type:
            violations.append(
                RuleViolation(
                    ("assets", key, "mlm:artifact_type"),
                    "mlm_artifact_type_required",
                    f"an asset with the role '{AssetRole.MODEL}' must give mlm:artifact_type "
                    "(how the model was saved, e.g. 'torch.save')",
                )
            )
        elif has_type and not asset.has_role(AssetRole.MODEL):
            violations.append(
                RuleViolation(
                    ("assets", key, "mlm:artifact_type"),
                    "mlm_artifact_type_without_model_role",
                    f"mlm:artifact_type is only allowed on an asset with the role "
                    f"'{AssetRole.MODEL}': add the role or remove the field",
                    asset.mlm_artifact_type,
                )
            )
    return violations


def entrypoint_with_code_role(item: ReleaseItem) -> list[RuleViolation]:
    """``AssetCodeRoleWithEntrypoint``: an asset with ``mlm:entrypoint`` has role ``code``."""
    return [
        RuleViolation(
            ("assets", key, "mlm:entrypoint"),
            "mlm_entrypoint_without_code_role",
            f"mlm:entrypoint is only allowed on an asset with the role '{AssetRole.CODE}'",
            asset.mlm_entrypoint,
        )
        for key, asset in item.assets.items()
        if asset.gives("mlm_entrypoint") and not asset.has_role(AssetRole.CODE)
    ]


def _every_entry_lists(entries: Iterable[Any], kind: str) -> bool:
    """``Any{Band,Variables}{Input,Output}Ref``: a non-empty list whose every entry names some."""
    empty = True
    for entry in entries:
        references = getattr(entry, kind)
        if not (isinstance(references, list) and references):
            return False
        empty = False
    return not empty


def _referencing_field(
    item: ReleaseItem, kind: str, fields: tuple[str, ...] = ("mlm:input", "mlm:output")
) -> str | None:
    properties = item.properties
    for field in fields:
        entries = getattr(properties, field.replace(":", "_"))
        if entries is not MISSING and _every_entry_lists(entries, kind):
            return field
    return None


def _raster_bands_described(item: ReleaseItem) -> bool:
    def named(band: Any) -> bool:
        name = band.get("name", MISSING)
        return name is not MISSING and isinstance(name, str) and len(name) > 0

    return _declares(item, RASTER_V1) and all(
        _objects(bands := _extra(asset, "raster:bands")) and all(named(band) for band in bands)
        for asset in _model_assets(item)
    )


def _eo_bands_described(item: ReleaseItem) -> bool:
    return _declares(item, EO_V1) and (
        _objects(_extra(item.properties, "eo:bands"))
        or all(_objects(_extra(asset, "eo:bands")) for asset in _model_assets(item))
    )


def _stac_bands_described(item: ReleaseItem) -> bool:
    version = item.stac_version
    return (
        isinstance(version, str)
        and STAC_1_1_OR_LATER.search(version) is not None
        and _objects(_extra(item.properties, "bands"))
    )


def bands_described(
    item: ReleaseItem, fields: tuple[str, ...] = ("mlm:input", "mlm:output")
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
            "or use STAC 1.1 or later with bands in properties",
        )
    ]


def _cube_variables(value: Any) -> bool:
    return isinstance(value, dict) and len(value) >= 1


def variables_described(item: ReleaseItem) -> list[RuleViolation]:
    """``AnyVariablesRef``: named variables need datacube v2 ``cube:variables``."""
    field = _referencing_field(item, "variables")
    if field is None:
        return []
    described = _declares(item, DATACUBE_V2) and (
        _cube_variables(_extra(item.properties, "cube:variables"))
        or all(_cube_variables(_extra(asset, "cube:variables")) for asset in _model_assets(item))
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


def input_bands_described(item: ReleaseItem) -> list[RuleViolation]:
    """``AnyBandsRef`` of v1.3-v1.4: only the bands named by ``mlm:input`` need definitions."""
    return bands_described(item, ("mlm:input",))


def every_asset_has_model_role(item: ReleaseItem) -> list[RuleViolation]:
    """``AssetModelRole`` on every asset (v1.0-v1.1): each asset lists the ``mlm:model`` role.

    As in those schemas, an asset whose ``roles`` is not an array (``null``) passes.
    """
    violations = []
    for key, asset in item.assets.items():
        if "roles" in asset.model_fields_set and not isinstance(asset.roles, list):
            continue
        if not asset.has_role(AssetRole.MODEL):
            violations.append(
                RuleViolation(
                    ("assets", key, "roles"),
                    "mlm_model_role_required",
                    f"every asset must have the role '{AssetRole.MODEL}' in this MLM release "
                    "(v1.2 and later only need one model asset)",
                    asset.roles,
                )
            )
    return violations


def model_asset_present_v1_2(item: ReleaseItem) -> list[RuleViolation]:
    """``AssetModelRoleMinimumOneDefinition`` of v1.2-v1.3.

    Passes when some asset has the ``mlm:model`` role, or when every asset that gives
    ``roles`` gives a non-empty array holding nothing but ``mlm:model``.
    """
    assets = list(item.assets.values())
    if any(asset.has_role(AssetRole.MODEL) for asset in assets):
        return []
    only_model_roles = all(
        "roles" not in asset.model_fields_set
        or (isinstance(asset.roles, list) and asset.roles and set(asset.roles) == {AssetRole.MODEL})
        for asset in assets
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
