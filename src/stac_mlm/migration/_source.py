"""Which release a document follows, and the order of releases."""

from __future__ import annotations

from typing import Any

from stac_mlm._spec import (
    MLM_RELEASES,
    MLM_VERSION,
    detect_version,
    mlm_schema_uri,
    published_version,
    source_conflict,
    unpublished,
    uri_version,
)
from stac_mlm.migration._report import Location, Log, MigrationRefusedError


def release_index(version: str) -> int:
    return MLM_RELEASES.index(version)


def is_mlm_uri(uri: Any) -> bool:
    """An MLM schema URI, of any version, on either host."""
    return uri_version(uri) is not None


def source_version(document: object, given: str | None = None) -> str:
    """The release ``document`` follows: the one it declares, or ``given`` by the caller
    for a document whose MLM schema URI was never published. Raises ``MigrationRefusedError``
    (located at ``stac_extensions``) saying why when neither says a release, or when
    ``given`` contradicts a published one."""
    if not isinstance(document, dict):
        raise MigrationRefusedError(
            (), f"an MLM document is a JSON object, not {type(document).__name__}"
        )
    if given is not None:
        return _given(document, given)
    source = detect_version(document)
    if source is not None:
        return source
    never_published = unpublished(document)
    if never_published:
        where = ("stac_extensions", never_published[0].index)
        raise MigrationRefusedError(where, "; ".join(uri.said() for uri in never_published))
    raise MigrationRefusedError(
        ("stac_extensions",),
        "the document declares no MLM release: stac_extensions lists no MLM schema URI "
        f"(e.g. {mlm_schema_uri(MLM_VERSION)}, or {mlm_schema_uri('1.3.0')} up to v1.3.0)",
    )


def declared_at(document: dict[str, Any], version: str) -> Location:
    """Where ``stac_extensions`` declares the release ``version`` the document is read in:
    its published URI, else the unpublished one the caller said it follows."""
    extensions = document.get("stac_extensions")
    if isinstance(extensions, list):
        for index, uri in enumerate(extensions):
            if published_version(uri) == version:
                return ("stac_extensions", index)
    never_published = unpublished(document)
    return ("stac_extensions", never_published[0].index) if never_published else ()


def _given(document: dict[str, Any], given: str) -> str:
    if given not in MLM_RELEASES:
        raise MigrationRefusedError(
            (),
            f"cannot read the document as {given!r}: not an MLM release "
            f"({', '.join(MLM_RELEASES)})",
        )
    conflict = source_conflict(document, given)
    if conflict is not None:
        raise MigrationRefusedError(("stac_extensions", conflict[0]), conflict[1])
    if detect_version(document) is None and not unpublished(document):
        source_version(document)  # no MLM schema URI at all: its error says so
    return given


def note_given_source(document: dict[str, Any], given: str, log: Log) -> None:
    """Say, at each MLM schema URI that was never published, that the document is read as
    the release the caller gave."""
    for uri in unpublished(document):
        log.changed(
            ("stac_extensions", uri.index),
            f"read as MLM v{given}, as given by the caller; the document declares "
            f"v{uri.version} ({uri.why})",
        )
