"""``MLMCollection``: a STAC Collection of MLM Items, with typed MLM summaries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, Final

from pydantic import MISSING, ConfigDict, Field, StrictStr, model_validator
from stac_pydantic.collection import Collection
from stac_pydantic.version import STAC_VERSION

from stac_mlm._errors import raise_violations
from stac_mlm._item_rules import extension_declared
from stac_mlm._mixins import JsonLocatedErrors
from stac_mlm._spec import MLM_SCHEMA_URI
from stac_mlm.aggregate import ItemLike, SummaryAccumulator
from stac_mlm.assets import MLMAsset, MLMItemAsset
from stac_mlm.extent import MLMExtent
from stac_mlm.links import MLMLinks
from stac_mlm.summaries import MLMSummaries

__all__ = ["ITEM_ASSETS_SCHEMA_URI", "MLMCollection"]

#: The item-assets extension (STAC 1.0), declared when ``item_assets`` is written.
ITEM_ASSETS_SCHEMA_URI: Final = "https://stac-extensions.github.io/item-assets/v1.0.0/schema.json"


class MLMCollection(JsonLocatedErrors, Collection):
    """A STAC Collection that declares the MLM extension (v1.5.2).

    MLM fields are typed in ``summaries`` (see :class:`~stac_mlm.summaries.MLMSummaries`),
    in Collection ``assets`` (asset-level fields, as on Item assets) and in ``item_assets``
    definitions. Everything else is kept as it was read.
    """

    model_config = ConfigDict(
        extra="allow", validate_by_alias=True, validate_by_name=False, serialize_by_alias=True
    )

    stac_extensions: Annotated[
        list[StrictStr] | MISSING,
        Field(description="Schema URIs of the extensions used; lists the MLM schema URI."),
    ] = MISSING  # type: ignore[assignment]
    extent: MLMExtent
    summaries: MLMSummaries | None = None  # type: ignore[assignment]
    assets: dict[str, MLMAsset] | None = None  # type: ignore[assignment]
    item_assets: Annotated[
        dict[str, MLMItemAsset] | MISSING,
        Field(description="What the assets under each key in the Items have in common."),
    ] = MISSING
    links: MLMLinks

    def __init__(self, /, **data: Any) -> None:
        __tracebackhide__ = True
        data.setdefault("type", "Collection")
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
    def _check_collection_rules(self) -> MLMCollection:
        raise_violations(type(self).__name__, extension_declared(self))
        return self

    @classmethod
    def from_items(
        cls,
        items: Iterable[ItemLike],
        *,
        id: str,
        description: str,
        license: str,
        **fields: Any,
    ) -> MLMCollection:
        """A Collection summarizing ``items`` (``MLMItem``s or dicts), in one pass.

        Summaries, ``item_assets`` and the extent come from the Items
        (:mod:`stac_mlm.aggregate` gives the rule for each field); ``fields`` adds any other
        Collection field (``title``, ``links``, ``providers``…).
        """
        return cls.from_accumulator(
            SummaryAccumulator().add_all(items),
            id=id,
            description=description,
            license=license,
            **fields,
        )

    @classmethod
    def from_accumulator(
        cls,
        accumulator: SummaryAccumulator,
        *,
        id: str,
        description: str,
        license: str,
        **fields: Any,
    ) -> MLMCollection:
        """A Collection from a (possibly merged) :class:`SummaryAccumulator`."""
        document: dict[str, Any] = {
            "id": id,
            "description": description,
            "license": license,
            "extent": accumulator.extent(),
            **fields,
        }
        summaries = {**fields.get("summaries", {}), **accumulator.summaries()}
        if summaries:
            document["summaries"] = summaries
        item_assets = accumulator.item_assets()
        if item_assets:
            document["item_assets"] = item_assets
            extensions = list(fields.get("stac_extensions", []))
            if ITEM_ASSETS_SCHEMA_URI not in extensions:
                extensions.append(ITEM_ASSETS_SCHEMA_URI)
            document["stac_extensions"] = extensions
        return cls(**document)
