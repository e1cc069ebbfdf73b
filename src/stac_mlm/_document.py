"""What MLM documents of every release share: declaring MLM, being built in Python, the
Item-wide rules of a release, assets with roles, datetimes written back as read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import MISSING, ConfigDict, Field, StrictStr, model_validator
from stac_pydantic.item import Item, ItemProperties
from stac_pydantic.shared import Asset
from stac_pydantic.version import STAC_VERSION

from stac_mlm._base import MLM_CONFIG, MLMBaseModel
from stac_mlm._datetime import StacDatetime
from stac_mlm._errors import RuleViolation, raise_violations
from stac_mlm._spec import MLM_SCHEMA_URI, MLM_VERSION
from stac_mlm.links import MLMLinks

#: An Item-wide rule: the violations it finds in a validated Item.
ItemRule = Callable[[Any], list[RuleViolation]]

ASSET_CONFIG = ConfigDict(**MLM_CONFIG, use_enum_values=True)  # as stac-pydantic's Asset


class MLMDocument(MLMBaseModel):
    """A STAC document that declares the MLM extension.

    Built in Python, it fills in ``type``, ``stac_version``, ``links`` and the MLM schema
    URI in ``stac_extensions``: an MLM document declares MLM by being built as one. Read
    from JSON, nothing is filled in and a missing declaration is an error.
    """

    model_config = MLM_CONFIG

    #: The MLM release of the model, and the schema URI it checks for (and fills in when
    #: built in Python).
    mlm_version: ClassVar[str] = MLM_VERSION
    mlm_schema_uri: ClassVar[str] = MLM_SCHEMA_URI

    # Narrowed from stac-pydantic's ``list[AnyUrl] | None``: each URI is kept exactly as
    # written (no URL normalisation), and an absent list stays absent.
    stac_extensions: Annotated[
        list[StrictStr] | MISSING,
        Field(description="Schema URIs of the extensions used; lists the MLM schema URI."),
    ] = MISSING

    def __init__(self, /, **data: Any) -> None:
        __tracebackhide__ = True
        data.setdefault("type", type(self).model_fields["type"].annotation.__args__[0])  # type: ignore[union-attr]
        data.setdefault("stac_version", STAC_VERSION)
        data.setdefault("links", [])
        extensions = list(data.get("stac_extensions") or [])
        if self.mlm_schema_uri not in extensions:
            extensions.append(self.mlm_schema_uri)
        data["stac_extensions"] = extensions
        super().__init__(**data)

    # Tell pydantic this is not a custom __init__: validation must never go through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


class StacItemProperties(ItemProperties):
    """STAC Item ``properties`` whose datetimes are written back exactly as read."""

    model_config = MLM_CONFIG

    datetime: StacDatetime | None = Field(...)
    created: StacDatetime | None = None
    updated: StacDatetime | None = None
    start_datetime: StacDatetime | None = None
    end_datetime: StacDatetime | None = None


class ReleaseAsset(Asset):
    """A STAC Asset of an MLM document; each release adds its MLM asset fields."""

    model_config = ASSET_CONFIG

    def has_role(self, role: str) -> bool:
        """Whether ``roles`` lists ``role`` (``"mlm:model"``, ``"code"``…)."""
        return isinstance(self.roles, list) and role in self.roles


class ReleaseItem(MLMDocument, Item):
    """An MLM Item of one release: ``mlm_schema_uri`` and ``item_rules`` say which."""

    model_config = MLM_CONFIG

    if TYPE_CHECKING:  # built by MLMDocument.__init__, which fills in type, links, extensions

        def __init__(self, /, **data: Any) -> None: ...

    #: The Item-wide rules of the release's schema (its rule-only definitions).
    item_rules: ClassVar[Sequence[ItemRule]] = ()
    links: MLMLinks

    @model_validator(mode="after")
    def _check_item_rules(self) -> ReleaseItem:
        raise_violations(
            type(self).__name__,
            [violation for rule in self.item_rules for violation in rule(self)],
        )
        return self
