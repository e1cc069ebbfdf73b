"""What the typed Items of every MLM release share; each release module adds its fields.

A release module puts its generated fields on these bases and names its Item rules
(functions of ``stac_mlm._item_rules``); nothing else differs between releases.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ConfigDict, model_validator
from stac_pydantic.collection import Collection
from stac_pydantic.item import Item
from stac_pydantic.shared import Asset

from stac_mlm._base import MLM_CONFIG, MLMBaseModel
from stac_mlm._document import MLMDocument
from stac_mlm._errors import RuleViolation, raise_violations
from stac_mlm._item_rules import extension_declared
from stac_mlm.extent import MLMExtent
from stac_mlm.links import MLMLinks

#: An Item-wide rule: the violations it finds in a validated Item.
ItemRule = Callable[[Any], list[RuleViolation]]

#: Fields every MLM Item gives in ``properties``, in every release.
REQUIRED_ITEM_FIELDS = ("mlm:name", "mlm:architecture", "mlm:tasks", "mlm:input", "mlm:output")

ASSET_CONFIG = ConfigDict(**MLM_CONFIG, use_enum_values=True)  # as stac-pydantic's Asset


class RequiredItemFields(MLMBaseModel):
    """v1.0-v1.3 require the model's fields in the Item, not in their ``fields`` definition."""

    @model_validator(mode="after")
    def _check_required_fields(self) -> RequiredItemFields:
        given = set(self.present_fields(REQUIRED_ITEM_FIELDS))
        raise_violations(
            type(self).__name__,
            [
                RuleViolation((alias,), "missing", f"Field required: an MLM Item gives {alias}")
                for alias in REQUIRED_ITEM_FIELDS
                if alias not in given
            ],
        )
        return self


class ReleaseAsset(Asset):
    """A STAC Asset of an MLM Item; the release module adds the MLM asset fields."""

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


class ReleaseCollection(MLMDocument, Collection):
    """A STAC Collection declaring an older MLM release.

    It checks the declaration and types the assets; ``summaries`` are kept as read (the
    old schemas' summary rules contradict STAC core: migrate the Collection to type them).
    """

    model_config = MLM_CONFIG

    if TYPE_CHECKING:

        def __init__(self, /, **data: Any) -> None: ...

    extent: MLMExtent
    links: MLMLinks

    @model_validator(mode="after")
    def _check_declaration(self) -> ReleaseCollection:
        raise_violations(type(self).__name__, extension_declared(self))
        return self
