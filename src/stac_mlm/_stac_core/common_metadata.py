"""The common metadata files: ``basics.json``, ``instrument.json``, ``licensing.json``,
``provider.json``, and in v1.1.0 ``data-values.json`` and ``bands.json`` (datetime.json is
:mod:`.datetime`); v1.0.0 gathers them in ``item.json#/definitions/common_metadata``,
v1.1.0 in ``common.json``."""

from __future__ import annotations

import re
from typing import Any, Final

from stac_mlm._errors import Loc, RuleViolation
from stac_mlm._stac_core._values import (
    Violations,
    bounded,
    is_number,
    listed,
    number,
    required,
    string,
    strings,
)
from stac_mlm._stac_core.datetime import datetime_fields
from stac_mlm._stac_core.versions import V1_1


def _basics(node: dict[str, Any], loc: Loc, version: str) -> Violations:
    """``basics.json``: ``title``, ``description`` (v1.1.0: non-empty, ``keywords``, ``roles``)."""
    yield from string(node, "title", loc)
    yield from string(node, "description", loc, non_empty=version == V1_1)
    if version == V1_1:
        yield from strings(node, "keywords", loc)
        yield from strings(node, "roles", loc)


def _instrument(node: dict[str, Any], loc: Loc) -> Violations:
    """``instrument.json``: ``platform``, ``instruments``, ``constellation``, ``mission``,
    ``gsd`` (``exclusiveMinimum: 0``)."""
    for key in ("platform", "constellation", "mission"):
        yield from string(node, key, loc)
    yield from strings(node, "instruments", loc)
    yield from bounded(node, "gsd", loc, "a number greater than 0", lambda gsd: gsd > 0)


# ECMA-262 `^[\w\-\.\+]+$`: `\w` is ASCII-only and `$` matches only at the very end.
_LICENSE: Final = re.compile(r"[A-Za-z0-9_.+\-]+")
LICENSE_PATTERN: Final = r"^[\w\-\.\+]+$"


def licensing(node: dict[str, Any], loc: Loc) -> Violations:
    """``licensing.json``: ``license`` matches ``^[\\w\\-\\.\\+]+$``."""
    if "license" not in node:
        return
    value = node["license"]
    message = (
        'license must be a license identifier such as "Apache-2.0" or "proprietary": '
        'ASCII letters, digits, "_", "-", "." and "+" only'
    )
    if not isinstance(value, str):
        yield RuleViolation((*loc, "license"), "stac_type", message, value)
    elif _LICENSE.fullmatch(value) is None:
        yield RuleViolation((*loc, "license"), "stac_license", message, value)


PROVIDER_ROLES: Final = ("producer", "licensor", "processor", "host")


def providers(node: dict[str, Any], loc: Loc, *, named: bool = True) -> Violations:
    """``provider.json`` (and the ``providers`` of the v1.0.0 Collection, whose provider names
    may be empty: ``named=False``): an array of provider objects."""
    if "providers" not in node:
        return
    providers = node["providers"]
    if not isinstance(providers, list):
        message = "providers must be an array of provider objects"
        yield RuleViolation((*loc, "providers"), "stac_type", message, providers)
        return
    for index, provider in enumerate(providers):
        yield from _provider(provider, (*loc, "providers", index), named=named)


def _provider(provider: Any, loc: Loc, *, named: bool) -> Violations:
    """``provider.json`` ``providers.items``: ``name``, ``description``, ``roles``, ``url``."""
    if not isinstance(provider, dict):
        message = "each provider must be an object with at least a name"
        yield RuleViolation(loc, "stac_type", message, provider)
        return
    yield from required(provider, ("name",), loc, "a provider")
    yield from string(provider, "name", loc, non_empty=named)
    yield from string(provider, "description", loc)
    yield from string(provider, "url", loc)
    yield from _provider_roles(provider, loc)


def _provider_roles(provider: dict[str, Any], loc: Loc) -> Violations:
    """``provider.json`` ``roles``: an array of ``producer``, ``licensor``, ``processor``,
    ``host``."""
    if "roles" not in provider:
        return
    roles = provider["roles"]
    if not isinstance(roles, list):
        message = f"roles must be an array of provider roles: {listed(PROVIDER_ROLES)}"
        yield RuleViolation((*loc, "roles"), "stac_type", message, roles)
        return
    for index, role in enumerate(roles):
        if not (isinstance(role, str) and role in PROVIDER_ROLES):
            message = f"each provider role must be one of {listed(PROVIDER_ROLES)}"
            yield RuleViolation((*loc, "roles", index), "stac_enum", message, role)


DATA_TYPES: Final = (
    *("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"),
    *("float16", "float32", "float64", "cint16", "cint32", "cfloat32", "cfloat64", "other"),
)
NODATA_WORDS: Final = ("nan", "inf", "-inf")


def _data_values(node: dict[str, Any], loc: Loc) -> Violations:
    """``data-values.json`` (v1.1.0): ``data_type``, ``nodata``, ``statistics``, ``unit``."""
    data_type = node.get("data_type")
    if "data_type" in node and not (isinstance(data_type, str) and data_type in DATA_TYPES):
        message = f"data_type must be one of {listed(DATA_TYPES)}"
        yield RuleViolation((*loc, "data_type"), "stac_enum", message, data_type)
    nodata = node.get("nodata")
    if "nodata" in node and not (
        is_number(nodata) or (isinstance(nodata, str) and nodata in NODATA_WORDS)
    ):
        message = f"nodata must be a number or one of {listed(NODATA_WORDS)}"
        yield RuleViolation((*loc, "nodata"), "stac_enum", message, nodata)
    yield from _statistics(node, loc)
    yield from string(node, "unit", loc)


def _statistics(node: dict[str, Any], loc: Loc) -> Violations:
    """``data-values.json`` ``statistics``: a non-empty object of numbers."""
    if "statistics" not in node:
        return
    statistics, here = node["statistics"], (*loc, "statistics")
    message = "statistics must be an object with at least one statistic"
    if not isinstance(statistics, dict):
        yield RuleViolation(here, "stac_type", message, statistics)
        return
    if not statistics:
        yield RuleViolation(here, "stac_empty", message, statistics)
    for key in ("minimum", "maximum", "mean", "stddev"):
        yield from number(statistics, key, here)
    rule = "an integer of at least 0"
    yield from bounded(statistics, "count", here, rule, lambda count: count >= 0, integer=True)
    rule = "a number from 0 to 100"
    yield from bounded(statistics, "valid_percent", here, rule, lambda share: 0 <= share <= 100)


def _bands(node: dict[str, Any], loc: Loc) -> Violations:
    """``bands.json`` (v1.1.0): ``bands`` is an array of band objects, each with a string
    ``name`` and the common metadata (``common.json``, so bands nest)."""
    if "bands" not in node:
        return
    bands, here = node["bands"], (*loc, "bands")
    if not isinstance(bands, list):
        yield RuleViolation(here, "stac_type", "bands must be an array of band objects", bands)
        return
    for index, band in enumerate(bands):
        if not isinstance(band, dict):
            yield RuleViolation((*here, index), "stac_type", "each band must be an object", band)
            continue
        yield from string(band, "name", (*here, index))
        yield from common_metadata(band, (*here, index), V1_1)


#: The keys each group of common metadata reads: a group none of whose keys is present has
#: nothing to check (most objects hold few of them).
_DATETIME_KEYS: Final = frozenset(
    {"datetime", "start_datetime", "end_datetime", "created", "updated"}
)
_DATA_VALUES_KEYS: Final = frozenset({"data_type", "nodata", "statistics", "unit"})
_INSTRUMENT_KEYS: Final = frozenset({"platform", "constellation", "mission", "instruments", "gsd"})


def common_metadata(node: dict[str, Any], loc: Loc, version: str) -> Violations:
    """v1.0.0 ``item.json#/definitions/common_metadata``; v1.1.0 ``common.json``.

    ``node`` is an object (each caller reports a value of another type once).
    """
    keys = node.keys()
    yield from _basics(node, loc, version)
    if version == V1_1 and "bands" in keys:
        yield from _bands(node, loc)
    if not keys.isdisjoint(_DATETIME_KEYS):
        yield from datetime_fields(node, loc)
    if version == V1_1 and not keys.isdisjoint(_DATA_VALUES_KEYS):
        yield from _data_values(node, loc)
    if not keys.isdisjoint(_INSTRUMENT_KEYS):
        yield from _instrument(node, loc)
    if "license" in keys:
        yield from licensing(node, loc)
    if "providers" in keys:
        yield from providers(node, loc)
