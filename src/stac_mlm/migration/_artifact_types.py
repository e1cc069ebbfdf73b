"""Which ``mlm:artifact_type`` a model file's name and media type show (decision
``infer_artifact_type``).

The one table is ``ARTIFACT_TYPES``, read from the best practices' "Framework-specific
Artifact Types" (docs/mlm-v1.5.2/best-practices.md). An artifact type is inferred only when
the file name's ending leads to exactly one value and nothing on the asset contradicts it
(its media type, the model's ``mlm:framework``, an ahead-of-time compilation); otherwise the
note says what the value could be and what would decide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from stac_mlm.migration._where import JsonObject

PYTORCH: Final = frozenset({"pytorch", "torch"})
TENSORFLOW: Final = frozenset({"tensorflow", "tf", "keras", "tf.keras"})


@dataclass(frozen=True)
class Ending:
    """What the best practices say a file name ending is: the artifact types that write
    such files (one: unambiguous) and the frameworks (lower case) whose files they are."""

    artifact_types: tuple[str, ...]
    frameworks: frozenset[str]


#: File name endings → the artifact types that write them. Unambiguous: ``.pt2`` ("an
#: ExportedProgram [...] (i.e.: `.pt2`)"), ``.keras`` ("Saves a .keras model file") and
#: ``.weights.h5`` ("A .weights.h5 file containing only model weights"). The others are
#: written by several: ``.pt``/``.pth`` by ``torch.save`` (the table's "i.e.: `.pt`") and
#: by ``torch.jit.save`` alike (TorchScript files are ``.pt`` too); ``.h5`` by the legacy
#: HDF5 ``save`` and by ``save_weights``; a TF SavedModel by ``export`` and by
#: ``tf.saved_model.save``; ``.safetensors`` by ``save_file`` and ``save_model``.
ARTIFACT_TYPES: Final[dict[str, Ending]] = {
    ".pt2": Ending(("torch.export.save",), PYTORCH),
    ".keras": Ending(("tf.keras.Model.save",), TENSORFLOW),
    ".weights.h5": Ending(("tf.keras.Model.save_weights",), TENSORFLOW),
    ".pt": Ending(("torch.save", "torch.jit.save"), PYTORCH),
    ".pth": Ending(("torch.save", "torch.jit.save"), PYTORCH),
    ".h5": Ending(("tf.keras.Model.save", "tf.keras.Model.save_weights"), TENSORFLOW),
    "saved_model.pb": Ending(("tf.keras.Model.export", "tf.saved_model.save"), TENSORFLOW),
    ".safetensors": Ending(
        ("safetensors.<framework>.save_file", "safetensors.<framework>.save_model"), frozenset()
    ),
}
#: What decides between the values of an ambiguous ending.
_WHAT_DECIDES: Final = "the function that saved the file decides it: give it as the artifact type"


#: The endings, longest first: ``.weights.h5`` is read before ``.h5``.
_LONGEST_FIRST: Final = sorted(ARTIFACT_TYPES, key=len, reverse=True)


@dataclass(frozen=True)
class Inference:
    """The inferred artifact type (``None``: not inferred) and the evidence, or why not."""

    artifact_type: str | None
    because: str


def infer_artifact_type(asset: JsonObject, framework: object) -> Inference:
    """The artifact type that the asset's file name (``href``) and media type (``type``)
    show, given the model's ``mlm:framework`` (any value; only a string is read)."""
    href = asset.get("href")
    name = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1] if isinstance(href, str) else ""
    ending = next((e for e in _LONGEST_FIRST if name.lower().endswith(e)), None)
    if ending is None:
        return Inference(
            None,
            f"the file name {name!r} has no ending that the best practices' Framework-specific "
            "Artifact Types table ties to an artifact type",
        )
    known = ARTIFACT_TYPES[ending]
    evidence = f"the file name {name!r}"
    media_type = asset.get("type")
    if isinstance(media_type, str):
        evidence += f" and the media type {media_type!r}"
    if len(known.artifact_types) > 1:
        return Inference(
            None,
            f"{evidence} could be {' or '.join(map(repr, known.artifact_types))} (each writes "
            f"{ending} files): {_WHAT_DECIDES}",
        )
    (value,) = known.artifact_types
    contradiction = _contradiction(asset, framework, known, ending)
    if contradiction is not None:
        return Inference(None, f"{evidence} would say {value!r}, but {contradiction}")
    return Inference(value, f"from {evidence} (best practices: {ending} files are {value!r})")


def _contradiction(asset: JsonObject, framework: object, known: Ending, ending: str) -> str | None:
    """What on the asset or model speaks against the ending's artifact type, if anything."""
    if isinstance(framework, str) and framework.strip().lower() not in known.frameworks:
        return f"mlm:framework is {framework!r}: {_WHAT_DECIDES}"
    media_type = asset.get("type")
    if isinstance(media_type, str):
        essence, *parameters = (part.strip().lower() for part in media_type.split(";"))
        if essence.startswith("text/"):
            return f"a text media type is not a model file: {_WHAT_DECIDES}"
        for parameter in parameters:
            key, _, named = parameter.partition("=")
            named = named.strip().strip('"')  # a quoted parameter value: framework="pytorch"
            if key.strip() in ("framework", "application") and named not in known.frameworks:
                return f"the media type names another framework: {_WHAT_DECIDES}"
            if ending == ".pt2" and parameter.replace(" ", "") == "profile=compiled":
                return f"the media type says an AOT Inductor package, also .pt2: {_WHAT_DECIDES}"
    if ending == ".pt2" and asset.get("mlm:compile_method") == "aot":
        return f"mlm:compile_method 'aot' says an AOT Inductor package, also .pt2: {_WHAT_DECIDES}"
    return None
