"""The model-catalog service: MLM Items in, MLM Items and Collections out.

    POST   /collections/{collection_id}/items            add an Item (201; 409 if the id exists)
    GET    /collections/{collection_id}/items/{item_id}  the Item, exactly as stored
    PUT    /collections/{collection_id}/items/{item_id}  replace it (404 if unknown)
    DELETE /collections/{collection_id}/items/{item_id}  delete it (204; 404 if unknown)
    GET    /collections/{collection_id}                  a Collection summarizing its Items
    GET    /search?tasks=…&framework=…&accelerator=…&architecture=…&limit=…&offset=…

Invalid MLM is a 422 located by JSON keys; nothing is half-written when a request fails.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Path, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stac_mlm import Accelerator, MLMCollection, MLMItem, Task
from stac_mlm.aggregate import SummaryAccumulator
from stac_mlm.fastapi import MLM_RESPONSE, install_error_handler

from .checks import LARGE_BODY_BYTES, BodyChecker
from .store import DuplicateItemError, ItemStore, Search, UnknownItemError

Identifier = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[^/]+$")]
MAX_PAGE = 100
#: SQLite's largest INTEGER: a larger offset cannot reach the database (a 422, not a 500).
MAX_OFFSET = 2**63 - 1
#: The largest request body read, in bytes (``CATALOG_MAX_BODY_BYTES``); larger is a 413.
MAX_BODY_BYTES = 1_000_000


class Problem(BaseModel):
    detail: str


class ItemPage(BaseModel):
    """One page of search results, as a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[MLMItem]
    numberMatched: int = Field(ge=0)  # noqa: N815 (the STAC API field name)
    numberReturned: int = Field(ge=0)  # noqa: N815
    next_offset: int | None = Field(None, description="offset of the next page, if any")


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such Item or Collection"}
}


class BodyTooLarge(HTTPException):
    """Raised by the body reader once more than the limit has arrived."""


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit} bytes"


class BodyLimit:
    """ASGI middleware: a body larger than ``limit`` bytes is a 413, and is not read past it.

    The declared Content-Length is refused before anything is read; a body sent without it
    (chunked), or longer than it said, stops at the first chunk beyond the limit.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await JSONResponse({"detail": _too_large(self.limit)}, 413)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                # FastAPI lets an HTTPException raised while reading the body through.
                raise BodyTooLarge(413, _too_large(self.limit))
            return message

        await self.app(scope, limited_receive, send)


class OffLoopRoute(APIRoute):
    """A route whose body is read on the event loop but parsed and validated in a worker
    thread (FastAPI does both on the loop): a request slow to validate does not hold the
    others. The rest of FastAPI's handling runs unchanged, on a loop of that thread.

    A body over ``app.state.large_body_bytes`` is first checked in a worker process
    (``app.state.body_checker``, see ``checks.py``): a thread still holds the interpreter
    while pydantic validates, a process does not."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def off_loop(request: Request) -> Response:
            try:
                await request.body()  # read here (bounded by BodyLimit), kept on the request
            except ClientDisconnect:  # the client hung up mid-upload: nobody to answer
                return Response(status_code=400)
            answer = await self._checked(request)
            if answer is not None:
                return answer
            return await run_in_threadpool(asyncio.run, handler(request))

        return off_loop

    async def _checked(self, request: Request) -> Response | None:
        """The answer to a large body found invalid (or not checked) by the worker process."""
        body = await request.body()
        state = request.app.state
        if self.body_field is None or len(body) <= state.large_body_bytes:
            return None
        model = self.body_field.field_info.annotation
        if not isinstance(model, type):  # Annotated[...]: not a body this service takes
            return None
        checker: BodyChecker = state.body_checker
        return await checker.check(model, body, request.headers.get("content-type"))


def create_app(
    database: str = ":memory:",
    max_body_bytes: int = MAX_BODY_BYTES,
    large_body_bytes: int = LARGE_BODY_BYTES,
) -> FastAPI:
    """The service over an SQLite database (a file path, or ``:memory:``).

    A request body larger than ``max_body_bytes`` is answered 413 without being read; one
    larger than ``large_body_bytes`` is checked in a worker process first (``checks.py``).
    """
    store = ItemStore(database)
    checker = BodyChecker()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        checker.start(MLMItem)  # the worker starts while the service does
        yield
        checker.stop()

    app = FastAPI(
        title="MLM model catalog",
        description="A small catalog of STAC MLM Items, built on stac-mlm.",
        separate_input_output_schemas=False,
        lifespan=lifespan,
    )
    app.state.body_checker = checker
    app.state.large_body_bytes = large_body_bytes
    app.router.route_class = OffLoopRoute
    install_error_handler(app)
    app.add_middleware(BodyLimit, limit=max_body_bytes)

    @app.post(
        "/collections/{collection_id}/items",
        status_code=status.HTTP_201_CREATED,
        response_model=MLMItem,
        responses={
            400: {"model": Problem, "description": "The Item belongs to another Collection"},
            409: {"model": Problem, "description": "An Item with this id exists"},
        },
        **MLM_RESPONSE,
    )
    def add_item(collection_id: Identifier, item: MLMItem) -> MLMItem:
        _same_collection(collection_id, item)
        try:
            store.add(collection_id, item)
        except DuplicateItemError:
            raise HTTPException(409, f"item {item.id!r} already exists") from None
        return item

    @app.get(
        "/collections/{collection_id}/items/{item_id}",
        response_model=MLMItem,
        responses=NOT_FOUND,
        **MLM_RESPONSE,
    )
    def get_item(collection_id: Identifier, item_id: Identifier) -> Any:
        try:
            return store.get(collection_id, item_id)
        except UnknownItemError:
            raise HTTPException(404, f"no item {item_id!r} in {collection_id!r}") from None

    @app.put(
        "/collections/{collection_id}/items/{item_id}",
        response_model=MLMItem,
        responses={**NOT_FOUND, 400: {"model": Problem, "description": "Ids disagree"}},
        **MLM_RESPONSE,
    )
    def replace_item(collection_id: Identifier, item_id: Identifier, item: MLMItem) -> MLMItem:
        if item.id != item_id:
            raise HTTPException(400, f"the body's id {item.id!r} is not {item_id!r}")
        _same_collection(collection_id, item)
        try:
            store.replace(collection_id, item)
        except UnknownItemError:
            raise HTTPException(404, f"no item {item_id!r} in {collection_id!r}") from None
        return item

    @app.delete(
        "/collections/{collection_id}/items/{item_id}",
        status_code=status.HTTP_204_NO_CONTENT,
        responses=NOT_FOUND,
    )
    def delete_item(collection_id: Identifier, item_id: Identifier) -> Response:
        try:
            store.delete(collection_id, item_id)
        except UnknownItemError:
            raise HTTPException(404, f"no item {item_id!r} in {collection_id!r}") from None
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    @app.get(
        "/collections/{collection_id}",
        response_model=MLMCollection,
        responses=NOT_FOUND,
        **MLM_RESPONSE,
    )
    def get_collection(collection_id: Identifier) -> MLMCollection:
        accumulator = SummaryAccumulator().add_all(store.collection_items(collection_id))
        if accumulator.count == 0:
            raise HTTPException(404, f"no collection {collection_id!r}")
        return MLMCollection.from_accumulator(
            accumulator,
            id=collection_id,
            description=f"The {accumulator.count} model(s) of {collection_id}",
            license="other",
        )

    @app.get("/search", response_model=ItemPage, **MLM_RESPONSE)
    def search(
        tasks: Annotated[list[Task] | None, Query()] = None,
        framework: Annotated[str | None, Query(min_length=1)] = None,
        accelerator: Accelerator | None = None,
        architecture: Annotated[str | None, Query(min_length=1)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 10,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> ItemPage:
        filters = Search(
            tasks=tuple(str(task) for task in tasks or ()),
            framework=framework,
            accelerator=None if accelerator is None else str(accelerator),
            architecture=architecture,
        )
        matched, documents = store.search(filters, limit, offset)
        features = [MLMItem.model_validate(document) for document in documents]
        following = offset + len(features)
        return ItemPage(
            type="FeatureCollection",  # set, so that exclude_unset keeps it
            features=features,
            numberMatched=matched,
            numberReturned=len(features),
            next_offset=following if following < matched else None,
        )

    return app


def _same_collection(collection_id: str, item: MLMItem) -> None:
    """An Item naming its collection must name this one (STAC ``collection`` field)."""
    if item.collection is not None and item.collection != collection_id:
        raise HTTPException(400, f"the item belongs to {item.collection!r}, not {collection_id!r}")


app = create_app(
    os.environ.get("CATALOG_DATABASE", ":memory:"),
    int(os.environ.get("CATALOG_MAX_BODY_BYTES", MAX_BODY_BYTES)),
    int(os.environ.get("CATALOG_LARGE_BODY_BYTES", LARGE_BODY_BYTES)),
)
