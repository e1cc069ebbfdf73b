"""The MLM releases this package reads, and how a document names its release."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

#: The release this package writes (and the default of every model and of ``migrate``).
MLM_VERSION: Final = "1.5.2"
MLM_SCHEMA_URI: Final = f"https://stac-extensions.github.io/mlm/v{MLM_VERSION}/schema.json"

#: Every published MLM release, oldest first.
MLM_RELEASES: Final = ("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.5.1", "1.5.2")

# Up to v1.3.0 the schemas were published by CRIM, from v1.4.0 by stac-extensions.
_LAST_CRIM_RELEASE: Final = "1.3.0"
_CRIM_HOST: Final = "https://crim-ca.github.io/mlm-extension"
_STAC_EXTENSIONS_HOST: Final = "https://stac-extensions.github.io/mlm"
_MLM_URI = re.compile(
    r"https://(?:crim-ca\.github\.io/mlm-extension|stac-extensions\.github\.io/mlm)"
    r"/v(?P<version>[0-9]+\.[0-9]+\.[0-9]+)/schema\.json"
)


def mlm_schema_uri(version: str) -> str:
    """The schema URI a document of MLM ``version`` lists in ``stac_extensions``."""
    if version not in MLM_RELEASES:
        raise ValueError(f"unknown MLM release {version!r}; known: {', '.join(MLM_RELEASES)}")
    crim = MLM_RELEASES.index(version) <= MLM_RELEASES.index(_LAST_CRIM_RELEASE)
    return f"{_CRIM_HOST if crim else _STAC_EXTENSIONS_HOST}/v{version}/schema.json"


def uri_version(uri: Any) -> str | None:
    """The MLM version an MLM schema URI names (any version, either host), else ``None``."""
    return _uri_version(uri) if isinstance(uri, str) else None


@lru_cache(maxsize=1024)  # every document lists its extensions: the same few URIs
def _uri_version(uri: str) -> str | None:
    match = _MLM_URI.fullmatch(uri)
    return match["version"] if match else None


def declared_versions(document: Any) -> list[str]:
    """The MLM versions named by the MLM schema URIs in ``stac_extensions`` (any version)."""
    extensions = document.get("stac_extensions") if isinstance(document, dict) else None
    if not isinstance(extensions, list):
        return []
    return [version for uri in extensions if (version := uri_version(uri)) is not None]


def published_versions(document: Any) -> list[str]:
    """The releases named by the published MLM schema URIs in ``stac_extensions``."""
    extensions = document.get("stac_extensions") if isinstance(document, dict) else None
    if not isinstance(extensions, list):
        return []
    return [version for uri in extensions if (version := published_version(uri)) is not None]


def published_version(uri: Any) -> str | None:
    """The release whose schema URI ``uri`` is, exactly as published, else ``None``."""
    version = uri_version(uri)
    return version if version in MLM_RELEASES and uri == mlm_schema_uri(version) else None


#: The STAC documents MLM describes, by their ``type``: an Item is a GeoJSON Feature.
DOCUMENT_KINDS: Final = {"Feature": "Item", "Collection": "Collection"}


def document_kind(document: dict[str, Any]) -> str | None:
    """``"Item"``, ``"Collection"``, or ``None`` for any other ``type`` (or none, or one
    that is not a string)."""
    kind = document.get("type")
    return DOCUMENT_KINDS.get(kind) if isinstance(kind, str) else None


def detect_version(document: Any) -> str | None:
    """The MLM release a document declares: the latest one whose published schema URI it
    lists (a URI that was never published, such as a release on the other host, declares
    none: see ``unpublished``)."""
    known = published_versions(document)
    return max(known, key=MLM_RELEASES.index) if known else None


#: Releases that documents declare but that were never published: the published release
#: their documents follow, and how that is known.
UNPUBLISHED: Final = {
    # stac-model 0.7.0 (PyPI) sets SCHEMA_URI to .../mlm/v1.6.0/schema.json, and its models
    # write the fields of v1.5.2; the spec's CHANGELOG has no v1.6.0 (Unreleased: n/a).
    "1.6.0": ("1.5.2", "stac-model 0.7 writes it for v1.5.2 documents"),
}


@dataclass(frozen=True)
class Unpublished:
    """An MLM schema URI (either host, any version) that was never published."""

    index: int  # its place in stac_extensions
    uri: str
    version: str  # the version it names
    nearest: str  # the nearest published release
    why: str  # why that one, for people

    def said(self) -> str:
        """``'…/v1.6.0/schema.json' is not a published MLM schema URI: v1.6.0 is …``, and
        how to say which release the document follows."""
        return (
            f"'{self.uri}' is not a published MLM schema URI: {self.why}; to read the "
            f"document as v{self.nearest}, say so (source='{self.nearest}', or "
            f"--from {self.nearest})"
        )


def source_conflict(document: Any, source: str) -> tuple[int, str] | None:
    """Where and why ``source`` (the release a caller says the document follows) contradicts
    the published release the document declares; ``None`` when it does not. A published
    declaration is the document's own word: it is never overridden."""
    declared = detect_version(document)
    if declared is None or declared == source:
        return None
    extensions = document["stac_extensions"]
    index = next(i for i, uri in enumerate(extensions) if published_version(uri) == declared)
    return index, (
        f"the document declares MLM v{declared} ('{extensions[index]}', a published release) "
        f"and the caller says it follows v{source}: a published declaration is never "
        f"overridden (to read it as v{declared}, leave source / --from out)"
    )


def _nearest(version: str) -> tuple[str, str]:
    """The published release nearest ``version``, and why (``version`` is not published on
    the host its URI names)."""
    if version in MLM_RELEASES:
        return version, f"v{version} was published at {mlm_schema_uri(version)}"
    if version in UNPUBLISHED:
        nearest, known = UNPUBLISHED[version]
        return nearest, f"v{version} is unpublished; {known}"
    key = _version_key(version)
    before = [release for release in MLM_RELEASES if _version_key(release) < key]
    if not before:
        first = MLM_RELEASES[0]
        return first, f"v{version} was never published; the first published release is v{first}"
    return before[-1], (
        f"v{version} was never published; the latest published release before it is v{before[-1]}"
    )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def unpublished(document: Any) -> list[Unpublished]:
    """The MLM schema URIs in ``stac_extensions`` that were never published (an unpublished
    version, or a release on the other host), each with the nearest published release."""
    extensions = document.get("stac_extensions") if isinstance(document, dict) else None
    if not isinstance(extensions, list):
        return []
    found = []
    for index, uri in enumerate(extensions):
        version = uri_version(uri)
        if version is not None and published_version(uri) is None:
            found.append(Unpublished(index, uri, version, *_nearest(version)))
    return found
