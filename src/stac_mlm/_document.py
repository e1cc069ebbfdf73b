"""What MLM documents of every release share: declaring MLM, being built in Python, the
Item-wide rules of a release and of STAC core, assets with roles, numbers and datetimes
written back as read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import MISSING, ConfigDict, Field, StrictFloat, StrictInt, StrictStr
from stac_pydantic.item import Item, ItemProperties
from stac_pydantic.shared import Asset
from stac_pydantic.version import STAC_VERSION

from stac_mlm import _verdict
from stac_mlm._base import MLM_CONFIG, Checked, MLMBaseModel
from stac_mlm._datetime import StacDatetime
from stac_mlm._errors import RuleViolation
from stac_mlm._item_rules import ItemRule, extension_declared
from stac_mlm._spec import MLM_SCHEMA_URI, MLM_VERSION, published_versions, unpublished
from stac_mlm._stac_core import item_core_violations, item_properties_core_violations
from stac_mlm.links import MLMLinks

__all__ = ["ItemRule", "JsonNumber", "MLMDocument", "ReleaseAsset", "ReleaseItem"]

#: A JSON number exactly as written: ``1`` stays ``1``, ``1.0`` stays ``1.0``, never a bool.
JsonNumber = StrictInt | StrictFloat

ASSET_CONFIG = ConfigDict(**MLM_CONFIG, use_enum_values=True)  # as stac-pydantic's Asset

#: Added to the configuration of a base that is only ever validated through the classes
#: built on it, which repeat ``MLM_CONFIG`` or ``ASSET_CONFIG`` and so are built when
#: defined: building the base too would cost import time for nothing (it is built on first
#: use, should anyone validate it).
BASE_ONLY = ConfigDict(defer_build=True)


class MLMDocument(Checked):
    """A STAC document that declares the MLM extension.

    Built in Python, it fills in ``type``, ``stac_version``, ``links`` and the MLM schema
    URI in ``stac_extensions``: an MLM document declares MLM by being built as one. Read
    from JSON, nothing is filled in and a missing declaration is an error.
    """

    model_config = MLM_CONFIG | BASE_ONLY

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
        data.setdefault("stac_version", STAC_VERSION)
        data.setdefault("links", [])
        extensions = list(data.get("stac_extensions") or [])
        if self.mlm_schema_uri not in extensions:
            extensions.append(self.mlm_schema_uri)
        data["stac_extensions"] = extensions
        super().__init__(**data)

    # Tell pydantic this is not a custom __init__: validation must never go through it.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    checks_stac_core: ClassVar[bool] = True

    #: What the document is, for people: ``Item`` or ``Collection``.
    document_kind: ClassVar[str] = "document"

    @classmethod
    def error_title(cls) -> str:
        return f"MLM v{cls.mlm_version} {cls.document_kind}"

    @classmethod
    def document_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        """The rules of the MLM release over the whole document (its rule-only definitions)."""
        return extension_declared(cls, raw)

    @classmethod
    def core_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        """STAC core's rules, for the document's ``stac_version``."""
        return []

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        violations = [*super().object_rules(raw), *cls.document_rules(raw)]
        if not _verdict.secondary():  # the release that reads the document checks these
            violations += [*cls.core_rules(raw), *unpublished_beside(raw)]
        return violations

    @classmethod
    def other_releases(cls, raw: dict[str, Any]) -> list[type[MLMBaseModel]]:
        """The models of the other MLM releases ``raw`` declares: it must satisfy them too."""
        versions = [
            version
            for version in dict.fromkeys(published_versions(raw))
            if version != cls.mlm_version
        ]
        if not versions:
            return []
        from stac_mlm.releases import collection_model, item_model

        model = collection_model if cls.document_kind == "Collection" else item_model
        return [model(version) for version in versions]


def unpublished_beside(raw: dict[str, Any]) -> list[RuleViolation]:
    """An MLM schema URI that was never published, in a document that declares a published
    release: no schema can check the document against it (a document declaring no published
    release is refused before any model reads it, ``releases.load``)."""
    return [
        RuleViolation(
            ("stac_extensions", uri.index),
            "mlm_release_unknown",
            f"'{uri.uri}' is not a published MLM schema URI ({uri.why}): remove it, the "
            "document declares a published release",
        )
        for uri in unpublished(raw)
    ]


class StacItemProperties(Checked, ItemProperties):
    """STAC Item ``properties`` whose datetimes and numbers are written back exactly as read.

    STAC core's rules on them (UTC datetimes, ``datetime`` or a start/end range, ``gsd``
    above 0, ``license``, ``providers``…) are checked by the properties themselves as both
    STAC versions state them, and by the Item as the core schema of its ``stac_version``
    does (v1.1.0 adds rules: a non-empty ``description``, ``bands``…); stac-pydantic's own
    checks, stricter or looser, are not applied.
    """

    model_config = MLM_CONFIG | BASE_ONLY

    @classmethod
    def object_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        # Properties do not know the stac_version of the Item holding them (nor keep a
        # reference to it: an object may be moved, copied, held by two Items): read alone or
        # assigned a field (``props.datetime = ...``), they check the rules both versions
        # share, refusing what any Item would. Inside an Item, the Item checks them by the
        # rules of its stac_version.
        if _verdict.document_pass():
            return super().object_rules(raw)
        return [*super().object_rules(raw), *item_properties_core_violations(raw)]

    datetime: StacDatetime | None = Field(...)
    created: StacDatetime | None = None
    updated: StacDatetime | None = None
    start_datetime: StacDatetime | None = None
    end_datetime: StacDatetime | None = None
    gsd: JsonNumber | None = None

    # stac-pydantic's datetime checks are replaced by STAC core's (``_stac_core``).
    def validate_datetime_or_start_end(self) -> StacItemProperties:  # type: ignore[override]
        return self

    def validate_start_end(self) -> StacItemProperties:  # type: ignore[override]
        return self


class ReleaseAsset(Asset):
    """A STAC Asset of an MLM document; each release adds its MLM asset fields."""

    model_config = ASSET_CONFIG | BASE_ONLY

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
    document_kind: ClassVar[str] = "Item"

    links: MLMLinks
    # GeoJSON as written: the numbers keep their JSON type (geojson-pydantic would make
    # every coordinate a float) and a geometry's own members are kept. STAC core's rules
    # on both are checked by the Item.
    geometry: Annotated[
        dict[str, Any] | None,
        Field(description="The footprint of the assets: a GeoJSON geometry, or null."),
    ]
    # numbers as written, not tuples of floats
    bbox: Annotated[
        list[JsonNumber] | MISSING,
        Field(description="Bounding box of the geometry: 4 or 6 numbers."),
    ] = MISSING  # type: ignore[assignment]

    # stac-pydantic's and geojson-pydantic's checks of bbox and geometry (a shared name)
    # are replaced by STAC core's.
    @classmethod
    def validate_bbox(cls, value: Any, *_: Any) -> Any:  # type: ignore[override]
        return value

    @classmethod
    def set_geometry(cls, value: Any, *_: Any) -> Any:
        return value

    @classmethod
    def document_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return [violation for rule in cls.item_rules for violation in rule(cls, raw)]

    @classmethod
    def core_rules(cls, raw: dict[str, Any]) -> list[RuleViolation]:
        return item_core_violations(raw)
