"""Release bases that reading a v1.5.2 Item does not need (so they load on first use).

The v1.0-v1.3 required fields, and the Collection base of every release
(``stac_mlm.MLMCollection`` stands on it too). A release module puts its generated fields
on these and on the bases of ``stac_mlm._document``, and names its Item rules (functions
of ``stac_mlm._item_rules``); nothing else differs between releases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field
from stac_pydantic.collection import Collection

from stac_mlm._base import MLM_CONFIG, Checked
from stac_mlm._document import MLMDocument
from stac_mlm._errors import RuleViolation
from stac_mlm._stac_core import collection_core_violations
from stac_mlm.extent import MLMExtent
from stac_mlm.links import MLMLinks

#: Fields every MLM Item gives in ``properties``, in every release.
REQUIRED_ITEM_FIELDS = ("mlm:name", "mlm:architecture", "mlm:tasks", "mlm:input", "mlm:output")


class RequiredItemFields(Checked):
    """v1.0-v1.3 require the model's fields in the Item, not in their ``fields`` definition."""

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return [
            *super().object_rules(raw),
            *(
                RuleViolation((alias,), "missing", f"Field required: an MLM Item gives {alias}")
                for alias in REQUIRED_ITEM_FIELDS
                if alias not in raw
            ),
        ]


class ReleaseCollection(MLMDocument, Collection):
    """A STAC Collection declaring an MLM release: the declaration is checked.

    A release module types the assets. Before v1.5.2, ``summaries`` are kept as read (the
    old schemas' summary rules contradict STAC core: migrate the Collection to type them);
    ``stac_mlm.MLMCollection`` types them for v1.5.2.
    """

    model_config = MLM_CONFIG

    if TYPE_CHECKING:

        def __init__(self, /, **data: Any) -> None: ...

    extent: MLMExtent
    links: MLMLinks
    # Kept as read: the old schemas' summary rules contradict STAC core (whose rules on
    # summaries are checked by the Collection).
    summaries: Annotated[
        dict[str, Any] | None,
        Field(description="Summaries of the Items' fields (STAC core)."),
    ] = None

    document_kind: ClassVar[str] = "Collection"

    @classmethod
    def core_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return collection_core_violations(raw)
