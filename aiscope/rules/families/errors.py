"""Requests failing: a route's error ratio, or a burst of budget refusals."""

from __future__ import annotations

from ...conventions import observability as obs
from ...model import StackModel
from .. import promql
from ..definitions import Alert, label_value
from ..recordings import Catalog

FAMILY = "errors"
SUBSYSTEM = "requests"  # the rule file and group its alerts join

ERROR_RATE_EVALUATIONS = 3

# A budget spike is the last five minutes' refusal rate above this many times
# the last hour's average, and at least this many refusals a minute, so that a
# tenant going from zero to one refusal does not page anyone.
BUDGET_SPIKE_FACTOR = 3
BUDGET_SPIKE_MIN_PER_MINUTE = 1
BUDGET_SPIKE_EVALUATIONS = 2


def alerts(model: StackModel, catalog: Catalog) -> list[Alert]:
    return [_error_rate(model, catalog), _budget_spike(catalog)]


def _error_rate(model: StackModel, catalog: Catalog) -> Alert:
    threshold = model.settings.alerting.error_rate_threshold
    ratio = catalog[obs.ROUTE_ERROR_RATIO]
    return Alert(
        name=obs.ROUTE_ERROR_RATE_HIGH,
        expr=promql.binary(ratio.ref(), ">", f"{threshold:g}"),
        evaluations=ERROR_RATE_EVALUATIONS,
        severity=obs.Severity.CRITICAL,
        summary="A route's error rate is above the threshold.",
        description=(
            f"More than {threshold:.0%} of model calls on route {label_value(obs.ROUTE)} in "
            f"{label_value(obs.ENV)} have failed over the last 5 minutes, "
            f"for {ERROR_RATE_EVALUATIONS} evaluations in a row."
        ),
        family=FAMILY,
        dashboard=obs.AI_OVERVIEW,
        labels_out=(obs.ENV, obs.ROUTE),
    )


def _budget_spike(catalog: Catalog) -> Alert:
    now = catalog[obs.TENANT_BUDGET_ERRORS].ref()
    baseline = catalog[obs.TENANT_BUDGET_ERRORS_BASELINE].ref()
    spike = promql.binary(now, ">", f"{BUDGET_SPIKE_FACTOR} * {baseline}")
    enough = promql.binary(f"{now} * 60", ">", f"{BUDGET_SPIKE_MIN_PER_MINUTE}")
    return Alert(
        name=obs.BUDGET_EXCEEDED_SPIKE,
        expr=promql.binary(spike, "and", enough),
        evaluations=BUDGET_SPIKE_EVALUATIONS,
        severity=obs.Severity.WARNING,
        summary="Requests refused for budget reasons jumped above their recent baseline.",
        description=(
            f"Tenant {label_value(obs.TENANT)} in {label_value(obs.ENV)} gets more than "
            f"{BUDGET_SPIKE_FACTOR} times its last hour's rate of budget_exceeded errors "
            f"(and at least {BUDGET_SPIKE_MIN_PER_MINUTE} a minute)."
        ),
        family=FAMILY,
        dashboard=obs.TOKENS_SPEND,
        labels_out=(obs.ENV, obs.TENANT),
    )
