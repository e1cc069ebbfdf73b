"""Summaries of catalogs that outgrow one machine: the accumulator on Dask.

Needs the ``dask`` extra (``pip install "stac-mlm[dask]"``)::

    from stac_mlm.distributed import items_from_paths, summarize_bag

    if __name__ == "__main__":  # Dask's default scheduler for bags starts processes
        accumulator = summarize_bag(items_from_paths(paths)).compute()
        collection = MLMCollection.from_accumulator(accumulator, id=..., description=...,
                                                    license=...)

Each partition is summarized by its own :class:`~stac_mlm.aggregate.SummaryAccumulator`,
then the partial results are merged (associative and commutative, so Dask may combine them
in any tree): the result equals a single pass over all Items.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from stac_mlm._base import parse_json
from stac_mlm.aggregate import ItemLike, SummaryAccumulator

try:
    import dask.bag as db
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError('stac_mlm.distributed needs Dask: pip install "stac-mlm[dask]"') from error

if TYPE_CHECKING:
    from dask.bag import Bag, Item

__all__ = ["items_from_paths", "summarize_bag"]


def _accumulate(items: Iterable[ItemLike]) -> SummaryAccumulator:
    return SummaryAccumulator().add_all(items)


def _merge(partials: Iterable[SummaryAccumulator]) -> SummaryAccumulator:
    result = SummaryAccumulator()
    for partial in partials:
        result = result.merge(partial)
    return result


def summarize_bag(items: Bag, *, split_every: int | None = None) -> Item:
    """A lazy :class:`SummaryAccumulator` of a bag of Items (``MLMItem``s or dicts)."""
    return items.reduction(_accumulate, _merge, split_every=split_every)


def _read_item(path: str | Path) -> object:
    # Read as MLMItem.model_validate_json reads: text that is not JSON is a ValidationError.
    return parse_json(Path(path).read_bytes(), f"MLM Item {path}")


def items_from_paths(paths: Iterable[str | Path], *, npartitions: int | None = None) -> Bag:
    """A bag of the Items stored in ``paths`` (one JSON document per file).

    Computing a summary of it raises ``pydantic.ValidationError`` for a file that is not
    JSON or not a valid MLM Item (``OSError`` for a file that cannot be read).
    """
    return db.from_sequence([str(path) for path in paths], npartitions=npartitions).map(_read_item)
