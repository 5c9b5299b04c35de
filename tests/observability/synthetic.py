"""A synthetic but plausible stretch of telemetry, with every incident the alerts look for.

Series are named and labelled from the conventions only: the derived
metrics with their own labels plus the promoted environment and region, the
collector's self-metrics, the evaluation score gauge. Traffic is steady
until the last INCIDENT seconds, when route `slow_route` gets slow, route
`failing_route` fails, the first tenant spends too much (and, in the last
SPIKE seconds, hits its budget), safety violations jump, and the collector
refuses, fails and drops data. After `end` every series stops, which is what
the missing-telemetry alerts look for.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from aiscope.conventions import observability as obs
from aiscope.conventions import telemetry as t

from .openmetrics import Labels, OpenMetricsWriter

MINUTE = 60
INCIDENT = 30 * MINUTE
# Budget refusals start later: a spike is judged against the last hour, which a
# half-hour-old spike already dominates.
SPIKE = 10 * MINUTE
BOUNDS = (0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120)


@dataclass(frozen=True)
class Shape:
    """Which label values exist, and which combinations of them carry traffic."""

    env: str = "prod"
    regions: tuple[str, ...] = ("eu-west-1", "us-east-1")
    routes: tuple[str, ...] = ("chat", "rag", "summarize")
    models: dict[str, str] = field(
        default_factory=lambda: {"gpt-4o-mini": "openai", "claude-sonnet-4": "anthropic"}
    )
    tenants: tuple[str, ...] = ("acme", "globex", "initech")
    error_types: tuple[str, ...] = ("timeout", "rate_limited", t.BUDGET_EXCEEDED)
    tools: tuple[str, ...] = ("search", "calculator")
    outcomes: tuple[str, ...] = (obs.TOOL_SUCCESS, "error", "timeout")
    sources: tuple[str, ...] = ("kb-articles", "product-docs")
    categories: tuple[str, ...] = ("jailbreak", "pii_leak")
    eval_names: tuple[str, ...] = ("faithfulness", "helpfulness")
    # How many routes and models each tenant uses; None means all of them.
    routes_per_tenant: int | None = None
    models_per_route: int | None = None
    regions_per_tenant: int | None = None

    @property
    def slow_route(self) -> str:
        return self.routes[0]

    @property
    def failing_route(self) -> str:
        return self.routes[1 % len(self.routes)]

    @property
    def spending_tenant(self) -> str:
        return self.tenants[0]

    @property
    def unsafe_category(self) -> str:
        return self.categories[0]

    def _pick(self, values: tuple[str, ...], key: str, count: int | None) -> tuple[str, ...]:
        if count is None or count >= len(values):
            return values
        start = zlib.crc32(key.encode()) % len(values)
        return tuple(values[(start + i) % len(values)] for i in range(count))

    def regions_of(self, tenant: str) -> tuple[str, ...]:
        return self._pick(self.regions, tenant, self.regions_per_tenant)

    def routes_of(self, tenant: str) -> tuple[str, ...]:
        return self._pick(self.routes, tenant, self.routes_per_tenant)

    def models_of(self, route: str) -> tuple[str, ...]:
        return self._pick(tuple(self.models), route, self.models_per_route)

    def calls(self) -> Iterator[tuple[str, str, str, str]]:
        """(region, tenant, route, model) of every stream of model calls."""
        for tenant in self.tenants:
            for region, route in itertools.product(self.regions_of(tenant), self.routes_of(tenant)):
                for model in self.models_of(route):
                    yield region, tenant, route, model


@dataclass(frozen=True)
class Scenario:
    shape: Shape
    start: int
    end: int
    step: int = MINUTE

    @property
    def times(self) -> range:
        return range(self.start, self.end + 1, self.step)

    def incident(self, time: int) -> bool:
        return time > self.end - INCIDENT

    def spike(self, time: int) -> bool:
        return time > self.end - SPIKE

    def per_step(self, per_minute: float) -> float:
        return per_minute * self.step / MINUTE


def openmetrics(scenario: Scenario) -> str:
    writer = OpenMetricsWriter(scenario.times)
    for write in (_calls, _latency, _safety, _tools, _retrievals, _eval_scores, _collector):
        write(writer, scenario)
    return writer.text()


def _series_labels(scenario: Scenario, region: str, service: str, **labels: str) -> Labels:
    """Labels Prometheus's OTLP receiver gives every series: job, instance, promoted resource."""
    base = {obs.JOB: service, "instance": f"{service}-0", obs.ENV: scenario.shape.env}
    return {**base, obs.REGION: region, **labels}


def _steady(scenario: Scenario, per_minute: float, incident_per_minute: float | None = None):
    def increment(time: int) -> float:
        rate = (
            incident_per_minute
            if incident_per_minute is not None and scenario.incident(time)
            else per_minute
        )
        return scenario.per_step(rate)

    return increment


def _calls(writer: OpenMetricsWriter, scenario: Scenario) -> None:
    shape = scenario.shape
    for region, tenant, route, model in shape.calls():
        call = {obs.ROUTE: route, obs.MODEL: model, obs.TENANT: tenant}
        labels = _series_labels(
            scenario, region, "chat-api", **call, **{obs.PROVIDER: shape.models[model]}
        )
        writer.counter(t.REQUESTS.prometheus_name, labels, _steady(scenario, 10))
        for error in shape.error_types:
            writer.counter(
                t.REQUEST_ERRORS.prometheus_name,
                {**labels, obs.ERROR_TYPE: error},
                _errors(scenario, error, route, tenant),
            )
        spending = tenant == shape.spending_tenant
        usage = _series_labels(scenario, region, "chat-api", **call)
        writer.counter(t.INPUT_TOKENS_TOTAL.prometheus_name, usage, _steady(scenario, 5000))
        writer.counter(t.OUTPUT_TOKENS_TOTAL.prometheus_name, usage, _steady(scenario, 2000))
        writer.counter(
            t.COST.prometheus_name, usage, _steady(scenario, 0.5 if spending else 0.0005)
        )


def _errors(scenario: Scenario, error: str, route: str, tenant: str) -> Callable[[int], float]:
    shape = scenario.shape
    if error == t.BUDGET_EXCEEDED:
        spiking = tenant == shape.spending_tenant
        return lambda time: scenario.per_step(20 if spiking and scenario.spike(time) else 0)
    return _steady(scenario, 0.1, 3 if route == shape.failing_route else 0.1)


def _latency(writer: OpenMetricsWriter, scenario: Scenario) -> None:
    """Per route and model: mostly sub-second calls; the slow route takes 8 to 15 s."""
    fast = (0, 10, 10, 8, 2, 0, 0, 0, 0, 0, 0, 0)
    slow = (0, 0, 0, 1, 1, 1, 2, 25, 0, 0, 0, 0)
    shape = scenario.shape
    routes = {(region, route, model) for region, _, route, model in shape.calls()}
    for region, route, model in sorted(routes):
        labels = _series_labels(
            scenario, region, "chat-api",
            **{obs.ROUTE: route, obs.MODEL: model, obs.PROVIDER: shape.models[model]},
        )  # fmt: skip

        def observe(time: int, route: str = route) -> tuple[float, ...]:
            counts = slow if route == shape.slow_route and scenario.incident(time) else fast
            return tuple(scenario.per_step(count) for count in counts)

        writer.histogram(t.REQUEST_DURATION.prometheus_name, labels, BOUNDS, observe)


def _safety(writer: OpenMetricsWriter, scenario: Scenario) -> None:
    shape = scenario.shape
    pairs = {(region, tenant, route) for region, tenant, route, _ in shape.calls()}
    for (region, tenant, route), category in itertools.product(sorted(pairs), shape.categories):
        labels = _series_labels(
            scenario, region, "chat-api",
            **{obs.ROUTE: route, obs.TENANT: tenant, obs.SAFETY_CATEGORY: category},
        )  # fmt: skip
        unsafe = route == shape.slow_route and category == shape.unsafe_category
        writer.counter(
            t.SAFETY_VIOLATIONS.prometheus_name,
            labels,
            _steady(scenario, 0.1, 5 if unsafe else 0.1),
        )


def _tools(writer: OpenMetricsWriter, scenario: Scenario) -> None:
    shape = scenario.shape
    per_minute = {obs.TOOL_SUCCESS: 5, "error": 0.5, "timeout": 0.2}
    combos = itertools.product(shape.regions, shape.routes, shape.tools, shape.outcomes)
    for region, route, tool, outcome in combos:
        labels = _series_labels(
            scenario, region, "chat-api",
            **{obs.ROUTE: route, obs.TOOL: tool, obs.TOOL_OUTCOME: outcome},
        )  # fmt: skip
        writer.counter(
            t.TOOL_CALLS.prometheus_name, labels, _steady(scenario, per_minute.get(outcome, 0.5))
        )


def _retrievals(writer: OpenMetricsWriter, scenario: Scenario) -> None:
    shape = scenario.shape
    for region, route, source in itertools.product(shape.regions, shape.routes, shape.sources):
        labels = _series_labels(
            scenario, region, "rag-api", **{obs.ROUTE: route, obs.RETRIEVAL_SOURCE: source}
        )
        writer.counter(t.RETRIEVALS.prometheus_name, labels, _steady(scenario, 8))


def _eval_scores(writer: OpenMetricsWriter, scenario: Scenario) -> None:
    shape = scenario.shape
    pairs = [(route, model) for route in shape.routes for model in shape.models_of(route)]
    for (route, model), name in itertools.product(pairs, shape.eval_names):
        labels = _series_labels(
            scenario, shape.regions[0], "eval-job",
            **{obs.ROUTE: route, obs.MODEL: model, obs.EVAL_NAME: name},
        )  # fmt: skip
        writer.gauge(obs.EVAL_SCORE.prometheus_name, labels, lambda time: 0.8)


def _collector(writer: OpenMetricsWriter, scenario: Scenario) -> None:
    """The gateway's own metrics, as Prometheus scrapes them (job = workload name)."""
    base = {obs.JOB: "otel-gateway", "instance": "10.0.0.7:8888"}
    receiver = {**base, obs.RECEIVER: "otlp", "transport": "grpc"}
    writer.counter(t.COLLECTOR_ACCEPTED_SPANS, receiver, _steady(scenario, 6000))
    writer.counter(t.COLLECTOR_REFUSED_SPANS, receiver, _steady(scenario, 0, 50))
    writer.counter(t.COLLECTOR_ACCEPTED_LOGS, receiver, _steady(scenario, 3000))
    writer.counter(t.COLLECTOR_REFUSED_LOGS, receiver, _steady(scenario, 0, 20))
    for data_type, exporter, failed in (
        ("traces", "otlp_grpc/tempo", t.COLLECTOR_EXPORT_FAILED_SPANS),
        ("logs", "otlp_http/loki", t.COLLECTOR_EXPORT_FAILED_LOGS),
        ("metrics", "otlp_http/prometheus", t.COLLECTOR_EXPORT_FAILED_METRICS),
    ):
        queue = {**base, obs.EXPORTER: exporter, obs.DATA_TYPE: data_type}
        writer.counter(failed, {**base, obs.EXPORTER: exporter}, _steady(scenario, 0, 10))
        writer.gauge(
            t.COLLECTOR_QUEUE_SIZE, queue, lambda time: 950 if scenario.incident(time) else 20
        )
        writer.gauge(t.COLLECTOR_QUEUE_CAPACITY, queue, lambda time: 1000)
    writer.counter(t.SAMPLING_DROPPED_TOO_EARLY, base, _steady(scenario, 0, 5))
    for sampled, per_minute in ((obs.SAMPLED_YES, 60), ("false", 940)):
        labels = {**base, obs.SAMPLED: sampled}
        writer.counter(t.SAMPLING_DECISIONS, labels, _steady(scenario, per_minute))
