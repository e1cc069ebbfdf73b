"""Where each file of the spec folder is published: the URLs of ``schema/upstream.lock``.

``scripts/fetch_spec.py`` downloads every locked file from these URLs into a fresh clone.
The schemas are served at ``https://HOST/PATH`` (spec folder ``schemas/HOST/PATH``); the
examples and the specification texts come from the extensions' GitHub repositories at the
release tag. crim-ca/mlm-extension (MLM v1.0.0-v1.3.0) moved to stac-extensions/mlm, which
kept its tags.
"""

from __future__ import annotations

RAW = "https://raw.githubusercontent.com"
MLM_TAGS = ("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0", "v1.5.0", "v1.5.1", "v1.5.2")
MLM = f"{RAW}/stac-extensions/mlm"
ML_MODEL = f"{RAW}/stac-extensions/ml-model/v1.0.0"
DLM = f"{RAW}/crim-ca/dlm-extension"

#: Spec folder prefix -> published URL prefix; the longest matching prefix wins.
PUBLISHED: dict[str, str] = {
    "schemas/": "https://",
    **{f"examples/mlm-{tag}/": f"{MLM}/{tag}/examples/" for tag in MLM_TAGS},
    "docs/mlm-v1.5.2/legacy/": f"{MLM}/v1.5.2/docs/legacy/",
    "docs/mlm-v1.5.2/": f"{MLM}/v1.5.2/",
    "examples/ml-model-v1.0.0/": f"{ML_MODEL}/examples/",
    "docs/ml-model-v1.0.0/": f"{ML_MODEL}/",
    # The DLM schemas' $id (schemas.stacspec.org/...) was where they were to be published
    # "when eventually released" (DLM changelog); they live in the DLM repository, whose
    # tags are spelled v1.0.0-beta2 and v1.0.0-beta3 (MLM changelog links).
    "schemas/schemas.stacspec.org/v1.0.0-beta.2/extensions/dl-model/": f"{DLM}/v1.0.0-beta2/",
    "examples/dlm-v1.0.0-beta2/": f"{DLM}/v1.0.0-beta2/examples/",
    "docs/dlm-v1.0.0-beta2/": f"{DLM}/v1.0.0-beta2/",
    "schemas/schemas.stacspec.org/v1.0.0-beta.3/extensions/dl-model/": f"{DLM}/v1.0.0-beta3/",
    "examples/dlm-v1.0.0-beta.3/": f"{DLM}/v1.0.0-beta3/examples/",
    "docs/dlm-v1.0.0-beta.3/": f"{DLM}/v1.0.0-beta3/",
}


class UnpublishedFileError(ValueError):
    """A file of the spec folder whose published URL the table does not know."""


def published_url(path: str) -> str:
    """The published URL of the spec folder file at ``path`` (POSIX, relative).

    Raises :class:`UnpublishedFileError` when no prefix of :data:`PUBLISHED` matches.
    """
    matches = [prefix for prefix in PUBLISHED if path.startswith(prefix)]
    if not matches:
        raise UnpublishedFileError(
            f"no published URL known for {path}: add its prefix to PUBLISHED in "
            "codegen/published.py"
        )
    prefix = max(matches, key=len)
    return PUBLISHED[prefix] + path.removeprefix(prefix)
