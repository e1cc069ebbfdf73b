"""What Items and Collections share: ``type``, ``id``, ``stac_extensions``, links and
assets (``stac_version`` is :mod:`.versions`)."""

from __future__ import annotations

import re
from typing import Any, Final

from stac_mlm._errors import Loc, RuleViolation, render
from stac_mlm._json import repeats
from stac_mlm._stac_core._values import Violations, required, string, strings
from stac_mlm._stac_core.common_metadata import common_metadata
from stac_mlm._stac_core.versions import V1_1

# -- id, stac_extensions -----------------------------------------------------------------------


def document_id(document: dict[str, Any]) -> Violations:
    """``id``: a non-empty string (Feature.json's number ids are excluded by STAC)."""
    yield from string(document, "id", (), non_empty=True)


def stac_extensions(document: dict[str, Any]) -> Violations:
    """``stac_extensions``: an array of unique strings (``uniqueItems``: JSON equality)."""
    if "stac_extensions" not in document:
        return
    extensions = document["stac_extensions"]
    if not isinstance(extensions, list):
        message = "stac_extensions must be an array of schema URIs"
        yield RuleViolation(("stac_extensions",), "stac_type", message, extensions)
        return
    if all(type(uri) is str for uri in extensions) and len(set(extensions)) == len(extensions):
        return  # strings, none repeated: the list of every valid document
    repeated = dict(repeats(extensions))
    for index, uri in enumerate(extensions):
        if not isinstance(uri, str):
            message = "each entry of stac_extensions must be a string (a schema URI)"
            yield RuleViolation(("stac_extensions", index), "stac_type", message, uri)
        if index in repeated:
            message = "stac_extensions must not list the same schema twice"
            yield RuleViolation(("stac_extensions", index), "stac_unique", message, uri)


def document_type(document: dict[str, Any], expected: str, what: str) -> Violations:
    """Feature.json ``type`` ``enum: ["Feature"]`` / collection.json ``type`` ``const``."""
    value = document.get("type", expected)
    if not (isinstance(value, str) and value == expected):
        message = f"type must be {render(expected)} for {what}"
        yield RuleViolation(("type",), "stac_document_type", message, value)


# -- links and assets --------------------------------------------------------------------------


def links(document: dict[str, Any], version: str) -> Violations:
    """``item.json#/definitions/links`` (v1.1.0) / the ``links`` property (v1.0.0)."""
    if "links" not in document:
        return
    links = document["links"]
    if not isinstance(links, list):
        yield RuleViolation(("links",), "stac_type", "links must be an array of links", links)
        return
    for index, link in enumerate(links):
        yield from _link(link, ("links", index), version)


_METHOD: Final = re.compile(r"[A-Z]+")  # ECMA-262 `^[A-Z]+$`


def _link(link: Any, loc: Loc, version: str) -> Violations:
    """``item.json#/definitions/link`` (v1.0.0 collection.json's ``link`` is the same);
    v1.1.0 adds ``method``, ``headers`` and the common metadata."""
    if not isinstance(link, dict):
        message = "each link must be an object with rel and href"
        yield RuleViolation(loc, "stac_type", message, link)
        return
    yield from required(link, ("rel", "href"), loc, "a link")
    yield from string(link, "href", loc, non_empty=True)
    yield from string(link, "rel", loc, non_empty=True)
    yield from string(link, "type", loc)
    yield from string(link, "title", loc)
    if version != V1_1:
        return
    method = link.get("method")
    if "method" in link and not (isinstance(method, str) and _METHOD.fullmatch(method)):
        message = 'method must be an HTTP method in upper-case letters, e.g. "GET" or "POST"'
        yield RuleViolation((*loc, "method"), "stac_link_method", message, method)
    yield from _headers(link, loc)
    yield from common_metadata(link, loc, version)


def _headers(link: dict[str, Any], loc: Loc) -> Violations:
    """v1.1.0 link ``headers``: an object whose values are strings or arrays of strings."""
    if "headers" not in link:
        return
    headers, here = link["headers"], (*loc, "headers")
    if not isinstance(headers, dict):
        message = "headers must be an object of header names and values"
        yield RuleViolation(here, "stac_type", message, headers)
        return
    for name, value in headers.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    message = "each value of a header must be a string"
                    yield RuleViolation((*here, name, index), "stac_type", message, item)
        elif not isinstance(value, str):
            message = "a header value must be a string or an array of strings"
            yield RuleViolation((*here, name), "stac_type", message, value)


def assets(document: dict[str, Any], version: str) -> Violations:
    """``item.json#/definitions/assets``: an object of assets (Items and Collections)."""
    if "assets" not in document:
        return
    assets = document["assets"]
    if not isinstance(assets, dict):
        message = "assets must be an object mapping asset keys to assets"
        yield RuleViolation(("assets",), "stac_type", message, assets)
        return
    for key, asset in assets.items():
        yield from _asset(asset, ("assets", key), version)


def _asset(asset: Any, loc: Loc, version: str) -> Violations:
    """``item.json#/definitions/asset``: ``href`` and the asset fields, plus common metadata."""
    if not isinstance(asset, dict):
        yield RuleViolation(loc, "stac_type", "each asset must be an object with an href", asset)
        return
    yield from required(asset, ("href",), loc, "an asset")
    yield from string(asset, "href", loc, non_empty=True)
    yield from common_metadata(asset, loc, version)
    yield from string(asset, "type", loc)
    yield from strings(asset, "roles", loc)
    yield from string(asset, "title", loc)
    yield from string(asset, "description", loc)
