"""Run the catalog: ``python -m catalog_service`` from ``examples/`` (see README.md)."""

import os

import uvicorn

from .app import app

# Guarded: the worker processes that check large bodies (checks.py) import this module again.
if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("CATALOG_PORT", "8000")))
