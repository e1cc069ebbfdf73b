"""The catalog service under load, abuse and a kill, served by uvicorn on 127.0.0.1.

Bounded: 400 requests from 8 clients per run, three runs: alone, with the hostile
requests one after the other in their middle, and with a flood of 20 large invalid bodies
at once. Latencies are printed (``-s``), never asserted: the README reports one run.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import quantiles

from spec_folder import PROJECT_ROOT
from test_catalog_service import ITEMS, _hostile_bodies, _item

CLIENTS = 8
PER_CLIENT = 50
JSON = {"content-type": "application/json"}


class Server:
    """``uvicorn`` serving the catalog over an SQLite file, in a subprocess."""

    def __init__(self, database: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        code = (
            "import sys, uvicorn; from catalog_service.app import create_app; "
            "app = create_app(sys.argv[1]); app.state.body_checker.seconds = 600; "
            "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
        )
        paths = [str(PROJECT_ROOT / "examples"), os.environ.get("PYTHONPATH", "")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(database), str(self.port)], env=env
        )
        for _ in range(200):  # up to 20 s to start
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert self.process.poll() is None, "the server did not start"
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not listen")
        self._ready()

    def _ready(self) -> None:
        """Wait for the worker process that checks large bodies, which starts in the
        background with the service: its start is not part of the load measured."""
        body = json.dumps({"type": "Feature", "x": "x" * 40_000}).encode()  # large, invalid
        for _ in range(60):
            connection = self.connection()
            status, _ = _request(connection, "POST", ITEMS, body)
            connection.close()
            if status == 422:
                return
            time.sleep(0.5)
        raise AssertionError("large bodies are not checked")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        self.process.send_signal(how)
        self.process.wait(timeout=30)


def _request(
    connection: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None
) -> tuple[int, bytes]:
    connection.request(method, path, body=body, headers=JSON if body is not None else {})
    response = connection.getresponse()
    return response.status, response.read()


def _client(server: Server, name: str) -> tuple[list[float], list[int], list[str], float]:
    """PER_CLIENT requests: writes of new Items and reads; latencies, statuses, the ids
    whose write was acknowledged, and when it was done."""
    connection = server.connection()
    latencies, statuses, written = [], [], []
    for number in range(PER_CLIENT):
        item_id = f"{name}-{number}"
        start = time.perf_counter()
        if number % 2 == 0:
            status, _ = _request(connection, "POST", ITEMS, json.dumps(_item(id=item_id)).encode())
            if status == 201:
                written.append(item_id)
        else:
            status, _ = _request(connection, "GET", f"{ITEMS}/{name}-{number - 1}")
        latencies.append(time.perf_counter() - start)
        statuses.append(status)
    connection.close()
    return latencies, statuses, written, time.perf_counter()


def _hostile(server: Server) -> dict[str, int]:
    """The hostile requests, one after the other: a body over the limit, deep nesting,
    20,000 invalid entries, NaN, long keys."""
    statuses = {}
    bodies = {"huge": b"[" * 2_000_000, **_hostile_bodies()}
    for name, body in bodies.items():
        connection = server.connection()
        statuses[name] = _request(connection, "POST", ITEMS, body)[0]
        connection.close()
    return statuses


FLOOD = 20


def _flood(server: Server) -> list[int]:
    """FLOOD large invalid bodies at once (20,000 invalid entries each): their statuses."""
    body = _hostile_bodies()["many_inputs"]

    def post(_: int) -> int:
        connection = server.connection()
        try:
            return _request(connection, "POST", ITEMS, body)[0]
        finally:
            connection.close()

    with ThreadPoolExecutor(FLOOD) as pool:
        return list(pool.map(post, range(FLOOD)))


def _load(server: Server, *, hostile: str) -> list[float]:
    """Run the clients (and the hostile requests, or the flood, in their middle); check
    and report."""
    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS + 1) as pool:
        runs = [pool.submit(_client, server, f"c{i}") for i in range(CLIENTS)]
        time.sleep(0.2)  # in the middle of the load
        if hostile == "hostile":
            answers = pool.submit(_hostile, server).result()
            assert answers == {name: 413 if name == "huge" else 422 for name in answers}
        if hostile == "flood":  # checked one at a time, a few waiting, the rest 503 at once
            flooded = pool.submit(_flood, server).result()
            assert set(flooded) <= {422, 503}
            assert 422 in flooded
        results = [run.result() for run in runs]
    elapsed = max(result[3] for result in results) - start  # the clients' time, not the flood's
    latencies = [latency for result in results for latency in result[0]]
    statuses = [status for result in results for status in result[1]]
    assert not [status for status in statuses if status >= 500]
    assert set(statuses) <= {200, 201}
    connection = server.connection()
    for _, _, written, _ in results:
        for item_id in written:  # every acknowledged write is there, as written
            status, body = _request(connection, "GET", f"{ITEMS}/{item_id}")
            assert (status, json.loads(body)) == (200, _item(id=item_id))
    connection.close()
    p50, p99 = quantiles(latencies, n=100)[49], quantiles(latencies, n=100)[98]
    said = {"": "alone", "hostile": "with the hostile requests", "flood": "with the flood"}
    print(
        f"\n{said[hostile]}: {len(latencies)} requests "
        f"in {elapsed:.2f} s ({len(latencies) / elapsed:.0f}/s), "
        f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )
    return latencies


def test_load_without_and_with_hostile_requests(tmp_path: Path) -> None:
    for hostile in ("", "hostile", "flood"):
        running = Server(tmp_path / f"catalog-{hostile}.db")
        try:
            _load(running, hostile=hostile)
        finally:
            running.stop()


def test_kill_during_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    database = tmp_path / "catalog.db"
    first = Server(database)
    acknowledged: list[str] = []
    stop = threading.Event()

    def write(name: str) -> None:
        connection = first.connection()
        for number in range(10_000):
            if stop.is_set():
                return
            item_id = f"{name}-{number}"
            try:
                status, _ = _request(
                    connection, "POST", ITEMS, json.dumps(_item(id=item_id)).encode()
                )
            except (ConnectionError, http.client.HTTPException):
                return  # killed: this write was not acknowledged
            if status == 201:
                acknowledged.append(item_id)

    writers = [threading.Thread(target=write, args=(f"w{i}",)) for i in range(4)]
    for writer in writers:
        writer.start()
    while len(acknowledged) < 100:
        time.sleep(0.01)
    first.stop(signal.SIGKILL)
    stop.set()
    for writer in writers:
        writer.join()
    with sqlite3.connect(database) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    second = Server(database)
    try:
        connection = second.connection()
        for item_id in acknowledged:
            status, body = _request(connection, "GET", f"{ITEMS}/{item_id}")
            assert (status, json.loads(body)) == (200, _item(id=item_id))
        connection.close()
    finally:
        second.stop()
    print(f"\n{len(acknowledged)} acknowledged writes, all there after SIGKILL and restart")
