"""The STAC versions whose core schemas are checked, and ``stac_version``: which version's
rules apply to a document. v1.1.0 only adds rules to v1.0.0, so a rule asks whether the
version is ``V1_1``, and a document of any other version is checked by the rules both
share."""

from __future__ import annotations

from typing import Any, Final

from stac_mlm._errors import NO_INPUT, RuleViolation
from stac_mlm._stac_core._values import listed

#: The STAC versions whose core schemas are checked.
STAC_VERSIONS: Final = ("1.0.0", "1.1.0")
V1_1: Final = "1.1.0"
#: The version whose rules are exactly the rules both versions apply (v1.1.0 only adds).
SHARED_RULES_VERSION: Final = "1.0.0"


def checked_version(document: dict[str, Any]) -> tuple[str, list[RuleViolation]]:
    """``stac_version`` (``"const"`` in each version's schema): the version whose rules apply."""
    version = document.get("stac_version", NO_INPUT)
    if isinstance(version, str) and version in STAC_VERSIONS:
        return version, []
    checked = f"{listed(STAC_VERSIONS)}, the STAC versions whose core schemas are checked"
    if version is NO_INPUT:
        message = f"stac_version is required: {checked}"
        return SHARED_RULES_VERSION, [RuleViolation(("stac_version",), "stac_required", message)]
    message = f"stac_version must be {checked}"
    return SHARED_RULES_VERSION, [
        RuleViolation(("stac_version",), "stac_version", message, version)
    ]
