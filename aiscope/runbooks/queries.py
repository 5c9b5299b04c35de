"""Ready-to-paste queries for each alert, written for the labels the alert carries.

A placeholder `<label>` stands for the value of that label on the firing
alert (copy it from the notification): `<ai_route>` becomes `chat`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..conventions import kubernetes as k8s
from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..dashboards import logql, traceql
from ..dashboards.inventory import LOGQL, PROMQL, TRACEQL
from ..rules import promql
from ..rules.promql import Matcher

RATE = "5m"


@dataclass(frozen=True)
class RunbookQuery:
    title: str
    lang: str
    text: str


def placeholder(label: str) -> str:
    return f"<{label}>"


def same(*labels: str) -> list[Matcher]:
    """Matchers that pin each label to the alert's value."""
    return [promql.eq(label, placeholder(label)) for label in labels]


def _spans(*conditions: str, select: Sequence[str] = ()) -> str:
    return traceql.spans(list(conditions), select=select)


def _is(attribute: str, label: str, scope: Callable[[str], str] = traceql.span) -> str:
    return traceql.condition(scope(attribute), "=", placeholder(label))


_ENV_IS = _is(t.ENVIRONMENT, obs.ENV, traceql.resource)
_CALLS = traceql.condition(traceql.NAME, "=", t.SPAN_CALL)


def _app_logs(*labels: str, extra: Sequence[Matcher] = ()) -> str:
    return logql.logs([*same(*labels), *extra])


def _gateway_logs() -> str:
    """The gateway's own log lines, which the agent ships like any pod's."""
    stream = [promql.eq(obs.STATEFULSET, k8s.GATEWAY)]
    return logql.logs([promql.regex(obs.LOG_LEVEL, "error|warn")], stream=stream)


def latency(slowest_target: float) -> list[RunbookQuery]:
    route = same(obs.ENV, obs.ROUTE)
    buckets = promql.selector(obs.ROUTE_MODEL_LATENCY_BUCKETS, route)
    raw = promql.selector(t.REQUEST_DURATION.series("_bucket"), route)
    per_provider = promql.sum_by((obs.PROVIDER, obs.BUCKET_BOUND), promql.rate(raw, RATE))
    return [
        RunbookQuery(
            "P95 per model on the route",
            PROMQL,
            promql.quantile(0.95, promql.sum_by((obs.MODEL, obs.BUCKET_BOUND), buckets)),
        ),
        RunbookQuery("P95 per provider on the route", PROMQL, promql.quantile(0.95, per_provider)),
        RunbookQuery(
            "The route's target", PROMQL, promql.selector(obs.ROUTE_LATENCY_TARGET, same(obs.ROUTE))
        ),
        RunbookQuery(
            "Slow calls on the route (sampled traces)",
            TRACEQL,
            _spans(
                _CALLS,
                _ENV_IS,
                _is(t.ROUTE, obs.ROUTE),
                f"duration > {slowest_target:g}s",
                select=[traceql.span(t.MODEL)],
            ),
        ),
        RunbookQuery(
            "Error logs on the route",
            LOGQL,
            _app_logs(obs.ENV, obs.ROUTE, extra=[promql.Matcher(obs.ERROR_TYPE, "!=", "")]),
        ),
    ]


def error_rate() -> list[RunbookQuery]:
    route = same(obs.ENV, obs.ROUTE)
    errors = promql.selector(obs.ROUTE_MODEL_TENANT_ERRORS, route)
    raw = promql.selector(t.REQUEST_ERRORS.prometheus_name, route)
    return [
        RunbookQuery(
            "Errors per second by model and error code",
            PROMQL,
            promql.sum_by((obs.MODEL, obs.ERROR_TYPE), errors),
        ),
        RunbookQuery(
            "Errors per second by provider",
            PROMQL,
            promql.sum_by((obs.PROVIDER, obs.ERROR_TYPE), promql.rate(raw, RATE)),
        ),
        RunbookQuery(
            "Tenants hit hardest", PROMQL, promql.topk(10, promql.sum_by((obs.TENANT,), errors))
        ),
        RunbookQuery(
            "Failed calls on the route (traces)",
            TRACEQL,
            _spans(
                _CALLS,
                _ENV_IS,
                _is(t.ROUTE, obs.ROUTE),
                traceql.condition(traceql.STATUS, "=", traceql.ERROR),
                select=[traceql.span(t.MODEL), traceql.span(t.ERROR_TYPE)],
            ),
        ),
        RunbookQuery(
            "Error logs on the route",
            LOGQL,
            _app_logs(obs.ENV, obs.ROUTE, extra=[promql.Matcher(obs.ERROR_TYPE, "!=", "")]),
        ),
    ]


def budget_spike() -> list[RunbookQuery]:
    tenant = same(obs.ENV, obs.TENANT)
    refused = [*tenant, promql.eq(obs.ERROR_TYPE, t.BUDGET_EXCEEDED)]
    errors = promql.selector(obs.ROUTE_MODEL_TENANT_ERRORS, refused)
    return [
        RunbookQuery(
            "Budget refusals per route and model",
            PROMQL,
            promql.sum_by((obs.ROUTE, obs.MODEL), errors),
        ),
        RunbookQuery(
            "The tenant's month-end forecast",
            PROMQL,
            promql.selector(obs.TENANT_COST_MONTH_FORECAST, tenant),
        ),
        RunbookQuery(
            "The tenant's budget", PROMQL, promql.selector(obs.TENANT_BUDGET, same(obs.TENANT))
        ),
        RunbookQuery(
            "Refused calls (traces)",
            TRACEQL,
            _spans(
                _CALLS,
                _ENV_IS,
                _is(t.TENANT, obs.TENANT),
                traceql.condition(traceql.span(t.ERROR_TYPE), "=", t.BUDGET_EXCEEDED),
            ),
        ),
        RunbookQuery(
            "Refusal logs",
            LOGQL,
            _app_logs(obs.ENV, obs.TENANT, extra=[promql.eq(obs.ERROR_TYPE, t.BUDGET_EXCEEDED)]),
        ),
    ]


def safety() -> list[RunbookQuery]:
    labels = same(obs.ENV, obs.ROUTE, obs.SAFETY_CATEGORY)
    detailed = promql.selector(obs.ROUTE_TENANT_CATEGORY_VIOLATIONS, labels)
    return [
        RunbookQuery(
            "Violations per second by tenant",
            PROMQL,
            promql.topk(10, promql.sum_by((obs.TENANT,), detailed)),
        ),
        RunbookQuery(
            "Now against the daily baseline",
            PROMQL,
            promql.binary(
                promql.selector(obs.ROUTE_CATEGORY_VIOLATIONS, labels),
                "/",
                promql.selector(obs.ROUTE_CATEGORY_VIOLATIONS_BASELINE, labels),
            ),
        ),
        RunbookQuery(
            "Flagged and blocked calls (traces)",
            TRACEQL,
            _spans(
                _CALLS,
                _ENV_IS,
                _is(t.ROUTE, obs.ROUTE),
                _is(t.SAFETY_CATEGORY, obs.SAFETY_CATEGORY),
                select=[traceql.span(t.SAFETY_VERDICT), traceql.span(t.TENANT)],
            ),
        ),
        RunbookQuery("Logs of the route", LOGQL, _app_logs(obs.ENV, obs.ROUTE)),
    ]


def spend(costly_usd: float) -> list[RunbookQuery]:
    tenant = same(obs.ENV, obs.TENANT)
    cost = promql.selector(obs.TENANT_MODEL_ROUTE_COST, tenant)
    return [
        RunbookQuery(
            "Spend per day by model and route",
            PROMQL,
            f"{promql.parens(promql.sum_by((obs.MODEL, obs.ROUTE), cost))} * 86400",
        ),
        RunbookQuery(
            "Forecast against budget",
            PROMQL,
            promql.binary(
                promql.selector(obs.TENANT_COST_MONTH_FORECAST, tenant),
                "/",
                promql.selector(obs.TENANT_BUDGET, same(obs.TENANT)),
                promql.on((obs.TENANT,), group_left=True),
            ),
        ),
        RunbookQuery(
            "The tenant's costliest calls (traces)",
            TRACEQL,
            _spans(
                _CALLS,
                _ENV_IS,
                _is(t.TENANT, obs.TENANT),
                f"{traceql.span(t.COST_USD)} > {costly_usd:g}",
                select=[
                    traceql.span(t.MODEL),
                    traceql.span(t.INPUT_TOKENS),
                    traceql.span(t.OUTPUT_TOKENS),
                ],
            ),
        ),
        RunbookQuery("The tenant's logs", LOGQL, _app_logs(obs.ENV, obs.TENANT)),
    ]


def region_missing() -> list[RunbookQuery]:
    region = same(obs.REGION)
    requests = promql.selector(t.REQUESTS.prometheus_name, region)
    return [
        RunbookQuery(
            "Requests per second from the region, by service",
            PROMQL,
            promql.sum_by((obs.JOB,), promql.rate(requests, RATE)),
        ),
        RunbookQuery(
            "When the region was last active",
            PROMQL,
            promql.selector(obs.REGION_LAST_ACTIVE, region),
        ),
        RunbookQuery(
            "Spans from the region (traces)",
            TRACEQL,
            _spans(_is(t.REGION, obs.REGION, traceql.resource)),
        ),
        RunbookQuery("Logs from the region", LOGQL, logql.logs([], stream=region)),
    ]


def signal_absent() -> list[RunbookQuery]:
    ours = promql.selector("", [promql.regex(obs.METRIC_NAME, f"{obs.RULE_PREFIX}_.+")])
    failed = promql.rate(t.COLLECTOR_EXPORT_FAILED_METRICS, RATE)
    return [
        RunbookQuery(
            "Which aiscope series still arrive",
            PROMQL,
            promql.aggregate("count", (obs.METRIC_NAME,), ours),
        ),
        RunbookQuery(
            "Metric points the collector failed to export",
            PROMQL,
            promql.sum_by((obs.JOB, obs.EXPORTER), failed),
        ),
        RunbookQuery(
            "Spans of each kind still stored (traces)",
            TRACEQL,
            _spans(
                traceql.condition(
                    traceql.NAME,
                    "=~",
                    promql.alternatives([t.SPAN_CALL, t.SPAN_TOOL, t.SPAN_RETRIEVE]),
                )
            ),
        ),
        RunbookQuery("Gateway errors", LOGQL, _gateway_logs()),
    ]


def pipeline(metrics: Sequence[str], by: Sequence[str]) -> list[RunbookQuery]:
    """Per metric, the rate on the alert's collector workload, split by component."""
    per_metric = [
        RunbookQuery(
            f"{metric} per second",
            PROMQL,
            promql.sum_by(by, promql.rate(promql.selector(metric, same(obs.JOB)), RATE)),
        )
        for metric in metrics
    ]
    return [
        *per_metric,
        RunbookQuery(
            "Queue fill of every exporter",
            PROMQL,
            promql.aggregate(
                "max",
                (obs.JOB, obs.EXPORTER, obs.DATA_TYPE),
                promql.binary(t.COLLECTOR_QUEUE_SIZE, "/", t.COLLECTOR_QUEUE_CAPACITY),
            ),
        ),
        RunbookQuery("Traces still reaching Tempo", TRACEQL, _spans(_CALLS)),
        RunbookQuery("Gateway errors and warnings", LOGQL, _gateway_logs()),
    ]
