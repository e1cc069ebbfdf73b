"""Hostile input: a located ``pydantic.ValidationError`` on every path, never another exception.

The contract (issue 11): non-finite numbers (``json_non_finite_number``), strings and keys that
are not valid Unicode (``json_invalid_unicode``), documents nested deeper than
``stac_mlm.MAX_DEPTH`` (``json_too_deep``) and Python values that JSON has no word for are
refused, located by JSON keys and indices; reports hold at most ``stac_mlm.MAX_ERRORS`` errors
plus one ``too_many_errors`` at the root; messages are for people (the offending value as short
JSON after "got", no Python reprs, no class names) and read the same everywhere.

Every case runs on every path a document can take:

* ``MLMItem.model_validate(dict)``, ``MLMItem.model_validate_json(text | bytes)``,
  ``stac_mlm.load(dict | text)``;
* ``stac_mlm.migrate(dict)``: never raises, the report lists the located error, ``ok`` is False;
* ``stac-mlm validate`` / ``stac-mlm migrate`` on a file (in-process, and a few as a real
  process): exit code 1, the error on one line, and ``migrate`` never prints ``NaN``;
* a FastAPI app with ``install_error_handler``: 422 located under ``body``, a JSON response;
* the example catalog service: a refused POST or PUT leaves every later GET a 200.

Depth is counted in containers, the document itself being level 1: ``{"a": [1]}`` is 2 levels
deep, a document of ``MAX_DEPTH`` levels is accepted, and in a deeper one the first container
too deep is the one at level ``MAX_DEPTH + 1``, whose location has ``MAX_DEPTH`` segments.
"""

from __future__ import annotations

import copy
import json
import math
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from spec_folder import PROJECT_ROOT, example_collection, example_items

import stac_mlm
from stac_mlm import MAX_DEPTH, MAX_ERRORS, MLM_RELEASES, MLM_SCHEMA_URI, MLMItem
from stac_mlm.cli import format_location, main
from stac_mlm.fastapi import MLM_RESPONSE, install_error_handler
from stac_mlm.migration import MigrationNote

sys.path.insert(0, str(PROJECT_ROOT / "examples"))

from catalog_service.app import create_app

Loc = tuple[str | int, ...]

NON_FINITE = "json_non_finite_number"
INVALID_UNICODE = "json_invalid_unicode"
TOO_DEEP = "json_too_deep"
TOO_MANY = "too_many_errors"
#: pydantic-core's JSON parser reads 201 nested containers and no more (measured).
PARSER_DEPTH = 201


# --- documents ------------------------------------------------------------------------------


def item() -> dict[str, Any]:
    """A fresh copy of the official v1.5.2 ``item_basic.json`` (valid)."""
    return copy.deepcopy(EXAMPLES["item_basic.json"])


def without_collection(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` without its ``collection`` field and link (STAC wants both or neither)."""
    document.pop("collection", None)
    document["links"] = [link for link in document["links"] if link.get("rel") != "collection"]
    return document


Base = Callable[[], dict[str, Any]]


def put(document: Any, loc: Loc, value: Any) -> Any:
    """Set ``document[loc] = value``, creating missing containers on the way; ``document``."""
    node = document
    for segment, following in pairwise(loc):
        if isinstance(node, dict) and segment not in node:
            node[segment] = [0.5] * (following + 1) if isinstance(following, int) else {}
        node = node[segment]
    if isinstance(node, list) and loc[-1] == len(node):
        node.append(value)
    else:
        node[loc[-1]] = value
    return document


def nested(levels: int, segment: str | int, leaf: Any = 1) -> Any:
    """``levels`` containers, one in the other (lists when ``segment`` is 0, else objects)."""
    value = leaf
    for _ in range(levels):
        value = [value] if segment == 0 else {segment: value}
    return value


def as_text(document: Any) -> str:
    """JSON text as a careless writer makes it: ``NaN``/``Infinity`` bare, surrogates as escapes."""
    return json.dumps(document)  # allow_nan=True and ensure_ascii=True are json's defaults


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def strict_json(text: str | bytes) -> Any:
    """Parse JSON as JSON is: no ``NaN``, no ``Infinity``."""
    return json.loads(text, parse_constant=_refuse_constant)


# --- what an error must look like -----------------------------------------------------------

CLASS_NAMES = re.compile(
    r"\b(MLM[A-Z]\w*|Model(Input|Output|Band|Variable)|InputStructure|ResultStructure|"
    r"ValueScaling\w*|ProcessingExpression|BandReference|ClassificationClass|"
    r"instance of|dict_type|model_type)\b"
)
ENUM_REPR = re.compile(r"<\w+(\.\w+)+: ")


def assert_for_people(message: str) -> None:
    """No Python reprs, no class names, no pydantic prefixes; printable as UTF-8."""
    assert not message.startswith("Value error"), message
    assert not ENUM_REPR.search(message), message
    assert "object at 0x" not in message, message
    assert "(got '" not in message, message  # a Python repr, JSON quotes with "
    assert not CLASS_NAMES.search(message), message
    message.encode("utf-8")  # a lone surrogate here would crash every printer


def details(error: ValidationError) -> list[tuple[Loc, str, str]]:
    return [(tuple(e["loc"]), e["type"], e["msg"]) for e in error.errors(include_url=False)]


def lossy(key: str) -> str:
    """A key as pydantic-core keeps it in a location: a lone surrogate becomes U+FFFD."""
    return key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def same_loc(found: Loc, loc: Loc) -> bool:
    """``found`` is ``loc``; a last segment that is not Unicode may read as pydantic-core
    keeps it (a ``ValidationError`` location cannot hold a lone surrogate)."""
    if found == loc:
        return True
    last = loc[-1] if loc else None
    return isinstance(last, str) and found[:-1] == loc[:-1] and found[-1:] == (lossy(last),)


def assert_one_error(error: ValidationError, loc: Loc, code: str) -> str:
    """``error`` holds exactly one error, at ``loc`` with ``code``; its message."""
    found = details(error)
    assert len(found) == 1, found
    assert same_loc(found[0][0], loc), found
    assert found[0][1] == code, found
    message = found[0][2]
    assert_for_people(message)
    assert message in str(error)
    return message


def rejection(call: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value


# --- the paths ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """One hostile document as a dict and as JSON text (the same document)."""

    document: Any
    text: str


Reader = Callable[[Doc], object]

IN_PROCESS: dict[str, Reader] = {
    "model_validate(dict)": lambda doc: MLMItem.model_validate(doc.document),
    "model_validate_json(str)": lambda doc: MLMItem.model_validate_json(doc.text),
    "model_validate_json(bytes)": lambda doc: MLMItem.model_validate_json(doc.text.encode()),
    "load(dict)": lambda doc: stac_mlm.load(doc.document),
    "load(text)": lambda doc: stac_mlm.load(doc.text),
}
DICT_PATHS = ("model_validate(dict)", "load(dict)")
TEXT_PATHS = ("model_validate_json(str)", "model_validate_json(bytes)", "load(text)")


def dict_message(doc: Doc, loc: Loc, code: str | None) -> str:
    """The message ``MLMItem.model_validate`` gives (one error, at ``loc``, of ``code`` unless
    None): every other path must give the same. Called after a path's own checks, so that a
    path that fails on its own says so."""
    error = rejection(lambda: MLMItem.model_validate(doc.document))
    if code is not None:
        return assert_one_error(error, loc, code)
    found = details(error)
    assert len(found) == 1, found
    assert same_loc(found[0][0], loc), found
    return found[0][2]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, doc: Doc, name: str = "hostile.json") -> Path:
    path = tmp_path / name
    path.write_text(doc.text, encoding="utf-8")
    return path


def assert_cli_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: Doc, loc: Loc, code: str | None
) -> None:
    """``stac-mlm validate FILE``: exit 1, one line at ``loc`` with the dict path's message."""
    path = write(tmp_path, doc)
    exit_code, out, _ = run_cli(capsys, "validate", str(path))
    assert exit_code == 1, out
    lines = out.splitlines()
    prefix = f"{path}: INVALID {format_location(loc)}: "
    assert len(lines) == 1, lines
    assert lines[0].startswith(prefix), lines
    assert lines[0].removeprefix(prefix) == dict_message(doc, loc, code)


def assert_cli_migrate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, doc: Doc, loc: Loc, code: str
) -> None:
    """``stac-mlm migrate FILE``: exit 1, standard output JSON or nothing, the error reported."""
    path = write(tmp_path, doc)
    exit_code, out, err = run_cli(capsys, "migrate", str(path))
    assert exit_code == 1, err
    assert "NaN" not in out
    assert "Infinity" not in out
    if out.strip():
        strict_json(out)
    err.encode("utf-8")
    assert f"{MigrationNote(loc, '').path()}: " in err, err
    message = dict_message(doc, loc, code)
    assert f"{MigrationNote(loc, message).path()}: {message}" in err, err


def assert_migrate(doc: Doc, loc: Loc, code: str) -> None:
    """``stac_mlm.migrate(dict)`` never raises; ``ok`` is False; the error is in ``errors``."""
    report = stac_mlm.migrate(doc.document)
    assert not report.ok
    report.to_text().encode("utf-8")
    at_loc = [note.message for note in report.errors if same_loc(note.location, loc)]
    assert at_loc, [note.location for note in report.errors]
    assert at_loc == [dict_message(doc, loc, code)]


def _app() -> FastAPI:
    app = FastAPI(separate_input_output_schemas=False)
    install_error_handler(app)

    @app.post("/exact", response_model=MLMItem, **MLM_RESPONSE)
    def exact(item: MLMItem) -> MLMItem:
        return item

    return app


API = TestClient(_app())
JSON = {"content-type": "application/json"}


def post_raw(client: TestClient, url: str, text: str, method: str = "POST") -> Any:
    return client.request(method, url, content=text.encode("utf-8"), headers=JSON)


def api_details(text: str) -> list[dict[str, Any]]:
    """POST ``text`` to the FastAPI app: a 422 whose body is JSON; its ``detail``."""
    response = post_raw(API, "/exact", text)
    assert response.status_code == 422, response.text[:500]
    body = strict_json(response.content)
    detail: list[dict[str, Any]] = body["detail"]
    return detail


def assert_api(doc: Doc, loc: Loc, code: str | None) -> None:
    """422 with one error under ``body`` at ``loc``, with the dict path's message."""
    found = [(d["loc"], d["type"], d["msg"]) for d in api_details(doc.text)]
    assert [found_loc for found_loc, _, _ in found] == [["body", *loc]], found
    if code is not None:
        assert found[0][1] == code
    assert found[0][2] == dict_message(doc, loc, code)


# --- non-finite numbers ---------------------------------------------------------------------

#: JSON text token, and the Python float it reads as.
NON_FINITE_TOKENS = {
    "NaN": math.nan,
    "Infinity": math.inf,
    "-Infinity": -math.inf,
    "1e309": math.inf,  # valid JSON syntax, but no double can hold it
    "-1e309": -math.inf,
}
NUMBER_PLACES: dict[str, Loc] = {
    "typed integer": ("properties", "mlm:total_parameters"),
    "shape entry": ("properties", "mlm:input", 0, "input", "shape", 1),
    "bbox": ("bbox", 2),
    "geometry": ("geometry", "coordinates", 0, 1, 0),
    "foreign key": ("properties", "custom:score"),
    "list in an asset": ("assets", "model", "custom:weights", 1),
    "hyperparameter": ("properties", "mlm:hyperparameters", "learning_rate"),
}
PLACEHOLDER = "@@hostile@@"


def non_finite(place: str, token: str, base: Base = item) -> Doc:
    loc = NUMBER_PLACES[place]
    document = put(base(), loc, NON_FINITE_TOKENS[token])
    text = as_text(put(base(), loc, PLACEHOLDER)).replace(f'"{PLACEHOLDER}"', token)
    return Doc(document, text)


def assert_non_finite_message(message: str, token: str) -> None:
    """Says that JSON has no NaN/Infinity, and shows the number (1e309 as read, or as text)."""
    assert "JSON" in message
    assert "NaN" in message
    assert "Infinity" in message
    shown = {f"(got {token})", f"(got {token.replace('1e309', 'Infinity')})"}
    assert any(got in message for got in shown), message


NON_FINITE_CASES = [(place, token) for place in NUMBER_PLACES for token in NON_FINITE_TOKENS]


@pytest.mark.parametrize("path", list(IN_PROCESS))
@pytest.mark.parametrize(("place", "token"), NON_FINITE_CASES)
def test_non_finite_number_is_located_on_every_path(path: str, place: str, token: str) -> None:
    doc, loc = non_finite(place, token), NUMBER_PLACES[place]
    message = assert_one_error(rejection(lambda: IN_PROCESS[path](doc)), loc, NON_FINITE)
    assert_non_finite_message(message, token)
    if path in DICT_PATHS or "1e309" not in token:  # text may show 1e309 as written
        assert message == dict_message(doc, loc, NON_FINITE)


#: Fewer combinations for the slower paths: each place with NaN, each token at one place.
SOME_NON_FINITE = sorted(
    {(place, "NaN") for place in NUMBER_PLACES}
    | {("typed integer", token) for token in NON_FINITE_TOKENS}
)


@pytest.mark.parametrize(("place", "token"), SOME_NON_FINITE)
def test_non_finite_number_migrate_reports_it(place: str, token: str) -> None:
    doc, loc = non_finite(place, token), NUMBER_PLACES[place]
    assert_migrate(doc, loc, NON_FINITE)


@pytest.mark.parametrize(("place", "token"), SOME_NON_FINITE)
def test_non_finite_number_cli_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, place: str, token: str
) -> None:
    doc, loc = non_finite(place, token), NUMBER_PLACES[place]
    assert_cli_validate(capsys, tmp_path, doc, loc, NON_FINITE)


@pytest.mark.parametrize(("place", "token"), SOME_NON_FINITE)
def test_non_finite_number_cli_migrate_never_prints_nan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, place: str, token: str
) -> None:
    doc, loc = non_finite(place, token), NUMBER_PLACES[place]
    assert_cli_migrate(capsys, tmp_path, doc, loc, NON_FINITE)


@pytest.mark.parametrize(("place", "token"), SOME_NON_FINITE)
def test_non_finite_number_fastapi_422(place: str, token: str) -> None:
    doc, loc = non_finite(place, token), NUMBER_PLACES[place]
    assert_api(doc, loc, NON_FINITE)


@pytest.mark.parametrize("version", MLM_RELEASES)
def test_non_finite_number_in_every_release(version: str) -> None:
    """``load`` reads each release with its own model: each one refuses NaN the same way."""
    name, document = sorted(example_items(version).items())[0]
    loc: Loc = ("properties", "custom:score")
    put(document, loc, math.nan)
    error = rejection(lambda: stac_mlm.load(document))
    message = assert_one_error(error, loc, NON_FINITE)
    assert message == dict_message(non_finite("foreign key", "NaN"), loc, NON_FINITE), name
    assert_one_error(rejection(lambda: stac_mlm.load(as_text(document))), loc, NON_FINITE)


def test_non_finite_number_in_a_collection() -> None:
    collection = example_collection()
    collection["stac_extensions"].append(MLM_SCHEMA_URI)
    loc: Loc = ("extent", "spatial", "bbox", 0, 1)
    put(collection, loc, math.inf)
    for call in (
        lambda: stac_mlm.MLMCollection.model_validate(collection),
        lambda: stac_mlm.MLMCollection.model_validate_json(as_text(collection)),
        lambda: stac_mlm.load(collection),
    ):
        assert_one_error(rejection(call), loc, NON_FINITE)


def test_migrating_nan_from_an_old_release_never_raises() -> None:
    """A NaN in v1.2.0 statistics (which become v1.4.0 value scaling) and one in a foreign
    field: the migration runs, and its report says NaN (where the first ends up is the
    migration's business; the second stays where it was)."""
    document = example_items("1.2.0")["item_eo_bands.json"]
    document["properties"]["mlm:input"][0]["statistics"][0]["mean"] = math.nan
    put(document, ("properties", "custom:score"), math.nan)
    report = stac_mlm.migrate(document, artifact_type="torch.save")
    assert not report.ok
    messages = [note.message for note in (*report.unmigrated, *report.errors)]
    assert any("NaN" in message for message in messages)
    located = [note.location for note in report.errors]
    assert ("properties", "custom:score") in located
    report.to_text().encode("utf-8")


# --- strings that are not Unicode -----------------------------------------------------------

#: (where, the string put there): the error is located at ``where``.
UNICODE_VALUES: dict[str, tuple[Loc, str]] = {
    "typed string": (("properties", "mlm:architecture"), "Res\ud800Net"),
    "foreign string": (("properties", "custom:note"), "\udfff"),
    "enum value": (("properties", "mlm:tasks", 0), "classi\ud800fication"),
    "high surrogate at the end": (("assets", "model", "title"), "weights \ud83d"),
    "reversed pair": (("id",), "\ude00\ud83d"),
    "input name": (("properties", "mlm:input", 0, "name"), "RGB \udc00 input"),
}
#: (the object holding the key, the key): the error is located at the holder plus the key.
UNICODE_KEYS: dict[str, tuple[Loc, str]] = {
    "foreign key in properties": (("properties",), "custom:\ud800"),
    "asset key": (("assets",), "mo\udc00del"),
    "top-level key": ((), "\ud800"),
    "hyperparameter name": (("properties", "mlm:hyperparameters"), "lr\udfff"),
}


def unicode_case(name: str, base: Base = item) -> tuple[Doc, Loc]:
    document = base()
    if name in UNICODE_VALUES:
        loc, value = UNICODE_VALUES[name]
        put(document, loc, value)
    else:
        holder, key = UNICODE_KEYS[name]
        put(document, (*holder, key), copy.deepcopy(document["assets"]["model"]))
        loc = (*holder, key)
    return Doc(document, as_text(document)), loc


UNICODE_CASES = [*UNICODE_VALUES, *UNICODE_KEYS]


def test_the_text_of_a_unicode_case_is_an_escape() -> None:
    doc, _ = unicode_case("typed string")
    assert '"Res\\ud800Net"' in doc.text
    doc.text.encode("ascii")


@pytest.mark.parametrize("path", list(IN_PROCESS))
@pytest.mark.parametrize("name", UNICODE_CASES)
def test_invalid_unicode_is_located_with_one_message_on_every_path(path: str, name: str) -> None:
    doc, loc = unicode_case(name)
    message = assert_one_error(rejection(lambda: IN_PROCESS[path](doc)), loc, INVALID_UNICODE)
    assert message == dict_message(doc, loc, INVALID_UNICODE)


@pytest.mark.parametrize("name", UNICODE_CASES)
def test_invalid_unicode_migrate_reports_it(name: str) -> None:
    doc, loc = unicode_case(name)
    assert_migrate(doc, loc, INVALID_UNICODE)


@pytest.mark.parametrize("name", list(UNICODE_VALUES))
def test_invalid_unicode_cli_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    doc, loc = unicode_case(name)
    assert_cli_validate(capsys, tmp_path, doc, loc, INVALID_UNICODE)


@pytest.mark.parametrize("name", list(UNICODE_KEYS))
def test_invalid_unicode_key_cli_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """The key cannot be printed as it is: the line is located at its holder, then the key
    in some printable form, and carries the same message."""
    doc, loc = unicode_case(name)
    path = write(tmp_path, doc)
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1, out
    lines = out.splitlines()
    assert len(lines) == 1, lines
    holder = format_location(loc[:-1])
    prefix = f"{path}: INVALID {holder} → " if loc[:-1] else f"{path}: INVALID "
    assert lines[0].startswith(prefix), lines
    assert lines[0].endswith(f": {dict_message(doc, loc, INVALID_UNICODE)}"), lines


@pytest.mark.parametrize("name", list(UNICODE_VALUES))
def test_invalid_unicode_cli_migrate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    doc, loc = unicode_case(name)
    assert_cli_migrate(capsys, tmp_path, doc, loc, INVALID_UNICODE)


@pytest.mark.parametrize("name", list(UNICODE_KEYS))
def test_invalid_unicode_key_cli_migrate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """The report names the key in a printable form, with the same message (standard error
    here is a strict UTF-8 stream, like a file the caller opened; a real process's stderr
    would escape a lone surrogate itself)."""
    doc, loc = unicode_case(name)
    path = write(tmp_path, doc)
    exit_code, out, err = run_cli(capsys, "migrate", str(path))
    assert exit_code == 1, err
    if out.strip():
        strict_json(out)
    err.encode("utf-8")
    holder = MigrationNote(loc[:-1], "").path() if loc[:-1] else ""
    [line] = [line for line in err.splitlines() if ": INVALID " in line and "not valid" in line]
    assert holder in line, line
    assert line.endswith(f": {dict_message(doc, loc, INVALID_UNICODE)}"), line


@pytest.mark.parametrize("name", list(UNICODE_VALUES))
def test_invalid_unicode_fastapi_422(name: str) -> None:
    doc, loc = unicode_case(name)
    assert_api(doc, loc, INVALID_UNICODE)


@pytest.mark.parametrize("name", list(UNICODE_KEYS))
def test_invalid_unicode_key_fastapi_422(name: str) -> None:
    doc, loc = unicode_case(name)
    detail = api_details(doc.text)
    assert len(detail) == 1, detail
    assert detail[0]["loc"][: len(loc)] == ["body", *loc[:-1]]
    assert len(detail[0]["loc"]) == len(loc) + 1
    assert detail[0]["type"] == INVALID_UNICODE
    assert detail[0]["msg"] == dict_message(doc, loc, INVALID_UNICODE)


def test_a_valid_surrogate_pair_is_a_character() -> None:
    """``\\ud83d\\ude00`` in JSON text is one character (U+1F600): nothing to refuse."""
    document = put(item(), ("properties", "custom:emoji"), PLACEHOLDER)
    text = as_text(document).replace(PLACEHOLDER, "\\ud83d\\ude00 ok")
    expected = put(item(), ("properties", "custom:emoji"), "\U0001f600 ok")
    for read in (
        MLMItem.model_validate_json(text),
        stac_mlm.load(text),
        MLMItem.model_validate(expected),
    ):
        assert read.model_dump(mode="json") == expected
        assert json.loads(read.model_dump_json()) == expected


# --- nesting ----------------------------------------------------------------------------------

DEEP_AT: Loc = ("properties", "custom:deep")


def deep_document(levels: int, segment: str | int, base: Base = item) -> dict[str, Any]:
    """``item_basic`` with ``levels`` containers under ``properties → custom:deep``: the whole
    document is ``levels + 2`` levels deep."""
    return put(base(), DEEP_AT, nested(levels, segment))


def first_too_deep(segment: str | int) -> Loc:
    """The location of the container at level ``MAX_DEPTH + 1`` (``MAX_DEPTH`` segments)."""
    return DEEP_AT + (segment,) * (MAX_DEPTH - len(DEEP_AT))


SEGMENTS = pytest.mark.parametrize("segment", [0, "a"], ids=["lists", "objects"])


@SEGMENTS
def test_a_document_max_depth_deep_is_accepted_and_dumps(segment: str | int) -> None:
    document = deep_document(MAX_DEPTH - 2, segment)
    text = as_text(document)
    for read in (
        MLMItem.model_validate(document),
        MLMItem.model_validate_json(text),
        stac_mlm.load(document),
        stac_mlm.load(text),
    ):
        assert read.model_dump(mode="json") == document
        assert read.model_dump(mode="json", by_alias=True, exclude_unset=True) == document
        assert json.loads(read.model_dump_json()) == document
    assert stac_mlm.migrate(document).ok


@SEGMENTS
@pytest.mark.parametrize("path", list(IN_PROCESS))
def test_one_level_too_deep_is_located_at_the_first_container_too_deep(
    path: str, segment: str | int
) -> None:
    assert MAX_DEPTH + 1 <= PARSER_DEPTH  # the text is within the parser's own limit
    doc = Doc(deep_document(MAX_DEPTH - 1, segment), as_text(deep_document(MAX_DEPTH - 1, segment)))
    loc = first_too_deep(segment)
    message = assert_one_error(rejection(lambda: IN_PROCESS[path](doc)), loc, TOO_DEEP)
    assert str(MAX_DEPTH) in message
    assert message == dict_message(doc, loc, TOO_DEEP)


@SEGMENTS
@pytest.mark.parametrize("path", DICT_PATHS)
def test_a_very_deep_dict_is_refused_without_recursion_error(path: str, segment: str | int) -> None:
    document = deep_document(5000, segment)
    error = rejection(lambda: IN_PROCESS[path](Doc(document, "")))
    assert_one_error(error, first_too_deep(segment), TOO_DEEP)  # str(error) included


@SEGMENTS
def test_a_very_deep_dict_migrate_reports_it(segment: str | int) -> None:
    document = deep_document(5000, segment)
    assert_migrate(Doc(document, ""), first_too_deep(segment), TOO_DEEP)


def very_deep_text(levels: int = 5000) -> str:
    """``item_basic`` as text with ``levels`` arrays under ``custom:deep``: beyond any parser."""
    document = put(item(), DEEP_AT, PLACEHOLDER)
    return as_text(document).replace(f'"{PLACEHOLDER}"', "[" * levels + "1" + "]" * levels)


def assert_deep_text_message(message: str) -> None:
    assert re.search(r"line \d+", message), message
    assert "column" in message, message


@pytest.mark.parametrize("path", TEXT_PATHS)
@pytest.mark.parametrize(
    "text",
    [very_deep_text(), '{"a": ' * 100_000 + "1" + "}" * 100_000],
    ids=["deep inside an Item", "100,000 objects"],
)
def test_text_beyond_the_parser_limit_is_too_deep_at_the_root(path: str, text: str) -> None:
    error = rejection(lambda: IN_PROCESS[path](Doc(None, text)))
    assert_deep_text_message(assert_one_error(error, (), TOO_DEEP))


@SEGMENTS
def test_too_deep_cli_validate_and_migrate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, segment: str | int
) -> None:
    document = deep_document(MAX_DEPTH - 1, segment)
    doc, loc = Doc(document, as_text(document)), first_too_deep(segment)
    assert_cli_validate(capsys, tmp_path, doc, loc, TOO_DEEP)
    assert_cli_migrate(capsys, tmp_path, doc, loc, TOO_DEEP)


def test_text_beyond_any_parser_cli_validate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "deep.json"
    path.write_text(very_deep_text(), encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1, out
    [line] = out.splitlines()
    assert line.startswith(f"{path}: INVALID (document): "), line


def test_text_beyond_any_parser_cli_migrate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "deep.json"
    path.write_text(very_deep_text(), encoding="utf-8")
    code, out, err = run_cli(capsys, "migrate", str(path))
    assert code in (1, 2), err
    assert out.strip() == ""
    assert "Traceback" not in err
    assert "RecursionError" not in err


@SEGMENTS
def test_too_deep_fastapi_422(segment: str | int) -> None:
    document = deep_document(MAX_DEPTH - 1, segment)
    doc, loc = Doc(document, as_text(document)), first_too_deep(segment)
    assert_api(doc, loc, TOO_DEEP)


def test_body_beyond_any_parser_fastapi_422_at_the_body() -> None:
    """Not FastAPI's 400 "error parsing the body" (its ``json.loads`` hits RecursionError)."""
    [detail] = api_details(very_deep_text())
    assert (detail["loc"], detail["type"]) == (["body"], TOO_DEEP)
    assert_deep_text_message(detail["msg"])


# --- Python values JSON has no word for -------------------------------------------------------


class Thing:
    def __repr__(self) -> str:
        return "<Thing object at 0x1234>"


#: (where, value); the error is located at ``where``.
NON_JSON_VALUES: dict[str, tuple[Loc, Any]] = {
    "set of tasks": (("properties", "mlm:tasks"), {"classification"}),
    "frozenset": (("properties", "custom:x"), frozenset({1, 2})),
    "set in a list": (("properties", "custom:x"), [1, {2}]),
    "bytes name": (("properties", "mlm:architecture"), b"ResNet"),
    "bytes not UTF-8": (("properties", "custom:x"), b"\xff\xfe"),
    "bytearray": (("assets", "model", "href"), bytearray(b"model.pt")),
    "object": (("properties", "custom:x"), Thing()),
    "complex": (("properties", "mlm:total_parameters"), 1 + 2j),
    "object in bbox": (("bbox", 0), Thing()),
}
#: (holder, key): a key that is not a string.
NON_STRING_KEYS: dict[str, tuple[Loc, Any]] = {
    "int key in properties": (("properties",), 5),
    "None key in an asset": (("assets", "model"), None),
    "tuple key in a foreign object": (("properties", "custom:x"), ("a", 1)),
    "int key at the top": ((), 3),
}


def non_json(name: str) -> tuple[dict[str, Any], Loc, bool]:
    """The document, the location of the error, and whether it is a key's holder."""
    document = item()
    if name in NON_JSON_VALUES:
        loc, value = NON_JSON_VALUES[name]
        where = (*loc, 1) if name == "set in a list" else loc
        return put(document, loc, value), where, False
    holder, key = NON_STRING_KEYS[name]
    if holder and holder[-1] == "custom:x":
        put(document, holder, {})
    node: Any = document
    for segment in holder:
        node = node[segment]
    node[key] = "x"
    return document, holder, True


def assert_non_json_located(error: ValidationError, loc: Loc, is_holder: bool) -> None:
    found = details(error)
    assert found, error
    for found_loc, _, message in found:
        assert_for_people(message)
        assert message in str(error)
        if is_holder:
            assert found_loc[: len(loc)] == loc, found
            assert len(found_loc) <= len(loc) + 1, found
        else:
            assert found_loc == loc, found


NON_JSON_CASES = [*NON_JSON_VALUES, *NON_STRING_KEYS]


@pytest.mark.parametrize("path", DICT_PATHS)
@pytest.mark.parametrize("name", NON_JSON_CASES)
def test_non_json_python_values_are_validation_errors(path: str, name: str) -> None:
    document, loc, is_holder = non_json(name)
    error = rejection(lambda: IN_PROCESS[path](Doc(document, "")))
    assert_non_json_located(error, loc, is_holder)
    error.errors()


@pytest.mark.parametrize("name", NON_JSON_CASES)
def test_non_json_python_values_migrate_never_raises(name: str) -> None:
    document, loc, is_holder = non_json(name)
    report = stac_mlm.migrate(document)
    assert not report.ok
    located = [note.location for note in report.errors]
    if is_holder:
        assert any(found[: len(loc)] == loc for found in located), located
    else:
        assert loc in located, located
    report.to_text().encode("utf-8")


@pytest.mark.parametrize("path", DICT_PATHS)
def test_a_tuple_is_refused_or_read_as_an_array_never_a_crash(path: str) -> None:
    document = put(item(), ("properties", "mlm:tasks"), ("classification",))
    try:
        read = IN_PROCESS[path](Doc(document, ""))
    except ValidationError as error:
        assert_non_json_located(error, ("properties", "mlm:tasks"), False)
    else:
        assert isinstance(read, MLMItem)
        assert read.model_dump(mode="json")["properties"]["mlm:tasks"] == ["classification"]
        read.model_dump_json()


# --- several problems at once, and the cap ----------------------------------------------------


def test_every_hostile_value_is_reported() -> None:
    document = item()
    put(document, ("properties", "custom:score"), math.nan)
    put(document, ("bbox", 0), math.inf)
    put(document, ("properties", "mlm:architecture"), "Res\ud800Net")
    put(document, DEEP_AT, nested(MAX_DEPTH + 5, 0))
    expected = {
        (("properties", "custom:score"), NON_FINITE),
        (("bbox", 0), NON_FINITE),
        (("properties", "mlm:architecture"), INVALID_UNICODE),
        (first_too_deep(0), TOO_DEEP),
    }
    for call in (
        lambda: MLMItem.model_validate(document),
        lambda: MLMItem.model_validate_json(as_text(document)),
        lambda: stac_mlm.load(document),
    ):
        found = {(loc, code) for loc, code, _ in details(rejection(call))}
        assert expected <= found, found
        again = [(loc, code) for loc, code in found - expected if loc in dict(expected)]
        assert not again, f"a second error about the same value: {again}"


def links_document(entries: int) -> dict[str, Any]:
    """Every link replaced by ``1``: one error each (no ``collection`` field, which would
    need a collection link)."""
    document = item()
    document.pop("collection")
    return put(document, ("links",), [1] * entries)


def assert_mentions_count(message: str, count: int) -> None:
    plain, grouped = str(count), f"{count:,}"
    assert re.search(rf"(?<![\d,.]){re.escape(plain)}(?![\d,])", message) or (grouped in message), (
        count,
        message,
    )


def assert_capped(found: list[tuple[Loc, str, str]], entries: int) -> None:
    """``MAX_ERRORS`` errors at the first links, then ``too_many_errors`` giving the rest."""
    assert len(found) == MAX_ERRORS + 1, len(found)
    kept, (last_loc, last_code, last_message) = found[:-1], found[-1]
    assert [loc for loc, _, _ in kept] == [("links", index) for index in range(MAX_ERRORS)]
    for _, _, message in kept:
        assert_for_people(message)
        assert message.endswith("(got 1)"), message
    assert (last_loc, last_code) == ((), TOO_MANY)
    assert_for_people(last_message)
    assert_mentions_count(last_message, entries - MAX_ERRORS)


ENTRIES = 20_000


@pytest.mark.parametrize("path", list(IN_PROCESS))
def test_twenty_thousand_bad_links_give_a_capped_report(path: str) -> None:
    document = links_document(ENTRIES)
    error = rejection(lambda: IN_PROCESS[path](Doc(document, as_text(document))))
    assert_capped(details(error), ENTRIES)
    assert len(str(error)) < (MAX_ERRORS + 1) * 1000


def test_twenty_thousand_bad_links_migrate() -> None:
    report = stac_mlm.migrate(links_document(ENTRIES))
    assert not report.ok
    assert len(report.errors) == MAX_ERRORS + 1
    assert report.errors[-1].location == ()
    assert_mentions_count(report.errors[-1].message, ENTRIES - MAX_ERRORS)


def test_twenty_thousand_bad_links_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = links_document(ENTRIES)
    path = write(tmp_path, Doc(document, as_text(document)))
    code, out, _ = run_cli(capsys, "validate", str(path))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == MAX_ERRORS + 1
    assert lines[0].startswith(f"{path}: INVALID links → 0: ")
    assert lines[-1].startswith(f"{path}: INVALID (document): ")
    assert_mentions_count(lines[-1], ENTRIES - MAX_ERRORS)


def test_twenty_thousand_bad_links_fastapi() -> None:
    detail = api_details(as_text(links_document(ENTRIES)))
    assert len(detail) == MAX_ERRORS + 1
    assert detail[0]["loc"] == ["body", "links", 0]
    assert (detail[-1]["loc"], detail[-1]["type"]) == (["body"], TOO_MANY)
    assert_mentions_count(detail[-1]["msg"], ENTRIES - MAX_ERRORS)


def test_exactly_max_errors_are_not_capped() -> None:
    found = details(rejection(lambda: MLMItem.model_validate(links_document(MAX_ERRORS))))
    assert [loc for loc, _, _ in found] == [("links", index) for index in range(MAX_ERRORS)]
    assert TOO_MANY not in [code for _, code, _ in found]


def test_one_error_more_than_max_is_counted() -> None:
    found = details(rejection(lambda: MLMItem.model_validate(links_document(MAX_ERRORS + 1))))
    assert_capped(found, MAX_ERRORS + 1)


# --- bbox ---------------------------------------------------------------------------------------


def bbox_case() -> Doc:
    document = put(item(), ("bbox",), [0, 0, 0])
    return Doc(document, as_text(document))


def assert_bbox_message(message: str) -> None:
    assert "Field required" not in message
    assert "4" in message
    assert "6" in message
    assert "(got [0, 0, 0])" in message, message


@pytest.mark.parametrize("path", list(IN_PROCESS))
def test_bbox_of_three_numbers_is_located_at_bbox(path: str) -> None:
    doc = bbox_case()
    found = details(rejection(lambda: IN_PROCESS[path](doc)))
    assert [loc for loc, _, _ in found] == [("bbox",)], found
    assert_for_people(found[0][2])
    assert_bbox_message(found[0][2])


def test_bbox_of_three_numbers_cli_and_fastapi(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = bbox_case()
    assert_cli_validate(capsys, tmp_path, doc, ("bbox",), None)
    assert_api(doc, ("bbox",), None)
    assert_bbox_message(dict_message(doc, ("bbox",), None))


# --- messages for people ------------------------------------------------------------------------

ORDINARY: dict[str, tuple[Loc, Any]] = {
    "unknown accelerator": (("properties", "mlm:accelerator"), "cpu"),
    "unknown task": (("properties", "mlm:tasks", 0), "clustering"),
    "integer as text": (("properties", "mlm:total_parameters"), "12"),
    "bool for a number": (("properties", "mlm:total_parameters"), True),
    "link not an object": (("links", 1), 1),
}


@pytest.mark.parametrize("name", list(ORDINARY))
def test_messages_show_the_value_as_json(name: str) -> None:
    loc, value = ORDINARY[name]
    document = put(item(), loc, value)
    found = details(rejection(lambda: MLMItem.model_validate(document)))
    assert [found_loc for found_loc, _, _ in found] == [loc], found
    message = found[0][2]
    assert_for_people(message)
    assert message.endswith(f"(got {json.dumps(value)})"), message


def test_a_long_value_is_shortened_in_the_message() -> None:
    loc: Loc = ("properties", "mlm:tasks")
    document = put(item(), loc, "x" * 10_000)
    [(found_loc, _, message)] = details(rejection(lambda: MLMItem.model_validate(document)))
    assert found_loc == loc
    assert '(got "xxx' in message
    assert "…" in message
    assert len(message) < 400
    response = post_raw(API, "/exact", as_text(document))
    assert response.status_code == 422
    assert len(response.content) < 2000


# --- real processes -----------------------------------------------------------------------------


def cli_process(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "stac_mlm.cli", *args], capture_output=True, timeout=120
    )


@pytest.mark.parametrize(
    "name", ["typed string", "foreign key in properties"], ids=["value", "key"]
)
def test_invalid_unicode_in_a_real_process(tmp_path: Path, name: str) -> None:
    doc, loc = unicode_case(name)
    path = write(tmp_path, doc)
    checked = cli_process("validate", str(path))
    migrated = cli_process("migrate", str(path))
    assert checked.returncode == 1, checked.stderr.decode(errors="replace")
    assert migrated.returncode == 1, migrated.stderr.decode(errors="replace")
    assert b"Traceback" not in checked.stderr + migrated.stderr
    if migrated.stdout.strip():
        strict_json(migrated.stdout)
    out = checked.stdout.decode("utf-8")
    assert out.endswith(f": {dict_message(doc, loc, INVALID_UNICODE)}\n"), out


def test_nan_and_depth_in_a_real_process(tmp_path: Path) -> None:
    nan = write(tmp_path, non_finite("foreign key", "NaN"), "nan.json")
    migrated = cli_process("migrate", str(nan))
    assert migrated.returncode == 1
    assert b"NaN" not in migrated.stdout
    if migrated.stdout.strip():
        strict_json(migrated.stdout)
    deep = tmp_path / "deep.json"
    deep.write_text(very_deep_text(100_000), encoding="utf-8")
    checked = cli_process("validate", str(deep))
    assert checked.returncode == 1, checked.stderr.decode(errors="replace")
    assert b"RecursionError" not in checked.stdout + checked.stderr
    assert checked.stdout.decode().startswith(f"{deep}: INVALID (document): ")


# --- the example catalog service ----------------------------------------------------------------

ITEMS = "/collections/models/items"


@pytest.fixture
def catalog() -> Iterator[tuple[TestClient, list[dict[str, Any]]]]:
    """The service holding two valid Items (the stored documents)."""
    with TestClient(create_app()) as client:
        stored = []
        for name in ("item_basic.json", "item_multi_io.json"):
            document = without_collection(copy.deepcopy(EXAMPLES[name]))
            document["id"] = name.removesuffix(".json")
            assert client.post(ITEMS, json=document).status_code == 201
            stored.append(document)
        yield client, stored


def catalog_item() -> dict[str, Any]:
    """``item_basic`` as the service stores it: id ``hostile``, no collection of its own."""
    return {**without_collection(item()), "id": "hostile"}


def hostile_for_catalog(name: str) -> tuple[str, Loc, str]:
    """JSON text of a hostile Item (id ``hostile``), where the error is, and its code."""
    places = {
        "NaN in a typed field": ("typed integer", "NaN"),
        "NaN in a foreign field": ("foreign key", "NaN"),
        "Infinity in a hyperparameter": ("hyperparameter", "Infinity"),
        "1e309 in a foreign list": ("list in an asset", "1e309"),
    }
    if name in places:
        place, token = places[name]
        return non_finite(place, token, catalog_item).text, NUMBER_PLACES[place], NON_FINITE
    if name == "too deep":
        return as_text(deep_document(MAX_DEPTH - 1, 0, catalog_item)), first_too_deep(0), TOO_DEEP
    case = {
        "lone surrogate value": "foreign string",
        "lone surrogate key": "foreign key in properties",
    }
    doc, loc = unicode_case(case[name], catalog_item)
    return doc.text, loc, INVALID_UNICODE


CATALOG_CASES = [
    "NaN in a typed field",
    "NaN in a foreign field",
    "Infinity in a hyperparameter",
    "1e309 in a foreign list",
    "lone surrogate value",
    "lone surrogate key",
    "too deep",
]


def assert_catalog_still_serves(client: TestClient, stored: list[dict[str, Any]]) -> None:
    for document in stored:
        fetched = client.get(f"{ITEMS}/{document['id']}")
        assert fetched.status_code == 200
        assert strict_json(fetched.content) == document
    assert client.get(f"{ITEMS}/hostile").status_code == 404
    collection = client.get("/collections/models")
    assert collection.status_code == 200, collection.text[:300]
    strict_json(collection.content)
    found = client.get("/search", params={"limit": 100})
    assert found.status_code == 200, found.text[:300]
    assert strict_json(found.content)["numberMatched"] == len(stored)
    by_task = client.get("/search", params={"tasks": "classification"})
    assert by_task.status_code == 200
    strict_json(by_task.content)


@pytest.mark.parametrize("name", CATALOG_CASES)
def test_catalog_refuses_hostile_posts_and_keeps_serving(
    catalog: tuple[TestClient, list[dict[str, Any]]], name: str
) -> None:
    client, stored = catalog
    text, loc, code = hostile_for_catalog(name)
    response = post_raw(client, ITEMS, text)
    assert response.status_code == 422, response.text[:300]
    detail = strict_json(response.content)["detail"]
    if name == "lone surrogate key":
        assert [d["loc"][: len(loc)] for d in detail] == [["body", *loc[:-1]]]
    else:
        assert [(d["loc"], d["type"]) for d in detail] == [(["body", *loc], code)]
    assert_catalog_still_serves(client, stored)


@pytest.mark.parametrize("name", CATALOG_CASES)
def test_catalog_refuses_hostile_puts_and_keeps_the_stored_item(
    catalog: tuple[TestClient, list[dict[str, Any]]], name: str
) -> None:
    client, stored = catalog
    text, _, _ = hostile_for_catalog(name)
    text = text.replace('"id": "hostile"', '"id": "item_basic"')
    response = post_raw(client, f"{ITEMS}/item_basic", text, method="PUT")
    assert response.status_code == 422, response.text[:300]
    strict_json(response.content)
    assert_catalog_still_serves(client, stored)


def test_limits_are_public() -> None:
    assert isinstance(MAX_DEPTH, int)
    assert isinstance(MAX_ERRORS, int)
    assert 2 < MAX_DEPTH < PARSER_DEPTH
    assert MAX_ERRORS >= 1
