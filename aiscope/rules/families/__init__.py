"""Alert families: one module per kind of trouble, each with one runbook template.

Every family returns its alerts for one stack; thresholds come from the
stack's settings, so each stack gets its own rule files.
"""

from __future__ import annotations

from ...model import StackModel
from ..definitions import Alert
from ..recordings import Catalog
from . import errors, latency, pipeline, safety, spend, telemetry

FAMILIES = (latency, errors, safety, spend, telemetry, pipeline)
FAMILY_NAMES = tuple(module.FAMILY for module in FAMILIES)


def all_alerts(model: StackModel, catalog: Catalog) -> list[Alert]:
    return [alert for family in FAMILIES for alert in family.alerts(model, catalog)]
