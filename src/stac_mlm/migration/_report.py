"""What a migration did, could not do, or found invalid: notes and the report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from stac_mlm._errors import format_location
from stac_mlm._predecessors import PREDECESSORS, source_name
from stac_mlm.migration._decisions import Decisions

#: A place in a JSON document, by keys and indexes: ``("properties", "mlm:input", 0)``.
Location = tuple[str | int, ...]


@dataclass(frozen=True)
class MigrationNote:
    """One thing the migration did, could not do, or found invalid, and where."""

    location: Location
    message: str
    #: The name of the caller's decision that made this change (a field of ``Decisions``,
    #: e.g. ``"artifact_type"``), or ``None`` when the migration needed none.
    decision: str | None = None

    def path(self) -> str:
        """The location for people, as every report of the package writes it:
        ``properties → mlm:input → 0 → norm_type``."""
        return format_location(self.location)


@dataclass(frozen=True)
class MigrationReport:
    """The migrated document and what the migration did to it.

    ``changes`` and ``unmigrated`` are located in the source document; ``errors`` are the
    validation errors of the migrated document in the target release.
    """

    document: dict[str, Any]
    #: The MLM release read (``"1.3.0"``), or the predecessor (``"dlm-1.0.0-beta.2"``,
    #: ``"dlm-1.0.0-beta.3"``, ``"ml-model-1.0.0"``; see ``stac_mlm._predecessors``).
    source_version: str
    target_version: str
    changes: tuple[MigrationNote, ...]
    unmigrated: tuple[MigrationNote, ...]
    errors: tuple[MigrationNote, ...] = ()

    @property
    def ok(self) -> bool:
        """Everything was carried over and the result is valid in the target release."""
        return not self.unmigrated and not self.errors

    def to_text(self) -> str:
        """A report for people, in the shape of every report of the package (``VERDICT
        location: message``): a summary line, then one line per note, its kind in capitals::

            MIGRATED MLM v1.3.0 → v1.5.2: 5 changed, 1 unmigrated, 1 invalid
            CHANGED properties → mlm:input → 0 → norm_type: 'z-score' → value_scaling of …
            UNMIGRATED assets → weights → mlm:artifact_type: required on …
            INVALID assets → weights → mlm:artifact_type: …

        A predecessor's document says so: ``MIGRATED DLM v1.0.0-beta.3 → MLM v1.5.2: …``.
        """
        mlm = "MLM " if self.source_version in PREDECESSORS else ""  # MLM → MLM says it once
        lines = [
            f"MIGRATED {source_name(self.source_version)} → {mlm}v{self.target_version}: "
            f"{len(self.changes)} changed, {len(self.unmigrated)} unmigrated, "
            f"{len(self.errors)} invalid"
        ]
        for label, notes in (
            ("CHANGED", self.changes),
            ("UNMIGRATED", self.unmigrated),
            ("INVALID", self.errors),
        ):
            lines += [f"{label} {note.path()}: {note.message}" for note in notes]
        return "\n".join(lines)


class MigrationRefusedError(ValueError):
    """The document cannot be migrated as asked (it declares no MLM release, one never
    published, two predecessors; or the target is older than it): ``location`` is where in
    the document, most often its MLM declaration in ``stac_extensions``; ``()`` when the
    refusal is about the arguments, not the document. A ``ValueError``, as it always was."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location


@dataclass
class Log:
    """The notes of one migration, in the order they happen."""

    changes: list[MigrationNote] = field(default_factory=list)
    unmigrated: list[MigrationNote] = field(default_factory=list)
    #: The caller's answers to what the document does not say.
    decisions: Decisions = field(default_factory=Decisions)

    def changed(self, location: Location, message: str) -> None:
        self.changes.append(MigrationNote(location, message))

    def decided(self, location: Location, message: str, decision: str) -> None:
        """A change made on the caller's decision ``decision`` (a field of ``Decisions``)."""
        self.changes.append(MigrationNote(location, f"{message} (given by the caller)", decision))

    def removed(self, location: Location, value: Any, why: str) -> None:
        """A value taken out because the target release cannot hold it."""
        self.unmigrated.append(
            MigrationNote(location, f"removed {json.dumps(value, ensure_ascii=False)}: {why}")
        )

    def needs_human(self, location: Location, message: str) -> None:
        """Kept as it is, but a person must decide what it becomes."""
        self.unmigrated.append(MigrationNote(location, message))
