"""What every migration does for its target: undefined fields, the declared URI, validation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from stac_mlm._spec import mlm_schema_uri
from stac_mlm.migration._report import Log, MigrationNote
from stac_mlm.migration._source import is_mlm_uri, release_index
from stac_mlm.migration._where import (
    JsonObject,
    field_holders,
    is_collection,
)
from stac_mlm.releases import mlm_fields, validate_release


def drop_undefined_fields(document: JsonObject, version: str, log: Log) -> None:
    """Since v1.4.0 an ``mlm:`` key must be a field of the release ("Fix check of disallowed
    unknown/undefined `mlm:`-prefixed fields"); v1.0-v1.3 accepted any. Run once, for the
    target: ``mlm:entrypoint`` (v1.5.0) survives a v1.3.0 → v1.5.2 migration."""
    if release_index(version) < release_index("1.4.0"):
        return
    defined = mlm_fields(version)
    holders = list(field_holders(document))
    summaries = document.get("summaries")
    if is_collection(document) and isinstance(summaries, dict):
        holders.append((("summaries",), summaries))
    for location, holder in holders:
        for key in [key for key in holder if key.startswith("mlm:") and key not in defined]:
            log.removed(
                (*location, key),
                holder.pop(key),
                f"MLM v{version} defines no such field, and since v1.4.0 undefined mlm: fields "
                "are rejected",
            )


def declare_release(document: JsonObject, version: str, log: Log) -> None:
    """The MLM schema URI of ``version`` replaces the MLM URI(s) in ``stac_extensions``: of
    any version, on either host, published or not (stac-model 0.7's v1.6.0, a release on
    the other host)."""
    replace_declarations(document, is_mlm_uri, mlm_schema_uri(version), log)


def replace_declarations(
    document: JsonObject, replaced: Callable[[Any], bool], target: str, log: Log, said: str = ""
) -> None:
    """``target`` replaces the entries of ``stac_extensions`` that ``replaced`` picks, once,
    where the first of them stood; each change a note (``said`` added to a replacement)."""
    declared: list[Any] = []
    for index, uri in enumerate(document["stac_extensions"]):
        if not replaced(uri):
            declared.append(uri)
        elif target not in declared:
            declared.append(target)
            if uri != target:  # the target's own URI stays where it is, with nothing to say
                log.changed(("stac_extensions", index), f"{uri} → {target}{said}")
        else:
            log.changed(("stac_extensions", index), f"{uri} removed: {target} is declared")
    document["stac_extensions"] = declared


def validation_errors(document: dict[str, Any], version: str) -> tuple[MigrationNote, ...]:
    """The errors of ``document`` in release ``version``, as notes (none when valid)."""
    try:
        validate_release(document, version)
    except ValidationError as error:
        return tuple(MigrationNote(tuple(e["loc"]), e["msg"]) for e in error.errors())
    return ()
