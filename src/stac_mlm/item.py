"""``MLMItem``: a STAC Item that uses the MLM extension, checked against every rule."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import MISSING, ConfigDict, Field, StrictStr, model_validator
from stac_pydantic.item import Item
from stac_pydantic.version import STAC_VERSION

from stac_mlm._errors import raise_violations
from stac_mlm._item_rules import ITEM_RULES
from stac_mlm._mixins import JsonLocatedErrors
from stac_mlm._spec import MLM_SCHEMA_URI
from stac_mlm.assets import MLMAsset
from stac_mlm.links import MLMLinks
from stac_mlm.properties import MLMItemProperties

__all__ = ["MLMItem"]


class MLMItem(JsonLocatedErrors, Item):
    """A STAC Item describing a machine learning model with the MLM extension (v1.5.2).

    Read one with ``MLMItem.model_validate(document)`` or ``model_validate_json(text)``;
    write it back with ``model_dump(mode="json")``: the document comes back as it was
    read, other extensions' fields and unknown keys included.

    Built in Python, ``MLMItem(id=..., geometry=..., bbox=..., properties=..., assets=...)``
    fills in ``type``, ``stac_version``, ``links`` and the MLM schema URI in
    ``stac_extensions``: an MLM Item declares MLM by being built as one.
    """

    model_config = ConfigDict(
        extra="allow", validate_by_alias=True, validate_by_name=False, serialize_by_alias=True
    )

    # Narrowed from stac-pydantic's types (pydantic re-declares fields in subclasses).
    # stac_extensions keeps each URI exactly as written (no URL normalisation).
    stac_extensions: Annotated[
        list[StrictStr] | MISSING,
        Field(description="Schema URIs of the extensions used; lists the MLM schema URI."),
    ] = MISSING  # type: ignore[assignment]
    properties: MLMItemProperties
    assets: dict[str, MLMAsset]  # type: ignore[assignment]
    links: MLMLinks

    def __init__(self, /, **data: Any) -> None:
        __tracebackhide__ = True
        data.setdefault("type", "Feature")
        data.setdefault("stac_version", STAC_VERSION)
        data.setdefault("links", [])
        extensions = list(data.get("stac_extensions") or [])
        if MLM_SCHEMA_URI not in extensions:
            extensions.append(MLM_SCHEMA_URI)
        data["stac_extensions"] = extensions
        self.__pydantic_validator__.validate_python(
            data, self_instance=self, by_alias=True, by_name=True
        )

    # Tell pydantic this is not a custom __init__: validation must never go through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="after")
    def _check_item_rules(self) -> MLMItem:
        raise_violations(
            type(self).__name__, [violation for rule in ITEM_RULES for violation in rule(self)]
        )
        return self
