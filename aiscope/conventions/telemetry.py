"""The metrics the collector derives from spans, and the names Prometheus gives them.

The collector derives these from every span before sampling, so dashboards
and alerts count all traffic. Prometheus receives them over OTLP and
translates names with its default strategy (UnderscoreEscapingWithSuffixes):
dots become underscores, a unit that is not in braces is appended as a word,
and monotonic sums gain `_total`. `prometheus_name` reproduces that, and the
tests check it against a real Prometheus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Canonical attributes that label derived metrics (their schema names).
ROUTE = "ai.route"
MODEL = "gen_ai.request.model"
PROVIDER = "gen_ai.provider.name"
TENANT = "ai.tenant_id"
ERROR_TYPE = "error.type"
TOOL = "gen_ai.tool.name"
TOOL_OUTCOME = "ai.tool.outcome"
RETRIEVAL_SOURCE = "ai.retrieval.source"
SAFETY_CATEGORY = "ai.safety.category"
SAFETY_VERDICT = "ai.safety.verdict"
INPUT_TOKENS = "gen_ai.usage.input_tokens"
OUTPUT_TOKENS = "gen_ai.usage.output_tokens"
COST_USD = "ai.cost.usd"

# Resource attributes Prometheus promotes to labels on every OTLP series.
ENVIRONMENT = "deployment.environment.name"
REGION = "cloud.region"
PROMOTED_RESOURCE_ATTRIBUTES = (ENVIRONMENT, REGION)

# Span names of the schema's span kinds.
SPAN_CALL = "ai.call"
SPAN_TOOL = "ai.tool"
SPAN_RETRIEVE = "ai.retrieve"

# Error code that marks a request refused for budget reasons.
BUDGET_EXCEEDED = "budget_exceeded"

_UNIT_WORDS = {"s": "seconds", "ms": "milliseconds", "By": "bytes", "1": "ratio"}


def prometheus_label(attribute: str) -> str:
    """`gen_ai.request.model` -> `gen_ai_request_model`."""
    return re.sub(r"[^a-zA-Z0-9_]", "_", attribute)


@dataclass(frozen=True)
class DerivedMetric:
    """A metric the collector's span-to-metrics connectors emit."""

    otel_name: str
    kind: Literal["sum", "histogram"]
    unit: str
    description: str
    span_name: str
    labels: tuple[str, ...]

    @property
    def prometheus_name(self) -> str:
        base = prometheus_label(self.otel_name)
        word = _UNIT_WORDS.get(self.unit)
        if word and not base.endswith(word):
            base = f"{base}_{word}"
        return f"{base}_total" if self.kind == "sum" else base

    @property
    def prometheus_labels(self) -> tuple[str, ...]:
        return tuple(prometheus_label(label) for label in self.labels)

    def series(self, suffix: str = "") -> str:
        """Name of one of its series: `_bucket`, `_sum`, `_count` for histograms."""
        return self.prometheus_name + suffix


_REQUEST_LABELS = (ROUTE, MODEL, PROVIDER, TENANT)

REQUESTS = DerivedMetric(
    "aiscope.requests",
    "sum",
    "{request}",
    "Model calls, counted before sampling.",
    SPAN_CALL,
    _REQUEST_LABELS,
)
REQUEST_ERRORS = DerivedMetric(
    "aiscope.request.errors",
    "sum",
    "{request}",
    "Model calls that ended in error, by error code.",
    SPAN_CALL,
    (*_REQUEST_LABELS, ERROR_TYPE),
)
# No tenant label: a histogram multiplies every label combination by its bucket
# count, and tenants are many; per-tenant latency is a trace query, not a panel.
REQUEST_DURATION = DerivedMetric(
    "aiscope.request.duration",
    "histogram",
    "s",
    "Duration of model calls.",
    SPAN_CALL,
    (ROUTE, MODEL, PROVIDER),
)
INPUT_TOKENS_TOTAL = DerivedMetric(
    "aiscope.tokens.input",
    "sum",
    "{token}",
    "Input tokens sent to models.",
    SPAN_CALL,
    (TENANT, MODEL, ROUTE),
)
OUTPUT_TOKENS_TOTAL = DerivedMetric(
    "aiscope.tokens.output",
    "sum",
    "{token}",
    "Output tokens produced by models.",
    SPAN_CALL,
    (TENANT, MODEL, ROUTE),
)
COST = DerivedMetric(
    "aiscope.cost.usd",
    "sum",
    "{USD}",
    "Spend in US dollars from the stack's price table.",
    SPAN_CALL,
    (TENANT, MODEL, ROUTE),
)
SAFETY_VIOLATIONS = DerivedMetric(
    "aiscope.safety.violations",
    "sum",
    "{violation}",
    "Safety filter violations by category.",
    SPAN_CALL,
    (ROUTE, TENANT, SAFETY_CATEGORY),
)
TOOL_CALLS = DerivedMetric(
    "aiscope.tool.calls",
    "sum",
    "{call}",
    "Tool invocations by outcome.",
    SPAN_TOOL,
    (ROUTE, TOOL, TOOL_OUTCOME),
)
RETRIEVALS = DerivedMetric(
    "aiscope.retrievals",
    "sum",
    "{retrieval}",
    "Retrieval steps by source.",
    SPAN_RETRIEVE,
    (ROUTE, RETRIEVAL_SOURCE),
)

DERIVED_METRICS = (
    REQUESTS, REQUEST_ERRORS, REQUEST_DURATION, INPUT_TOKENS_TOTAL, OUTPUT_TOKENS_TOTAL,
    COST, SAFETY_VIOLATIONS, TOOL_CALLS, RETRIEVALS,
)  # fmt: skip

# The collector's own metrics (scraped from :8888), as named by collector 0.160.
COLLECTOR_ACCEPTED_SPANS = "otelcol_receiver_accepted_spans_total"
COLLECTOR_REFUSED_SPANS = "otelcol_receiver_refused_spans_total"
COLLECTOR_ACCEPTED_LOGS = "otelcol_receiver_accepted_log_records_total"
COLLECTOR_REFUSED_LOGS = "otelcol_receiver_refused_log_records_total"
COLLECTOR_EXPORT_FAILED_SPANS = "otelcol_exporter_send_failed_spans_total"
COLLECTOR_EXPORT_FAILED_LOGS = "otelcol_exporter_send_failed_log_records_total"
COLLECTOR_EXPORT_FAILED_METRICS = "otelcol_exporter_send_failed_metric_points_total"
COLLECTOR_QUEUE_SIZE = "otelcol_exporter_queue_size"
COLLECTOR_QUEUE_CAPACITY = "otelcol_exporter_queue_capacity"
SAMPLING_DROPPED_TOO_EARLY = (
    "otelcol_processor_tail_sampling_sampling_trace_dropped_too_early_total"
)
SAMPLING_DECISIONS = "otelcol_processor_tail_sampling_global_count_traces_sampled_total"
