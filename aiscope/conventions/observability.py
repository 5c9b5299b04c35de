"""Names of what watches the stack: recording rules, alerts, dashboards, runbooks.

Recording rules follow Prometheus' `level:metric:operations` style, under an
`aiscope:` prefix: `aiscope:route:requests:rate5m` is the request rate over
five minutes, aggregated to one series per route (and environment).
Dashboards, alert rules, runbooks and the tests import every name from here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum

from . import telemetry as t

# --- Labels ------------------------------------------------------------------

# Labels of the span-derived series, as Prometheus spells them.
ENV = t.prometheus_label(t.ENVIRONMENT)
REGION = t.prometheus_label(t.REGION)
ROUTE = t.prometheus_label(t.ROUTE)
MODEL = t.prometheus_label(t.MODEL)
PROVIDER = t.prometheus_label(t.PROVIDER)
TENANT = t.prometheus_label(t.TENANT)
ERROR_TYPE = t.prometheus_label(t.ERROR_TYPE)
TOOL = t.prometheus_label(t.TOOL)
TOOL_OUTCOME = t.prometheus_label(t.TOOL_OUTCOME)
RETRIEVAL_SOURCE = t.prometheus_label(t.RETRIEVAL_SOURCE)
SAFETY_CATEGORY = t.prometheus_label(t.SAFETY_CATEGORY)
BUCKET_BOUND = "le"

# Labels of the collector's own metrics (collector 0.160, scraped from :8888):
# the scrape job (the workload's object name), the component ids and the
# pipeline's signal. The tail sampler marks each decision with `sampled`.
JOB = "job"
RECEIVER = "receiver"
EXPORTER = "exporter"
DATA_TYPE = "data_type"
SAMPLED = "sampled"
SAMPLED_YES = "true"

# Labels Loki adds to what the agent ships from pod logs: the workload's
# StatefulSet (a default index label) and the level it detects in each line.
STATEFULSET = t.prometheus_label("k8s.statefulset.name")
LOG_LEVEL = "detected_level"
METRIC_NAME = "__name__"  # Prometheus' own label holding a series' metric name

# Label values the dashboards and alerts single out.
TOOL_SUCCESS = "success"
GUARDRAIL_VERDICTS = ("flagged", "blocked")  # ai.safety.verdict values that mean a trigger

# A static label on alerts that come in one rule per signal or metric.
SIGNAL = "signal"

# --- Evaluation scores --------------------------------------------------------

# Evaluation jobs (offline evals, LLM-as-judge) push one gauge per scored
# answer through the collector's OTLP metrics pipeline; spans do not carry
# scores, so this is the one series aiscope reads that the collector does not
# derive. The dashboards show it when such a job reports, and say so when none does.
EVAL_NAME_ATTRIBUTE = "ai.eval.name"
EVAL_NAME = t.prometheus_label(EVAL_NAME_ATTRIBUTE)


@dataclass(frozen=True)
class ReportedGauge:
    """A gauge that other jobs send over OTLP, named as Prometheus translates it."""

    otel_name: str
    unit_word: str  # Prometheus appends the unit as a word: "1" becomes "ratio"
    description: str
    labels: tuple[str, ...]

    @property
    def prometheus_name(self) -> str:
        return f"{t.prometheus_label(self.otel_name)}_{self.unit_word}"

    @property
    def prometheus_labels(self) -> tuple[str, ...]:
        return tuple(t.prometheus_label(label) for label in self.labels)


EVAL_SCORE = ReportedGauge(
    "aiscope.eval.score",
    "ratio",
    "Score between 0 and 1 that an evaluation job gave to a model answer.",
    (t.ROUTE, t.MODEL, EVAL_NAME_ATTRIBUTE),
)

# --- Recording rules -----------------------------------------------------------

RULE_PREFIX = "aiscope"


def metric_stem(prometheus_name: str) -> str:
    """`aiscope_requests_total` -> `requests`: the metric part of a recording name."""
    stem = prometheus_name.removeprefix(f"{RULE_PREFIX}_")
    return stem.removesuffix("_total")


def recording_name(level: str, metric: str, operations: str) -> str:
    return f"{RULE_PREFIX}:{level}:{metric}:{operations}"


_REQUESTS = metric_stem(t.REQUESTS.prometheus_name)
_ERRORS = metric_stem(t.REQUEST_ERRORS.prometheus_name)
_DURATION = metric_stem(t.REQUEST_DURATION.prometheus_name)
_COST = metric_stem(t.COST.prometheus_name)

# Requests, errors and latency.
ROUTE_MODEL_TENANT_REQUESTS = recording_name("route_model_tenant", _REQUESTS, "rate5m")
ROUTE_MODEL_TENANT_ERRORS = recording_name("route_model_tenant_error", _ERRORS, "rate5m")
ROUTE_MODEL_LATENCY_BUCKETS = recording_name("route_model", f"{_DURATION}_bucket", "rate5m")
ROUTE_REQUESTS = recording_name("route", _REQUESTS, "rate5m")
ROUTE_ERRORS = recording_name("route", _ERRORS, "rate5m")
ROUTE_ERROR_RATIO = recording_name("route", _ERRORS, "ratio_rate5m")
ROUTE_P95_LATENCY = recording_name("route", _DURATION, "p95_5m")
ROUTE_LATENCY_TARGET = recording_name("route", "latency_target_seconds", "setting")
TENANT_BUDGET_ERRORS = recording_name("tenant", f"{_ERRORS}_budget_exceeded", "rate5m")
TENANT_BUDGET_ERRORS_BASELINE = recording_name(
    "tenant", f"{_ERRORS}_budget_exceeded", "rate5m_avg1h"
)

# One sample per evaluation and nothing else: counting its samples over a window
# tells how long the rules have been running, so averages treat the time before
# a series first appeared as zero instead of ignoring it.
HEARTBEAT = recording_name("rules", "evaluations", "heartbeat")

# Tokens and spend.
TENANT_MODEL_ROUTE_INPUT_TOKENS = recording_name(
    "tenant_model_route", metric_stem(t.INPUT_TOKENS_TOTAL.prometheus_name), "rate5m"
)
TENANT_MODEL_ROUTE_OUTPUT_TOKENS = recording_name(
    "tenant_model_route", metric_stem(t.OUTPUT_TOKENS_TOTAL.prometheus_name), "rate5m"
)
TENANT_MODEL_ROUTE_COST = recording_name("tenant_model_route", _COST, "rate5m")
TENANT_COST = recording_name("tenant", _COST, "rate5m")
TENANT_COST_MONTH_FORECAST = recording_name("tenant", _COST, "forecast_month")
TENANT_BUDGET = recording_name("tenant", "budget_usd", "setting")

# Safety.
ROUTE_TENANT_CATEGORY_VIOLATIONS = recording_name(
    "route_tenant_category", metric_stem(t.SAFETY_VIOLATIONS.prometheus_name), "rate5m"
)
ROUTE_CATEGORY_VIOLATIONS = recording_name(
    "route_category", metric_stem(t.SAFETY_VIOLATIONS.prometheus_name), "rate5m"
)
ROUTE_CATEGORY_VIOLATIONS_BASELINE = recording_name(
    "route_category", metric_stem(t.SAFETY_VIOLATIONS.prometheus_name), "rate5m_avg1d"
)

# Tools and retrieval.
ROUTE_TOOL_OUTCOME_CALLS = recording_name(
    "route_tool_outcome", metric_stem(t.TOOL_CALLS.prometheus_name), "rate5m"
)
ROUTE_SOURCE_RETRIEVALS = recording_name(
    "route_source", metric_stem(t.RETRIEVALS.prometheus_name), "rate5m"
)

# Telemetry arriving per region.
REGION_REQUESTS = recording_name("region", _REQUESTS, "rate5m")
REGION_LAST_ACTIVE = recording_name("region", _REQUESTS, "last_active_timestamp")

# --- Alerts --------------------------------------------------------------------

ALERT_PREFIX = "AIScope"


class Severity(StrEnum):
    """The closed set of `severity` label values; routing in Alertmanager keys on it."""

    CRITICAL = "critical"  # page the on-call engineer now
    WARNING = "warning"  # look within working hours
    INFO = "info"  # context for other alerts; never pages


def alert_name(words: str) -> str:
    return f"{ALERT_PREFIX}{words}"


ROUTE_LATENCY_HIGH = alert_name("RouteLatencyHigh")
ROUTE_ERROR_RATE_HIGH = alert_name("RouteErrorRateHigh")
BUDGET_EXCEEDED_SPIKE = alert_name("BudgetExceededSpike")
SAFETY_VIOLATIONS_ABOVE_BASELINE = alert_name("SafetyViolationsAboveBaseline")
REGION_TELEMETRY_MISSING = alert_name("RegionTelemetryMissing")
SIGNAL_ABSENT = alert_name("SignalAbsent")
COLLECTOR_REFUSING_DATA = alert_name("CollectorRefusingData")
COLLECTOR_EXPORT_FAILING = alert_name("CollectorExportFailing")
EXPORTER_QUEUE_NEARLY_FULL = alert_name("ExporterQueueNearlyFull")
TRACES_DROPPED_BEFORE_SAMPLING = alert_name("TracesDroppedBeforeSampling")
TENANT_SPEND_FORECAST_OVER_BUDGET = alert_name("TenantSpendForecastOverBudget")

# Annotation keys every alert carries.
SUMMARY = "summary"
DESCRIPTION = "description"
RUNBOOK_URL = "runbook_url"
DASHBOARD_URL = "dashboard_url"

# --- Runbooks ------------------------------------------------------------------

RUNBOOK_DIR = "runbooks"


def runbook_path(alert: str) -> str:
    """`AIScopeRouteLatencyHigh` -> `route-latency-high.md`, relative to the runbooks folder."""
    words = re.findall(r"[A-Z][a-z0-9]*", alert.removeprefix(ALERT_PREFIX))
    return "-".join(word.lower() for word in words) + ".md"


# --- Dashboards ----------------------------------------------------------------

DASHBOARD_DIR = "dashboards"
DASHBOARD_TAG = "aiscope"

AI_OVERVIEW = "ai-overview"
TOKENS_SPEND = "tokens-spend"
SAFETY_QUALITY = "safety-quality"
TOOLS_RETRIEVAL = "tools-retrieval"
PIPELINE_HEALTH = "pipeline-health"
DASHBOARD_KEYS = (AI_OVERVIEW, TOKENS_SPEND, SAFETY_QUALITY, TOOLS_RETRIEVAL, PIPELINE_HEALTH)


def dashboard_uid(key: str) -> str:
    """A UID that never changes while the key does not: links and bookmarks survive."""
    digest = hashlib.sha256(f"{RULE_PREFIX}/{key}".encode()).hexdigest()
    return f"{RULE_PREFIX}-{digest[:12]}"


def dashboard_file(key: str) -> str:
    return f"{key}.json"


# Template variables every dashboard offers, and the label each one filters.
VAR_ENV = "env"
VAR_TENANT = "tenant"
VAR_ROUTE = "route"
VAR_MODEL = "model"
VAR_TRACE_ID = "trace_id"
VARIABLE_LABELS = {VAR_ENV: ENV, VAR_TENANT: TENANT, VAR_ROUTE: ROUTE, VAR_MODEL: MODEL}
