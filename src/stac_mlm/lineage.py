"""Lineage: the products of a model point back to it, and the pointers are checked.

The MLM specification ("Relation Types"; best practices, "Processing Extension") says how a
STAC Item or Collection that a model *produced* refers to the model:

* a ``derived_from`` link to the model's MLM Item or Collection, carrying the model's
  ``mlm:name`` and ``processing:level: "L4"``;
* on each asset the model produced, ``processing:level: "L4"`` and a
  ``processing:expression`` of format ``stac-mlm`` whose expression is the model's href
  (and, as the best practices' example shows, the model's ``mlm:name``);
* ``derived_from`` links to the input imagery besides, without ``mlm:name``.

Three steps, each a plain function:

* **build**: :func:`model_link`, :func:`model_output_fields` and :func:`as_model_product`
  (a new document, never the one given changed);
* **read back**: :func:`references` (every ``derived_from`` link and every ``stac-mlm``
  expression, each saying whether it refers to a model) and :func:`model_references`;
* **resolve** in a static catalog on disk: :func:`resolve` and :func:`check_lineage`.
  Relative hrefs are resolved against the folder of the document's own file, absolute
  paths and ``file://`` URLs as they are; an ``http(s)://`` (or any other remote) href is
  never fetched, and is reported *not checked: remote*.

A Collection of models names them in its summaries (``summaries → mlm:name``, a list, as
``stac-mlm summarize`` writes it; the MLM schema also lets a Collection carry a top-level
``mlm:name``): a link to a Collection is resolved when its ``mlm:name`` is one of those.
The Collection's Items are not opened to find names it does not list: a Collection that
lists none is a finding (*lists no mlm:name*), which says how to fix it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from pydantic import BaseModel, ValidationError

from stac_mlm._base import parse_json
from stac_mlm._errors import format_location, render, system_words
from stac_mlm._json import is_valid_unicode
from stac_mlm._spec import declared_versions
from stac_mlm.item import MLMItem
from stac_mlm.links import DERIVED_FROM, MLMLink

__all__ = [
    "EXPRESSION_FORMAT",
    "MODEL_OUTPUT_LEVEL",
    "PROCESSING_SCHEMA_URI",
    "Finding",
    "Reference",
    "Resolution",
    "Status",
    "as_model_product",
    "check_lineage",
    "local_path",
    "model_link",
    "model_output_fields",
    "model_references",
    "references",
    "resolve",
]

#: The processing extension declared on a product: v1.1.0, the release the MLM v1.5.2
#: schema itself refers to for ``processing:expression`` (v1.2.0 only adds
#: ``processing:version`` and ``processing:datetime``, which lineage does not use).
PROCESSING_SCHEMA_URI: Final = "https://stac-extensions.github.io/processing/v1.1.0/schema.json"
#: ``processing:level`` of a model's output: "Model output or results from analyses of
#: lower level data" (the processing extension's suggested levels).
MODEL_OUTPUT_LEVEL: Final = "L4"
#: ``processing:expression → format`` of an expression that is the href of an MLM document.
EXPRESSION_FORMAT: Final = "stac-mlm"
#: The largest file a link is followed into: no STAC document comes near it, and a link to
#: a model's weights (gigabytes) or to ``/proc/kcore`` must not be read whole to say so.
MAX_TARGET_BYTES: Final = 64 * 1024 * 1024
#: The media type of a link to a STAC Item (best practices' example); a Collection is JSON.
_GEOJSON: Final = "application/geo+json"

Loc = tuple[str | int, ...]
Document = TypeVar("Document", bound=dict[str, Any] | BaseModel)

_NAME: Final = "mlm:name"
_LEVEL: Final = "processing:level"
_EXPRESSION: Final = "processing:expression"


# ------------------------------------------------------------------------------------------
# Build
# ------------------------------------------------------------------------------------------


def _name_of(model: MLMItem | str) -> str:
    name = model.properties.mlm_name if isinstance(model, MLMItem) else model
    if not isinstance(name, str) or not name:
        raise ValueError(f"mlm:name must be a non-empty string (got {render(name)})")
    return name


def model_link(href: str, model: MLMItem | str, *, media_type: str = _GEOJSON) -> dict[str, Any]:
    """The ``derived_from`` link of a product to its model (MLM "Relation Types").

    ``model`` is the model's ``MLMItem`` (its ``mlm:name`` is taken) or its ``mlm:name``;
    ``href`` is where the model's Item (or Collection: pass ``media_type="application/json"``)
    is. Returns ``{"rel": "derived_from", "href", "type", "mlm:name", "processing:level":
    "L4"}``. Raises ``pydantic.ValidationError`` for an empty or non-string ``href`` and
    ``ValueError`` for an empty ``mlm:name``.
    """
    link = MLMLink.derived_from(
        href, _name_of(model), type=media_type, **{_LEVEL: MODEL_OUTPUT_LEVEL}
    )
    return link.model_dump(mode="json")


def model_output_fields(href: str, model: MLMItem | str) -> dict[str, Any]:
    """The fields of an asset a model produced (best practices, "Processing Extension"):
    ``{"mlm:name", "processing:level": "L4", "processing:expression": {"format":
    "stac-mlm", "expression": href}}``. Raises ``ValueError`` for an empty ``href`` or
    ``mlm:name``."""
    if not isinstance(href, str) or not href:
        raise ValueError(f"href must be a non-empty string (got {render(href)})")
    return {
        _NAME: _name_of(model),
        _LEVEL: MODEL_OUTPUT_LEVEL,
        _EXPRESSION: {"format": EXPRESSION_FORMAT, "expression": href},
    }


def as_model_product(
    document: Document, href: str, model: MLMItem | str, *, assets: Iterable[str] | None = None
) -> Document:
    """A copy of the Item or Collection ``document`` made a product of the model at ``href``.

    ``document`` is a dict or a pydantic model (stac-pydantic's or ours); the result is of
    the same type, and ``document`` itself is left as it was. The copy gets:

    * the :func:`model_link` (not twice: an equal link already there is kept as it is);
    * :func:`model_output_fields` on each asset named in ``assets`` (default: every asset;
      for a Collection, every ``assets`` and ``item_assets`` entry). A product that is
      itself an MLM document does not get ``mlm:name`` on its assets: the MLM schema
      allows it in Item properties only;
    * ``processing:level: "L4"`` in an Item's ``properties`` (a Collection's ``summaries``:
      ``["L4"]``): the best practices call a product of inference L4, and the processing
      schema requires one ``processing:`` field there;
    * the processing extension (:data:`PROCESSING_SCHEMA_URI`) in ``stac_extensions``.

    Raises ``ValueError`` when ``document`` is neither an Item nor a Collection, when a
    field it changes has another JSON type (``links`` not an array, ``properties`` not
    an object…), or an asset named is not in it (the message lists the assets it has);
    ``pydantic.ValidationError`` when a model class refuses the result.
    """
    product = _as_dict(document)
    kind = product.get("type")
    if kind not in ("Feature", "Collection"):
        raise ValueError(f"a product is a STAC Item or Collection (got type {render(kind)})")
    _check_shapes(product)
    fields = model_output_fields(href, model)
    if declared_versions(product):
        del fields[_NAME]
    targets = _asset_places(product, assets)
    for place, key in targets:
        product[place] = {**product[place], key: {**product[place][key], **fields}}
    link = model_link(href, model)
    links = list(product.get("links") or [])
    product["links"] = links if link in links else [*links, link]
    if kind == "Feature":
        product["properties"] = {**product.get("properties", {}), _LEVEL: MODEL_OUTPUT_LEVEL}
    else:
        product["summaries"] = {**(product.get("summaries") or {}), _LEVEL: [MODEL_OUTPUT_LEVEL]}
    extensions = list(product.get("stac_extensions") or [])
    if PROCESSING_SCHEMA_URI not in extensions:
        extensions.append(PROCESSING_SCHEMA_URI)
    product["stac_extensions"] = extensions
    if isinstance(document, BaseModel):
        return type(document).model_validate(product)
    return product  # type: ignore[return-value]  # Document is the dict here


#: The fields :func:`as_model_product` changes, and the JSON type each has when given.
_SHAPES: Final = {
    "properties": dict,
    "summaries": dict,
    "assets": dict,
    "item_assets": dict,
    "links": list,
    "stac_extensions": list,
}


def _check_shapes(product: dict[str, Any]) -> None:
    """Refuse a field of the wrong JSON type: a string where an array is would be read as
    its letters, an object as its keys, and ``null`` cannot be added to."""
    for key, kind in _SHAPES.items():
        if key in product and not isinstance(product[key], kind):
            said = "a JSON object" if kind is dict else "a JSON array"
            raise ValueError(f"{key} must be {said} (got {render(product[key])})")


def _as_dict(document: dict[str, Any] | BaseModel) -> dict[str, Any]:
    """A JSON copy (shallow for a dict: every level changed is copied where changed)."""
    if isinstance(document, BaseModel):
        dumped: dict[str, Any] = document.model_dump(mode="json")
        return dumped
    if not isinstance(document, dict):
        raise ValueError(f"a document is a JSON object (got {type(document).__name__})")
    return dict(document)


def _asset_places(product: dict[str, Any], names: Iterable[str] | None) -> list[tuple[str, str]]:
    places = ["assets"] if product.get("type") == "Feature" else ["assets", "item_assets"]
    found = [
        (place, key)
        for place in places
        if isinstance(product.get(place), dict)
        for key, asset in product[place].items()
        if isinstance(asset, dict)
    ]
    if names is None:
        return found
    if isinstance(names, str):  # a string is an iterable of its letters: not meant so
        raise ValueError(f"assets names a list of assets: {render([names])}, not {render(names)}")
    wanted = list(names)
    have = {key for _, key in found}
    unknown = [name for name in wanted if name not in have]
    if unknown:
        raise ValueError(
            f"no asset {render(unknown[0])} in the document (its assets: {render(sorted(have))})"
        )
    return [(place, key) for place, key in found if key in wanted]


# ------------------------------------------------------------------------------------------
# Read back
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A place in a document that refers to another STAC document.

    ``location`` is the link (``("links", 3)``) or the asset (``("assets", "map")``,
    ``("item_assets", "map")``); ``href`` and ``mlm_name`` are the values found there as
    they are (``mlm_name`` is ``None`` when absent, or null: a link to a model has the key,
    so ``None`` there is ``"mlm:name": null``). ``to_model`` says whether the place
    refers to a model: a ``derived_from`` link with ``mlm:name``, or an asset's
    ``processing:expression`` of format ``stac-mlm``; a ``derived_from`` link without
    ``mlm:name`` refers to input data.
    """

    location: Loc
    href: Any
    mlm_name: Any = None
    to_model: bool = True

    @property
    def is_link(self) -> bool:
        return self.location[0] == "links"

    @property
    def href_location(self) -> Loc:
        """Where the href is: ``links → 3 → href`` or ``assets → map →
        processing:expression → expression``."""
        return (
            (*self.location, "href")
            if self.is_link
            else (*self.location, _EXPRESSION, "expression")
        )

    @property
    def name_location(self) -> Loc:
        return (*self.location, _NAME)

    def __str__(self) -> str:
        name = "" if self.mlm_name is None else f" (mlm:name {render(self.mlm_name)})"
        return f"{format_location(self.href_location)}: {render(self.href)}{name}"


def references(document: dict[str, Any] | BaseModel) -> list[Reference]:
    """Every ``derived_from`` link of ``document`` (to a model or to input data) and every
    asset ``processing:expression`` of format ``stac-mlm``, in document order (links, then
    ``assets``, then ``item_assets``). Never raises: what is not a JSON object is skipped."""
    found = _as_dict(document) if isinstance(document, BaseModel) else document
    if not isinstance(found, dict):
        return []
    return [*_link_references(found.get("links")), *_asset_references(found)]


def model_references(document: dict[str, Any] | BaseModel) -> list[Reference]:
    """The :func:`references` of ``document`` that refer to a model."""
    return [reference for reference in references(document) if reference.to_model]


def _link_references(links: Any) -> Iterator[Reference]:
    if not isinstance(links, list):
        return
    for index, link in enumerate(links):
        if isinstance(link, dict) and link.get("rel") == DERIVED_FROM:
            named = _NAME in link
            yield Reference(("links", index), link.get("href"), link.get(_NAME), named)


def _asset_references(document: dict[str, Any]) -> Iterator[Reference]:
    for place in ("assets", "item_assets"):
        assets = document.get(place)
        if not isinstance(assets, dict):
            continue
        for key, asset in assets.items():
            expression = asset.get(_EXPRESSION) if isinstance(asset, dict) else None
            if isinstance(expression, dict) and expression.get("format") == EXPRESSION_FORMAT:
                yield Reference((place, key), expression.get("expression"), asset.get(_NAME))


# ------------------------------------------------------------------------------------------
# Resolve
# ------------------------------------------------------------------------------------------


class Status(StrEnum):
    """What resolving a reference found."""

    RESOLVED = "resolved"  # the target is an MLM document naming the model
    REMOTE = "not checked: remote"  # an http(s) (or other remote) href: never fetched
    BROKEN = "broken"  # see the findings


@dataclass(frozen=True)
class Finding:
    """A problem, located by JSON keys in the document that holds the reference.

    ``str(finding)`` is ``links → 3 → href: no such file: "models/a.json" (…)``.
    """

    location: Loc
    message: str
    value: Any

    def __str__(self) -> str:
        return f"{format_location(self.location)}: {self.message}"


@dataclass(frozen=True)
class Resolution:
    """A reference and what was found at its target: ``target`` is the file it resolved
    to (``None`` when remote or not a path), ``names`` the ``mlm:name``\\ s the target
    declares, ``findings`` why it is broken (empty unless ``status`` is ``BROKEN``)."""

    reference: Reference
    status: Status
    target: Path | None = None
    names: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default=())


#: What :func:`resolve` read, by file: a document, or why there is none.
Cache = dict[Path, "dict[str, Any] | str"]


def resolve(
    reference: Reference, document_path: str | os.PathLike[str], *, cache: Cache | None = None
) -> Resolution:
    """Follow ``reference`` (found in the document stored at ``document_path``) on disk.

    The target must be a file of JSON holding an object that declares an MLM release in
    ``stac_extensions`` and whose ``mlm:name`` (an Item's ``properties → mlm:name``; a
    Collection's ``summaries → mlm:name`` or ``mlm:name``) is the reference's, when it
    gives one (a link to a model with ``"mlm:name": null`` gives none: broken, at its
    ``mlm:name``, as a name that is not a string is). Never raises, never reads the
    network. ``cache`` (optional, any dict shared between calls) keeps each target read
    once.
    """
    href = reference.href
    if not isinstance(href, str) or not href:
        why = f"an href is a non-empty string (got {render(href)})"
        return _broken(reference, None, Finding(reference.href_location, why, href))
    try:
        target = local_path(href, Path(document_path).parent)
    except ValueError as error:
        return _broken(reference, None, Finding(reference.href_location, str(error), href))
    if target is None:
        return Resolution(reference, Status.REMOTE)
    read = _read(target, {} if cache is None else cache)
    if isinstance(read, str):
        finding = Finding(reference.href_location, f"{read} ({render(href)})", href)
        return _broken(reference, target, finding)
    return _check_target(reference, target, read)


def check_lineage(
    document: dict[str, Any] | BaseModel,
    document_path: str | os.PathLike[str],
    *,
    cache: Cache | None = None,
) -> list[Resolution]:
    """Every :func:`model_references` of ``document`` :func:`resolve`\\ d; the findings of
    all are ``[f for r in resolutions for f in r.findings]``."""
    shared: Cache = {} if cache is None else cache
    return [resolve(ref, document_path, cache=shared) for ref in model_references(document)]


def _broken(reference: Reference, target: Path | None, *findings: Finding) -> Resolution:
    return Resolution(reference, Status.BROKEN, target, findings=findings)


def local_path(href: str, folder: Path) -> Path | None:
    """The file ``href`` names: a relative href is resolved against ``folder``, an absolute
    path or a ``file://`` URL (of no host, or ``localhost``) is that file; ``None`` for a
    remote URL (``https://``, ``s3://``, ``//host/…``, a ``file://`` URL of another host).
    An href is a URL: its fragment (``#…``) and query (``?…``) name no file, and its
    percent-encoding is decoded (``model%20one.json`` is ``model one.json``). Raises
    ``ValueError`` for an href that is not a URL (``http://[bad``), saying so."""
    try:
        parts = urlsplit(href)
    except ValueError as error:  # urllib's own words: "Invalid IPv6 URL"
        raise ValueError(f"not a path nor a URL ({error}): {render(href)}") from None
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None  # a file on another host
        # file:m.json (no slash) is relative: from the document's folder, not ours
        return Path(os.path.normpath(folder / url2pathname(unquote(parts.path))))
    if len(parts.scheme) > 1:  # http, https, s3…; one letter is a Windows drive (C:\…)
        return None
    if parts.netloc:  # //host/m.json: a network-path reference, on another host
        return None
    if parts.scheme:  # C:\models\m.json: a Windows path, taken as it is written
        return Path(os.path.normpath(folder / href))
    # read as a file: URL is: no fragment or query, percent-encoding decoded; split here,
    # since urlsplit drops control characters and tabs from the name (WHATWG's cleaning)
    path = href.partition("#")[0].partition("?")[0]
    return Path(os.path.normpath(folder / unquote(path)))


def _said(path: Path) -> str:
    """``path`` for a message on one line: as it is, or as a JSON string when it holds a
    control character (a newline, a NUL) or is not valid Unicode."""
    text = str(path)
    if any(ord(char) < 32 or ord(char) == 127 for char in text) or not is_valid_unicode(text):
        return render(text, limit=len(text) + 10)
    return text


def _read(path: Path, cache: Cache) -> dict[str, Any] | str:
    if path not in cache:
        cache[path] = _read_json(path)
    return cache[path]


def _read_json(path: Path) -> dict[str, Any] | str:
    """The JSON object in the file ``path``, or why there is none (for a message)."""
    if "\x00" in str(path):  # the system says "no such file" of it: say why
        return f"cannot read {_said(path)}: a file name holds no NUL byte"
    try:
        found = path.stat()  # not exists(): it says False of a loop of symbolic links
        if not stat.S_ISREG(found.st_mode):  # a folder, a FIFO (which never ends), a device
            return f"not a regular file: {_said(path)}"
        size = found.st_size
        if size > MAX_TARGET_BYTES:
            return f"too large for a STAC document, not read: {_said(path)} ({size:,} bytes)"
        value = parse_json(path.read_bytes(), "target")
    except (FileNotFoundError, NotADirectoryError):
        return f"no such file: {_said(path)}"
    except ValidationError as error:  # a ValueError too: first
        why = str(error.errors(include_url=False)[0]["msg"]).removeprefix("not JSON: ")
        return f"not JSON: {_said(path)}: {why}"
    except (OSError, ValueError) as error:  # a name too long, a lone surrogate, no permission
        reason = system_words(error)
        return f"cannot read {_said(path)}: {reason}"
    if not isinstance(value, dict):
        return f"not a JSON object: {_said(path)} holds {render(value)}"
    return value


def _check_target(reference: Reference, target: Path, document: dict[str, Any]) -> Resolution:
    where = reference.href_location
    if not declared_versions(document):
        kind = render(document.get("type"))
        why = f"not an MLM document: {_said(target)} (type {kind}) declares no MLM release"
        return _broken(reference, target, Finding(where, why, reference.href))
    names = _declared_names(document)
    name = reference.mlm_name
    # a link to a model has mlm:name: None is its "mlm:name": null, said as a name 3 is;
    # an expression without mlm:name (or a link to data) has nothing to compare
    if name is None and not (reference.is_link and reference.to_model):
        return Resolution(reference, Status.RESOLVED, target, names)
    if not isinstance(name, str):
        why = f"mlm:name is a string (got {render(name)})"
        if name is None:
            why += ": give the model's name (a link to input data has no mlm:name)"
        return _broken(reference, target, Finding(reference.name_location, why, name))
    if not names:
        why = (
            f"cannot be checked: {_said(target)} lists no mlm:name (a Collection of models lists "
            "them in summaries → mlm:name, as stac-mlm summarize writes it)"
        )
        return _broken(reference, target, Finding(reference.name_location, why, name))
    if name not in names:
        said = render(names[0]) if len(names) == 1 else f"one of {render(list(names))}"
        why = f"names {render(name)}, but {_said(target)} has mlm:name {said}"
        return _broken(reference, target, Finding(reference.name_location, why, name))
    return Resolution(reference, Status.RESOLVED, target, names)


def _declared_names(document: Mapping[str, Any]) -> tuple[str, ...]:
    """The ``mlm:name``\\ s an MLM document declares (see the module's docstring)."""
    if document.get("type") == "Feature":
        properties = document.get("properties")
        found: Any = properties.get(_NAME) if isinstance(properties, dict) else None
        return (found,) if isinstance(found, str) else ()
    summaries = document.get("summaries")
    summarized = summaries.get(_NAME) if isinstance(summaries, dict) else None
    names = list(summarized) if isinstance(summarized, list) else []
    names.append(document.get(_NAME))
    return tuple(dict.fromkeys(name for name in names if isinstance(name, str)))
