"""pystac interop: an MLM model as a ``pystac.Item``/``pystac.Collection`` and back, exactly.

Needs the ``pystac`` extra (``pip install "stac-mlm[pystac]"``)::

    from stac_mlm.pystac import from_pystac, to_pystac

    item = to_pystac(mlm_item)  # a pystac.Item holding exactly the document
    ...  # anything pystac does: extensions, catalogs, I/O
    again = from_pystac(item)  # checked again, in the MLM release the Item declares

* :func:`to_pystac` turns any MLM model (``MLMItem``, ``MLMCollection``, or a model of an
  older release from ``stac_mlm.releases``) into the pystac object of its kind.
* :func:`from_pystac` reads a pystac object in the release it declares, as
  ``stac_mlm.load`` reads a document (why: a pystac object may hold any release, and the
  round trip must give back the model it came from, not a migrated one); pass ``model``
  (``from_pystac(item, MLMItem)``) to read it as one model, typed as that model.

Nothing lost, nothing invented: ``from_pystac(to_pystac(x)).model_dump(mode="json")`` is
``x``'s document, type for type, for every document the models accept. pystac changes
documents when left to its defaults; here is what each change is and what is done:

* It migrates documents to the newest STAC and extension versions (``migrate=True``):
  :func:`to_pystac` never migrates. An object you read with pystac yourself
  (``pystac.Item.from_file``) is migrated unless you pass ``migrate=False``;
  :func:`from_pystac` then reads what pystac holds.
* It writes its own STAC version into every document, whatever was read
  (stac-utils/pystac#1562): the document's ``stac_version`` is kept in the object's
  ``extra_fields``, which pystac writes last, so ``to_dict()`` gives it back (and pystac's
  ``validate()`` uses the schemas of that version).
* It resolves a relative ``self`` link against the working directory and turns
  backslashes of hrefs into slashes: each link's ``target`` and each asset's ``href`` are
  set back to the text written, through their public attributes.
* It holds datetimes as Python datetimes and writes them in its own format
  (``.000Z`` → ``Z``, ``+00:00`` → ``Z``, ``.5`` → ``.500000``, digits past the
  microsecond dropped): ``item.datetime`` and the temporal extent hold datetimes that keep
  the text they were read from, and :func:`from_pystac` writes that text. ``to_dict()``
  still writes pystac's format: the same instant, the text may differ. A datetime set
  anew in pystac is written in pystac's format.
* It leaves out an empty ``keywords``, ``providers``, ``assets`` or ``summaries`` of a
  Collection: kept in ``extra_fields`` (pystac writes the field again once it is not empty).
* It reads any summary object with a ``minimum`` as a range (dropping its other keys, and
  failing without a ``maximum``) and leaves out lists of 25 values or more: summaries are
  sorted by their shape (``{minimum, maximum}`` ranges, other objects as JSON Schemas,
  lists), and ``maxcount`` is raised above the longest list.
* A Collection gets a ``root`` link to itself, written once it has a self href: a
  Collection whose document has no ``root`` link keeps none.
* JSON objects are unordered: pystac writes keys in its own order (arrays keep theirs).

:func:`from_pystac` reads ``obj.to_dict(include_self_link=True, transform_hrefs=False)``:
hrefs as pystac holds them (pystac's ``transform_hrefs`` would resolve the root catalog,
reading it). pystac's own ``MLMExtension`` (pystac-ext-mlm 1.4.1) works on the result for
MLM v1.4.0 to v1.5.2 (it recognises every ``stac-extensions.github.io/mlm`` schema URI),
with the limits stated in the README; v1.0.0 to v1.3.0 (``crim-ca.github.io`` URIs) it
does not recognise.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar, overload

from stac_mlm._datetime import WrittenDatetime, written_text
from stac_mlm._document import MLMDocument, ReleaseItem
from stac_mlm._errors import RuleViolation, violations_error
from stac_mlm.releases import load
from stac_mlm.releases._models import ReleaseCollection

try:
    import pystac
    from pystac.summaries import DEFAULT_MAXCOUNT, RangeSummary, Summaries
    from pystac.utils import datetime_to_str
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError('stac_mlm.pystac needs pystac: pip install "stac-mlm[pystac]"') from error

__all__ = ["from_pystac", "to_pystac"]

Document = TypeVar("Document", bound=MLMDocument)

#: Collection fields pystac leaves out when empty.
_LEFT_OUT_WHEN_EMPTY = ("keywords", "providers", "assets", "summaries")


def _written(value: datetime | None, text: str | None) -> datetime | None:
    """``value`` remembering ``text``, the way it was written in the document."""
    if value is None or text is None:
        return None
    return WrittenDatetime.read(value, text)


def _keep_hrefs(obj: pystac.Item | pystac.Collection, data: dict[str, Any]) -> None:
    """Links and assets with their hrefs as written (pystac rewrites some, see above)."""
    for link, written in zip(obj.links, data["links"], strict=True):
        link.target = written["href"]
    for key, asset in obj.assets.items():
        asset.href = data["assets"][key]["href"]


def _item(document: ReleaseItem) -> pystac.Item:
    data = document.model_dump(mode="json")
    properties = data["properties"]
    written = _written(document.properties.datetime, properties.get("datetime"))
    if written is not None:  # pystac parses the text: give it its own format of the value
        properties["datetime"] = datetime_to_str(written)
    item = pystac.Item.from_dict(data, migrate=False, preserve_dict=False)
    item.datetime = written
    item.extra_fields["stac_version"] = data["stac_version"]
    _keep_hrefs(item, data)
    return item


def _summaries(raw: dict[str, Any]) -> Summaries:
    """pystac summaries holding ``raw`` exactly (``Summaries(raw)`` would not, see above)."""
    longest = max((len(value) for value in raw.values() if isinstance(value, list)), default=0)
    summaries = Summaries({}, maxcount=max(DEFAULT_MAXCOUNT, longest + 1))
    for key, value in raw.items():
        if isinstance(value, list):
            summaries.lists[key] = value
        elif isinstance(value, dict) and value.keys() == {"minimum", "maximum"}:
            summaries.ranges[key] = RangeSummary(value["minimum"], value["maximum"])
        elif isinstance(value, dict):
            summaries.schemas[key] = value
        else:  # pragma: no cover - STAC core allows no other summary (the model checks it)
            summaries.other[key] = value
    return summaries


def _collection(document: ReleaseCollection) -> pystac.Collection:
    data = document.model_dump(mode="json")
    written = data["extent"]["temporal"]["interval"]
    intervals = [
        [_written(value, text) for value, text in zip(values, texts, strict=True)]
        for values, texts in zip(document.extent.temporal.interval, written, strict=True)
    ]
    # pystac parses the texts: give it its own format of the values.
    data["extent"]["temporal"]["interval"] = [
        [None if value is None else datetime_to_str(value) for value in interval]
        for interval in intervals
    ]
    # Without the summaries: pystac would sort them its own way (see _summaries).
    others = {key: value for key, value in data.items() if key != "summaries"}
    collection = pystac.Collection.from_dict(others, migrate=False, preserve_dict=False)
    collection.extent.temporal.intervals = intervals
    if "summaries" in data:
        collection.summaries = _summaries(data["summaries"])
    if not any(link["rel"] == pystac.RelType.ROOT for link in data["links"]):
        collection.remove_links(pystac.RelType.ROOT)  # the one pystac adds
    collection.extra_fields["stac_version"] = data["stac_version"]
    for key in _LEFT_OUT_WHEN_EMPTY:
        if key in data and not data[key]:
            collection.extra_fields[key] = data[key]
    _keep_hrefs(collection, data)
    return collection


def _not_a(what: str, given: Any) -> Exception:
    message = f"{what}, not {type(given).__name__}; stac_mlm.load reads a JSON document"
    return violations_error("MLM document", [RuleViolation((), "mlm_document_type", message)])


@overload
def to_pystac(document: ReleaseItem) -> pystac.Item: ...
@overload
def to_pystac(document: ReleaseCollection) -> pystac.Collection: ...
@overload
def to_pystac(document: MLMDocument) -> pystac.Item | pystac.Collection: ...
def to_pystac(document: MLMDocument) -> pystac.Item | pystac.Collection:
    """The ``pystac.Item`` (or ``pystac.Collection``) holding exactly ``document``.

    ``document``: an MLM Item or Collection model of any release (``MLMItem``,
    ``MLMCollection``, ``stac_mlm.releases.v1_2_0.MLMItem``…). The pystac object is new and
    shares nothing with the model. Raises a ``pydantic.ValidationError`` (location: the
    document) for anything else, e.g. a ``dict``: read it with ``stac_mlm.load`` first.
    """
    if isinstance(document, ReleaseItem):
        return _item(document)
    if isinstance(document, ReleaseCollection):
        return _collection(document)
    raise _not_a("to_pystac writes an MLM Item or Collection model", document)


def _document(obj: pystac.Item | pystac.Collection) -> dict[str, Any]:
    """The document ``obj`` holds, with the datetimes as they were written."""
    # A copy: to_dict shares the object's dicts, and the model must not share them.
    document = copy.deepcopy(obj.to_dict(include_self_link=True, transform_hrefs=False))
    if isinstance(obj, pystac.Item):
        text = written_text(obj.datetime)
        if text is not None:
            document["properties"]["datetime"] = text
        return document
    intervals: Sequence[Sequence[datetime | None]] = obj.extent.temporal.intervals
    written = document["extent"]["temporal"]["interval"]
    for interval, texts in zip(intervals, written, strict=True):
        for index, value in enumerate(interval):
            text = written_text(value)
            if text is not None:
                texts[index] = text
    return document


@overload
def from_pystac(obj: pystac.Item | pystac.Collection) -> MLMDocument: ...
@overload
def from_pystac(obj: pystac.Item | pystac.Collection, model: type[Document]) -> Document: ...
def from_pystac(
    obj: pystac.Item | pystac.Collection, model: type[MLMDocument] | None = None
) -> MLMDocument:
    """The MLM model of the document a ``pystac.Item`` or ``pystac.Collection`` holds.

    Without ``model``, the document is read in the MLM release it declares, as
    ``stac_mlm.load`` reads it (``mlm_version`` on the result says which); with ``model``
    (``MLMItem``, ``stac_mlm.releases.item_model("1.4.0")``…), as that model reads it.
    Every rule is checked, as for a document read from JSON.

    Raises a ``pydantic.ValidationError`` located by the document's JSON keys
    (``properties → mlm:name``) when the document is invalid or declares no MLM release,
    and one located at the document when ``obj`` is not a pystac Item or Collection.
    Raises ``TypeError`` when ``model`` is not an MLM document model.
    """
    if not isinstance(obj, pystac.Item | pystac.Collection):
        raise _not_a("from_pystac reads a pystac.Item or pystac.Collection", obj)
    if model is not None and not (isinstance(model, type) and issubclass(model, MLMDocument)):
        raise TypeError(
            f"from_pystac(obj, model): model must be an MLM Item or Collection model "
            f"(MLMItem, MLMCollection, or one of stac_mlm.releases), not {model!r}"
        )
    document = _document(obj)
    return load(document) if model is None else model.model_validate(document)
