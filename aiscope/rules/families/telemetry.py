"""Telemetry that stopped arriving: a whole region, or one declared signal."""

from __future__ import annotations

from ...conventions import observability as obs
from ...conventions import telemetry as t
from ...model import StackModel
from .. import promql
from ..definitions import Alert, label_value
from ..recordings import Catalog

FAMILY = "telemetry"
SUBSYSTEM = "telemetry"  # the rule file and group its alerts join


def alerts(model: StackModel, catalog: Catalog) -> list[Alert]:
    return [*_regions(model), *_signals(model)]


def _regions(model: StackModel) -> list[Alert]:
    """No model call counted from a region the stack expects traffic from.

    The collector keeps sending a route's running totals for a while after its
    spans stop, so silence shows as a flat counter first and as missing series
    later; the rule catches both. The window is the whole wait, so no `for`.
    """
    alerting = model.settings.alerting
    if not alerting.regions:
        return []
    window = alerting.missing_telemetry_after
    silent = [_silent(region, window) for region in sorted(alerting.regions)]
    return [
        Alert(
            name=obs.REGION_TELEMETRY_MISSING,
            expr=promql.any_of([expr for pair in silent for expr in pair]),
            evaluations=1,
            severity=obs.Severity.CRITICAL,
            summary="No model calls have been counted from a region.",
            description=(
                f"No ai.call span from region {label_value(obs.REGION)} has reached the "
                f"collector for {window} (alerting.regions expects traffic from it)."
            ),
            family=FAMILY,
            dashboard=obs.PIPELINE_HEALTH,
            labels_out=(obs.REGION,),
        )
    ]


def _silent(region: str, window: str) -> tuple[str, str]:
    series = promql.selector(t.REQUESTS.prometheus_name, [promql.eq(obs.REGION, region)])
    flat = promql.binary(promql.sum_by((obs.REGION,), promql.increase(series, window)), "==", "0")
    gone = f"absent_over_time({promql.range_of(series, window)})"
    return flat, gone


def _signals(model: StackModel) -> list[Alert]:
    """Each derived metric missing altogether: a span kind is no longer reported."""
    window = model.settings.alerting.missing_telemetry_after
    return [_signal_absent(metric, window) for metric in t.DERIVED_METRICS]


def _signal_absent(metric: t.DerivedMetric, window: str) -> Alert:
    name = metric.series("_count") if metric.kind == "histogram" else metric.prometheus_name
    return Alert(
        name=obs.SIGNAL_ABSENT,
        expr=f"absent_over_time({promql.range_of(name, window)})",
        evaluations=1,
        severity=obs.Severity.WARNING,
        summary="A metric derived from the telemetry schema has no series at all.",
        description=(
            f"Prometheus has received no {name} series for {window}: "
            f"no {metric.span_name} span was counted, or the collector stopped exporting."
        ),
        family=FAMILY,
        dashboard=obs.PIPELINE_HEALTH,
        labels_out=(),
        static_labels={obs.SIGNAL: name},
    )
