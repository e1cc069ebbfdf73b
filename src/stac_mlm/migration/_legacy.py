"""What the two predecessor conversions (``_dlm``, ``_ml_model``) share.

Both turn a predecessor's document into an MLM v1.0.0 document (the first MLM release, which
holds every field their migration tables map to); the MLM steps then bring it to the target.
"""

from __future__ import annotations

from typing import Any, Final

from stac_mlm._predecessors import DECLARATIONS, predecessor_name
from stac_mlm._spec import MLM_RELEASES, mlm_schema_uri
from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._target import replace_declarations
from stac_mlm.migration._where import JsonObject, item_properties, json_text, model_assets_of

#: The MLM release a predecessor's document becomes before the MLM steps run.
FIRST_RELEASE: Final = MLM_RELEASES[0]

#: The MLM v1.0.0 tasks (``mlm:tasks`` enum).
TASKS: Final = frozenset(
    {
        "regression",
        "classification",
        "scene-classification",
        "detection",
        "object-detection",
        "segmentation",
        "semantic-segmentation",
        "instance-segmentation",
        "panoptic-segmentation",
        "similarity-search",
        "generative",
        "image-captioning",
        "super-resolution",
    }
)


def declare_first_release(document: JsonObject, token: str, log: Log) -> None:
    """The predecessor's entries of ``stac_extensions`` become the MLM v1.0.0 URI."""
    target = mlm_schema_uri(FIRST_RELEASE)
    said = f" ({predecessor_name(token)})"
    replace_declarations(document, _is_predecessor_uri, target, log, said)


def _is_predecessor_uri(uri: Any) -> bool:
    return isinstance(uri, str) and uri in DECLARATIONS


def drop(location: Location, value: Any, why: str, log: Log) -> None:
    """A predecessor's value with no MLM counterpart: reported with its value. A ``null``
    says nothing, so removing one is a change, not a loss."""
    if value is None:
        log.changed(location, f"null removed: {why}")
    else:
        log.removed(location, value, why)


def move(
    holder: JsonObject,
    key: str,
    target: JsonObject,
    field: str,
    where: Location,
    log: Log,
    inside: str = "",
) -> None:
    """``holder[key]`` moves, as written, to ``target[field]`` (``where`` locates ``key``;
    ``inside`` names ``target`` for people, e.g. ``"mlm:input → 0 → "``). The value is not
    checked here: the validation of the result says if MLM rejects it."""
    if key in holder and field in target:
        log.removed(
            (*where, key),
            holder.pop(key),
            f"{field} is given too ({json_text(target[field])}): a person says which is right",
        )
    elif key in holder:
        target[field] = holder.pop(key)
        log.changed((*where, key), f"→ {inside}{field} ({json_text(target[field])})")


def require_item_fields(document: JsonObject, what: str, log: Log) -> None:
    """What an MLM Item requires and the predecessor never said: a person writes it."""
    properties = item_properties(document)
    if properties is None:
        return
    for field, means in (
        ("mlm:name", "the model's name"),
        ("mlm:input", "what the model takes (bands, shape, dimension order, data type)"),
        ("mlm:output", "what the model gives (tasks, shape, dimension order, data type)"),
    ):
        if field not in properties:
            log.needs_human(
                ("properties", field),
                f"required by MLM, and {what} does not give {means}: a person writes it",
            )
    if not model_assets_of(document):
        log.needs_human(
            ("assets",),
            f"no asset has the mlm:model role, which MLM requires, and {what} does not say "
            "which file is the model: a person gives that asset the role (and, since v1.4.0, "
            "its mlm:artifact_type)",
        )
