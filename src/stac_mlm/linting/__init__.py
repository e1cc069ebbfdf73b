"""Lint MLM documents: what the specification text and its best practices recommend, what
the text requires but the schema does not check, and STAC hygiene.

``stac_mlm.lint(document)`` gives one :class:`LintFinding` per problem found. A finding is a
warning for people, never a validation error: a document can be valid with findings and
invalid without any; lint reads documents of any MLM release, valid or not, and anything
that is not a JSON object gives no finding. Each rule has a stable code in one family
(one module each): ``MLM0xx`` the specification text (:mod:`.spec_text`), ``BP0xx`` the
best practices (:mod:`.best_practices`), ``STAC0xx`` STAC hygiene as stac-check checks it
(:mod:`.stac_hygiene`), ``LIN0xx`` lineage (:mod:`.lineage`). ``RULES`` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from stac_mlm.linting import best_practices, lineage, spec_text, stac_hygiene
from stac_mlm.linting._read import Document
from stac_mlm.linting._registry import RULES, Location, Rule, Severity

__all__ = ["FAMILIES", "RULES", "LintFinding", "Rule", "lint", "selected"]

#: The rule families, one module each, in the order their findings are listed.
FAMILIES = (spec_text, best_practices, stac_hygiene, lineage)


@dataclass(frozen=True)
class LintFinding:
    """One finding of a lint rule.

    ``location`` is a path of JSON keys and indexes in the document (``()`` for the document
    itself), as validation errors are located; ``value`` is what was found there, or
    ``None`` when the finding is about something absent. ``source`` names the section of the
    text the rule comes from (``MLM README: Task Enum``, ``MLM best practices: File
    Extension``, ``STAC hygiene (stac-check: null_datetime)``).
    """

    code: str
    severity: Severity
    location: Location
    message: str
    source: str
    value: Any = None


def lint(document: Any, path: str | None = None) -> list[LintFinding]:
    """Every finding of every rule on ``document`` (a dict as read from JSON), rule by rule
    in code order.

    ``path`` is the file the document was read from; the rules about file names
    (``STAC003``, ``STAC004``) and those that resolve a product's references to its model
    on disk (``LIN005``–``LIN007``; relative hrefs from the file's folder, nothing fetched)
    run only when it is given. Anything that is not a dict gives
    ``[]``; no exception is raised for any JSON value.
    """
    if not isinstance(document, dict):
        return []
    readable = Document(document, path)
    findings = []
    for code in sorted(RULES):
        found = RULES[code]
        for hit in found.check(readable):
            findings.append(
                LintFinding(
                    code, found.severity, hit.location, hit.message, found.source, hit.value
                )
            )
    return findings


def selected(
    findings: Iterable[LintFinding], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[LintFinding]:
    """The findings whose code starts with one of ``select`` (all when empty) and with none
    of ``ignore``, as ruff selects: ``MLM`` is a family, ``MLM00`` a range, ``MLM003`` a rule.
    """
    return [
        finding
        for finding in findings
        if (not select or finding.code.startswith(tuple(select)))
        and not finding.code.startswith(tuple(ignore))
    ]
