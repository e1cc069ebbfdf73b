"""FastAPI integration: exact responses and small 422s located by JSON keys.

Needs the ``fastapi`` extra (``pip install "stac-mlm[fastapi]"``)::

    from fastapi import FastAPI
    from stac_mlm import MLMItem
    from stac_mlm.fastapi import install_error_handler, MLM_RESPONSE

    app = FastAPI(separate_input_output_schemas=False)  # one OpenAPI component per model
    install_error_handler(app)

    @app.post("/items", **MLM_RESPONSE, response_model=MLMItem)
    def create(item: MLMItem) -> MLMItem: ...

* Request bodies: ``MLMItem`` (or any MLM model) as the parameter type. JSON keys only
  (``mlm:input``), every rule checked.
* Responses: FastAPI serializes a ``response_model`` with every unset field as ``null``
  (about 50 for an Item), which makes the document invalid. ``MLM_RESPONSE`` sets
  ``response_model_exclude_unset=True`` and ``response_model_by_alias=True``: the response
  is exactly the stored document. ``MLMJSONResponse`` does the same for a model returned as a
  response.
* Errors: :func:`install_error_handler` answers 422 with each error located by the
  document's JSON keys (no union-member names) and without echoing large inputs; a 422
  holds at most ``MAX_ERROR_BYTES`` of errors whatever the request (long keys in locations
  and long messages are cut, the errors beyond are counted in one last line).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from stac_mlm._base import parse_json
from stac_mlm._errors import json_located_details

__all__ = ["MLM_RESPONSE", "MLMJSONResponse", "install_error_handler", "validation_errors"]

#: Route settings that make a ``response_model`` response exactly the stored document.
MLM_RESPONSE: Final[dict[str, Any]] = {
    "response_model_exclude_unset": True,
    "response_model_by_alias": True,
}
#: An input larger than this (as JSON text) is not echoed back in a 422; a longer key in a
#: location is cut to this many characters and "…".
MAX_ECHOED_INPUT = 200
#: A message longer than this is cut to this many characters and "…".
MAX_MESSAGE = 1000
#: The most bytes of errors in one 422 body: the errors that do not fit are counted instead.
MAX_ERROR_BYTES = 65_536


class MLMJSONResponse(JSONResponse):
    """A JSON response that writes a model as its document (aliases, nothing unset)."""

    def render(self, content: Any) -> bytes:
        if isinstance(content, BaseModel):
            return content.model_dump_json(by_alias=True, exclude_unset=True).encode()
        return super().render(content)


def _small(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and len(value) <= MAX_ECHOED_INPUT


def validation_errors(errors: Sequence[Any], body: Any) -> list[dict[str, Any]]:
    """FastAPI's request errors, located by the body's JSON keys, inputs echoed if small."""
    in_body = [
        {**error, "loc": tuple(error["loc"][1:])}
        for error in errors
        if error["loc"][:1] == ("body",)
    ]
    others = [error for error in errors if error["loc"][:1] != ("body",)]
    located = ValidationError.from_exception_data(
        "body", json_located_details(in_body, body)
    ).errors(include_url=False)
    details = []
    for error in [*({**e, "loc": ("body", *e["loc"])} for e in located), *others]:
        detail = {"type": error["type"], "loc": list(error["loc"]), "msg": error["msg"]}
        if _small(error.get("input")):
            detail["input"] = error.get("input")
        details.append(detail)
    return details


#: Said at ``body`` when FastAPI did not read the body as JSON (no JSON content type).
NOT_READ_AS_JSON = (
    "the body was not read as JSON: send it with the header Content-Type: application/json"
)


def _body_errors(details: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"type": line["type"], "loc": ["body", *line["loc"]], "msg": line["msg"]}
        for line in details
    ]


async def _unread_body(request: Request, errors: Sequence[Any]) -> list[dict[str, Any]] | None:
    """The body's errors when FastAPI could not read it as a JSON document, else ``None``.

    A syntax error is said as ``model_validate_json`` says it (the reason, line and
    column), not as FastAPI's bare "JSON decode error"; a body sent without a JSON content
    type reached the model as bytes, which says nothing about the document.
    """
    if any(error["type"] == "json_invalid" and error["loc"][:1] == ("body",) for error in errors):
        said = await _read_as_model_validate_json(request)
        if said is not None:
            return said
    content_type = request.headers.get("content-type", "")
    at_body = any(error["loc"] == ("body",) for error in errors)
    if at_body and "json" not in content_type and await request.body():
        return [{"type": "json_invalid", "loc": ["body"], "msg": NOT_READ_AS_JSON}]
    return None


async def _read_as_model_validate_json(request: Request) -> list[dict[str, Any]] | None:
    """The body's errors as ``model_validate_json`` says them when it is not JSON it can
    read (a syntax error, too deep, not UTF-8), else ``None``."""
    try:
        parse_json(await request.body(), "body")
    except ValidationError as error:
        return _body_errors(error.errors(include_url=False))
    return None


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else f"{text[:most]}…"


def _unprocessable(details: Sequence[dict[str, Any]]) -> JSONResponse:
    """The 422: long keys and messages cut, at most ``MAX_ERROR_BYTES`` of errors.

    The library reports at most ``MAX_ERRORS`` errors, but a location repeats the document's
    keys, which may be long: without the cuts, a 422 could be many times its request.
    """
    kept: list[dict[str, Any]] = []
    size = 0
    for detail in details:
        short = {
            **detail,
            "loc": [_cut(k, MAX_ECHOED_INPUT) if isinstance(k, str) else k for k in detail["loc"]],
            "msg": _cut(detail["msg"], MAX_MESSAGE),
        }
        size += len(json.dumps(short))
        if kept and size > MAX_ERROR_BYTES:
            rest = len(details) - len(kept)
            msg = f"{rest} more line(s) not shown: the ones shown fill the 422's limit"
            kept.append({"type": "too_many_errors", "loc": ["body"], "msg": msg})
            break
        kept.append(short)
    return JSONResponse(status_code=422, content={"detail": kept})


async def _request_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # registered for that class only
    details = await _unread_body(request, exc.errors())
    if details is None:
        details = validation_errors(exc.errors(), exc.body)
    return _unprocessable(details)


async def _http_error(request: Request, exc: Exception) -> Response:
    """FastAPI answers 400 when its own reading of a JSON body fails for any reason but a
    syntax error (a body nested a few thousand levels deep, bytes that are not UTF-8, an
    integer too long for Python's parser): read as ``model_validate_json`` reads it, that
    is a located 422 at the body, in the same words."""
    assert isinstance(exc, HTTPException)  # registered for that class only
    if exc.status_code == 400 and exc.__cause__ is not None:
        details = await _read_as_model_validate_json(request)
        if details is not None:
            return _unprocessable(details)
    return await http_exception_handler(request, exc)


def install_error_handler(app: FastAPI) -> None:
    """Answer invalid requests with small 422s located by JSON keys."""
    app.add_exception_handler(RequestValidationError, _request_validation_error)
    app.add_exception_handler(HTTPException, _http_error)
