"""Pipeline health: what the collector accepts, refuses, queues, samples and drops."""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard as builders

from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..rules import promql
from . import panels, variables
from .queries import PER_MINUTE, RATE_INTERVAL, Queries, scaled

KEY = obs.PIPELINE_HEALTH
TITLE = "Pipeline health"
DESCRIPTION = "The collector's intake, exports, queues and sampling; telemetry freshness by region."
VARIABLES = (obs.VAR_ENV,)

COLLECTOR_NOTE = " From the collector's own metrics, which carry no environment label."
FRESHNESS_LOOKBACK = "1h"


def build(q: Queries) -> builders.Dashboard:
    board = builders.Dashboard(TITLE)
    for variable in variables.standard(*VARIABLES):
        board = board.with_variable(variable)

    board = board.with_row(panels.row("Intake"))
    board = board.with_panel(
        _intake("Spans", t.COLLECTOR_ACCEPTED_SPANS, t.COLLECTOR_REFUSED_SPANS)
    )
    board = board.with_panel(
        _intake("Log records", t.COLLECTOR_ACCEPTED_LOGS, t.COLLECTOR_REFUSED_LOGS)
    )

    board = board.with_row(panels.row("Export and sampling"))
    board = board.with_panel(_export_failures()).with_panel(_queue_fill())
    board = board.with_panel(_keep_ratio()).with_panel(_dropped_too_early())

    board = board.with_row(panels.row("Freshness"))
    return board.with_panel(_freshness(q)).with_panel(_region_traffic(q))


def _per_second(metric: str, labels: tuple[str, ...]) -> str:
    return promql.sum_by(labels, promql.rate(metric, RATE_INTERVAL))


def _intake(what: str, accepted: str, refused: str) -> panels.ts.Panel:
    legend = f"{{{{{obs.JOB}}}}} {{{{{obs.RECEIVER}}}}}"
    return panels.timeseries(
        f"{what} accepted and refused",
        f"{what} per second each receiver took in or refused (memory limiter pressure)."
        + COLLECTOR_NOTE,
        "short",
        [
            panels.prom(
                _per_second(accepted, (obs.JOB, obs.RECEIVER)), legend=f"accepted {legend}"
            ),
            panels.prom(_per_second(refused, (obs.JOB, obs.RECEIVER)), legend=f"refused {legend}"),
        ],
    )


def _export_failures() -> panels.ts.Panel:
    failed = {
        "spans": t.COLLECTOR_EXPORT_FAILED_SPANS,
        "log records": t.COLLECTOR_EXPORT_FAILED_LOGS,
        "metric points": t.COLLECTOR_EXPORT_FAILED_METRICS,
    }
    targets = [
        panels.prom(_per_second(metric, (obs.EXPORTER,)), legend=f"{what} {{{{{obs.EXPORTER}}}}}")
        for what, metric in failed.items()
    ]
    return panels.timeseries(
        "Export failures (dropped data)",
        "Items per second each exporter failed to deliver." + COLLECTOR_NOTE,
        "short",
        targets,
    )


def _queue_fill() -> panels.ts.Panel:
    fill = promql.binary(t.COLLECTOR_QUEUE_SIZE, "/", t.COLLECTOR_QUEUE_CAPACITY)
    per_queue = promql.aggregate("max", (obs.EXPORTER, obs.DATA_TYPE), fill)
    return (
        panels.timeseries(
            "Exporter queue fill",
            "How full each exporter's sending queue is; a full queue drops new data."
            + COLLECTOR_NOTE,
            "percentunit",
            [panels.prom(per_queue, legend=f"{{{{{obs.EXPORTER}}}}} {{{{{obs.DATA_TYPE}}}}}")],
        )
        .min(0)
        .max(1)
    )


def _keep_ratio() -> panels.ts.Panel:
    kept = promql.selector(t.SAMPLING_DECISIONS, [promql.eq(obs.SAMPLED, obs.SAMPLED_YES)])
    ratio = promql.binary(
        f"sum({promql.rate(kept, RATE_INTERVAL)})",
        "/",
        f"sum({promql.rate(t.SAMPLING_DECISIONS, RATE_INTERVAL)})",
    )
    return (
        panels.timeseries(
            "Sampling keep ratio",
            "Share of traces the tail sampler keeps: every error and slow or costly trace, plus "
            "sampling.successRatio of the rest." + COLLECTOR_NOTE,
            "percentunit",
            [panels.prom(ratio, legend="kept")],
        )
        .min(0)
        .max(1)
    )


def _dropped_too_early() -> panels.ts.Panel:
    dropped = _per_second(t.SAMPLING_DROPPED_TOO_EARLY, (obs.JOB,))
    return panels.timeseries(
        "Traces dropped before a sampling decision",
        "Traces evicted from the sampler's buffer before their decision; raise "
        "sampling.expectedTracesPerSecond if this is not zero." + COLLECTOR_NOTE,
        "short",
        [panels.prom(dropped, legend=f"{{{{{obs.JOB}}}}}")],
    )


def _freshness(q: Queries) -> panels.ts.Panel:
    last = q.catalog[obs.REGION_LAST_ACTIVE]
    window = last.window(FRESHNESS_LOOKBACK, q.step, variables.filters(last.labels), q.raw)
    latest = promql.aggregate("max", (obs.REGION,), promql.over_time("max", window))
    return panels.timeseries(
        "Telemetry freshness by region",
        "Seconds since model calls were last counted from each region (to 5-minute precision). "
        "alerting.missingTelemetryAfter of silence pages.",
        "s",
        [panels.prom(f"time() - {promql.parens(latest)}", legend=f"{{{{{obs.REGION}}}}}")],
    )


def _region_traffic(q: Queries) -> panels.ts.Panel:
    per_region = promql.sum_by((obs.REGION,), q.recorded(obs.REGION_REQUESTS))
    return panels.timeseries(
        "Requests per minute by region",
        "Model calls per minute counted from each region.",
        "reqpm",
        [panels.prom(scaled(per_region, PER_MINUTE), legend=f"{{{{{obs.REGION}}}}}")],
    )
