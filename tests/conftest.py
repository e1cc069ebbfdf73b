"""Shared fixtures: the official examples, read from the spec folder."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from spec_folder import example_items

EXAMPLES = example_items("1.5.2")


@pytest.fixture
def basic_item() -> dict[str, Any]:
    """A fresh copy of the official ``item_basic.json`` (v1.5.2)."""
    return copy.deepcopy(EXAMPLES["item_basic.json"])


@pytest.fixture
def multi_io_item() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLES["item_multi_io.json"])
