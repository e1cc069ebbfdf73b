"""Which predecessor (DLM, ML-Model) a document follows, and its conversion to MLM v1.0.0."""

from __future__ import annotations

from typing import Any

from stac_mlm._predecessors import DECLARATIONS, predecessor_name, predecessor_of
from stac_mlm.migration._dlm import from_dlm
from stac_mlm.migration._legacy import FIRST_RELEASE
from stac_mlm.migration._ml_model import from_ml_model
from stac_mlm.migration._report import Log
from stac_mlm.migration._where import JsonObject

__all__ = ["FIRST_RELEASE", "from_predecessor", "predecessor_version"]


def predecessor_version(document: Any) -> str | None:
    """``"dlm-1.0.0-beta.3"``… for a predecessor's document; ``None`` for any other.

    Raises ``ValueError`` when the document declares two predecessors (DLM and ML-Model,
    or two DLM releases): which one its fields follow is a person's answer."""
    found = predecessor_of(document)
    if not found:
        return None
    declared = {
        DECLARATIONS[uri]
        for uri in document["stac_extensions"]
        if isinstance(uri, str) and uri in DECLARATIONS
    }
    if len(declared) > 1:
        names = " and ".join(predecessor_name(token) for token in sorted(declared))
        raise ValueError(
            f"the document declares {names}: which one its fields follow is for a person to "
            "say (keep only its URI in stac_extensions), and the migration never guesses"
        )
    return found[1]


def from_predecessor(document: JsonObject, token: str, log: Log) -> None:
    """The predecessor's document becomes an MLM v1.0.0 document, in place."""
    if token.startswith("dlm-"):
        from_dlm(document, token, log)
    else:
        from_ml_model(document, token, log)
