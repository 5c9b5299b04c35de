"""A route answering more slowly than its P95 target."""

from __future__ import annotations

from ...conventions import observability as obs
from ...model import StackModel
from .. import promql
from ..definitions import Alert, label_value
from ..recordings import Catalog

FAMILY = "latency"
SUBSYSTEM = "requests"  # the rule file and group its alerts join

# Periods in a row the P95 must stay above target. The alert turns pending at
# the first evaluation that sees the breach and fires once `for` has passed,
# so 3 periods means `for` = 2 intervals (decorate.for_duration); promtool
# proves that 2 periods stay silent and 3 fire.
BREACH_PERIODS = 3


def alerts(model: StackModel, catalog: Catalog) -> list[Alert]:
    p95 = catalog[obs.ROUTE_P95_LATENCY]
    target = catalog[obs.ROUTE_LATENCY_TARGET]
    above = promql.binary(p95.ref(), ">", target.ref(), promql.on((obs.ROUTE,), group_left=True))
    return [
        Alert(
            name=obs.ROUTE_LATENCY_HIGH,
            expr=above,
            evaluations=BREACH_PERIODS,
            severity=obs.Severity.WARNING,
            summary="A route's P95 latency is above its target.",
            description=(
                f"P95 latency of route {label_value(obs.ROUTE)} in "
                f"{label_value(obs.ENV)} has been above the route's target for "
                f"{BREACH_PERIODS} evaluations in a row (targets: {_targets(model)})."
            ),
            family=FAMILY,
            dashboard=obs.AI_OVERVIEW,
            labels_out=(obs.ENV, obs.ROUTE),
        )
    ]


def _targets(model: StackModel) -> str:
    alerting = model.settings.alerting
    routes = [
        f"{route} {seconds:g}s" for route, seconds in sorted(alerting.route_latency_targets.items())
    ]
    default = f"{alerting.latency_target_seconds:g}s"
    return ", ".join([*routes, f"other routes {default}"]) if routes else f"every route {default}"
