"""Large request bodies are checked in a worker process before the service validates them.

Why: pydantic validates a body in one call that holds the interpreter lock (GIL) from start
to end. Off the event loop, in a thread, it still stops every other thread of the
process: 20,000 invalid entries (310 KB) take 0.85 s to be found invalid, and the other
requests wait that long. A worker process has its own interpreter.

How: a body over ``LARGE_BODY_BYTES`` is first read and validated in the worker, by the
route's own body model, FastAPI's reading and ``install_error_handler``: an invalid one is
answered from there (the same 422, or 400, as the service would give), and the service
never validates it; a valid one goes on as any request does (validating a valid body is
fast: 11 ms for 300 KB of inputs; it is the errors of an invalid one that cost).

Bounded: ``workers`` processes (one), at most ``waiting`` large bodies queued for them (one);
beyond, a 503 at once. A check longer than ``seconds`` is a 503, and the worker is killed
and started again (the checks queued in it are 503s too); the workers' own start is not
counted. Small bodies never go there: they are never answered 503.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from starlette.types import Message

from stac_mlm.fastapi import install_error_handler

#: A body larger than this (bytes) is checked in the worker: over twice the largest
#: official example Item (14 KB); an invalid body this size costs the service under 70 ms.
LARGE_BODY_BYTES = 32_768
#: The longest a large body is checked, in seconds, its wait included (one check at most:
#: one body waits while another is checked).
CHECK_SECONDS = 10.0
#: The longest the workers may take to start (not counted in CHECK_SECONDS).
STARTUP_SECONDS = 120.0


def _unavailable(why: str) -> Response:
    return JSONResponse({"detail": why}, status_code=503, headers={"Retry-After": "1"})


class BodyChecker:
    """The worker processes, started on first use (or by :meth:`start`)."""

    def __init__(self, workers: int = 1, waiting: int = 1, seconds: float = CHECK_SECONDS) -> None:
        self.workers, self.waiting, self.seconds = workers, waiting, seconds
        self._pool: Pool | None = None
        self._started: AsyncResult[None] | None = None  # done once the workers run
        self._pending: set[asyncio.Future[Any]] = set()

    def start(self, *models: type[Any]) -> None:
        """Start the workers, and have them make ready for ``models``, without waiting."""
        if self._pool is None:
            # spawn, not fork: the service runs threads, which a fork would copy mid-step
            self._pool = multiprocessing.get_context("spawn").Pool(self.workers)
            self._started = self._pool.apply_async(_ready)
        for model in models:
            self._pool.apply_async(_ready, (model,))

    def stop(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()

    async def check(
        self, model: type[Any], body: bytes, content_type: str | None
    ) -> Response | None:
        """``None`` when the body is a valid ``model``; else the answer: its 422 (or 400),
        or a 503 when the workers are busy or the check took too long."""
        if len(self._pending) >= self.workers + self.waiting:
            return _unavailable("too many large request bodies are being checked: retry later")
        self.start()
        pool, started = self._pool, self._started
        assert pool is not None
        assert started is not None
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()

        def settle(outcome: Any) -> None:  # called in the pool's thread
            loop.call_soon_threadsafe(_settle, future, outcome)

        self._pending.add(future)
        try:
            if not started.ready():  # the workers' start (a second or more) is not timed
                await asyncio.to_thread(started.wait, STARTUP_SECONDS)
            if not future.done():  # else the workers were stopped meanwhile
                pool.apply_async(
                    check_body, (model, body, content_type), callback=settle, error_callback=settle
                )
            outcome = await asyncio.wait_for(future, self.seconds)
        except TimeoutError:
            self._restart()
            return _unavailable(f"the request body took longer than {self.seconds:g} s to check")
        finally:
            self._pending.discard(future)
        if isinstance(outcome, BaseException):
            return _unavailable("the request body could not be checked: retry later")
        status, content = outcome
        if status < 300:
            return None
        return Response(content, status_code=status, media_type="application/json")

    def _restart(self) -> None:
        """Kill the workers (a check is stuck in one) and fail the checks queued there."""
        pool, self._pool = self._pool, None
        for future in self._pending:
            _settle(future, RuntimeError("stopped"))
        if pool is not None:  # terminate() waits for the pool's threads: not on the loop
            threading.Thread(target=pool.terminate, daemon=True).start()


def _settle(future: asyncio.Future[Any], outcome: Any) -> None:
    if not future.done():
        future.set_result(outcome)


# In the worker process.


_CHECKERS: dict[type[Any], FastAPI] = {}


def _checker(model: type[Any]) -> FastAPI:
    """An app answering 204 to a valid ``model`` body, and as the service to any other."""
    if model in _CHECKERS:
        return _CHECKERS[model]
    app = _CHECKERS[model] = FastAPI()
    install_error_handler(app)

    def accept(item: Any) -> Response:
        return Response(status_code=204)

    accept.__annotations__["item"] = model  # the route's own model, as FastAPI reads it
    app.post("/")(accept)
    return app


def _ready(model: type[Any] | None = None) -> None:
    """Build the checking app once (and validate a body): the first check is not slower."""
    if model is not None:
        asyncio.run(_post(_checker(model), b"{}", "application/json"))


def check_body(model: type[Any], body: bytes, content_type: str | None) -> tuple[int, bytes]:
    """The status and body the service would answer ``body`` with, were it only read."""
    return asyncio.run(_post(_checker(model), body, content_type))


async def _post(app: FastAPI, body: bytes, content_type: str | None) -> tuple[int, bytes]:
    headers = [(b"content-length", str(len(body)).encode())]
    if content_type is not None:
        headers.append((b"content-type", content_type.encode("latin-1")))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": None,
        "server": None,
    }
    answer: dict[str, Any] = {"status": 500, "body": b""}

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return answer["status"], answer["body"]
