"""Generated requests against the catalog: no server error, no response that breaks its own
schema, a bounded number of requests per operation.

Schemathesis generates the requests of the operations without a body (GET, DELETE,
search). It cannot generate MLM Item bodies (the Item schema's cross-field rules are beyond
its generator), so the body operations get requests from this project's own Hypothesis
strategies: valid Items and Items with one random change.
"""

from __future__ import annotations

import sys
from typing import Any
from urllib.parse import quote

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from spec_folder import PROJECT_ROOT, exported_schema_validator
from strategies import json_values, mlm_items
from test_properties import _accepted, _mlm_paths, _replace

from stac_mlm.json_schema import json_schema

sys.path.insert(0, str(PROJECT_ROOT / "examples"))

from catalog_service.app import create_app
from fastapi.testclient import TestClient

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app()).exclude(
    method=["POST", "PUT"]
)
ITEM_SCHEMA = exported_schema_validator(json_schema("item"))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_operations_without_a_body(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(mlm_items(), st.data())
def test_item_bodies(document: dict[str, Any], data: st.DataObject) -> None:
    if data.draw(st.booleans()):
        path = data.draw(st.sampled_from(_mlm_paths(document)))
        document = _replace(document, path, data.draw(json_values))
    with TestClient(create_app()) as client:
        response = client.post("/collections/c/items", json=document)
        assert response.status_code in (201, 422), response.text
        if response.status_code == 422:
            assert not _accepted(document)
            assert all(detail["loc"][0] == "body" for detail in response.json()["detail"])
            return
        assert _accepted(document)
        assert response.json() == document
        assert ITEM_SCHEMA.is_valid(response.json())
        url = f"/collections/c/items/{quote(document['id'], safe='')}"
        # An id with "/" has no URL of its own (%2F is decoded before routing): the path
        # names no item (404), another route (405, id "/") or another id (400, id "0/").
        not_a_path = (400, 404, 405) if "/" in document["id"] else (404,)
        replaced = client.put(url, json=document)
        assert replaced.status_code in (200, 422, *not_a_path), replaced.text
        assert client.delete(url).status_code in (204, 422, *not_a_path)
