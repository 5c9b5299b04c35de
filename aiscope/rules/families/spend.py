"""A tenant on course to spend more than its monthly budget."""

from __future__ import annotations

from ...conventions import observability as obs
from ...model import StackModel
from .. import promql
from ..definitions import Alert, label_value
from ..recordings import Catalog

FAMILY = "spend"
SUBSYSTEM = "spend"  # the rule file and group its alerts join

# The forecast moves slowly; a quarter of an hour above budget is a trend.
EVALUATIONS = 15


def alerts(model: StackModel, catalog: Catalog) -> list[Alert]:
    if not model.settings.budgets.tenants:
        return []
    forecast = catalog[obs.TENANT_COST_MONTH_FORECAST].ref()
    budget = catalog[obs.TENANT_BUDGET].ref()
    over = promql.binary(forecast, ">", budget, promql.on((obs.TENANT,), group_left=True))
    return [
        Alert(
            name=obs.TENANT_SPEND_FORECAST_OVER_BUDGET,
            expr=over,
            evaluations=EVALUATIONS,
            severity=obs.Severity.WARNING,
            summary="A tenant's spend forecast for this month exceeds its budget.",
            description=(
                f"At the last day's average rate, tenant {label_value(obs.TENANT)} in "
                f"{label_value(obs.ENV)} will spend more this month than its budget "
                f"(budgets.tenants: {_budgets(model)})."
            ),
            family=FAMILY,
            dashboard=obs.TOKENS_SPEND,
            labels_out=(obs.ENV, obs.TENANT),
        )
    ]


def _budgets(model: StackModel) -> str:
    return ", ".join(
        f"{tenant} ${usd:g}" for tenant, usd in sorted(model.settings.budgets.tenants.items())
    )
