"""Recording rules: every series a dashboard panel or an alert reads more than once.

Each subsystem's recordings start from the collector's series with a five
minute rate, aggregated to the labels its panels filter on (environment,
route, model, tenant, ...), then derive cheaper series from those. Settings
that alerts compare against (latency targets, budgets) are recorded as series
too, so dashboards can draw them and one set of dashboards serves every stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..model import StackModel
from . import promql
from .definitions import Build, Recording
from .promql import Matcher

RATE_WINDOW = "5m"
BUDGET_BASELINE_WINDOW = "1h"
SAFETY_BASELINE_WINDOW = "1d"
SECONDS_PER_DAY = 86400

E, R, M, T = obs.ENV, obs.ROUTE, obs.MODEL, obs.TENANT


def rate_of(metric: str, labels: tuple[str, ...], extra: Sequence[Matcher] = ()) -> Recording:
    """A builder for `sum by (labels) (rate(metric[5m]))`; name it with `named`."""

    def build(matchers: Sequence[Matcher], raw: bool) -> str:
        series = promql.selector(metric, [*extra, *matchers])
        return promql.sum_by(labels, promql.rate(series, RATE_WINDOW))

    return Recording("", labels, build)


def named(name: str, recording: Recording) -> Recording:
    return Recording(name, recording.labels, recording.build)


def sum_of(
    name: str, source: Recording, labels: tuple[str, ...], extra: Sequence[Matcher] = ()
) -> Recording:
    """Re-aggregate a recorded series to fewer labels."""

    def build(matchers: Sequence[Matcher], raw: bool) -> str:
        return promql.sum_by(labels, source.ref([*extra, *matchers], raw))

    return Recording(name, labels, build)


def average(
    name: str, source: Recording, heartbeat: Recording, window: str, step: str
) -> Recording:
    """Mean of `source` over `window`, counting the time before it existed as zero.

    A plain avg_over_time only sees the samples a series has, so a tenant's first
    ever burst would be its own baseline. Dividing the sum by the number of
    rule evaluations in the window (the heartbeat's samples) fixes that, and on
    a Prometheus younger than the window it averages over the time it has run.
    """

    def build(matchers: Sequence[Matcher], raw: bool) -> str:
        total = promql.over_time("sum", source.window(window, step, matchers, raw))
        runs = promql.over_time("count", heartbeat.window(window, step, (), raw))
        return promql.binary(total, "/", runs, promql.on((), group_left=True))

    return Recording(name, source.labels, build)


def setting(name: str, label: str, key: str, value: float) -> Recording:
    """A stack setting as a constant series, labelled with the route or tenant it is for."""

    def build(matchers: Sequence[Matcher], raw: bool) -> str:
        return f"vector({value:g})"

    return Recording(name, (label,), build, expandable=False, static_labels={label: key})


@dataclass(frozen=True)
class Catalog:
    """Every recording of one stack, by subsystem, in evaluation order."""

    subsystems: dict[str, list[Recording]]

    def __getitem__(self, name: str) -> Recording:
        for recordings in self.subsystems.values():
            for recording in recordings:
                if recording.name == name:
                    return recording
        raise KeyError(name)

    def all(self) -> list[Recording]:
        return [rec for recordings in self.subsystems.values() for rec in recordings]


def catalog(model: StackModel) -> Catalog:
    step = model.settings.alerting.evaluation_interval
    heartbeat = Recording(obs.HEARTBEAT, (), lambda matchers, raw: "vector(1)")
    return Catalog(
        {
            "requests": [heartbeat, *_requests(model, heartbeat, step)],
            "spend": _spend(model, heartbeat, step),
            "safety": _safety(heartbeat, step),
            "tools": _tools(),
            "telemetry": _telemetry(),
        }
    )


def _requests(model: StackModel, heartbeat: Recording, step: str) -> list[Recording]:
    requests = named(
        obs.ROUTE_MODEL_TENANT_REQUESTS, rate_of(t.REQUESTS.prometheus_name, (E, R, M, T))
    )
    errors = named(
        obs.ROUTE_MODEL_TENANT_ERRORS,
        rate_of(t.REQUEST_ERRORS.prometheus_name, (E, R, M, T, obs.ERROR_TYPE)),
    )
    buckets = named(
        obs.ROUTE_MODEL_LATENCY_BUCKETS,
        rate_of(t.REQUEST_DURATION.series("_bucket"), (E, R, M, obs.BUCKET_BOUND)),
    )
    route_requests = sum_of(obs.ROUTE_REQUESTS, requests, (E, R))
    route_errors = sum_of(obs.ROUTE_ERRORS, errors, (E, R))
    budget_errors = sum_of(
        obs.TENANT_BUDGET_ERRORS, errors, (E, T), [promql.eq(obs.ERROR_TYPE, t.BUDGET_EXCEEDED)]
    )
    return [
        requests,
        errors,
        buckets,
        route_requests,
        route_errors,
        Recording(obs.ROUTE_ERROR_RATIO, (E, R), _ratio(route_errors, route_requests)),
        Recording(obs.ROUTE_P95_LATENCY, (E, R), _p95(buckets)),
        *_latency_targets(model, route_requests),
        budget_errors,
        average(
            obs.TENANT_BUDGET_ERRORS_BASELINE,
            budget_errors,
            heartbeat,
            BUDGET_BASELINE_WINDOW,
            step,
        ),
    ]


def _ratio(numerator: Recording, denominator: Recording) -> Build:
    def build(matchers: Sequence[Matcher], raw: bool) -> str:
        return promql.binary(numerator.ref(matchers, raw), "/", denominator.ref(matchers, raw))

    return build


def _p95(buckets: Recording) -> Build:
    def build(matchers: Sequence[Matcher], raw: bool) -> str:
        by_route = promql.sum_by((E, R, obs.BUCKET_BOUND), buckets.ref(matchers, raw))
        return promql.quantile(0.95, by_route)

    return build


def _latency_targets(model: StackModel, route_requests: Recording) -> list[Recording]:
    """One series per route with its own target, and the default for every other route."""
    alerting = model.settings.alerting
    targets = alerting.route_latency_targets
    explicit = [
        setting(obs.ROUTE_LATENCY_TARGET, R, route, seconds)
        for route, seconds in sorted(targets.items())
    ]
    others = [promql.not_regex(R, promql.alternatives(targets))] if targets else []

    def default(matchers: Sequence[Matcher], raw: bool) -> str:
        routes = promql.aggregate("count", (R,), route_requests.ref(others))
        return f"0 * {promql.parens(routes)} + {alerting.latency_target_seconds:g}"

    return [*explicit, Recording(obs.ROUTE_LATENCY_TARGET, (R,), default, expandable=False)]


def _spend(model: StackModel, heartbeat: Recording, step: str) -> list[Recording]:
    tokens_in = rate_of(t.INPUT_TOKENS_TOTAL.prometheus_name, (E, T, M, R))
    tokens_out = rate_of(t.OUTPUT_TOKENS_TOTAL.prometheus_name, (E, T, M, R))
    cost = named(obs.TENANT_MODEL_ROUTE_COST, rate_of(t.COST.prometheus_name, (E, T, M, R)))
    tenant_cost = sum_of(obs.TENANT_COST, cost, (E, T))
    budgets = [
        setting(obs.TENANT_BUDGET, T, tenant, usd)
        for tenant, usd in sorted(model.settings.budgets.tenants.items())
    ]
    return [
        named(obs.TENANT_MODEL_ROUTE_INPUT_TOKENS, tokens_in),
        named(obs.TENANT_MODEL_ROUTE_OUTPUT_TOKENS, tokens_out),
        cost,
        tenant_cost,
        Recording(obs.TENANT_COST_MONTH_FORECAST, (E, T), _forecast(tenant_cost, heartbeat, step)),
        *budgets,
    ]


def _forecast(tenant_cost: Recording, heartbeat: Recording, step: str) -> Build:
    """Spend over this calendar month if the last day's average rate holds.

    A true month-to-date sum would need a window that starts on the 1st, which
    PromQL cannot express; the last day's average rate is the usual stand-in.
    """
    daily = average("", tenant_cost, heartbeat, "1d", step)

    def build(matchers: Sequence[Matcher], raw: bool) -> str:
        month_seconds = f"{SECONDS_PER_DAY} * days_in_month()"
        return promql.binary(
            daily.build(matchers, raw), "*", month_seconds, promql.on((), group_left=True)
        )

    return build


def _safety(heartbeat: Recording, step: str) -> list[Recording]:
    category = obs.SAFETY_CATEGORY
    detailed = named(
        obs.ROUTE_TENANT_CATEGORY_VIOLATIONS,
        rate_of(t.SAFETY_VIOLATIONS.prometheus_name, (E, R, T, category)),
    )
    by_route = sum_of(obs.ROUTE_CATEGORY_VIOLATIONS, detailed, (E, R, category))
    baseline = average(
        obs.ROUTE_CATEGORY_VIOLATIONS_BASELINE, by_route, heartbeat, SAFETY_BASELINE_WINDOW, step
    )
    return [detailed, by_route, baseline]


def _tools() -> list[Recording]:
    calls = rate_of(t.TOOL_CALLS.prometheus_name, (E, R, obs.TOOL, obs.TOOL_OUTCOME))
    retrievals = rate_of(t.RETRIEVALS.prometheus_name, (E, R, obs.RETRIEVAL_SOURCE))
    return [
        named(obs.ROUTE_TOOL_OUTCOME_CALLS, calls),
        named(obs.ROUTE_SOURCE_RETRIEVALS, retrievals),
    ]


def _telemetry() -> list[Recording]:
    region = named(obs.REGION_REQUESTS, rate_of(t.REQUESTS.prometheus_name, (E, obs.REGION)))

    def last_active(matchers: Sequence[Matcher], raw: bool) -> str:
        # timestamp() of a comparison is the evaluation time: when traffic was last seen.
        return f"timestamp({region.ref(matchers, raw)} > 0)"

    return [region, Recording(obs.REGION_LAST_ACTIVE, (E, obs.REGION), last_active)]
