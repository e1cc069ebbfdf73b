"""A small model catalog: FastAPI + SQLite over stac-mlm's models (see README.md)."""
