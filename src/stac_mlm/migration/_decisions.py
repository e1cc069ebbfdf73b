"""Decisions only a person can make, given to ``migrate`` (each opt-in, each named).

A migration never guesses. Where the source document does not say something that a later
release requires, the migration reports it as unmigrated, unless the caller answers the
question with a decision. Every change a decision makes is a ``MigrationNote`` whose
``decision`` names it, and whose message says "given by the caller".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decisions:
    """The caller's answers to the questions a migration cannot answer from the document.

    - ``artifact_type``: how the model files were saved (``"torch.save"``…): filled in on each
      ``mlm:model`` asset that lacks ``mlm:artifact_type`` (required since v1.4.0), except on
      an asset that is evidently source code (reported instead). Comes before
      ``infer_artifact_type``.
    - ``infer_artifact_type``: fill in ``mlm:artifact_type`` from the model file's name and
      media type where the evidence is unambiguous (best practices, "Framework-specific
      Artifact Types"; the table is ``_artifact_types.ARTIFACT_TYPES``); the evidence is
      reported, and an ambiguous file is reported with the values it could be.
    - ``bands_from_names``: when inputs name bands and the Item defines none (needed since
      v1.3.0), write ``raster:bands`` carrying only the names written on each ``mlm:model``
      asset that is not source code, and declare the raster extension v1.1.0.
    - ``code_is_not_model``: an asset that is evidently source code (``_source_code``) loses
      the ``mlm:model`` role (and gets ``code``) when another asset keeps ``mlm:model``
      (v1.3.0 fixed the examples that gave it; v1.4.0 asks an artifact type of it).

    Each acts where the target release needs it: when the migration crosses the release
    that needs it (v1.4.0 for the artifact type, v1.3.0 for bands, v1.3.0 and v1.4.0 for
    code), and on a document already past that release that still lacks what it answers
    (a v1.5.2 Item whose model asset gives no ``mlm:artifact_type``, a v1.4.0 Item naming
    bands it does not define), with the same notes and refusals. There, a source-code asset
    that gives ``mlm:artifact_type`` keeps the ``mlm:model`` role: its document calls it a
    model file, and without the role that field is invalid since v1.4.0.
    """

    artifact_type: str | None = None
    infer_artifact_type: bool = False
    bands_from_names: bool = False
    code_is_not_model: bool = False

    def __post_init__(self) -> None:
        """A decision is never read loosely (``"no"`` is truthy): raises ``TypeError`` for a
        value of the wrong type, ``ValueError`` for an empty artifact type."""
        artifact_type = self.artifact_type
        if artifact_type is not None and (not isinstance(artifact_type, str) or not artifact_type):
            error = ValueError if isinstance(artifact_type, str) else TypeError
            raise error(
                "Decisions: artifact_type is how the model files were saved, a text such as "
                f"'torch.save', or None (got {artifact_type!r})"
            )
        for name in ("infer_artifact_type", "bands_from_names", "code_is_not_model"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise TypeError(f"Decisions: {name} is True or False (got {value!r})")
