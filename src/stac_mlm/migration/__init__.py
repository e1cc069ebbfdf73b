"""Migrate MLM documents (Items and Collections, as JSON dicts) to a later MLM release.

``migrate(document, to)`` upgrades a document one release at a time
(1.0.0 → 1.1.0 → … → 1.5.2), following the changelog's migration notes and the differences
between consecutive official schemas. Each step is one function of ``STEPS``.

Nothing is guessed and nothing is dropped silently: a value that a later release cannot
represent, or that needs a person's decision, is reported in ``unmigrated`` with its
location, its value and why. It is removed from the document only where keeping it would
leave a key the target release rejects; what cannot be removed (a dimension name, a band
reference) stays, and the validation ``errors`` of the result say what is still invalid.
Keys outside MLM (other extensions, unknown keys, ``$comment``, ``null``s) are never touched.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any, Final

from stac_mlm._errors import with_value
from stac_mlm._guard import json_value_violations
from stac_mlm._predecessors import predecessor_of
from stac_mlm._spec import MLM_RELEASES, MLM_VERSION, detect_version, mlm_schema_uri, unpublished
from stac_mlm.migration._decisions import Decisions
from stac_mlm.migration._predecessor import (
    FIRST_RELEASE,
    from_predecessor,
    kept_predecessor,
    predecessor_version,
)
from stac_mlm.migration._repair import repair
from stac_mlm.migration._report import Log, MigrationNote, MigrationRefusedError, MigrationReport
from stac_mlm.migration._source import (
    declared_at,
    note_given_source,
    release_index,
    source_version,
)
from stac_mlm.migration._target import declare_release, drop_undefined_fields, validation_errors
from stac_mlm.migration._v1_1_0 import to_1_1_0
from stac_mlm.migration._v1_2_0 import to_1_2_0
from stac_mlm.migration._v1_3_0 import to_1_3_0
from stac_mlm.migration._v1_4_0 import to_1_4_0
from stac_mlm.migration._v1_5_0 import cpu_is_amd64, to_1_5_0
from stac_mlm.migration._v1_5_1 import to_1_5_1
from stac_mlm.migration._v1_5_2 import to_1_5_2
from stac_mlm.migration._where import JsonObject

__all__ = [
    "MLM_RELEASES",
    "Decisions",
    "MigrationNote",
    "MigrationRefusedError",
    "MigrationReport",
    "detect_version",
    "migrate",
    "mlm_schema_uri",
]

#: The step that brings a document of the previous release to each release.
STEPS: Final[dict[str, Callable[[JsonObject, Log], None]]] = {
    "1.1.0": to_1_1_0,
    "1.2.0": to_1_2_0,
    "1.3.0": to_1_3_0,
    "1.4.0": to_1_4_0,
    "1.5.0": to_1_5_0,
    "1.5.1": to_1_5_1,
    "1.5.2": to_1_5_2,
}


def migrate(
    document: dict[str, Any],
    to: str = MLM_VERSION,
    *,
    source: str | None = None,
    decisions: Decisions | None = None,
    artifact_type: str | None = None,
) -> MigrationReport:
    """Migrate an MLM Item or Collection from the release it declares to release ``to``.

    A document of a predecessor (DLM v1.0.0-beta.2/beta.3, ML-Model v1.0.0) is converted to
    MLM v1.0.0 first (``_dlm``, ``_ml_model``), then migrated as one; ``source_version`` is
    then ``"dlm-1.0.0-beta.3"`` (``"dlm-1.0.0-beta.2"``, ``"ml-model-1.0.0"``).

    The input is never modified. Raises ``MigrationRefusedError`` (a ``ValueError`` located in
    the document, most often at its MLM declaration in ``stac_extensions``) when the
    document declares no MLM release or one that was never published (the message names
    the nearest published release and why), or two predecessors, or when ``to`` is not a
    release or older than the source.

    ``source`` is the release the caller says the document follows, for a document whose
    MLM schema URI was never published (stac-model 0.7's v1.6.0, a release on the other
    host): the migration starts from it, says so in ``changes`` and declares ``to``. A
    ``source`` that contradicts a published release the document declares is a
    ``ValueError``: a published declaration is never overridden.

    ``decisions`` (``Decisions``) are the answers only a person can give, each opt-in;
    every change one makes is a note naming it (``MigrationNote.decision``).
    ``artifact_type`` is a shorthand for ``Decisions(artifact_type=...)``: how the model
    file was saved (``"torch.save"``…). Given, it fills in ``mlm:artifact_type`` on each
    ``mlm:model`` asset that lacks it (required since v1.4.0), except on one that is
    evidently source code; otherwise each such asset is reported in ``unmigrated``.
    ``decisions`` that is not a ``Decisions`` is a ``TypeError``; an ``artifact_type`` that
    is not a non-empty text is refused as ``Decisions`` refuses it.

    A decision acts wherever the target release needs it: by the step of the release that
    needs it when the migration crosses that release, and otherwise (the document already
    declares it or a later one, e.g. a v1.5.2 Item whose model asset gives no
    ``mlm:artifact_type``) after the steps, with the same notes and refusals
    (``_repair``). So ``migrate`` of a v1.5.2 document to v1.5.2 with a decision repairs
    it: no step runs and the declaration stays, the decision's changes are in ``changes``
    and the result is validated. Without a decision, or with none that the document needs,
    a document already at the target comes back as it is, with its validation errors.
    """
    if decisions is not None and not isinstance(decisions, Decisions):
        raise TypeError(
            "decisions is a stac_mlm.migration.Decisions, e.g. "
            f"Decisions(artifact_type='torch.save') (got {type(decisions).__name__})"
        )
    decisions = _with_artifact_type(decisions or Decisions(), artifact_type)
    if to not in MLM_RELEASES:
        raise MigrationRefusedError(
            (), f"cannot migrate to {to!r}: not an MLM release ({', '.join(MLM_RELEASES)})"
        )
    predecessor = predecessor_version(document)  # DLM or ML-Model: MLM v1.0.0 once converted
    if predecessor and source is not None:
        raise MigrationRefusedError(
            ("stac_extensions", _predecessor_index(document)),
            f"source={source!r} names an MLM release, and the document is a {predecessor} "
            "document: it is read as its own extension, without source",
        )
    given = source
    source = FIRST_RELEASE if predecessor else source_version(document, given)
    if release_index(to) < release_index(source):
        raise MigrationRefusedError(
            declared_at(document, source),
            f"cannot migrate from MLM v{source} to the older v{to}: migrations only go forward",
        )
    not_json = json_value_violations(document)
    if not_json:  # nothing is migrated from what is not JSON (nor copied, when too deep)
        return MigrationReport(
            document={},
            source_version=predecessor or source,
            target_version=to,
            changes=(),
            unmigrated=(),
            errors=tuple(MigrationNote(v.loc, with_value(v.message, v.input)) for v in not_json),
        )
    migrated = copy.deepcopy(document)
    log = Log(decisions=decisions)
    if predecessor:
        from_predecessor(migrated, predecessor, log)
    else:  # an MLM document that keeps DLM or ML-Model: kept, and said
        kept_predecessor(document, log)
    if given is not None:
        note_given_source(document, given, log)
        if unpublished(document):  # stac-model 0.7 writes "cpu": read as v1.5.2, no step runs
            cpu_is_amd64(migrated, log)
    steps = MLM_RELEASES[release_index(source) + 1 : release_index(to) + 1]
    for version in steps:
        STEPS[version](migrated, log)
    repair(migrated, steps, to, log)  # the decisions no step applied, where ``to`` needs them
    if source != to or unpublished(document):
        drop_undefined_fields(migrated, to, log)
        declare_release(migrated, to, log)
    return MigrationReport(
        document=migrated,
        source_version=predecessor or source,
        target_version=to,
        changes=tuple(log.changes),
        unmigrated=tuple(log.unmigrated),
        errors=validation_errors(migrated, to),
    )


def _predecessor_index(document: dict[str, Any]) -> int:
    found = predecessor_of(document)
    return found[0] if found else 0


def _with_artifact_type(decisions: Decisions, artifact_type: str | None) -> Decisions:
    if artifact_type is None:
        return decisions
    if decisions.artifact_type not in (None, artifact_type):
        raise ValueError(
            f"two artifact types given: artifact_type={artifact_type!r} and "
            f"decisions.artifact_type={decisions.artifact_type!r}"
        )
    return dataclasses.replace(decisions, artifact_type=artifact_type)
