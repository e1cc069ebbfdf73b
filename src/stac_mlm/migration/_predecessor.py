"""Which predecessor (DLM, ML-Model) a document follows, and its conversion to MLM v1.0.0."""

from __future__ import annotations

from typing import Any

from stac_mlm._predecessors import predecessor_of, two_predecessors
from stac_mlm.migration._dlm import from_dlm
from stac_mlm.migration._legacy import FIRST_RELEASE
from stac_mlm.migration._ml_model import from_ml_model
from stac_mlm.migration._report import Log, MigrationRefusedError
from stac_mlm.migration._where import JsonObject

__all__ = ["FIRST_RELEASE", "from_predecessor", "predecessor_version"]


def predecessor_version(document: Any) -> str | None:
    """``"dlm-1.0.0-beta.3"``… for a predecessor's document; ``None`` for any other.

    Raises ``MigrationRefusedError`` (at the first one's entry of ``stac_extensions``) when the
    document declares two predecessors (DLM and ML-Model, or two DLM releases): which one
    its fields follow is a person's answer."""
    found = predecessor_of(document)
    if not found:
        return None
    both = two_predecessors(document)
    if both is not None:
        raise MigrationRefusedError(("stac_extensions", found[0]), both)
    return found[1]


def from_predecessor(document: JsonObject, token: str, log: Log) -> None:
    """The predecessor's document becomes an MLM v1.0.0 document, in place."""
    if token.startswith("dlm-"):
        from_dlm(document, token, log)
    else:
        from_ml_model(document, token, log)
