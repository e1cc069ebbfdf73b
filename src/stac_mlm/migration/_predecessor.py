"""Which predecessor (DLM, ML-Model) a document follows, and its conversion to MLM v1.0.0."""

from __future__ import annotations

from typing import Any

from stac_mlm._errors import render
from stac_mlm._predecessors import kept_predecessor_parts, predecessor_of, two_predecessors
from stac_mlm.migration._dlm import from_dlm
from stac_mlm.migration._legacy import FIRST_RELEASE
from stac_mlm.migration._ml_model import from_ml_model
from stac_mlm.migration._report import Log, MigrationRefusedError
from stac_mlm.migration._where import JsonObject

__all__ = ["FIRST_RELEASE", "from_predecessor", "kept_predecessor", "predecessor_version"]


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


def kept_predecessor(document: JsonObject, log: Log) -> None:
    """An MLM document that keeps a predecessor's URI or fields: each is kept as it is and
    reported (``unmigrated``), since which MLM field a value becomes is a person's answer
    (a document declaring the predecessor alone is converted: ``from_predecessor``)."""
    for where, value in kept_predecessor_parts(document):
        if where[0] == "stac_extensions":
            log.needs_human(
                where,
                f"kept: {value} declares an extension MLM replaced, besides MLM; remove it "
                "once its fields are MLM fields",
            )
        else:
            log.needs_human(
                where,
                f"kept as it is ({render(value)}): a field of an extension MLM replaced "
                "(DLM or ML-Model), which MLM does not read; give it as the MLM field that "
                "replaced it, or remove it",
            )
