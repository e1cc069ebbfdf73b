"""Every MLM release, v1.0.0 to v1.5.2, each read as its own official schema reads it.

``load(document)`` finds the release a document declares (the MLM schema URI in
``stac_extensions``, on either host) and returns it typed in that release. For one release
only, import its module: ``from stac_mlm.releases.v1_2_0 import MLMItem``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from pydantic import ValidationError

from stac_mlm._base import parse_json
from stac_mlm._document import MLMDocument
from stac_mlm._errors import RuleViolation, violations_error
from stac_mlm._predecessors import not_mlm_message, predecessor_of, two_predecessors
from stac_mlm._spec import (
    MLM_RELEASES,
    declared_versions,
    detect_version,
    document_kind,
    mlm_schema_uri,
    source_conflict,
    unpublished,
    uri_version,
)

__all__ = [
    "MLM_RELEASES",
    "collection_model",
    "detect_version",
    "item_model",
    "load",
    "mlm_fields",
    "mlm_schema_uri",
    "validate_release",
]


#: The title of errors raised before the release, hence the model, is known.
_TITLE = "MLM document"


def _release_module(version: str) -> Any:
    if version not in MLM_RELEASES:
        raise ValueError(f"unknown MLM release {version!r}; known: {', '.join(MLM_RELEASES)}")
    return import_module(f"stac_mlm.releases.v{version.replace('.', '_')}")


def item_model(version: str) -> type[MLMDocument]:
    """The Item model of MLM ``version`` (``"1.2.0"``…)."""
    model: type[MLMDocument] = _release_module(version).MLMItem
    return model


def collection_model(version: str) -> type[MLMDocument]:
    """The Collection model of MLM ``version``."""
    model: type[MLMDocument] = _release_module(version).MLMCollection
    return model


def mlm_fields(version: str) -> frozenset[str]:
    """The keys of the MLM fields release ``version`` defines (``fields`` of its schema)."""
    if version not in MLM_RELEASES:
        raise ValueError(f"unknown MLM release {version!r}; known: {', '.join(MLM_RELEASES)}")
    generated = import_module(f"stac_mlm._generated.v{version.replace('.', '_')}")
    return frozenset(field.alias for field in generated.MLMFields.model_fields.values())


def _document_model(document: Any, version: str) -> type[MLMDocument]:
    kind = document.get("type")
    if kind == "Feature":
        return item_model(version)
    if kind == "Collection":
        return collection_model(version)
    raise violations_error(
        _TITLE,
        [
            RuleViolation(
                ("type",),
                "mlm_document_type",
                "an MLM document is a STAC Item (type 'Feature') or a STAC Collection "
                "(type 'Collection')",
                kind,
            )
        ],
    )


def _near_misses(document: Any) -> list[str]:
    """URIs that look like an MLM schema URI but are not one as published."""
    extensions = document.get("stac_extensions")
    if not isinstance(extensions, list):
        return []
    return [
        uri
        for uri in extensions
        if isinstance(uri, str) and "mlm" in uri.lower() and uri_version(uri) is None
    ]


def _undeclared(document: Any) -> ValidationError:
    never_published = unpublished(document)
    if never_published:  # each names the nearest published release, and why
        return violations_error(
            _TITLE,
            [
                RuleViolation(("stac_extensions", uri.index), "mlm_release_unknown", uri.said())
                for uri in never_published
            ],
        )
    predecessor = predecessor_of(document)
    if predecessor is not None:  # DLM or ML-Model: recognised, and sent to the migration
        index, token = predecessor
        kind = document_kind(document)
        message = two_predecessors(document) or not_mlm_message(token, kind)
        return violations_error(
            _TITLE,
            [RuleViolation(("stac_extensions", index), "mlm_predecessor", message)],
        )
    declared = declared_versions(document)
    releases = f"v{MLM_RELEASES[0]} to v{MLM_RELEASES[-1]}"
    message = (
        f"no MLM schema URI of a published release ({releases}) is listed: an MLM "
        f"document declares one, e.g. '{mlm_schema_uri(MLM_RELEASES[-1])}'"
    )
    near = _near_misses(document)
    if near and not declared:
        message += (
            f"; {', '.join(repr(uri) for uri in near)} is not one as published "
            "(the schema compares URIs exactly)"
        )
    return violations_error(
        _TITLE, [RuleViolation(("stac_extensions",), "mlm_release_unknown", message)]
    )


def _read_as(document: dict[str, Any], source: str) -> dict[str, Any]:
    """``document`` with its unpublished MLM schema URIs read as ``source``'s (a shallow
    copy; the first becomes the URI of ``source``, the others go, as the URI is listed once)."""
    conflict = source_conflict(document, source)
    if conflict is not None:
        index, message = conflict
        raise violations_error(
            _TITLE,
            [RuleViolation(("stac_extensions", index), "mlm_release_conflict", message)],
        )
    replaced = {uri.index for uri in unpublished(document)}
    if not replaced:
        return document
    target = mlm_schema_uri(source)
    extensions: list[Any] = []
    for index, uri in enumerate(document["stac_extensions"]):
        uri = target if index in replaced else uri
        if index not in replaced or target not in extensions:
            extensions.append(uri)
    return {**document, "stac_extensions": extensions}


def _json_object(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise violations_error(
            _TITLE,
            [RuleViolation((), "mlm_document_type", "an MLM document is a JSON object", document)],
        )
    return document


def load(document: Any, source: str | None = None) -> MLMDocument:
    """Read an MLM Item or Collection in the release it declares.

    ``document`` is a JSON object (a ``dict``) or JSON text. Raises a
    ``pydantic.ValidationError`` when the document is not valid in its release, or declares
    no published release: an MLM schema URI that was never published (stac-model 0.7's
    v1.6.0, a release on the other host) is located in ``stac_extensions`` and the error
    names the nearest published release and why; a document of a predecessor (DLM,
    ML-Model) is recognised and the error (``mlm_predecessor``, at its ``stac_extensions``
    entry) names it and says to migrate it (``stac_mlm.migrate``). The returned model's
    ``mlm_version`` says which release it is.

    ``source`` (``"1.5.2"``…) is the release the caller says the document follows, for a
    document whose MLM schema URI was never published: the document is read as that
    release, its unpublished URI read as the release's (the model returned declares the
    release; nothing else changes). A published release declared is never overridden: a
    ``source`` that contradicts it is an error (``mlm_release_conflict``). Raises
    ``ValueError`` when ``source`` is not a release.
    """
    if source is not None and source not in MLM_RELEASES:
        raise ValueError(f"unknown MLM release {source!r}; known: {', '.join(MLM_RELEASES)}")
    if isinstance(document, str | bytes | bytearray):
        document = parse_json(document, _TITLE)
    document = _json_object(document)
    if source is not None:
        return _document_model(document, source).model_validate(_read_as(document, source))
    version = detect_version(document)
    if version is None:
        raise _undeclared(document)
    return _document_model(document, version).model_validate(document)


def validate_release(document: Any, version: str) -> MLMDocument:
    """Read ``document`` as an Item or Collection of MLM ``version``, whatever it declares."""
    document = _json_object(document)
    return _document_model(document, version).model_validate(document)
