r"""STAC core, exactly as the official core schemas decide: Items and Collections of STAC
v1.0.0 and v1.1.0.

The rules of ``item-spec/json-schema/item.json`` and ``collection-spec/json-schema/collection.json``
of both versions, with everything they ``$ref`` (the common metadata files, the GeoJSON
``Feature.json`` and ``Geometry.json``, and for summaries the draft-07 meta-schema), written

* as Python functions on RAW JSON documents (:func:`item_core_violations`,
  :func:`collection_core_violations`): one function per schema definition, each naming the
  file and definition it restores. They never raise, run in time linear in the size of the
  document, and report every violation at the deepest useful JSON path;
* as one JSON Schema (draft 2020-12) per kind of document (:func:`core_rules_schema`), for the
  exported schemas to ``allOf`` in.

What the schemas assert, and only that: GeoJSON rings need not be closed, positions need no
more than two numbers, bounding boxes and intervals are not ordered. Formats: ``date-time`` is
asserted as the project's oracle asserts it (``jsonschema`` runs ``rfc3339-validator`` on the
upper-cased text) together with the schemas' ECMA-262 pattern ``(\+00:00|Z)$``. The formats
``iri`` and ``iri-reference`` (hrefs, URLs, extension URIs) and the ``uri``,
``uri-reference`` and ``regex`` formats of the draft-07 meta-schema are NOT asserted: the
oracle does not assert them either.

A ``stac_version`` other than ``"1.0.0"`` or ``"1.1.0"`` has no core schema, so it is one
violation; the document is then still checked against the rules of v1.0.0, which are exactly
the rules the two versions share (v1.1.0 only adds rules).
"""

from stac_mlm._stac_core.collection import collection_core_violations
from stac_mlm._stac_core.item import item_core_violations, item_properties_core_violations
from stac_mlm._stac_core.schema import core_rules_schema
from stac_mlm._stac_core.versions import STAC_VERSIONS

__all__ = [
    "STAC_VERSIONS",
    "collection_core_violations",
    "core_rules_schema",
    "item_core_violations",
    "item_properties_core_violations",
]
