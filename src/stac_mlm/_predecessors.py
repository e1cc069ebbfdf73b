"""The extensions MLM replaced, DLM and ML-Model, and how a document declares one.

A predecessor is named by one token, used as ``MigrationReport.source_version`` and in the
``predecessor`` of ``--format json`` records: ``"dlm-1.0.0-beta.2"``, ``"dlm-1.0.0-beta.3"``
(the Deep Learning Model extension, ``dlm:`` fields) and ``"ml-model-1.0.0"`` (the ML-Model
extension, ``ml-model:`` fields). MLM releases are named by their number (``"1.3.0"``), so
the two never meet. For people: ``"DLM v1.0.0-beta.3"`` (:func:`predecessor_name`).
"""

from __future__ import annotations

from typing import Any, Final

from stac_mlm._spec import declared_versions

#: The name for people of each predecessor token.
PREDECESSORS: Final = {
    "dlm-1.0.0-beta.2": "DLM v1.0.0-beta.2",
    "dlm-1.0.0-beta.3": "DLM v1.0.0-beta.3",
    "ml-model-1.0.0": "ML-Model v1.0.0",
}

_DLM_SCHEMA: Final = "https://schemas.stacspec.org/v{}/extensions/dl-model/json-schema/schema.json"

#: What ``stac_extensions`` lists for each predecessor, as the official schemas accept it.
#: Both DLM schemas accept the short name ``dl-model`` too (STAC 1.0.0-beta.2 named
#: extensions so); the official beta2 example uses it, so it is read as beta.2.
DECLARATIONS: Final = {
    "dl-model": "dlm-1.0.0-beta.2",
    _DLM_SCHEMA.format("1.0.0-beta.2"): "dlm-1.0.0-beta.2",
    _DLM_SCHEMA.format("1.0.0-beta.3"): "dlm-1.0.0-beta.3",
    "https://stac-extensions.github.io/ml-model/v1.0.0/schema.json": "ml-model-1.0.0",
}


def predecessor_of(document: Any) -> tuple[int, str] | None:
    """Where ``stac_extensions`` declares a predecessor, and which (the first listed).

    ``None`` when the document declares none, or declares an MLM release too (it is then an
    MLM document, whose ``dlm:`` fields MLM itself judges).
    """
    extensions = document.get("stac_extensions") if isinstance(document, dict) else None
    if not isinstance(extensions, list) or declared_versions(document):
        return None
    for index, uri in enumerate(extensions):
        if isinstance(uri, str) and uri in DECLARATIONS:
            return index, DECLARATIONS[uri]
    return None


def two_predecessors(document: Any) -> str | None:
    """When a predecessor's document declares two (DLM and ML-Model, or two DLM releases):
    why it is neither read nor migrated as either, for people; else ``None``."""
    if predecessor_of(document) is None:
        return None
    extensions = document["stac_extensions"]
    declared = {DECLARATIONS[u] for u in extensions if isinstance(u, str) and u in DECLARATIONS}
    if len(declared) < 2:
        return None
    names = " and ".join(PREDECESSORS[token] for token in sorted(declared))
    return (
        f"the document declares {names}: which one its fields follow is for a person to say "
        "(keep only its URI in stac_extensions), and the migration never guesses"
    )


#: The field prefixes of the predecessors: MLM v1.0.0 deprecated "any dlm-prefixed field
#: or property" (CHANGELOG); ML-Model's fields were renamed too (legacy/ml-model.md).
PREFIXES: Final = ("dlm:", "ml-model:")


def kept_predecessor_parts(document: Any) -> list[tuple[tuple[str | int, ...], Any]]:
    """What an MLM document keeps of a predecessor, located, with its value: each entry of
    ``stac_extensions`` declaring one, and each ``dlm:`` or ``ml-model:`` key where MLM
    fields go (an Item's properties, a Collection's top level and summaries, each asset
    and item asset). Empty for a document that declares no MLM release (a predecessor's
    own document: the migration converts it)."""
    if not declared_versions(document):
        return []
    found: list[tuple[tuple[str | int, ...], Any]] = [
        (("stac_extensions", index), uri)
        for index, uri in enumerate(document["stac_extensions"])
        if isinstance(uri, str) and uri in DECLARATIONS
    ]
    places: list[tuple[tuple[str | int, ...], Any]] = [
        (("properties",), document.get("properties")),
        ((), document if document.get("type") == "Collection" else None),
        (("summaries",), document.get("summaries")),
    ]
    for section in ("assets", "item_assets"):
        members = document.get(section)
        if isinstance(members, dict):
            places += [((section, key), asset) for key, asset in members.items()]
    for where, place in places:
        if isinstance(place, dict):
            found += [
                ((*where, key), value)
                for key, value in place.items()
                if isinstance(key, str) and key.startswith(PREFIXES)
            ]
    return found


def predecessor_name(token: str) -> str:
    """``"DLM v1.0.0-beta.3"`` for ``"dlm-1.0.0-beta.3"``."""
    return PREDECESSORS[token]


def source_name(version: str) -> str:
    """A release or a predecessor for people: ``"MLM v1.3.0"``, ``"DLM v1.0.0-beta.3"``."""
    return PREDECESSORS.get(version, f"MLM v{version}")


def not_mlm_message(token: str, kind: str | None) -> str:
    """What ``load`` and ``stac-mlm validate`` say of a predecessor's document."""
    what = f"{predecessor_name(token)} {kind}" if kind else predecessor_name(token)
    return f"{what}, not MLM (which replaced it): migrate it to MLM with `stac-mlm migrate`"
