"""ML-Model v1.0.0 → MLM v1.0.0, following the official migration tables.

The tables are ``docs/legacy/ml-model.md`` of MLM v1.5.2 ("ML-Model Legacy", added in
v1.5.0). Every field they map exists since MLM v1.0.0, so an ML-Model document becomes an
MLM v1.0.0 document here, and the MLM steps bring it to the target release:

- ``ml-model:type`` (the constant ``"ml-model"``): removed, the MLM URI says it is a model;
- ``ml-model:prediction_type`` → ``mlm:tasks`` (``[value]``; a summary's values as listed);
- ``ml-model:architecture`` → ``mlm:architecture``;
- ``ml-model:learning_approach``, ``ml-model:training-processor-type``,
  ``ml-model:training-os``: no MLM counterpart ("No direct mapping"; the processor and OS
  used for training are not the accelerator the model runs on): removed, reported with
  their value;
- asset roles ``ml-model:inference-runtime``, ``ml-model:training-runtime``,
  ``ml-model:checkpoint`` → ``mlm:`` roles ("Prefix change");
- links ``ml-model:train-data``, ``ml-model:test-data`` → ``derived_from``;
  ``ml-model:inferencing-image``, ``ml-model:training-image``: kept, reported ("Deemed
  redundant with `mlm:inference-runtime` Asset Role": a person describes the image as an
  asset, or removes the link).

ML-Model says nothing of the model's name, inputs, outputs or model file, which an MLM
Item requires: each is reported for a person to write.
"""

from __future__ import annotations

from typing import Any, Final

from stac_mlm.migration._legacy import declare_first_release, drop, move, require_item_fields
from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._where import JsonObject, is_collection, item_properties, json_text

PREFIX: Final = "ml-model:"

_NO_COUNTERPART: Final = {
    "ml-model:learning_approach": "MLM has no counterpart (ML-Model → MLM table: 'No direct "
    "mapping'); describe how the model was obtained with derived_from links",
    "ml-model:training-processor-type": "MLM has no counterpart: the processor used for "
    "training is not the accelerator the model runs on (mlm:accelerator…), which a person "
    "gives",
    "ml-model:training-os": "MLM has no counterpart: an OS the model depends on is said by "
    "mlm:framework_version or mlm:accelerator (ML-Model → MLM table), which a person gives",
}

_ROLES: Final = {
    f"ml-model:{role}": f"mlm:{role}"
    for role in ("inference-runtime", "training-runtime", "checkpoint")
}
_DERIVED_FROM: Final = frozenset({"ml-model:train-data", "ml-model:test-data"})


def from_ml_model(document: JsonObject, token: str, log: Log) -> None:
    """An ML-Model Item or Collection becomes an MLM v1.0.0 document, in place."""
    for location, holder in _holders(document):
        _fields(holder, location, log, summary=location == ("summaries",))
    _roles(document, log)
    _links(document, log)
    declare_first_release(document, token, log)
    require_item_fields(document, "ML-Model", log)


def _holders(document: JsonObject) -> list[tuple[Location, JsonObject]]:
    """Where ML-Model fields are: Item properties, Collection summaries, assets."""
    holders: list[tuple[Location, JsonObject]] = []
    properties = item_properties(document)
    if properties is not None:
        holders.append((("properties",), properties))
    summaries = document.get("summaries")
    if is_collection(document) and isinstance(summaries, dict):
        holders.append((("summaries",), summaries))
    for section in ("assets", "item_assets"):
        members = document.get(section)
        if isinstance(members, dict):
            holders += [((section, k), a) for k, a in members.items() if isinstance(a, dict)]
    return holders


def _fields(holder: JsonObject, where: Location, log: Log, *, summary: bool) -> None:
    if "ml-model:prediction_type" in holder:
        task = holder["ml-model:prediction_type"]
        if not summary:  # a summary lists the values already: the same list summarizes tasks
            holder["ml-model:prediction_type"] = [task]
        move(holder, "ml-model:prediction_type", holder, "mlm:tasks", where, log)
    move(holder, "ml-model:architecture", holder, "mlm:architecture", where, log)
    if holder.get("ml-model:type") == "ml-model":
        del holder["ml-model:type"]
        log.changed(
            (*where, "ml-model:type"),
            "'ml-model' removed: the MLM URI in stac_extensions says the document is a model",
        )
    for key in [key for key in holder if key.startswith(PREFIX)]:
        why = _NO_COUNTERPART.get(key, "an ML-Model field that MLM has no counterpart for")
        drop((*where, key), holder.pop(key), why, log)


def _roles(document: JsonObject, log: Log) -> None:
    for section in ("assets", "item_assets"):
        members = document.get(section)
        if not isinstance(members, dict):
            continue
        for key, asset in members.items():
            roles = asset.get("roles") if isinstance(asset, dict) else None
            if not isinstance(roles, list):
                continue
            for index, role in enumerate(roles):
                if isinstance(role, str) and role in _ROLES:
                    roles[index] = _ROLES[role]
                    log.changed(
                        (section, key, "roles", index), f"{role!r} → {_ROLES[role]!r} (prefix)"
                    )


def _links(document: JsonObject, log: Log) -> None:
    links = document.get("links")
    if not isinstance(links, list):
        return
    for index, link in enumerate(links):
        rel: Any = link.get("rel") if isinstance(link, dict) else None
        if not isinstance(rel, str) or not rel.startswith(PREFIX):
            continue
        where = ("links", index, "rel")
        if rel in _DERIVED_FROM:
            link["rel"] = "derived_from"
            log.changed(where, f"{rel!r} → 'derived_from': data the model was made from")
        else:
            log.needs_human(
                where,
                f"kept as it is ({json_text(link.get('href'))}): MLM has no {rel!r} relation "
                "(deemed redundant with an asset of role mlm:inference-runtime or "
                "mlm:training-runtime): a person describes the image as such an asset, or "
                "removes the link",
            )
