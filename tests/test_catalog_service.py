"""The example model-catalog service: every route and error, exact round-trips, OpenAPI."""

from __future__ import annotations

import asyncio
import copy
import json
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import EXAMPLES
from fastapi.testclient import TestClient
from openapi_spec_validator import validate
from spec_folder import PROJECT_ROOT

from stac_mlm import MLMCollection, MLMItem
from stac_mlm.fastapi import MAX_ECHOED_INPUT, MAX_ERROR_BYTES

sys.path.insert(0, str(PROJECT_ROOT / "examples"))

from catalog_service.app import create_app
from catalog_service.checks import LARGE_BODY_BYTES, BodyChecker

ITEMS = "/collections/models/items"
JSON = {"content-type": "application/json"}


#: The tests' limit on checking a large body: not 10 s, which a busy machine can exceed.
SECONDS = 600


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = create_app()
    app.state.body_checker.seconds = SECONDS
    with TestClient(app) as test_client:
        yield test_client


def _item(name: str = "item_basic.json", **changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(EXAMPLES[name])
    # Out of its collection: STAC core wants the collection field and link together.
    document.pop("collection", None)
    document["links"] = [link for link in document["links"] if link.get("rel") != "collection"]
    document.update(changes)
    return document


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_post_then_get_gives_back_the_document(client: TestClient, name: str) -> None:
    document = _item(name)
    created = client.post(ITEMS, json=document)
    assert created.status_code == 201
    assert created.json() == document
    fetched = client.get(f"{ITEMS}/{document['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == document  # no added nulls, nothing dropped


def test_duplicate_id_is_a_conflict_and_changes_nothing(client: TestClient) -> None:
    document = _item()
    assert client.post(ITEMS, json=document).status_code == 201
    other = _item(properties={**document["properties"], "mlm:architecture": "VGG"})
    response = client.post(ITEMS, json=other)
    assert response.status_code == 409
    assert client.get(f"{ITEMS}/{document['id']}").json() == document


def test_invalid_mlm_is_a_small_422_located_by_json_keys(client: TestClient) -> None:
    document = _item()
    document["properties"]["mlm:input"][0]["input"]["dim_order"] = ["batch", "bands"]
    document["properties"]["mlm:input"][0]["bands"] = [5]
    response = client.post(ITEMS, json=document)
    assert response.status_code == 422
    details = response.json()["detail"]
    locations = [detail["loc"] for detail in details]
    assert ["body", "properties", "mlm:input", 0, "bands", 0] in locations
    assert all(json.dumps(detail).count("mlm:output") == 0 for detail in details)  # no echo
    assert len(response.content) < 1000
    assert client.get(f"{ITEMS}/{document['id']}").status_code == 404  # nothing written


def test_item_of_another_collection_is_refused(client: TestClient) -> None:
    document = _item(collection="elsewhere")
    document["links"].append({"rel": "collection", "href": "../elsewhere/collection.json"})
    response = client.post(ITEMS, json=document)
    assert response.status_code == 400


def test_put_replaces_and_404s_unknown_items(client: TestClient) -> None:
    document = _item()
    client.post(ITEMS, json=document)
    changed = _item(properties={**document["properties"], "mlm:architecture": "VGG"})
    assert client.put(f"{ITEMS}/{document['id']}", json=changed).json() == changed
    assert client.get(f"{ITEMS}/{document['id']}").json() == changed
    assert client.put(f"{ITEMS}/unknown", json=_item(id="unknown")).status_code == 404
    assert client.put(f"{ITEMS}/other-id", json=changed).status_code == 400


def test_failed_put_leaves_the_stored_item(client: TestClient) -> None:
    document = _item()
    client.post(ITEMS, json=document)
    broken = _item(properties={**document["properties"], "mlm:accelerator": "cpu"})
    assert client.put(f"{ITEMS}/{document['id']}", json=broken).status_code == 422
    assert client.get(f"{ITEMS}/{document['id']}").json() == document


def test_delete(client: TestClient) -> None:
    document = _item()
    client.post(ITEMS, json=document)
    assert client.delete(f"{ITEMS}/{document['id']}").status_code == 204
    assert client.get(f"{ITEMS}/{document['id']}").status_code == 404
    assert client.delete(f"{ITEMS}/{document['id']}").status_code == 404


def _post_all(client: TestClient) -> list[dict[str, Any]]:
    """Post every official example under its own id; the stored ones."""
    stored = []
    for name in sorted(EXAMPLES):
        document = _item(name, id=name.removesuffix(".json"))
        assert client.post(ITEMS, json=document).status_code == 201
        stored.append(document)
    return stored


def test_collection_summarizes_its_items(client: TestClient) -> None:
    assert client.get("/collections/models").status_code == 404
    stored = _post_all(client)
    response = client.get("/collections/models")
    assert response.status_code == 200
    collection = MLMCollection.model_validate(response.json())
    assert collection.model_dump(mode="json") == response.json()
    tasks = sorted({task for doc in stored for task in doc["properties"]["mlm:tasks"]})
    assert response.json()["summaries"]["mlm:tasks"] == tasks


def test_search_filters_and_pages(client: TestClient) -> None:
    stored = _post_all(client)
    everything = client.get("/search", params={"limit": 100}).json()
    assert everything["type"] == "FeatureCollection"
    assert everything["numberMatched"] == len(stored)
    by_task = client.get("/search", params={"tasks": "classification"}).json()
    expected = sum("classification" in d["properties"]["mlm:tasks"] for d in stored)
    assert by_task["numberMatched"] == expected
    for feature in by_task["features"]:
        assert "classification" in feature["properties"]["mlm:tasks"]
    accelerated = client.get("/search", params={"accelerator": "cuda", "architecture": "ResNet"})
    for feature in accelerated.json()["features"]:
        assert feature["properties"]["mlm:accelerator"] == "cuda"
        assert feature["properties"]["mlm:architecture"] == "ResNet"
    first = client.get("/search", params={"limit": 4}).json()
    second = client.get("/search", params={"limit": 4, "offset": first["next_offset"]}).json()
    assert first["numberReturned"] == 4
    ids = [f["id"] for f in first["features"]] + [f["id"] for f in second["features"]]
    assert len(set(ids)) == 8
    assert client.get("/search", params={"accelerator": "cpu"}).status_code == 422
    assert client.get("/search", params={"limit": 0}).status_code == 422


def test_an_offset_beyond_sqlite_integers_is_a_422_not_a_500(client: TestClient) -> None:
    """Found by schemathesis: 2**63 reached SQLite and raised OverflowError."""
    _post_all(client)
    last = client.get("/search", params={"offset": 2**63 - 1})
    assert (last.status_code, last.json()["features"]) == (200, [])
    response = client.get("/search", params={"offset": 2**63})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]


def test_openapi_is_valid_without_input_output_duplicates(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    validate(spec)
    names = list(spec["components"]["schemas"])
    assert not [name for name in names if name.endswith(("-Input", "-Output"))]
    assert "MLMItem" in names


LIMIT = 5_000


def test_a_body_declared_too_large_is_a_413_saying_the_limit() -> None:
    with TestClient(create_app(max_body_bytes=LIMIT)) as client:
        assert client.post(ITEMS, json=_item()).status_code == 201  # under the limit
        response = client.post(ITEMS, content=b" " * (LIMIT + 1), headers=JSON)
    assert response.status_code == 413
    assert response.json() == {"detail": f"the request body is larger than {LIMIT} bytes"}


def test_a_chunked_body_too_large_is_a_413() -> None:
    chunks = iter([b"[" * 1000] * 10)  # no Content-Length: sent chunked
    with TestClient(create_app(max_body_bytes=LIMIT)) as client:
        response = client.post(ITEMS, content=chunks, headers=JSON)
    assert response.status_code == 413
    assert response.json() == {"detail": f"the request body is larger than {LIMIT} bytes"}


@pytest.mark.parametrize("declared", [None, b"10"])
def test_a_long_body_is_not_read_past_the_limit(declared: bytes | None) -> None:
    """An endless body, undeclared or lying about its length: reading stops at the limit."""
    chunk = b"[" * 1000
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        assert read < 100, "the body was read far past the limit"
        return {"type": "http.request", "body": chunk, "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"content-type", b"application/json")]
    if declared is not None:
        headers.append((b"content-length", declared))
    scope = {
        "type": "http", "method": "POST", "path": ITEMS, "raw_path": ITEMS.encode(),
        "query_string": b"", "headers": headers, "http_version": "1.1", "scheme": "http",
        "server": ("testserver", 80), "client": ("127.0.0.1", 1), "root_path": "",
    }  # fmt: skip
    asyncio.run(create_app(max_body_bytes=LIMIT)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert read == LIMIT // len(chunk) + 1  # the first chunk beyond the limit, no more


def test_a_client_hanging_up_mid_upload_is_no_server_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A dropped upload is nobody's error: no traceback logged, no 500."""
    messages = iter(
        [
            {"type": "http.request", "body": b'{"type": "Fea', "more_body": True},
            {"type": "http.disconnect"},
        ]
    )

    async def receive() -> dict[str, Any]:
        return next(messages)

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "method": "POST", "path": ITEMS, "raw_path": ITEMS.encode(),
        "query_string": b"", "headers": [(b"content-type", b"application/json"),
        (b"content-length", b"500000")], "http_version": "1.1", "scheme": "http",
        "server": ("testserver", 80), "client": ("127.0.0.1", 1), "root_path": "",
    }  # fmt: skip
    asyncio.run(create_app()(scope, receive, send))
    assert sent[0]["status"] == 400
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def _hostile_bodies() -> dict[str, bytes]:
    """Worst cases for the size of a 422, each under the default body limit."""
    many_inputs = _item()
    many_inputs["properties"]["mlm:input"] = [{"bad": i} for i in range(20_000)]
    long_tasks = _item()
    long_tasks["properties"]["mlm:tasks"] = ["t" * 199 + str(i) for i in range(4_000)]
    long_keys = _item()  # each long asset name is repeated by four located errors
    long_keys["assets"] = {
        "a" * 5_000 + str(i): {"href": 5, "roles": 7, "type": 8, "title": 9} for i in range(150)
    }
    long_string = _item()
    long_string["properties"]["mlm:accelerator"] = "x" * 900_000
    text = {name: json.dumps(doc) for name, doc in locals().items()}
    deep = json.dumps(_item()).replace('"mlm:input": [', '"mlm:input": [' + "[" * 5000, 1)
    nan = json.dumps(_item()).replace('"mlm:architecture": "ResNet"', '"mlm:architecture": NaN')
    text.update(deep=deep.replace("]", "]" * 5001, 1), nan=nan, bare_deep="[" * 100_000)
    return {name: body.encode() for name, body in text.items()}


@pytest.mark.parametrize("name", sorted(_hostile_bodies()))
def test_a_422_is_bounded_whatever_the_request(client: TestClient, name: str) -> None:
    body = _hostile_bodies()[name]
    assert len(body) <= 1_000_000
    response = client.post(ITEMS, content=body, headers=JSON)
    print(f"\n{name}: request {len(body):,} bytes, 422 {len(response.content):,} bytes")
    assert response.status_code == 422
    # MAX_ERROR_BYTES of errors, and the line counting the ones left out.
    assert len(response.content) <= MAX_ERROR_BYTES + 200
    for detail in response.json()["detail"]:
        assert all(len(str(key)) <= MAX_ECHOED_INPUT + 1 for key in detail["loc"])


def test_a_request_slow_to_validate_does_not_hold_the_others(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation runs off the event loop: while one body is being validated (here held
    until released), another request is answered."""
    entered, released = threading.Event(), threading.Event()
    held_to_the_end = []
    rules = MLMItem.document_rules

    def slow_rules(cls: type[MLMItem], raw: dict[str, Any]) -> Any:
        if raw.get("id") == "slow":
            entered.set()
            held_to_the_end.append(not released.wait(timeout=10))
        return rules.__func__(cls, raw)  # type: ignore[attr-defined]

    monkeypatch.setattr(MLMItem, "document_rules", classmethod(slow_rules))
    slow = threading.Thread(target=client.post, args=(ITEMS,), kwargs={"json": _item(id="slow")})
    slow.start()
    assert entered.wait(timeout=10)
    assert client.get("/search").status_code == 200  # answered while "slow" is held
    released.set()
    slow.join()
    assert held_to_the_end == [False]  # released by the answer, not by the timeout
    assert client.get(f"{ITEMS}/slow").status_code == 200


def _large(name: str) -> bool:
    return len(_hostile_bodies()[name]) > LARGE_BODY_BYTES


def test_a_large_invalid_body_is_answered_by_the_worker_as_the_service_would(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hostile body over LARGE_BODY_BYTES: the same 422 as validated in the service,
    and the service never validates it (pydantic holds the interpreter while it does)."""
    bodies = {name: body for name, body in _hostile_bodies().items() if _large(name)}
    assert set(bodies) >= {"many_inputs", "long_string"}
    with TestClient(create_app(large_body_bytes=10**9)) as in_process:
        expected = {
            name: in_process.post(ITEMS, content=body, headers=JSON)
            for name, body in bodies.items()
        }
    validated = []
    rules = MLMItem.document_rules

    def watched_rules(cls: type[MLMItem], raw: dict[str, Any]) -> Any:
        validated.append(raw.get("id"))
        return rules.__func__(cls, raw)  # type: ignore[attr-defined]

    monkeypatch.setattr(MLMItem, "document_rules", classmethod(watched_rules))
    for name, body in bodies.items():
        response = client.post(ITEMS, content=body, headers=JSON)
        assert (response.status_code, response.json()) == (422, expected[name].json()), name
    assert validated == []  # checked in the worker process only


def test_a_large_valid_body_is_stored(client: TestClient) -> None:
    document = _item(id="large", description="x" * (2 * LARGE_BODY_BYTES))
    assert client.post(ITEMS, json=document).status_code == 201
    assert client.get(f"{ITEMS}/large").json() == document
    # and a large body with no JSON content type is refused in the same words
    body = json.dumps(document).encode()
    response = client.post(ITEMS, content=body, headers={"content-type": "text/plain"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("the body was not read as JSON")


def test_a_check_that_takes_too_long_is_a_503_and_the_worker_is_started_again() -> None:
    body = _hostile_bodies()["many_inputs"]  # about a second to find invalid

    async def run() -> list[tuple[int, bytes]]:
        checker = BodyChecker(seconds=0.01)
        answers = []
        try:
            first = await checker.check(MLMItem, body, "application/json")
            checker.seconds = SECONDS
            second = await checker.check(MLMItem, body, "application/json")
            valid = await checker.check(MLMItem, json.dumps(_item()).encode(), "application/json")
        finally:
            checker.stop()
        for answer in (first, second):
            assert answer is not None
            answers.append((answer.status_code, bytes(answer.body)))
        assert valid is None
        return answers

    (status, said), (again, _) = asyncio.run(run())
    assert (status, json.loads(said)) == (
        503,
        {"detail": "the request body took longer than 0.01 s to check"},
    )
    assert again == 422  # a new worker checked it


def test_large_bodies_beyond_the_queue_are_503_at_once() -> None:
    body = _hostile_bodies()["many_inputs"]

    async def run() -> list[int]:
        checker = BodyChecker(workers=1, waiting=1, seconds=SECONDS)
        try:
            answers = await asyncio.gather(
                *(checker.check(MLMItem, body, "application/json") for _ in range(4))
            )
        finally:
            checker.stop()
        return [answer.status_code for answer in answers if answer is not None]

    statuses = asyncio.run(run())
    assert sorted(statuses) == [422, 422, 503, 503]  # one checked, one queued, two refused
