"""``MLMCollection``: a STAC Collection of MLM Items, with typed MLM summaries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Final

from pydantic import MISSING, Field

from stac_mlm._base import MLM_CONFIG, JsonSchema, add_rule
from stac_mlm._document import ASSET_CONFIG
from stac_mlm._generated.v1_5_2 import AssetFields
from stac_mlm._item_rules import item_rules_schema
from stac_mlm.aggregate import ItemLike, SummaryAccumulator
from stac_mlm.assets import ItemOnlyFieldsForbidden, MLMAsset
from stac_mlm.releases._models import ReleaseCollection
from stac_mlm.summaries import MLMSummaries

__all__ = ["ITEM_ASSETS_SCHEMA_URI", "MLMCollection", "MLMItemAsset"]

#: The item-assets extension (STAC 1.0), declared when ``item_assets`` is written.
ITEM_ASSETS_SCHEMA_URI: Final = "https://stac-extensions.github.io/item-assets/v1.0.0/schema.json"


# Here, not in stac_mlm.assets: only Collections use it, and reading Items does not build it.
class MLMItemAsset(ItemOnlyFieldsForbidden, AssetFields):
    """An asset definition of a Collection's ``item_assets`` (item-assets extension).

    It describes what the assets under the same key in the Collection's Items have in
    common, so it has no ``href``; the MLM asset fields apply as on assets. Its other
    fields (``title``, ``type``, ``roles``…) are kept as written: the item-assets extension
    is not checked here, and STAC 1.1.0 core, which took it in, checks them (Collections
    of ``stac_version`` 1.0.0 leave them unchecked, as the official schemas do).
    """

    model_config = ASSET_CONFIG


class MLMCollection(ReleaseCollection):
    """A STAC Collection that declares the MLM extension (v1.5.2).

    MLM fields are typed in ``summaries`` (see :class:`~stac_mlm.summaries.MLMSummaries`),
    in Collection ``assets`` (asset-level fields, as on Item assets) and in ``item_assets``
    definitions. Everything else is kept as it was read.
    """

    model_config = MLM_CONFIG

    if TYPE_CHECKING:  # built by MLMDocument.__init__, which fills in type, links, extensions

        def __init__(self, /, **data: Any) -> None: ...

    summaries: MLMSummaries | None = None  # type: ignore[assignment]
    assets: dict[str, MLMAsset] | None = None  # type: ignore[assignment]
    item_assets: Annotated[
        dict[str, MLMItemAsset] | MISSING,
        Field(description="What the assets under each key in the Items have in common."),
    ] = MISSING

    @classmethod
    def json_schema_rules(cls, schema: JsonSchema) -> None:
        super().json_schema_rules(schema)
        add_rule(schema, item_rules_schema()[0])  # declares MLM

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
        Collection field (``title``, ``links``, ``providers``…). Raises ``ValueError`` when
        ``items`` is empty and no ``extent`` is given (see :meth:`from_accumulator`).
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
        """A Collection from a (possibly merged) :class:`SummaryAccumulator`.

        Raises ``ValueError`` when the accumulator holds no Item and no ``extent`` is given:
        a Collection must state its extent, and nothing here says what it is.
        """
        if not accumulator.count and "extent" not in fields:
            raise ValueError(
                "no Items were summarized: a Collection's extent cannot be computed from "
                "none (give extent=... to build it anyway)"
            )
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
