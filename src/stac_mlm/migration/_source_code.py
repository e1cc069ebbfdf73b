"""Assets that are evidently source code, and the decision that they are not the model.

Older official examples (v1.0.0-v1.2.0) give a source-code asset the ``mlm:model`` role
beside the model weights; v1.3.0 "Fix[ed] various STAC Asset definitions erroneously
employing `mlm:model` role instead of the intended `mlm:source_code`". Only a person can
say an asset is not the model, so the role is removed only on the caller's decision
``code_is_not_model``; without it, such an asset is reported, never given an artifact type.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from stac_mlm._errors import format_location
from stac_mlm._item_rules import has_role
from stac_mlm.migration._report import Location, Log
from stac_mlm.migration._where import JsonObject, model_assets_of

#: Roles that say an asset is code (MLM's "Source Code Asset": ``mlm:source_code``, ``code``).
CODE_ROLES: Final = ("code", "source_code", "mlm:source_code")
#: Media types of scripts and notebooks (the part before any ``;`` parameter).
SCRIPT_MEDIA_TYPES: Final = frozenset(
    {
        "text/x-python",
        "text/x-python-script",
        "text/x-script.python",
        "application/x-python",
        "application/x-python-code",
        "application/x-ipynb+json",
        "text/x-shellscript",
        "application/x-sh",
        "text/x-r",
        "text/x-julia",
    }
)
#: File name endings of scripts and notebooks.
SCRIPT_ENDINGS: Final = (".py", ".ipynb", ".sh", ".r", ".jl")
#: Hosts whose ``OWNER/REPOSITORY`` (or ``.../tree/...``) URLs are git repositories. A file
#: on them (``.../releases/download/v1/model.pt``, ``.../blob/main/model.pth``) is not.
GIT_HOSTS: Final = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})


def code_evidence(asset: JsonObject) -> str | None:
    """What shows that ``asset`` is source code (for a note), or ``None``."""
    evidence = []
    evidence += [f"the role {role!r}" for role in CODE_ROLES if has_role(asset, role)]
    media_type = asset.get("type")
    if isinstance(media_type, str) and _essence(media_type) in SCRIPT_MEDIA_TYPES:
        evidence.append(f"the media type {media_type!r}")
    href = asset.get("href")
    if isinstance(href, str):
        parts = urlsplit(href)
        path = parts.path.rstrip("/")
        if path.lower().endswith(SCRIPT_ENDINGS):
            evidence.append(f"the file name {path.rsplit('/', 1)[-1]!r}")
        elif path.endswith(".git") or _is_repository_page(parts.netloc.lower(), path):
            evidence.append(f"the git repository URL {href!r}")
    return ", ".join(evidence) or None


def _essence(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def _is_repository_page(host: str, path: str) -> bool:
    segments = [segment for segment in path.split("/") if segment]
    if host.removeprefix("www.") not in GIT_HOSTS or len(segments) < 2:
        return False
    return len(segments) == 2 or segments[2] in ("tree", "-")


def settle_code_assets(document: JsonObject, log: Log, *, keep_typed: bool = False) -> None:
    """On the decision ``code_is_not_model``: an evidently-code asset with the ``mlm:model``
    role loses it (and gets ``code``) when an asset that is not code keeps ``mlm:model``.

    ``keep_typed``: an asset that gives ``mlm:artifact_type`` keeps the role (the repair of
    a document past v1.4.0: its document calls it a model file, and since v1.4.0 that field
    is only on ``mlm:model`` assets, so taking the role would make it invalid)."""
    if not log.decisions.code_is_not_model:
        return
    code, models = [], []
    for location, asset in model_assets_of(document):
        evidence = code_evidence(asset)
        if evidence is None:
            models.append(location)
        elif not (keep_typed and "mlm:artifact_type" in asset):
            code.append((location, asset, evidence))
    if not models:
        return  # every model asset looks like code: which one is the model is not evident
    for location, asset, evidence in code:
        _not_the_model(location, asset, evidence, models[0], log)


def _not_the_model(
    location: Location, asset: JsonObject, evidence: str, model: Location, log: Log
) -> None:
    roles = [role for role in asset["roles"] if role != "mlm:model"]
    added = "code" not in roles
    asset["roles"] = [*roles, "code"] if added else roles
    done = "'mlm:model' removed and 'code' added" if added else "'mlm:model' removed"
    log.decided(
        (*location, "roles"),
        f"{done}: the asset is evidently source code ({evidence}), and "
        f"{format_location(model)} keeps the 'mlm:model' role",
        "code_is_not_model",
    )
