"""SQLite storage of MLM Items, one row per Item, searchable by MLM fields.

Every write is one transaction: a failed request leaves nothing half-written.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import MISSING

from stac_mlm import MLMItem

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    collection_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    document TEXT NOT NULL,
    architecture TEXT NOT NULL,
    framework TEXT,
    accelerator TEXT,
    tasks TEXT NOT NULL,
    PRIMARY KEY (collection_id, item_id)
)
"""


class DuplicateItemError(Exception):
    """An Item with this id is already in the Collection."""


class UnknownItemError(Exception):
    """No Item with this id in the Collection."""


@dataclass(frozen=True)
class Search:
    """Filters on MLM fields; each given one must match."""

    tasks: tuple[str, ...] = ()
    framework: str | None = None
    accelerator: str | None = None
    architecture: str | None = None


def _columns(item: MLMItem) -> dict[str, Any]:
    properties = item.properties
    framework = properties.mlm_framework
    accelerator = properties.mlm_accelerator
    return {
        "architecture": properties.mlm_architecture,
        "framework": None if framework is MISSING else str(framework),
        "accelerator": None if accelerator in (MISSING, None) else str(accelerator),
        "tasks": json.dumps([str(task) for task in properties.mlm_tasks]),
        "document": item.model_dump_json(),
    }


class ItemStore:
    """MLM Items in SQLite (a file path, or ``:memory:``)."""

    def __init__(self, path: str = ":memory:") -> None:
        # One connection, shared by FastAPI's worker threads behind a lock.
        self._connection = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._transaction() as cursor:
            cursor.execute(SCHEMA)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        with self._lock, self._connection:  # commits, or rolls back on any error
            yield self._connection.cursor()

    def add(self, collection_id: str, item: MLMItem) -> None:
        row = {"collection_id": collection_id, "item_id": item.id, **_columns(item)}
        try:
            with self._transaction() as cursor:
                cursor.execute(
                    "INSERT INTO items VALUES (:collection_id, :item_id, :document, "
                    ":architecture, :framework, :accelerator, :tasks)",
                    row,
                )
        except sqlite3.IntegrityError as error:
            raise DuplicateItemError(item.id) from error

    def replace(self, collection_id: str, item: MLMItem) -> None:
        row = {"collection_id": collection_id, "item_id": item.id, **_columns(item)}
        with self._transaction() as cursor:
            cursor.execute(
                "UPDATE items SET document = :document, architecture = :architecture, "
                "framework = :framework, accelerator = :accelerator, tasks = :tasks "
                "WHERE collection_id = :collection_id AND item_id = :item_id",
                row,
            )
            if cursor.rowcount == 0:
                raise UnknownItemError(item.id)

    def delete(self, collection_id: str, item_id: str) -> None:
        with self._transaction() as cursor:
            cursor.execute(
                "DELETE FROM items WHERE collection_id = ? AND item_id = ?",
                (collection_id, item_id),
            )
            if cursor.rowcount == 0:
                raise UnknownItemError(item_id)

    def get(self, collection_id: str, item_id: str) -> dict[str, Any]:
        with self._transaction() as cursor:
            row = cursor.execute(
                "SELECT document FROM items WHERE collection_id = ? AND item_id = ?",
                (collection_id, item_id),
            ).fetchone()
        if row is None:
            raise UnknownItemError(item_id)
        document: dict[str, Any] = json.loads(row[0])
        return document

    def collection_items(self, collection_id: str) -> Iterator[dict[str, Any]]:
        with self._transaction() as cursor:
            rows = cursor.execute(
                "SELECT document FROM items WHERE collection_id = ? ORDER BY item_id",
                (collection_id,),
            ).fetchall()
        for (document,) in rows:
            yield json.loads(document)

    def search(self, search: Search, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """The number of matching Items, and one page of them (by collection, then id)."""
        clauses, parameters = [], []
        for column in ("framework", "accelerator", "architecture"):
            value = getattr(search, column)
            if value is not None:
                clauses.append(f"{column} = ?")
                parameters.append(value)
        for task in search.tasks:
            clauses.append("EXISTS (SELECT 1 FROM json_each(items.tasks) WHERE value = ?)")
            parameters.append(task)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._transaction() as cursor:
            (matched,) = cursor.execute(
                f"SELECT COUNT(*) FROM items {where}", parameters
            ).fetchone()
            rows = cursor.execute(
                f"SELECT document FROM items {where} ORDER BY collection_id, item_id "
                "LIMIT ? OFFSET ?",
                [*parameters, limit, offset],
            ).fetchall()
        return matched, [json.loads(document) for (document,) in rows]
