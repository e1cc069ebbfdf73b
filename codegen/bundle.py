"""Bundle an official MLM schema into one self-contained document, offline.

The MLM schema refers to three remote schemas (raster ``data_type``, classification
classes, processing expression). The generator must never fetch them, so this module
copies just the referenced pieces from the spec folder (laid out by published URL)
into ``$defs`` and rewrites the references to point there.

It is also the one place that decides where the spec folder is (:func:`spec_dir`), for the
generator, the tests, the benchmarks and ``scripts/fetch_spec.py``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The files the tests and the generator read, each with its published URL and sha256.
LOCK_FILE = PROJECT_ROOT / "schema" / "upstream.lock"
#: Where ``scripts/fetch_spec.py`` downloads them when no spec folder is given (gitignored).
CACHE_DIR = PROJECT_ROOT / ".spec-cache"
#: The team's shared copy, next to the project.
SHARED_SPEC_DIR = PROJECT_ROOT.parent / "shared" / "spec"
FETCH_COMMAND = "python3 scripts/fetch_spec.py"


class SpecFolderMissingError(RuntimeError):
    """The folder with the official schemas and examples is not where it should be."""


def _holds_spec(path: Path) -> bool:
    return (path / "schemas").is_dir() and (path / "examples").is_dir()


def given_spec_dir() -> Path | None:
    """The spec folder someone provides: ``$STAC_MLM_SPEC_DIR``, else ``../shared/spec``.

    ``None`` when neither is there (then the tests need the download cache). Raises
    :class:`SpecFolderMissingError` when ``$STAC_MLM_SPEC_DIR`` names a folder without the
    official ``schemas/`` and ``examples/``: a setting that is wrong is never passed over.
    """
    configured = os.environ.get("STAC_MLM_SPEC_DIR")
    if configured:
        path = Path(configured)
        if not _holds_spec(path):
            raise SpecFolderMissingError(
                f"STAC_MLM_SPEC_DIR is {path}, which does not hold the official schemas/ and "
                "examples/: set STAC_MLM_SPEC_DIR to the spec folder, or unset it and run "
                f"`{FETCH_COMMAND}` from the project root to download the files"
            )
        return path
    return SHARED_SPEC_DIR if _holds_spec(SHARED_SPEC_DIR) else None


def locked_files() -> list[dict[str, str]]:
    """The entries of ``schema/upstream.lock``: ``path`` (spec folder), ``url``, ``sha256``."""
    files: list[dict[str, str]] = json.loads(LOCK_FILE.read_text())["files"]
    return files


def cache_is_complete() -> bool:
    """Whether the download cache holds every locked file (it only ever holds verified ones)."""
    return all((CACHE_DIR / entry["path"]).is_file() for entry in locked_files())


def spec_dir() -> Path:
    """The folder holding the official schemas and examples, the ONE place that decides it.

    In order: ``$STAC_MLM_SPEC_DIR``, ``../shared/spec``, then the project's download cache
    ``.spec-cache/`` once ``scripts/fetch_spec.py`` has filled it. Raises
    :class:`SpecFolderMissingError` naming the command to run when none is there.
    """
    given = given_spec_dir()
    if given is not None:
        return given
    if cache_is_complete():
        return CACHE_DIR
    raise SpecFolderMissingError(
        "the official MLM schemas and examples were not found: run "
        f"`{FETCH_COMMAND}` from the project root to download them into .spec-cache/ "
        "(checksums in schema/upstream.lock), or set STAC_MLM_SPEC_DIR to a folder holding them"
    )


def url_to_path(url: str) -> Path:
    """Map a published schema URL to its file in the spec folder (by path, never ``$id``)."""
    parts = urlsplit(url)
    return spec_dir() / "schemas" / parts.netloc / parts.path.lstrip("/")


def resolve_pointer(document: Any, pointer: str) -> Any:
    node = document
    for token in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


@dataclass
class Bundle:
    """The bundled schema and the upstream files it was built from."""

    schema: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)  # url -> sha256


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _local_name(url: str, pointer: str) -> str:
    """A readable ``$defs`` key for an external piece, e.g. ``raster_v1.1.0_data_type``."""
    parts = urlsplit(url).path.strip("/").split("/")
    return f"{parts[0]}_{parts[1]}_{pointer.rstrip('/').split('/')[-1]}"


def _drop_string_comments_in_properties(node: Any) -> None:
    """MLM v1.0-v1.2 put string ``$comment`` entries inside ``properties`` maps."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and isinstance(props.get("$comment"), str):
            del props["$comment"]
        for value in node.values():
            _drop_string_comments_in_properties(value)
    elif isinstance(node, list):
        for value in node:
            _drop_string_comments_in_properties(value)


def bundle(schema_url: str) -> Bundle:
    """Inline every remote ``$ref`` of the schema at ``schema_url`` into its ``$defs``."""
    root_path = url_to_path(schema_url)
    schema = json.loads(root_path.read_text())
    result = Bundle(schema=schema, sources={schema_url: _sha256(root_path)})
    defs = schema.setdefault("$defs", {})
    loaded: dict[str, Any] = {}

    def inline(url: str, pointer: str, document: Any) -> str:
        name = _local_name(url, pointer)
        if name not in defs:
            defs[name] = {}  # reserve before recursing (cycles)
            piece = copy.deepcopy(resolve_pointer(document, pointer))
            defs[name] = rewrite(piece, url, document)
        return f"#/$defs/{name}"

    def rewrite(node: Any, base_url: str | None, document: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(value, base_url, document) for value in node]
        if not isinstance(node, dict):
            return node
        out = {key: rewrite(value, base_url, document) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref.startswith("http"):
                url, _, pointer = ref.partition("#")
                if url not in loaded:
                    path = url_to_path(url)
                    loaded[url] = json.loads(path.read_text())
                    result.sources[url] = _sha256(path)
                out["$ref"] = inline(url, pointer, loaded[url])
            elif ref.startswith("#") and base_url is not None:
                out["$ref"] = inline(base_url, ref[1:], document)
        return out

    for key in list(defs):
        defs[key] = rewrite(defs[key], None, schema)
    schema["allOf"] = rewrite(schema.get("allOf", []), None, schema)
    _drop_string_comments_in_properties(schema)
    return result
