"""Lineage lint rules (codes ``LIN0xx``): a hook, to fill when ``stac_mlm.lineage`` lands.

Two single-document recommendations of the Processing Extension best practice are already
``BP003`` and ``BP004`` (``processing:level "L4"`` on a product's asset and model link).
What needs the lineage module (which links and assets of a product refer to a model, and
whether they resolve in a catalog on disk) belongs here, registered with ``@rule("LIN001",
…)`` like the other families: for instance a product asset whose ``processing:expression``
(format ``stac-mlm``) has no matching ``derived_from`` link, or a ``derived_from`` link to
an MLM document without ``mlm:name`` (README "Relation Types"). Nothing is registered yet.
"""

from __future__ import annotations
