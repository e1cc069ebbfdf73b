"""The caller's decisions on a document already past the release that needs them.

A step applies a decision when the migration crosses its release: ``code_is_not_model`` at
v1.3.0 and v1.4.0, ``bands_from_names`` at v1.3.0, ``artifact_type`` and
``infer_artifact_type`` at v1.4.0. A document that declares that release or a later one can
still lack what the decision answers (a v1.5.2 Item whose model asset gives no
``mlm:artifact_type``), and no step would then apply it. The repair applies it there, by the
step's own function, with the same notes and the same refusals, after the steps (so that a
source-code asset has lost its role before bands or artifact types are written), when the
target release needs it and no step of this migration applied it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from stac_mlm.migration._report import Log
from stac_mlm.migration._source import release_index
from stac_mlm.migration._source_code import settle_code_assets
from stac_mlm.migration._v1_3_0 import bands_from_names_past_v1_3_0
from stac_mlm.migration._v1_4_0 import artifact_types_past_v1_4_0
from stac_mlm.migration._where import JsonObject


def _code_is_not_model(document: JsonObject, log: Log) -> None:
    settle_code_assets(document, log, keep_typed=True)


#: Each repair, in the order of the steps, and the releases whose steps apply its decisions
#: (the first is the release that needs them).
REPAIRS: Final[tuple[tuple[tuple[str, ...], Callable[[JsonObject, Log], None]], ...]] = (
    (("1.3.0", "1.4.0"), _code_is_not_model),
    (("1.3.0",), bands_from_names_past_v1_3_0),
    (("1.4.0",), artifact_types_past_v1_4_0),
)


def repair(document: JsonObject, steps: Sequence[str], to: str, log: Log) -> None:
    """Apply the caller's decisions that release ``to`` needs and that none of ``steps``
    (the releases this migration crossed) applied. Each repair does nothing without its
    decision."""
    for releases, apply in REPAIRS:
        needed = release_index(to) >= release_index(releases[0])
        if needed and not set(releases) & set(steps):
            apply(document, log)
