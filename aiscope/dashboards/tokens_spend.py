"""Tokens and spend: token use per model, spend per tenant against its monthly budget."""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard as builders

from ..conventions import observability as obs
from ..rules import promql
from . import panels, variables
from .queries import PER_DAY, PER_HOUR, PER_MINUTE, Queries, scaled

KEY = obs.TOKENS_SPEND
TITLE = "Tokens and spend"
DESCRIPTION = "Token use per model and spend per tenant, against each tenant's monthly budget."
VARIABLES = (obs.VAR_ENV, obs.VAR_TENANT, obs.VAR_ROUTE, obs.VAR_MODEL)

TOP = 10
NO_ROUTE_MODEL = " Forecasts and budgets are per tenant: Route and Model do not apply."


def build(q: Queries) -> builders.Dashboard:
    board = builders.Dashboard(TITLE)
    for variable in variables.standard(*VARIABLES):
        board = board.with_variable(variable)

    board = board.with_row(panels.row("Tokens"))
    board = board.with_panel(_tokens(q)).with_panel(_spend_by_model(q))

    board = board.with_row(panels.row("Budgets"))
    board = board.with_panel(_forecast(q)).with_panel(_budget_share(q))
    return board.with_panel(_spend_by_tenant(q)).with_panel(_budget_refusals(q))


def _tokens(q: Queries) -> panels.ts.Panel:
    per_model = [
        promql.sum_by((obs.MODEL,), q.recorded(name))
        for name in (obs.TENANT_MODEL_ROUTE_INPUT_TOKENS, obs.TENANT_MODEL_ROUTE_OUTPUT_TOKENS)
    ]
    targets = [
        panels.prom(scaled(per_model[0], PER_MINUTE), legend=f"{{{{{obs.MODEL}}}}} input"),
        panels.prom(scaled(per_model[1], PER_MINUTE), legend=f"{{{{{obs.MODEL}}}}} output"),
    ]
    return panels.timeseries(
        "Input vs output tokens per model",
        "Tokens per minute sent to (input) and produced by (output) each model.",
        "short",
        targets,
    )


def _spend_by_model(q: Queries) -> panels.ts.Panel:
    per_model = promql.sum_by((obs.MODEL,), q.recorded(obs.TENANT_MODEL_ROUTE_COST))
    return panels.timeseries(
        "Spend per model",
        "US dollars per hour, priced with the stack's pricing.models table.",
        "currencyUSD",
        [panels.prom(scaled(per_model, PER_HOUR), legend=f"{{{{{obs.MODEL}}}}}")],
    )


def _forecast(q: Queries) -> panels.ts.Panel:
    forecast = promql.topk(TOP, q.recorded(obs.TENANT_COST_MONTH_FORECAST))
    budget = q.recorded(obs.TENANT_BUDGET)
    panel = panels.timeseries(
        "Month-end spend forecast vs budget",
        "Projected spend for the calendar month at the last day's average rate (top tenants), "
        "and each tenant's budget (budgets.tenants) dashed." + NO_ROUTE_MODEL,
        "currencyUSD",
        [
            panels.prom(forecast, legend=f"forecast {{{{{obs.TENANT}}}}}"),
            panels.prom(budget, legend=f"budget {{{{{obs.TENANT}}}}}"),
        ],
    )
    return panels.dashed(panel, "B")


def _budget_share(q: Queries) -> panels.bargauge.Panel:
    share = promql.binary(
        q.recorded(obs.TENANT_COST_MONTH_FORECAST),
        "/",
        q.recorded(obs.TENANT_BUDGET),
        promql.on((obs.TENANT,), group_left=True),
    )
    return panels.bars(
        "Forecast as share of budget",
        "Month-end forecast divided by the monthly budget, for tenants that have one; "
        "above 100% the budget alert is on its way." + NO_ROUTE_MODEL,
        "percentunit",
        panels.prom(promql.topk(TOP, share), legend=f"{{{{{obs.TENANT}}}}}", instant=True),
    )


def _spend_by_tenant(q: Queries) -> panels.ts.Panel:
    per_tenant = promql.sum_by((obs.TENANT,), q.recorded(obs.TENANT_MODEL_ROUTE_COST))
    top = promql.topk(TOP, scaled(per_tenant, PER_DAY))
    return panels.timeseries(
        "Spend per tenant",
        "US dollars per day at the current rate, top tenants.",
        "currencyUSD",
        [panels.prom(top, legend=f"{{{{{obs.TENANT}}}}}")],
    )


def _budget_refusals(q: Queries) -> panels.ts.Panel:
    refusals = promql.topk(TOP, scaled(q.recorded(obs.TENANT_BUDGET_ERRORS), PER_MINUTE))
    baseline = promql.topk(TOP, scaled(q.recorded(obs.TENANT_BUDGET_ERRORS_BASELINE), PER_MINUTE))
    panel = panels.timeseries(
        "Budget refusals",
        "Requests refused with budget_exceeded per minute, and the last hour's average "
        "(dashed) the spike alert compares with." + NO_ROUTE_MODEL,
        "short",
        [
            panels.prom(refusals, legend=f"{{{{{obs.TENANT}}}}}"),
            panels.prom(baseline, legend=f"baseline {{{{{obs.TENANT}}}}}"),
        ],
    )
    return panels.dashed(panel, "B")
