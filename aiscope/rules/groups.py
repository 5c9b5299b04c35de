"""Rule groups, one per subsystem: its recordings first, then the alerts reading them.

Rules of one group run in order at each evaluation, so an alert always sees
the recordings of the same evaluation. One group per file keeps reviews simple.
"""

from __future__ import annotations

from ..model import StackModel
from .definitions import Group
from .families import FAMILIES
from .recordings import catalog

SUBSYSTEMS = ("requests", "spend", "safety", "tools", "telemetry", "pipeline")


def rule_groups(model: StackModel) -> list[Group]:
    recordings = catalog(model).subsystems
    alerts = {subsystem: [] for subsystem in SUBSYSTEMS}
    for family in FAMILIES:
        alerts[family.SUBSYSTEM] += family.alerts(model, catalog(model))

    return [
        Group(
            name=f"aiscope-{subsystem}",
            file=f"{subsystem}.yaml",
            rules=(*recordings.get(subsystem, []), *alerts[subsystem]),
        )
        for subsystem in SUBSYSTEMS
    ]
