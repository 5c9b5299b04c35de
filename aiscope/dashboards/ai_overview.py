"""AI overview: latency, traffic and errors per route, with the logs and traces behind them."""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard as builders

from ..conventions import grafana
from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..rules import promql
from . import logql, panels, traceql, variables
from .queries import PER_MINUTE, RATE_INTERVAL, Queries, scaled

KEY = obs.AI_OVERVIEW
TITLE = "AI overview"
DESCRIPTION = "Latency, requests and errors of every AI route."
VARIABLES = (obs.VAR_ENV, obs.VAR_TENANT, obs.VAR_ROUTE, obs.VAR_MODEL)

NO_TENANT = (
    " Latency has no tenant label (per-tenant latency is a trace search), so Tenant does not apply."
)


def build(q: Queries) -> builders.Dashboard:
    board = builders.Dashboard(TITLE)
    for variable in [*variables.standard(*VARIABLES), variables.trace_id_variable()]:
        board = board.with_variable(variable)

    board = board.with_row(panels.row("Latency"))
    board = board.with_panel(_latency(q, 0.95)).with_panel(_latency(q, 0.5))

    board = board.with_row(panels.row("Traffic and errors"))
    board = board.with_panel(_requests(q)).with_panel(_error_rate(q)).with_panel(_error_codes(q))

    board = board.with_row(panels.row("Investigate"))
    return board.with_panel(_failed_calls()).with_panel(_error_logs())


def _quantile(q: Queries, quantile: float) -> str:
    buckets = q.recorded(obs.ROUTE_MODEL_LATENCY_BUCKETS)
    return promql.quantile(quantile, promql.sum_by((obs.ROUTE, obs.BUCKET_BOUND), buckets))


def _latency(q: Queries, quantile: float) -> panels.ts.Panel:
    """Per-route quantiles from recordings; the raw series' quantile carries the exemplars.

    Recording rules drop exemplars, so one extra query reads the collector's
    histogram with exemplars on: each dot links to the trace in Tempo.
    """
    percent = round(quantile * 100)
    raw = q.collected(t.REQUEST_DURATION.series("_bucket"), t.REQUEST_DURATION.prometheus_labels)
    overall = promql.quantile(
        quantile, promql.sum_by((obs.BUCKET_BOUND,), promql.rate(raw, RATE_INTERVAL))
    )
    targets = [
        panels.prom(_quantile(q, quantile), legend=f"P{percent} {{{{{obs.ROUTE}}}}}"),
        panels.prom(overall, legend=f"P{percent} all routes (exemplars)", exemplar=True),
    ]
    if quantile == 0.95:
        target = q.recorded(obs.ROUTE_LATENCY_TARGET)
        targets.append(panels.prom(target, legend=f"target {{{{{obs.ROUTE}}}}}"))
    description = f"P{percent} duration of model calls per route over 5 minutes." + NO_TENANT
    if quantile == 0.95:
        description += " Dashed lines: each route's target (alerting.routeLatencyTargets)."
    panel = panels.timeseries(f"P{percent} latency by route", description, "s", targets)
    return panels.dashed(panel, "C") if quantile == 0.95 else panel


def _requests(q: Queries) -> panels.ts.Panel:
    per_route = promql.sum_by((obs.ROUTE,), q.recorded(obs.ROUTE_MODEL_TENANT_REQUESTS))
    target = panels.prom(scaled(per_route, PER_MINUTE), legend=f"{{{{{obs.ROUTE}}}}}")
    return panels.timeseries(
        "Requests per minute by route",
        "Model calls per minute, counted before sampling.",
        "reqpm",
        [target],
        width=panels.THIRD,
    )


def _error_rate(q: Queries) -> panels.ts.Panel:
    errors = promql.sum_by((obs.ROUTE,), q.recorded(obs.ROUTE_MODEL_TENANT_ERRORS))
    requests = promql.sum_by((obs.ROUTE,), q.recorded(obs.ROUTE_MODEL_TENANT_REQUESTS))
    ratio = promql.binary(errors, "/", requests)
    return panels.timeseries(
        "Error rate by route",
        "Share of model calls that failed, over 5 minutes (alerting.errorRateThreshold pages).",
        "percentunit",
        [panels.prom(ratio, legend=f"{{{{{obs.ROUTE}}}}}")],
        width=panels.THIRD,
    )


def _error_codes(q: Queries) -> panels.bargauge.Panel:
    per_code = promql.sum_by((obs.ERROR_TYPE,), q.recorded(obs.ROUTE_MODEL_TENANT_ERRORS))
    top = promql.topk(10, scaled(per_code, PER_MINUTE))
    return panels.bars(
        "Top error codes",
        "Failed model calls per minute by error.type, now.",
        "short",
        panels.prom(top, legend=f"{{{{{obs.ERROR_TYPE}}}}}", instant=True),
        width=panels.THIRD,
    )


def _failed_calls() -> panels.table.Panel:
    query = traceql.spans(
        [
            traceql.condition(traceql.NAME, "=", t.SPAN_CALL),
            traceql.condition(traceql.STATUS, "=", traceql.ERROR),
            traceql.condition(traceql.resource(t.ENVIRONMENT), "=~", f"${obs.VAR_ENV}"),
            traceql.condition(traceql.span(t.ROUTE), "=~", f"${obs.VAR_ROUTE}"),
            traceql.condition(traceql.span(t.TENANT), "=~", f"${obs.VAR_TENANT}"),
        ],
        select=[traceql.span(t.MODEL), traceql.span(t.ERROR_TYPE)],
    )
    return panels.traces_panel(
        "Failed model calls (sampled traces)",
        "Traces Tempo kept; the tail sampler keeps every error. Click a trace id to open it.",
        query,
    )


def _error_logs() -> panels.logs.Panel:
    query = logql.logs(
        [
            promql.regex(obs.ENV, f"${obs.VAR_ENV}"),
            promql.regex(obs.ROUTE, f"${obs.VAR_ROUTE}"),
            promql.regex(obs.TENANT, f"${obs.VAR_TENANT}"),
            promql.Matcher(obs.ERROR_TYPE, "!=", ""),
            promql.regex(grafana.TRACE_ID_LABEL, f"${obs.VAR_TRACE_ID}"),
        ]
    )
    return panels.logs_panel(
        "Error logs",
        "Application log lines with an error code. Set Trace id to follow one request; "
        "each line's trace_id links to its trace in Tempo.",
        query,
    )
