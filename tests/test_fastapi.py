"""stac_mlm.fastapi: exact responses, 422s located by JSON keys and small."""

from __future__ import annotations

import copy
from typing import Any

from conftest import EXAMPLES
from fastapi import FastAPI
from fastapi.testclient import TestClient

from stac_mlm import MLMItem
from stac_mlm.fastapi import MLM_RESPONSE, MLMJSONResponse, install_error_handler


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
