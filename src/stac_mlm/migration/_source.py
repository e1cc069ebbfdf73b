"""Which release a document follows, and the order of releases."""

from __future__ import annotations

from typing import Any

from stac_mlm._spec import (
    MLM_RELEASES,
    MLM_VERSION,
    declared_versions,
    detect_version,
    mlm_schema_uri,
    uri_version,
)


def release_index(version: str) -> int:
    return MLM_RELEASES.index(version)


def is_mlm_uri(uri: Any) -> bool:
    """An MLM schema URI, of any version, on either host."""
    return uri_version(uri) is not None


def source_version(document: object) -> str:
    if not isinstance(document, dict):
        raise ValueError(f"an MLM document is a JSON object, not {type(document).__name__}")
    source = detect_version(document)
    if source is not None:
        return source
    declared = declared_versions(document)
    if declared:
        raise ValueError(
            f"the document declares an unknown MLM release ({', '.join(declared)}); "
            f"releases: {', '.join(MLM_RELEASES)}"
        )
    raise ValueError(
        "the document declares no MLM release: stac_extensions lists no MLM schema URI "
        f"(e.g. {mlm_schema_uri(MLM_VERSION)}, or {mlm_schema_uri('1.3.0')} up to v1.3.0)"
    )
