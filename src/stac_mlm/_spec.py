"""The MLM releases this package reads, and how a document names its release."""

from __future__ import annotations

import re
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
    match = _MLM_URI.fullmatch(uri) if isinstance(uri, str) else None
    return match["version"] if match else None


def declared_versions(document: Any) -> list[str]:
    """The MLM versions named by the MLM schema URIs in ``stac_extensions`` (any version)."""
    extensions = document.get("stac_extensions") if isinstance(document, dict) else None
    if not isinstance(extensions, list):
        return []
    return [version for uri in extensions if (version := uri_version(uri)) is not None]


def detect_version(document: Any) -> str | None:
    """The MLM release a document declares: the latest known one its MLM URIs name."""
    known = [version for version in declared_versions(document) if version in MLM_RELEASES]
    return max(known, key=MLM_RELEASES.index) if known else None
