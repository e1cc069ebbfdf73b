"""Links, with the ``derived_from`` relation and its recommended ``mlm:name``."""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import MISSING, ConfigDict, Field, JsonValue
from stac_pydantic.links import Link, Links

from stac_mlm._base import MLM_CONFIG, MLMBaseModel, MLMModelMetaclass

__all__ = ["DERIVED_FROM", "MLMLink", "MLMLinks"]

#: Relation of a link to a STAC Collection or Item that uses MLM.
DERIVED_FROM: Final = "derived_from"


class MLMLink(MLMBaseModel, Link):
    """A STAC Link; on a ``derived_from`` link, ``mlm:name`` names the referenced model."""

    model_config = ConfigDict(**MLM_CONFIG, use_enum_values=True)  # as stac-pydantic's Link

    # The official schema does not validate links at all, so any JSON value is accepted.
    mlm_name: Annotated[
        JsonValue | MISSING,
        Field(
            alias="mlm:name",
            description=(
                "On a 'derived_from' link: the mlm:name of the referenced model "
                "(recommended by the MLM specification)."
            ),
        ),
    ] = MISSING

    @classmethod
    def derived_from(cls, href: str, mlm_name: str, **fields: Any) -> MLMLink:
        """A ``derived_from`` link to the STAC Item or Collection of the model ``mlm_name``."""
        return cls(href=href, rel=DERIVED_FROM, mlm_name=mlm_name, **fields)


# Built as the MLM models are (the links it holds are checked by the document's pass).
# RootModel declares a metaclass of its own to type checkers only; at run time it is
# pydantic's, of which ours is a subclass.
class MLMLinks(Links, metaclass=MLMModelMetaclass):  # type: ignore[metaclass,no-untyped-call]
    """The ``links`` array of an MLM document."""

    root: list[MLMLink]  # type: ignore[assignment]  # narrowed from list[Link]
