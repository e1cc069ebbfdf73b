"""``MLMItem``: a STAC Item that uses the MLM extension, checked against every rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from stac_mlm._base import MLM_CONFIG, JsonSchema, add_rule
from stac_mlm._document import ItemRule, ReleaseItem
from stac_mlm._item_rules import ITEM_RULES, item_rules_schema
from stac_mlm.assets import MLMAsset
from stac_mlm.properties import MLMItemProperties

__all__ = ["MLMItem"]


class MLMItem(ReleaseItem):
    """A STAC Item describing a machine learning model with the MLM extension (v1.5.2).

    Read one with ``MLMItem.model_validate(document)`` or ``model_validate_json(text)``;
    write it back with ``model_dump(mode="json")``: the document comes back as it was
    read, other extensions' fields and unknown keys included.

    Built in Python, ``MLMItem(id=..., geometry=..., bbox=..., properties=..., assets=...)``
    fills in ``type``, ``stac_version``, ``links`` and the MLM schema URI in
    ``stac_extensions``: an MLM Item declares MLM by being built as one.
    """

    model_config = MLM_CONFIG

    if TYPE_CHECKING:  # built by MLMDocument.__init__, which fills in type, links, extensions

        def __init__(self, /, **data: Any) -> None: ...

    item_rules: ClassVar[tuple[ItemRule, ...]] = ITEM_RULES

    # Narrowed from stac-pydantic's types (pydantic re-declares fields in subclasses).
    properties: MLMItemProperties
    assets: dict[str, MLMAsset]  # type: ignore[assignment]

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        for rule in item_rules_schema():
            add_rule(schema, rule)
