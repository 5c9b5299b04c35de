"""Safety filters triggering more often than usual."""

from __future__ import annotations

from ...conventions import observability as obs
from ...model import StackModel
from .. import promql
from ..definitions import Alert, label_value
from ..recordings import Catalog

FAMILY = "safety"
SUBSYSTEM = "safety"  # the rule file and group its alerts join

# Above this many times the route's daily average for the category, and at
# least this many violations a minute: a quiet route's first violation is a
# finding for the evaluation dashboards, not a page.
BASELINE_FACTOR = 2
MIN_PER_MINUTE = 0.5
EVALUATIONS = 3


def alerts(model: StackModel, catalog: Catalog) -> list[Alert]:
    now = catalog[obs.ROUTE_CATEGORY_VIOLATIONS].ref()
    baseline = catalog[obs.ROUTE_CATEGORY_VIOLATIONS_BASELINE].ref()
    above = promql.binary(now, ">", f"{BASELINE_FACTOR} * {baseline}")
    enough = promql.binary(f"{now} * 60", ">", f"{MIN_PER_MINUTE:g}")
    return [
        Alert(
            name=obs.SAFETY_VIOLATIONS_ABOVE_BASELINE,
            expr=promql.binary(above, "and", enough),
            evaluations=EVALUATIONS,
            severity=obs.Severity.CRITICAL,
            summary="Safety violations are above their usual level.",
            description=(
                f"Safety violations of category {label_value(obs.SAFETY_CATEGORY)} on route "
                f"{label_value(obs.ROUTE)} in {label_value(obs.ENV)} run at more than "
                f"{BASELINE_FACTOR} times the last day's average."
            ),
            family=FAMILY,
            dashboard=obs.SAFETY_QUALITY,
            labels_out=(obs.ENV, obs.ROUTE, obs.SAFETY_CATEGORY),
        )
    ]
