"""Request, error, latency, token, cost, safety, tool and retrieval metrics from spans.

The gateway derives conventions.telemetry.DERIVED_METRICS from every span,
before tail sampling throws most successful traces away, so dashboards and
alerts count all traffic. `signal_to_metrics` does the deriving; it sums
per batch and emits delta temporality, which Prometheus's OTLP receiver
rejects, so `delta_to_cumulative` keeps running totals before export.

Counts are the span's adjusted count (1 unless the service itself sampled
with a probability recorded in the trace state, in which case one kept span
stands for several), and token and cost sums are scaled the same way.

Labels. A label whose attribute is missing on the span becomes `unknown`,
so every span is counted. Before deriving, label values are tidied so that
one tenant cannot multiply the series: values outside an attribute's
`allowed_values` and models missing from the price table become `other`,
and every label value is cut to MAX_LABEL_LENGTH. The spans that are
sampled and stored keep their original values; this happens only on the
copy that feeds the metrics.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..conventions import collector as names
from ..conventions import telemetry as t
from ..model import StackModel
from . import aliases, cost, normalize, ottl, sizing

MAX_LABEL_LENGTH = 100

# Resource attributes the derived series keep: the service they describe,
# and the environment and region Prometheus promotes to labels.
RESOURCE_ATTRIBUTES = ("service.name", "service.namespace", *t.PROMOTED_RESOURCE_ATTRIBUTES)

# The collector's own instance id, added by signal_to_metrics so that two
# gateway replicas never write the same series.
CONNECTOR_INSTANCE_ID = "signal_to_metrics.service.instance.id"
SERVICE_INSTANCE_ID = "service.instance.id"

_SPAN = "span.attributes"
_COUNT = "Int(AdjustedCount())"
_DURATION_BUCKETS_SECONDS = (0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120)


@dataclass(frozen=True)
class Measure:
    """What one derived metric adds up, and which spans of its kind it counts."""

    value: str
    condition: str = ""


def _attribute_sum(attribute: str, integer: bool) -> Measure:
    scaled = f"Double({ottl.key(_SPAN, attribute)}) * AdjustedCount()"
    return Measure(f"Int({scaled})" if integer else scaled, ottl.present(_SPAN, attribute))


_IS_ERROR = f"(span.status.code == STATUS_CODE_ERROR or {ottl.present(_SPAN, t.ERROR_TYPE)})"
_IS_VIOLATION = (
    f"({ottl.equals_any(ottl.key(_SPAN, t.SAFETY_VERDICT), ('flagged', 'blocked'))}"
    f" or {ottl.present(_SPAN, t.SAFETY_CATEGORY)})"
)

MEASURES: dict[t.DerivedMetric, Measure] = {
    t.REQUESTS: Measure(_COUNT),
    t.REQUEST_ERRORS: Measure(_COUNT, _IS_ERROR),
    t.REQUEST_DURATION: Measure("Seconds(span.end_time - span.start_time)"),
    t.INPUT_TOKENS_TOTAL: _attribute_sum(t.INPUT_TOKENS, integer=True),
    t.OUTPUT_TOKENS_TOTAL: _attribute_sum(t.OUTPUT_TOKENS, integer=True),
    t.COST: _attribute_sum(t.COST_USD, integer=False),
    t.SAFETY_VIOLATIONS: Measure(_COUNT, _IS_VIOLATION),
    t.TOOL_CALLS: Measure(_COUNT),
    t.RETRIEVALS: Measure(_COUNT),
}


def connector(model: StackModel) -> dict:
    """The `signal_to_metrics` connector: one entry per derived metric."""
    return {
        "error_mode": "ignore",
        "spans": [_metric(metric, model) for metric in t.DERIVED_METRICS],
    }


def _metric(metric: t.DerivedMetric, model: StackModel) -> dict:
    measure = MEASURES[metric]
    condition = f"span.name == {ottl.string(metric.span_name)}"
    if measure.condition:
        condition = f"{condition} and {measure.condition}"
    entry = {
        "name": metric.otel_name,
        "description": metric.description,
        "unit": metric.unit,
        "conditions": [condition],
        "include_resource_attributes": [{"key": key} for key in RESOURCE_ATTRIBUTES],
        "attributes": [
            {"key": label, "default_value": names.UNKNOWN_LABEL_VALUE} for label in metric.labels
        ],
    }
    if metric.kind == "histogram":
        entry["histogram"] = {
            "buckets": duration_buckets(model),
            "count": _COUNT,
            "value": measure.value,
        }
    else:
        entry["sum"] = {"value": measure.value, "monotonic": True}
    return entry


def duration_buckets(model: StackModel) -> list[float]:
    """Fixed buckets plus every latency target, so quantiles are exact at the thresholds."""
    alerting = model.settings.alerting
    targets = {alerting.latency_target_seconds, model.settings.sampling.latency_threshold_seconds}
    targets.update(alerting.route_latency_targets.values())
    return sorted({float(b) for b in _DURATION_BUCKETS_SECONDS} | {float(x) for x in targets})


def inputs_processor(model: StackModel) -> dict:
    """`transform/metric_inputs`: the derive pipeline's own, lighter normalization.

    Its spans are measured and then dropped, so only what the metrics read
    is made canonical (no alias is deleted, no text attribute touched);
    then the cost is computed and the label values tidied.
    """
    read = attributes_read()
    renames = [r for r in aliases.attribute_renames(model.schema) if r.canonical in read]
    statements = [normalize.move(_SPAN, rename) for rename in renames]
    statements += cost.cost_statements(model.settings.pricing.models)
    for label in _label_attributes():
        statements += _tidy(label, _allowed_values(model, label))
    resource = normalize.resource_group(model.schema, model.environment)
    return {
        "error_mode": normalize.ERROR_MODE,
        "trace_statements": [resource, {"context": "span", "statements": statements}],
    }


def attributes_read() -> set[str]:
    """Every span attribute a derived metric reads: its labels and what it measures."""
    measured = {t.INPUT_TOKENS, t.OUTPUT_TOKENS, t.COST_USD, t.SAFETY_VERDICT, t.SAFETY_CATEGORY}
    return set(_label_attributes()) | measured | {t.ERROR_TYPE}


def _label_attributes() -> list[str]:
    labels = {label for metric in t.DERIVED_METRICS for label in metric.labels}
    return sorted(labels)


def _allowed_values(model: StackModel, label: str) -> list[str]:
    if label == t.MODEL:
        return sorted(model.settings.pricing.models)
    attribute = model.schema.all_attributes().get(label)
    return list(attribute.allowed_values or []) if attribute else []


def _tidy(label: str, allowed: list[str]) -> list[str]:
    value = ottl.key(_SPAN, label)
    statements = []
    if allowed:
        other = f"set({value}, {ottl.string(names.OTHER_LABEL_VALUE)})"
        outside = f"not {ottl.equals_any(value, allowed)}"
        statements.append(ottl.where(other, f"{value} != nil", outside))
    cut = f"set({value}, Substring({value}, 0, {MAX_LABEL_LENGTH}, true))"
    statements.append(ottl.where(cut, f"IsString({value})", f"Len({value}) > {MAX_LABEL_LENGTH}"))
    return statements


def identity_processor() -> dict:
    """`transform/derived_identity`: the collector instance becomes the series' instance."""
    source = ottl.key("resource.attributes", CONNECTOR_INSTANCE_ID)
    target = ottl.key("resource.attributes", SERVICE_INSTANCE_ID)
    return {
        "error_mode": "ignore",
        "metric_statements": [
            {
                "context": "resource",
                "statements": [
                    ottl.where(f"set({target}, {source})", f"{source} != nil"),
                    f"delete_key(resource.attributes, {ottl.string(CONNECTOR_INSTANCE_ID)})",
                ],
            }
        ],
    }


def cumulative_processor() -> dict:
    """`delta_to_cumulative`: running totals, bounded in number (see sizing.py)."""
    return {
        "max_stale": sizing.DERIVED_SERIES_MAX_STALE,
        "max_streams": sizing.MAX_DERIVED_SERIES,
    }
