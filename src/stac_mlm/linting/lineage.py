"""Lineage lint rules (codes ``LIN0xx``): how a product of a model refers to it.

The MLM README ("Relation Types") and best practices ("Processing Extension") say a product
links to its model with ``derived_from`` (carrying the model's ``mlm:name``) and marks the
assets the model produced with a ``processing:expression`` of format ``stac-mlm`` whose
expression is the model's href. :mod:`stac_mlm.lineage` reads those references; these rules
check that they agree with each other (``LIN001``–``LIN004``, on the document alone) and,
when lint is given the document's ``path``, that they resolve on disk, offline
(``LIN005``–``LIN007``; a remote href is never fetched and gives no finding).

Already checked elsewhere, not repeated here: ``processing:level "L4"`` on a product's
asset (``BP003``) and on its link to the model (``BP004``), and the processing extension
declared when a ``processing:`` field is used (``BP005``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from stac_mlm._errors import format_location, render
from stac_mlm._spec import declared_versions
from stac_mlm.lineage import Reference, Resolution, Status, check_lineage, references, resolve
from stac_mlm.linting._read import Document
from stac_mlm.linting._registry import Hit, rule
from stac_mlm.linting.best_practices import model_links

_RELATION = "MLM README: Relation Types"
_PROCESSING = "MLM best practices: Processing Extension"


def _key(href: Any) -> str | None:
    """``href`` as compared with another: a relative path normalized (``./m.json`` is
    ``m.json``), a URL as written; ``None`` for what is not a non-empty string."""
    if not isinstance(href, str) or not href.strip():
        return None
    try:
        scheme = urlsplit(href).scheme
    except ValueError:  # "http://[bad": compared as written
        return href
    return href if len(scheme) > 1 else posixpath.normpath(href)


def _expressions(document: Document) -> list[Reference]:
    """The assets' (and item assets') ``stac-mlm`` expressions."""
    return [found for found in references(document.raw) if not found.is_link]


def _derived_from(document: Document) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    for where, link in document.links():
        if link.get("rel") == "derived_from":
            yield where, link


@rule(
    "LIN001",
    "warning",
    _RELATION,
    "an asset's stac-mlm processing:expression names a model no derived_from link leads to",
)
def expression_without_link(document: Document) -> Iterator[Hit]:
    linked = {_key(link.get("href")) for _, link in _derived_from(document)}
    for expression in _expressions(document):
        key = _key(expression.href)
        if key is not None and key not in linked:
            yield Hit(
                expression.href_location,
                "no derived_from link leads to the model this asset comes from: the product "
                'should link to it too (rel "derived_from", the model\'s mlm:name, '
                'processing:level "L4")',
                expression.href,
            )


@rule(
    "LIN002",
    "warning",
    _PROCESSING,
    "a product links to its model (derived_from with mlm:name) but no asset names the model "
    "in a stac-mlm processing:expression",
)
def link_without_expression(document: Document) -> Iterator[Hit]:
    # An MLM document linking to a model is a model derived from another (its assets are
    # weights, not outputs of inference); a document with no asset has nothing to mark.
    if declared_versions(document.raw) or not _has_assets(document):
        return
    expressed = {_key(expression.href) for expression in _expressions(document)}
    for where, link in model_links(document):
        key = _key(link.get("href"))
        if key is not None and key not in expressed:
            yield Hit(  # no value: the finding is about an expression that is absent
                where,
                "no asset says it is the output of the model this link leads to "
                f"({render(link.get('href'))}): give the assets it produced processing:level "
                '"L4" and processing:expression {"format": "stac-mlm", "expression": <the '
                "model's href>}",
            )


def _has_assets(document: Document) -> bool:
    return any(
        isinstance(document.raw.get(place), dict) and document.raw[place]
        for place in ("assets", "item_assets")
    )


@rule(
    "LIN003",
    "warning",
    _PROCESSING,
    "a stac-mlm processing:expression's expression is not an href (a non-empty string)",
)
def expression_not_href(document: Document) -> Iterator[Hit]:
    for expression in _expressions(document):
        if _key(expression.href) is None:
            yield Hit(
                expression.href_location,
                "the expression of format stac-mlm is the href of the model's MLM Item or "
                "Collection (the processing schema lets it be anything)",
                expression.href,
            )


@rule(
    "LIN004",
    "warning",
    _RELATION,
    "an asset's stac-mlm expression and the derived_from link to the same model give "
    "different mlm:name values",
)
def names_disagree(document: Document) -> Iterator[Hit]:
    named: dict[str, list[tuple[tuple[str | int, ...], Any]]] = {}
    for where, link in model_links(document):
        key = _key(link.get("href"))
        if key is not None:
            named.setdefault(key, []).append((where, link["mlm:name"]))
    for expression in _expressions(document):
        links = named.get(_key(expression.href) or "", [])
        name = expression.mlm_name
        if name is None or not links or name in [value for _, value in links]:
            continue
        where, value = links[0]
        yield Hit(
            expression.name_location,
            f"the derived_from link to the same model ({format_location(where)}) names "
            f"{render(value)}: one model has one mlm:name",
            name,
        )


def _resolutions(document: Document) -> list[Resolution]:
    """Every model reference resolved from the document's file (once per lint run)."""
    if document.path is None:
        return []
    if "lineage" not in document.memo:
        files = document.memo.setdefault("files", {})
        document.memo["lineage"] = check_lineage(document.raw, document.path, cache=files)
    found: list[Resolution] = document.memo["lineage"]
    return found


def _findings(document: Document, at_name: bool) -> Iterator[Hit]:
    for resolution in _resolutions(document):
        reference = resolution.reference
        if _key(reference.href) is None:
            continue  # LIN003 says it of an expression; a link's href is STAC's to check
        for finding in resolution.findings:
            if (finding.location == reference.name_location) == at_name:
                yield Hit(finding.location, finding.message, finding.value)


@rule(
    "LIN005",
    "warning",
    _RELATION,
    "a reference to a model leads to no MLM document on disk (missing, unreadable, not "
    "MLM); needs the path",
)
def target_not_model(document: Document) -> Iterator[Hit]:
    yield from _findings(document, at_name=False)


@rule(
    "LIN006",
    "warning",
    _RELATION,
    "a reference's mlm:name is not the one its MLM document on disk declares; needs the path",
)
def target_names_another(document: Document) -> Iterator[Hit]:
    yield from _findings(document, at_name=True)


@rule(
    "LIN007",
    "warning",
    _RELATION,
    "a derived_from link without mlm:name leads to an MLM document on disk; needs the path",
)
def link_to_model_unnamed(document: Document) -> Iterator[Hit]:
    if document.path is None:
        return
    files = document.memo.setdefault("files", {})
    for where, link in _derived_from(document):
        href = link.get("href")
        if "mlm:name" in link or _key(href) is None:
            continue
        found = resolve(Reference(where, href, None, False), document.path, cache=files)
        if found.status is Status.RESOLVED:
            names = found.names
            said = render(names[0]) if len(names) == 1 else f"one of {render(list(names))}"
            yield Hit(
                where,
                "the link leads to an MLM document: give it the mlm:name of the model "
                f"({said if names else 'the target lists none'}), so that it reads as a "
                "reference to a model, not to input data",
            )
