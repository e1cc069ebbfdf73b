"""stac_mlm.fastapi: exact responses, 422s located by JSON keys and small."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

from conftest import EXAMPLES
from fastapi import FastAPI
from fastapi.testclient import TestClient

from stac_mlm import MLMItem
from stac_mlm.fastapi import (
    MAX_ECHOED_INPUT,
    MAX_ERROR_BYTES,
    MLM_RESPONSE,
    MLMJSONResponse,
    install_error_handler,
)


def _app() -> FastAPI:
    app = FastAPI(separate_input_output_schemas=False)
    install_error_handler(app)

    @app.post("/default", response_model=MLMItem)
    def default(item: MLMItem) -> MLMItem:
        return item

    @app.post("/exact", response_model=MLMItem, **MLM_RESPONSE)
    def exact(item: MLMItem) -> MLMItem:
        return item

    @app.post("/response-class", response_class=MLMJSONResponse)
    def response_class(item: MLMItem) -> MLMJSONResponse:
        return MLMJSONResponse(item)

    return app


CLIENT = TestClient(_app())
DOCUMENT = EXAMPLES["item_multi_io.json"]
_JSON_HEADERS = {"content-type": "application/json"}


def _nulls(node: Any) -> int:
    if isinstance(node, dict):
        return sum(value is None for value in node.values()) + sum(map(_nulls, node.values()))
    if isinstance(node, list):
        return sum(map(_nulls, node))
    return 0


def test_fastapi_default_adds_nulls_and_mlm_response_does_not() -> None:
    default = CLIENT.post("/default", json=DOCUMENT).json()
    assert _nulls(default) > _nulls(DOCUMENT)  # why MLM_RESPONSE exists
    assert CLIENT.post("/exact", json=DOCUMENT).json() == DOCUMENT
    assert CLIENT.post("/response-class", json=DOCUMENT).json() == DOCUMENT


def test_422_is_located_by_json_keys_without_echoing_the_document() -> None:
    document = copy.deepcopy(DOCUMENT)
    document["properties"]["mlm:output"][0]["tasks"] = ["clustering"]
    document["assets"]["weights"]["mlm:input"] = []
    response = CLIENT.post("/exact", json=document)
    assert response.status_code == 422
    details = response.json()["detail"]
    assert [detail["loc"] for detail in details] == [
        ["body", "properties", "mlm:output", 0, "tasks", 0],
        ["body", "assets", "weights", "mlm:input"],
    ]
    assert details[0]["input"] == "clustering"
    assert "input" not in details[1] or details[1]["input"] is None
    assert len(response.content) < 2000


def test_invalid_json_body_is_a_422() -> None:
    response = CLIENT.post(
        "/exact", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


def test_missing_body_is_a_422_at_the_body() -> None:
    response = CLIENT.post("/exact")
    assert response.status_code == 422
    assert [detail["loc"] for detail in response.json()["detail"]] == [["body"]]


def test_an_app_with_mlm_bodies_starts_without_a_warning() -> None:
    """Every MLM model as a body and a response: no warning at start-up, none at the first
    request (pydantic's UnsupportedFieldAttributeWarning, seen with deferred builds)."""
    script = """
import warnings
warnings.simplefilter("error")
from fastapi import FastAPI
from stac_mlm import MLMAsset, MLMItem, MLMItemProperties, ModelInput, ModelOutput
from stac_mlm.collection import MLMCollection
from stac_mlm.fastapi import MLM_RESPONSE, install_error_handler

app = FastAPI(separate_input_output_schemas=False)
install_error_handler(app)
for kind in (MLMItem, MLMCollection, MLMItemProperties, MLMAsset, ModelInput, ModelOutput):
    def handler(item: kind) -> kind:  # type: ignore[valid-type]
        return item
    app.post(f"/{kind.__name__}", response_model=kind, **MLM_RESPONSE)(handler)
app.openapi()
"""
    # A process of its own: the models of this one may already be built.
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_text_that_is_not_json_is_said_with_its_reason_and_place() -> None:
    response = CLIENT.post(
        "/exact", content=b'{"type": "Feature",\n not json', headers=_JSON_HEADERS
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "json_invalid",
            "loc": ["body"],
            "msg": "not JSON: key must be a string at line 2 column 2",
        }
    ]


def test_a_body_sent_without_a_json_content_type_says_so() -> None:
    response = CLIENT.post("/exact", content=json.dumps(DOCUMENT).encode())
    assert response.status_code == 422
    (detail,) = response.json()["detail"]
    assert detail["loc"] == ["body"]
    assert detail["msg"] == (
        "the body was not read as JSON: send it with the header Content-Type: application/json"
    )


def test_a_missing_body_is_still_a_required_field() -> None:
    response = CLIENT.post("/exact")
    assert response.status_code == 422
    (detail,) = response.json()["detail"]
    assert (detail["loc"], detail["type"]) == (["body"], "missing")


def test_a_422_keeps_to_its_byte_limit_and_counts_what_it_left_out() -> None:
    """Locations repeat the document's keys: long keys are cut, and the errors that would
    take the 422 past MAX_ERROR_BYTES are counted, not shown."""
    app = FastAPI()
    install_error_handler(app)

    @app.post("/nested")
    def nested(body: dict[str, dict[str, dict[str, int]]]) -> None: ...

    key = "k" * 5_000
    body = {f"{key}{i}": {key: {key: "not an int"}} for i in range(100)}
    response = TestClient(app).post("/nested", json=body)
    assert response.status_code == 422
    assert len(response.content) <= MAX_ERROR_BYTES + 200
    details = response.json()["detail"]
    cut = "k" * MAX_ECHOED_INPUT + "…"
    assert details[0]["loc"] == ["body", cut, cut, cut]
    shown = len(details) - 1
    assert details[-1] == {
        "type": "too_many_errors",
        "loc": ["body"],
        "msg": f"{100 - shown} more line(s) not shown: the ones shown fill the 422's limit",
    }
