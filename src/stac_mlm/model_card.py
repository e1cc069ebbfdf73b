"""A model card: an MLM Item summarized in Markdown, for people (a model repository's README).

``card(item)`` reads an MLM Item of any release (v1.0.0 to v1.5.2) and writes what the model
does, what it takes and gives, how to run it, how to get its weights and where it comes
from. Every value of the document is escaped, so that no value can change the structure of
the Markdown (a pipe cannot split a table cell, a ``#`` cannot make a heading); sections
and rows whose fields the Item does not give are left out, never filled with a guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from stac_mlm._document import MLMDocument

__all__ = ["card", "escape"]

# Backslash-escaped wherever they appear: CommonMark reads each as punctuation with a
# meaning somewhere inline (emphasis, code, links, raw HTML, entities, tables).
_INLINE = re.compile(r"([\\`*_\[\]<>|#~&!])")
# At the start of a paragraph these begin a block: a list, a quote, an ordered list.
_BULLET = re.compile(r"^([-+>])")
_ORDERED = re.compile(r"^(\d+)([.)])")


#: Control characters left after white space is collapsed (NUL, ESC, DEL, C1), shown as
#: ``\x1b``: Markdown has no escape for them, CommonMark turns NUL into U+FFFD, and
#: an escape sequence in a card printed on a terminal would act on it.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(32), *range(127, 160))}


def escape(value: Any) -> str:
    """``value`` as Markdown inline text that reads back as exactly that text.

    A string is taken as written, anything else as its JSON text; line breaks and runs of
    white space become one space (a table cell, a heading and a list item are one line),
    and any other control character reads back as its ``\\x1b`` escape.
    """
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _INLINE.sub(r"\\\1", " ".join(text.split()).translate(_CONTROLS))


def _paragraph(text: Any) -> list[str]:
    """A paragraph of its own; its first characters must not begin a list, a quote…"""
    if text is None:
        return []
    line = _ORDERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", escape(text)))
    return [line, ""]


def _row(*cells: Any) -> str:
    return "| " + " | ".join(escape(cell) for cell in cells) + " |"


def _table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    """A GFM table; ``[]`` when there is no row (an empty table says nothing)."""
    header = list(header)
    lines = [_row(*cells) for cells in rows]
    if not lines:
        return []
    return [_row(*header), "| " + " | ".join("---" for _ in header) + " |", *lines, ""]


def _words(values: Any) -> str:
    """A list as ``a, b, c`` (anything else as its JSON text)."""
    if isinstance(values, list):
        return ", ".join(v if isinstance(v, str) else json.dumps(v) for v in values)
    return values if isinstance(values, str) else json.dumps(values, ensure_ascii=False)


def _present(fields: dict[str, Any], rows: Iterable[tuple[str, str, Any]]) -> list[list[Any]]:
    """``[label, value]`` for each ``(label, key, how)`` whose key the fields give."""
    found = []
    for label, key, how in rows:
        if key in fields:
            found.append([label, how(fields[key]) if callable(how) else fields[key]])
    return found


def _json(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _count(value: Any) -> Any:
    """An integer with thousands separators (as written otherwise)."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


def _yes_no(value: Any) -> Any:
    return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value


def _summary(properties: dict[str, Any], license_: Any, release: str) -> list[str]:
    rows = _present(
        properties,
        [
            ("Tasks", "mlm:tasks", _words),
            ("Architecture", "mlm:architecture", _json),
            ("Framework", "mlm:framework", _json),
            ("Framework version", "mlm:framework_version", _json),
            ("Accelerator", "mlm:accelerator", _json),
            ("Accelerator only", "mlm:accelerator_constrained", _yes_no),
            ("Accelerator summary", "mlm:accelerator_summary", _json),
            ("Accelerators needed", "mlm:accelerator_count", _count),
            ("Memory size (bytes)", "mlm:memory_size", _count),
            ("Total parameters", "mlm:total_parameters", _count),
            ("Pretrained", "mlm:pretrained", _yes_no),
            ("Pretrained on", "mlm:pretrained_source", _json),
            ("Suggested batch size", "mlm:batch_size_suggestion", _count),
        ],
    )
    if license_ is not None:
        rows.append(["License", license_])
    rows.append(["MLM release", f"v{release}"])
    return _table(["Field", "Value"], rows)


def _expression(value: Any) -> str:
    """A processing expression (or a list of them, applied in order) in one line."""
    expressions = value if isinstance(value, list) else [value]
    said = []
    for expression in expressions:
        if isinstance(expression, dict) and "format" in expression:
            said.append(f"{_json(expression['format'])}: {_json(expression.get('expression'))}")
        else:
            said.append(_json(expression))
    return " then ".join(said)


def _scaling(value: Any) -> str:
    """Value scaling objects in one line: ``z-score (mean 1354.4, stddev 245.7); …``."""
    if not isinstance(value, list):
        return _json(value)
    said = []
    for scaling in value:
        if isinstance(scaling, dict):
            rest = ", ".join(f"{k} {_json(v)}" for k, v in scaling.items() if k != "type")
            said.append(
                f"{_json(scaling.get('type'))} ({rest})" if rest else _json(scaling.get("type"))
            )
        else:
            said.append(_json(scaling))
    return "; ".join(said)


def _references(value: Any) -> str:
    """Bands or variables: names, with an expression where a band object gives one."""
    said = []
    for reference in value if isinstance(value, list) else []:
        if isinstance(reference, dict):
            name = _json(reference.get("name"))
            has_expression = "expression" in reference
            said.append(f"{name} ({_expression(reference)})" if has_expression else name)
        else:
            said.append(_json(reference))
    return ", ".join(said) if said else "none"


def _structure_rows(entry: dict[str, Any], key: str) -> list[list[Any]]:
    shaped = entry.get(key)
    if not isinstance(shaped, dict):
        return []
    return _present(
        shaped,
        [
            ("Shape", "shape", _json),
            ("Dimension order", "dim_order", _words),
            ("Data type", "data_type", _json),
        ],
    )


def _heading(level: int, text: Any) -> list[str]:
    return [f"{'#' * level} {escape(text)}", ""]


def _inputs(inputs: Any) -> list[str]:
    lines = _heading(2, "Inputs")
    for index, entry in enumerate(inputs if isinstance(inputs, list) else []):
        if not isinstance(entry, dict):
            continue
        lines += _heading(3, entry.get("name", f"Input {index + 1}"))
        lines += _paragraph(entry.get("description"))
        rows = _present(entry, [("Bands", "bands", _references)])
        rows += _present(entry, [("Variables", "variables", _references)])
        rows += _structure_rows(entry, "input")
        rows += _present(
            entry,
            [
                ("Value scaling", "value_scaling", _scaling),
                ("Normalization", "norm_type", _json),  # before v1.4.0
                ("Normalized by channel", "norm_by_channel", _yes_no),
                ("Resize", "resize_type", _json),
                ("Pre-processing", "pre_processing_function", _expression),
            ],
        )
        lines += _table(["Field", "Value"], rows)
    return lines


def _classes(entry: dict[str, Any]) -> list[str]:
    """The classes of an output, with their colours; the examples' misspelled key too."""
    key = "classification:classes"
    if key not in entry and "classification_classes" in entry:
        key = "classification_classes"
    classes = entry.get(key)
    rows = []
    for found in classes if isinstance(classes, list) else []:
        if isinstance(found, dict):
            colour = found.get("color_hint")
            shown = f"#{colour}" if isinstance(colour, str) else colour
            rows.append(
                [
                    _json(found.get("value", "")),
                    _json(found.get("name", "")),
                    _json(found.get("description") or ""),
                    "" if shown is None else _json(shown),
                ]
            )
    lines = _table(["Value", "Name", "Description", "Colour"], rows)
    if lines and key == "classification_classes":
        lines.insert(0, "")
        lines.insert(
            0,
            escape(
                "Read from classification_classes (the name classification:classes is misspelled)."
            ),
        )
    return lines


def _outputs(outputs: Any) -> list[str]:
    lines = _heading(2, "Outputs")
    for index, entry in enumerate(outputs if isinstance(outputs, list) else []):
        if not isinstance(entry, dict):
            continue
        lines += _heading(3, entry.get("name", f"Output {index + 1}"))
        lines += _paragraph(entry.get("description"))
        rows = _present(entry, [("Tasks", "tasks", _words)])
        rows += _present(entry, [("Bands", "bands", _references)])
        rows += _present(entry, [("Variables", "variables", _references)])
        rows += _structure_rows(entry, "result")
        rows += _present(entry, [("Post-processing", "post_processing_function", _expression)])
        lines += _table(["Field", "Value"], rows)
        lines += _classes(entry)
    return lines


def _roles(asset: dict[str, Any]) -> list[str]:
    roles = asset.get("roles")
    return [role for role in roles if isinstance(role, str)] if isinstance(roles, list) else []


def _weights(assets: Any) -> list[str]:
    """The assets with the mlm:model role: where to get the model, and how it was saved."""
    rows = []
    for key, asset in (assets if isinstance(assets, dict) else {}).items():
        if isinstance(asset, dict) and "mlm:model" in _roles(asset):
            rows.append(
                [
                    key,
                    _json(asset.get("href", "")),
                    _json(asset.get("mlm:artifact_type", "")),
                    _json(asset.get("type", "")),
                    _json(asset.get("mlm:compile_method", "")),
                    _count(asset.get("file:size", "")),
                ]
            )
    header = ["Asset", "Link", "Artifact type", "Media type", "Compile method", "Size (bytes)"]
    table = _table(header, rows)
    return [*_heading(2, "Getting the weights"), *table] if table else []


def _other_assets(assets: Any) -> list[str]:
    rows = []
    for key, asset in (assets if isinstance(assets, dict) else {}).items():
        if isinstance(asset, dict) and "mlm:model" not in _roles(asset):
            rows.append(
                [
                    key,
                    _json(asset.get("title", "")),
                    _json(asset.get("href", "")),
                    ", ".join(_roles(asset)),
                    _json(asset.get("mlm:entrypoint", "")),
                ]
            )
    table = _table(["Asset", "Title", "Link", "Roles", "Entry point"], rows)
    return [*_heading(2, "Code and runtime"), *table] if table else []


def _hyperparameters(properties: dict[str, Any]) -> list[str]:
    found = properties.get("mlm:hyperparameters")
    if not isinstance(found, dict) or not found:
        return []
    rows = [[name, _json(value)] for name, value in found.items()]
    return [*_heading(2, "Hyperparameters"), *_table(["Name", "Value"], rows)]


def _lineage(links: Any) -> list[str]:
    """``derived_from`` links: the data the model was trained on, or models it comes from."""
    rows = []
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("rel") == "derived_from":
            rows.append(
                [
                    _json(link.get("href", "")),
                    _json(link.get("title", "")),
                    _json(link.get("mlm:name", "")),
                    _json(link.get("ml-aoi:split", "")),
                    _json(link.get("processing:level", "")),
                ]
            )
    table = _table(["Link", "Title", "Model (mlm:name)", "Split", "Processing level"], rows)
    return [*_heading(2, "Lineage"), *table] if table else []


def _sections(document: dict[str, Any], release: str) -> Iterator[list[str]]:
    properties = document.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    yield _heading(1, properties.get("mlm:name", document.get("id", "MLM model")))
    yield _paragraph(properties.get("description", properties.get("title")))
    yield _summary(properties, properties.get("license"), release)
    yield _inputs(properties.get("mlm:input"))
    yield _outputs(properties.get("mlm:output"))
    yield _hyperparameters(properties)
    yield _weights(document.get("assets"))
    yield _other_assets(document.get("assets"))
    yield _lineage(document.get("links"))


def card(item: Any) -> str:
    """The model card of an MLM Item, in Markdown (CommonMark with GFM tables).

    ``item`` is an Item of any MLM release: a model (``MLMItem``, or one of
    ``stac_mlm.releases``), a dict or JSON text. Sections: the model (``mlm:name``,
    description, tasks, framework, accelerator, sizes, license), its inputs (bands, shape,
    dimension order, data type, value scaling, pre-processing), its outputs (classes and
    their colours), hyperparameters, how to get the weights (``mlm:model`` assets: link,
    artifact type, media type), code and runtime assets, and lineage (``derived_from``
    links). Raises ``pydantic.ValidationError`` when the document is not valid in the MLM
    release it declares (see ``stac_mlm.load``), and ``ValueError`` when it is a Collection.
    """
    from stac_mlm.releases import load

    read = item if isinstance(item, MLMDocument) else load(item)
    document = read.model_dump(mode="json")
    if document.get("type") != "Feature":
        raise ValueError("a model card is made from an MLM Item, and this is a Collection")
    lines = [line for section in _sections(document, read.mlm_version) for line in section]
    return "\n".join(lines).rstrip("\n") + "\n"
