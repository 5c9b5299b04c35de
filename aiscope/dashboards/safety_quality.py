"""Safety and quality: safety violations, guardrail triggers and evaluation scores."""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard as builders

from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..rules import promql
from . import panels, traceql, variables
from .queries import PER_MINUTE, Queries, scaled

KEY = obs.SAFETY_QUALITY
TITLE = "Safety and quality"
DESCRIPTION = "Safety violations and guardrail triggers by type, and evaluation scores."
VARIABLES = (obs.VAR_ENV, obs.VAR_TENANT, obs.VAR_ROUTE, obs.VAR_MODEL)

NO_SCORES = "No evaluation scores reported"


def build(q: Queries) -> builders.Dashboard:
    board = builders.Dashboard(TITLE)
    for variable in variables.standard(*VARIABLES):
        board = board.with_variable(variable)

    board = board.with_row(panels.row("Safety"))
    board = board.with_panel(_by_category(q)).with_panel(_by_route(q))
    board = board.with_panel(_against_baseline(q)).with_panel(_guardrail_traces())

    board = board.with_row(panels.row("Quality"))
    return board.with_panel(_eval_scores(q))


def _by_category(q: Queries) -> panels.ts.Panel:
    per_category = promql.sum_by(
        (obs.SAFETY_CATEGORY,), q.recorded(obs.ROUTE_TENANT_CATEGORY_VIOLATIONS)
    )
    return panels.timeseries(
        "Safety violations by category",
        "Model calls flagged or blocked by the safety filters, per minute, by "
        "ai.safety.category. Model does not apply.",
        "short",
        [panels.prom(scaled(per_category, PER_MINUTE), legend=f"{{{{{obs.SAFETY_CATEGORY}}}}}")],
    )


def _by_route(q: Queries) -> panels.ts.Panel:
    per_route = promql.sum_by((obs.ROUTE,), q.recorded(obs.ROUTE_TENANT_CATEGORY_VIOLATIONS))
    return panels.timeseries(
        "Safety violations by route",
        "Violations per minute on each route. Model does not apply.",
        "short",
        [panels.prom(scaled(per_route, PER_MINUTE), legend=f"{{{{{obs.ROUTE}}}}}")],
    )


def _against_baseline(q: Queries) -> panels.ts.Panel:
    labels = (obs.ROUTE, obs.SAFETY_CATEGORY)
    now = promql.sum_by(labels, q.recorded(obs.ROUTE_CATEGORY_VIOLATIONS))
    baseline = promql.sum_by(labels, q.recorded(obs.ROUTE_CATEGORY_VIOLATIONS_BASELINE))
    legend = f"{{{{{obs.ROUTE}}}}} {{{{{obs.SAFETY_CATEGORY}}}}}"
    panel = panels.timeseries(
        "Violations against the daily baseline",
        "What the safety alert compares: the 5-minute rate per route and category, and the "
        "last day's average (dashed). Tenant and Model do not apply.",
        "short",
        [
            panels.prom(scaled(now, PER_MINUTE), legend=legend),
            panels.prom(scaled(baseline, PER_MINUTE), legend=f"baseline {legend}"),
        ],
    )
    return panels.dashed(panel, "B")


def _guardrail_traces() -> panels.table.Panel:
    verdicts = promql.alternatives(obs.GUARDRAIL_VERDICTS)
    query = traceql.spans(
        [
            traceql.condition(traceql.NAME, "=", t.SPAN_CALL),
            traceql.condition(traceql.span(t.SAFETY_VERDICT), "=~", verdicts),
            traceql.condition(traceql.resource(t.ENVIRONMENT), "=~", f"${obs.VAR_ENV}"),
            traceql.condition(traceql.span(t.ROUTE), "=~", f"${obs.VAR_ROUTE}"),
            traceql.condition(traceql.span(t.TENANT), "=~", f"${obs.VAR_TENANT}"),
        ],
        select=[traceql.span(t.SAFETY_VERDICT), traceql.span(t.SAFETY_CATEGORY)],
    )
    return panels.traces_panel(
        "Guardrail triggers (sampled traces)",
        "Calls whose ai.safety.verdict is flagged or blocked, with the category: the "
        "individual triggers behind the counts above.",
        query,
    )


def _eval_scores(q: Queries) -> panels.ts.Panel:
    labels = obs.EVAL_SCORE.prometheus_labels
    scores = q.collected(obs.EVAL_SCORE.prometheus_name, labels)
    mean = promql.aggregate("avg", (obs.ROUTE, obs.EVAL_NAME), scores)
    panel = panels.timeseries(
        "Evaluation scores",
        f"Mean score (0 to 1) per route and evaluation. Evaluation jobs report the gauge "
        f"{obs.EVAL_SCORE.otel_name} over OTLP to the collector with attributes "
        f"{', '.join(obs.EVAL_SCORE.labels)}; spans carry no scores. Tenant does not apply.",
        "percentunit",
        [panels.prom(mean, legend=f"{{{{{obs.ROUTE}}}}} {{{{{obs.EVAL_NAME}}}}}")],
        width=panels.FULL,
    )
    return panel.no_value(NO_SCORES).min(0).max(1)
