"""``validate_many`` and ``json_lines``: one result per document, in order, streaming, the
garbage collector paused for the batch and restored however it ends."""

from __future__ import annotations

import copy
import gc
import itertools
import json
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from spec_folder import example_items

from stac_mlm import MLMCollection, MLMItem, json_lines, validate_many
from stac_mlm.batch import COLLECT_EVERY, PausedCollector
from stac_mlm.example import example_item

VALID: dict[str, Any] = example_item().model_dump(mode="json")


def with_task(task: Any) -> dict[str, Any]:
    document = copy.deepcopy(VALID)
    document["properties"]["mlm:tasks"] = [task]
    return document


def error_of(document: Any) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        MLMItem.model_validate(document)
    return raised.value


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    """Each test starts with the collector on, and leaves it on whatever it checked."""
    gc.enable()
    yield
    gc.enable()


def test_one_result_per_document_in_order_whatever_the_input(tmp_path: Path) -> None:
    item_file = tmp_path / "item.json"
    item_file.write_text(json.dumps(VALID), encoding="utf-8")
    invalid = with_task("cooking")
    documents = [
        VALID,
        json.dumps(VALID),
        json.dumps(VALID).encode(),
        item_file,
        invalid,
        b"{not json",
        tmp_path / "missing.json",
    ]
    results = list(validate_many(documents))
    assert [type(result).__name__ for result in results] == [
        *["MLMItem"] * 4,
        "ValidationError",
        "ValidationError",
        "FileNotFoundError",
    ]
    assert all(result == results[0] for result in results[1:4])
    # the errors are those of MLMItem itself: same locations, same messages
    assert isinstance(results[4], ValidationError)
    assert results[4].errors() == error_of(invalid).errors()
    assert results[4].errors()[0]["loc"] == ("properties", "mlm:tasks", 0)
    assert results[4].errors()[0]["msg"].endswith('(got "cooking")')
    assert isinstance(results[5], ValidationError)
    assert results[5].errors()[0]["type"] == "json_invalid"
    assert isinstance(results[6], OSError)
    assert results[6].filename == str(tmp_path / "missing.json")


def test_other_models_and_every_release_as_declared() -> None:
    older = next(iter(example_items("1.0.0").values()))
    results = list(validate_many([older, VALID], model=None))
    assert [result.mlm_version for result in results] == ["1.0.0", "1.5.2"]  # type: ignore[union-attr]
    [refused] = validate_many([older])  # MLMItem is a v1.5.2 Item
    assert isinstance(refused, ValidationError)
    collection = MLMCollection.from_items([VALID], id="c", description="d", license="MIT")
    [result] = validate_many([collection.model_dump(mode="json")], model=MLMCollection)
    assert result == collection


def test_streams_one_document_at_a_time() -> None:
    pulled = 0

    def endless() -> Iterator[dict[str, Any]]:
        nonlocal pulled
        while True:
            pulled += 1
            yield VALID

    results = validate_many(endless())
    first = list(itertools.islice(results, 3))
    assert len(first) == 3
    assert pulled == 3  # nothing read ahead, nothing gathered
    results.close()


def test_the_collector_is_paused_during_the_batch_and_restored_after() -> None:
    states = [gc.isenabled() for _ in validate_many([VALID, VALID])]
    assert states == [False, False]
    assert gc.isenabled()


def test_the_collector_is_restored_when_the_caller_stops_early() -> None:
    for _ in validate_many([VALID, VALID, VALID]):
        break  # the for loop drops the generator: CPython closes it at once
    assert gc.isenabled()
    results = validate_many([VALID, VALID])
    next(results)
    assert not gc.isenabled()
    results.close()
    assert gc.isenabled()


def test_the_collector_is_restored_when_an_exception_escapes() -> None:
    def failing() -> Iterator[Any]:
        yield VALID
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        list(validate_many(failing()))
    assert gc.isenabled()

    results = validate_many([VALID, VALID])
    next(results)
    with pytest.raises(KeyError):
        results.throw(KeyError("the caller's"))
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    list(validate_many([VALID]))
    assert not gc.isenabled()


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_the_commands_collect_cycles_every_so_many_documents() -> None:
    with PausedCollector(every=10) as collector:
        garbage = weakref.ref(Node())
        for _ in range(9):
            collector.step()
        assert garbage() is not None  # paused: nothing collects it
        collector.step()
        assert garbage() is None  # the tenth document collected the young generations
    assert COLLECT_EVERY >= 100  # rare enough to cost little per document


def test_validation_makes_no_reference_cycles() -> None:
    """Why pausing the collector loses nothing: validating valid and invalid documents,
    from dicts and from JSON text, leaves no garbage only the collector could free."""
    documents = [VALID, with_task("cooking"), {"type": "Feature"}, b"{not json", b"[1]"]
    documents += [json.dumps(VALID), json.dumps(with_task("cooking")).encode()]
    list(validate_many(documents))  # every model built, every message formatted once
    gc.collect()
    gc.disable()
    results = list(validate_many(documents * 20))
    assert len(results) == 140
    del results
    assert gc.collect() == 0


def test_json_lines_yields_each_line_lazily_skipping_blank_ones(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    text = json.dumps(VALID)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode() + b"\n\n  \n" + b"[1]\n" + text.encode())
    lines = list(json_lines(path))
    assert lines == [text.encode() + b"\n", b"[1]\n", text.encode()]
    results = list(validate_many(json_lines(path)))
    assert isinstance(results[0], MLMItem)
    assert isinstance(results[2], MLMItem)
    assert isinstance(results[1], ValidationError)
    assert results[1].errors()[0]["loc"] == ()
    with pytest.raises(FileNotFoundError):
        list(json_lines(tmp_path / "missing.jsonl"))
