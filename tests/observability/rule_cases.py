"""promtool unit tests for every alert of a stack, built from the stack's own thresholds.

Each alert gets at least one case where it fires and one where it stays
silent; the latency alert also gets its boundary: above target for two
periods stays silent, for three fires. Inputs use promtool's series notation
with one sample per evaluation interval; expected annotations are the rule's
templates filled with the expected labels, as Prometheus fills them.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from aiscope.conventions import observability as obs
from aiscope.conventions import telemetry as t
from aiscope.model import StackModel
from aiscope.quantities import duration_seconds
from aiscope.rules import alerts as stack_alerts
from aiscope.rules.decorate import alerting_rule
from aiscope.rules.families import pipeline

ROUTE, MODEL, PROVIDER, TENANT = "chat", "gpt-4o-mini", "openai", "acme"
JOB, RECEIVER = "otel-gateway", "otlp"


@dataclass(frozen=True)
class Case:
    """Input series and, at one or more evaluation times, the instances expected to fire."""

    name: str
    alert: str
    series: Mapping[str, str]
    expected: Mapping[int, Sequence[Mapping[str, str]]]  # minute -> labels of each firing
    fires: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fires", any(self.expected.values()))


def selector(metric: str, labels: Mapping[str, str]) -> str:
    inner = ",".join(f'{name}="{value}"' for name, value in labels.items())
    return f"{metric}{{{inner}}}"


def counter(per_step: Sequence[float]) -> str:
    """Values of a counter that grows by `per_step[i]` at sample i (sample 0 is 0)."""
    total, values = 0.0, ["0"]
    for increment in per_step:
        total += increment
        values.append(f"{total:g}")
    return " ".join(values)


def steady(per_step: float, steps: int) -> list[float]:
    return [per_step] * steps


# --- the cases, one builder per alert ---------------------------------------------


def _env(model: StackModel) -> dict[str, str]:
    return {obs.ENV: "prod"}


def latency_cases(model: StackModel) -> list[Case]:
    """Slow calls during k periods, then a flood of fast ones that pulls the P95 back down.

    Before the slow period there is no traffic, so the P95 is undefined (not
    above target); during it every call is slow; after it the fast calls
    outnumber the slow ones enough that the P95 is fast again. So the P95 is
    above target at exactly k evaluations: minutes 11 to 10 + k.
    """
    alerting = model.settings.alerting
    target = alerting.route_latency_targets.get(ROUTE, alerting.latency_target_seconds)
    fast, slow = target / 2, target * 4
    labels = {**_env(model), obs.ROUTE: ROUTE, obs.MODEL: MODEL, obs.PROVIDER: PROVIDER}
    expected = {**_env(model), obs.ROUTE: ROUTE}

    def case(periods: int, expected_at: dict[int, list]) -> Case:
        quiet, slow_steps, flood = [0.0] * 10, [10.0] * periods, [1000.0] * 10
        fast_counts = counter(quiet + [0.0] * periods + flood)
        all_counts = counter(quiet + slow_steps + flood)
        bucket = t.REQUEST_DURATION.series("_bucket")
        series = {
            selector(bucket, {**labels, obs.BUCKET_BOUND: f"{fast:g}"}): fast_counts,
            selector(bucket, {**labels, obs.BUCKET_BOUND: f"{slow:g}"}): all_counts,
            selector(bucket, {**labels, obs.BUCKET_BOUND: "+Inf"}): all_counts,
            selector(t.REQUESTS.prometheus_name, {**labels, obs.TENANT: TENANT}): counter(
                steady(10, 30)
            ),
        }
        name = f"latency above target for {periods} periods"
        return Case(name, obs.ROUTE_LATENCY_HIGH, series, expected_at)

    return [
        case(2, {11: [], 12: [], 13: [], 14: []}),
        case(3, {11: [], 12: [], 13: [expected], 14: []}),
    ]


def error_rate_cases(model: StackModel) -> list[Case]:
    threshold = model.settings.alerting.error_rate_threshold
    labels = {**_env(model), obs.ROUTE: ROUTE, obs.MODEL: MODEL, obs.TENANT: TENANT}
    expected = {**_env(model), obs.ROUTE: ROUTE}

    def case(name: str, error_share: float, expected_at: dict) -> Case:
        series = {
            selector(t.REQUESTS.prometheus_name, labels): counter(steady(100, 15)),
            selector(t.REQUEST_ERRORS.prometheus_name, {**labels, obs.ERROR_TYPE: "timeout"}):
                counter(steady(100 * error_share, 15)),
        }  # fmt: skip
        return Case(name, obs.ROUTE_ERROR_RATE_HIGH, series, expected_at)

    return [
        case("error share twice the threshold", min(1.0, 2 * threshold), {10: [expected]}),
        case("error share half the threshold", threshold / 2, {10: []}),
    ]


def budget_spike_cases(model: StackModel) -> list[Case]:
    labels = {**_env(model), obs.ROUTE: ROUTE, obs.MODEL: MODEL, obs.TENANT: TENANT}
    refused = selector(
        t.REQUEST_ERRORS.prometheus_name, {**labels, obs.ERROR_TYPE: t.BUDGET_EXCEEDED}
    )
    expected = {**_env(model), obs.TENANT: TENANT}
    return [
        Case("refusals jump from zero", obs.BUDGET_EXCEEDED_SPIKE,
             {refused: counter([0.0] * 60 + steady(20, 10))}, {65: [expected]}),
        Case("refusals steady for two hours", obs.BUDGET_EXCEEDED_SPIKE,
             {refused: counter(steady(5, 130))}, {120: [], 130: []}),
    ]  # fmt: skip


def safety_cases(model: StackModel) -> list[Case]:
    category = "jailbreak"
    labels = {**_env(model), obs.ROUTE: ROUTE, obs.TENANT: TENANT, obs.SAFETY_CATEGORY: category}
    violations = selector(t.SAFETY_VIOLATIONS.prometheus_name, labels)
    expected = {**_env(model), obs.ROUTE: ROUTE, obs.SAFETY_CATEGORY: category}
    return [
        Case("violations jump twentyfold", obs.SAFETY_VIOLATIONS_ABOVE_BASELINE,
             {violations: counter(steady(0.5, 120) + steady(10, 10))}, {130: [expected]}),
        Case("violations steady", obs.SAFETY_VIOLATIONS_ABOVE_BASELINE,
             {violations: counter(steady(2, 130))}, {130: []}),
    ]  # fmt: skip


def spend_cases(model: StackModel) -> list[Case]:
    """promtool evaluates from the Unix epoch: January 1970, 31 days."""
    budgets = model.settings.budgets.tenants
    if not budgets:
        return []
    tenant, budget = sorted(budgets.items())[0]
    labels = {**_env(model), obs.ROUTE: ROUTE, obs.MODEL: MODEL, obs.TENANT: tenant}
    cost = selector(t.COST.prometheus_name, labels)
    per_minute_at_budget = budget / (31 * 24 * 60)
    expected = {**_env(model), obs.TENANT: tenant}
    return [
        Case("spending four times the budget's pace", obs.TENANT_SPEND_FORECAST_OVER_BUDGET,
             {cost: counter(steady(4 * per_minute_at_budget, 30))}, {30: [expected]}),
        Case("spending a quarter of the budget's pace", obs.TENANT_SPEND_FORECAST_OVER_BUDGET,
             {cost: counter(steady(per_minute_at_budget / 4, 30))}, {30: []}),
    ]  # fmt: skip


def region_cases(model: StackModel) -> list[Case]:
    regions = sorted(model.settings.alerting.regions)
    if not regions:
        return []
    labels = {**_env(model), obs.ROUTE: ROUTE, obs.MODEL: MODEL, obs.TENANT: TENANT}

    def requests(region: str, per_step: float) -> tuple[str, str]:
        return selector(t.REQUESTS.prometheus_name, {**labels, obs.REGION: region}), counter(
            steady(per_step, 20)
        )

    elsewhere = dict([requests("elsewhere", 10)])
    every = [{obs.REGION: region} for region in regions]
    return [
        Case("counters flat in every region", obs.REGION_TELEMETRY_MISSING,
             dict(requests(region, 0) for region in regions), {10: every}),
        Case("no series from any expected region", obs.REGION_TELEMETRY_MISSING,
             elsewhere, {10: every}),
        Case("traffic from every region", obs.REGION_TELEMETRY_MISSING,
             dict(requests(region, 10) for region in regions), {10: []}),
    ]  # fmt: skip


def _signal_name(metric: t.DerivedMetric) -> str:
    return metric.series("_count") if metric.kind == "histogram" else metric.prometheus_name


def signal_cases(model: StackModel) -> list[Case]:
    unrelated = {selector(t.COLLECTOR_ACCEPTED_SPANS, {obs.JOB: JOB}): counter(steady(10, 20))}
    every = {
        selector(_signal_name(metric), {obs.ENV: "prod"}): counter(steady(10, 20))
        for metric in t.DERIVED_METRICS
    }
    absent = [{obs.SIGNAL: _signal_name(metric)} for metric in t.DERIVED_METRICS]
    return [
        Case("no derived metric at all", obs.SIGNAL_ABSENT, unrelated, {10: absent}),
        Case("every derived metric present", obs.SIGNAL_ABSENT, every, {10: []}),
    ]


def _rising_cases(
    alert: str, metrics: Mapping[str, str], labels: Mapping[str, str], evaluations: int
) -> list[Case]:
    """One firing case per signal's metric, and one with every metric flat."""
    at = evaluations + 4
    cases = [
        Case(f"{signal} rising", alert, {selector(metric, labels): counter(steady(10, 20))},
             {at: [{**labels, obs.SIGNAL: signal}]})
        for signal, metric in metrics.items()
    ]  # fmt: skip
    flat = {selector(metric, labels): counter(steady(0, 20)) for metric in metrics.values()}
    return [*cases, Case("all flat", alert, flat, {at: []})]


def pipeline_cases(model: StackModel) -> list[Case]:
    steps = pipeline.SUSTAINED_EVALUATIONS
    receiver = {obs.JOB: JOB, obs.RECEIVER: RECEIVER}
    exporter = {obs.JOB: JOB, obs.EXPORTER: "otlp_grpc/tempo"}
    queue = {**exporter, obs.DATA_TYPE: "traces"}

    def queue_case(name: str, size: float, expected_at: dict) -> Case:
        series = {
            selector(t.COLLECTOR_QUEUE_SIZE, queue): f"{size:g}x20",
            selector(t.COLLECTOR_QUEUE_CAPACITY, queue): "1000x20",
        }
        return Case(name, obs.EXPORTER_QUEUE_NEARLY_FULL, series, expected_at)

    dropped = selector(t.SAMPLING_DROPPED_TOO_EARLY, {obs.JOB: JOB})
    return [
        *_rising_cases(obs.COLLECTOR_REFUSING_DATA, pipeline.REFUSED, receiver, steps),
        *_rising_cases(obs.COLLECTOR_EXPORT_FAILING, pipeline.EXPORT_FAILED, exporter, steps),
        queue_case("queue at 95%", 950, {10: [queue]}),
        queue_case("queue at 10%", 100, {10: []}),
        Case("traces dropped", obs.TRACES_DROPPED_BEFORE_SAMPLING,
             {dropped: counter(steady(5, 20))}, {10: [{obs.JOB: JOB}]}),
        Case("nothing dropped", obs.TRACES_DROPPED_BEFORE_SAMPLING,
             {dropped: counter(steady(0, 20))}, {10: []}),
    ]  # fmt: skip


BUILDERS: tuple[Callable[[StackModel], list[Case]], ...] = (
    latency_cases, error_rate_cases, budget_spike_cases, safety_cases, spend_cases,
    region_cases, signal_cases, pipeline_cases,
)  # fmt: skip


def cases(model: StackModel) -> list[Case]:
    return [case for build in BUILDERS for case in build(model)]


# --- promtool's test file ------------------------------------------------------------


def expand(template: str, labels: Mapping[str, str]) -> str:
    """Fill `{{ $labels.x }}` and `{{ $labels.x | urlquery }}` as Prometheus does."""

    def value(match: re.Match) -> str:
        text = labels[match.group(1)]
        return urllib.parse.quote_plus(text) if match.group(2) else text

    return re.sub(r"\{\{ \$labels\.(\w+)( \| urlquery)? \}\}", value, template)


def _expected_alert(rule: dict, labels: Mapping[str, str]) -> dict:
    exp_labels = {**labels, **rule["labels"]}
    annotations = {key: expand(text, exp_labels) for key, text in rule["annotations"].items()}
    return {"exp_labels": exp_labels, "exp_annotations": annotations}


def _rules_by_signal(model: StackModel, name: str) -> dict[str | None, dict]:
    """The decorated rule(s) of an alert, keyed by their static signal label (None if none)."""
    rules: dict[str | None, dict] = {}
    for alert in stack_alerts(model):
        if alert.name == name:
            rules[alert.static_labels.get(obs.SIGNAL)] = alerting_rule(alert, model)
    return rules


def promtool_group(case: Case, model: StackModel) -> dict:
    interval = model.settings.alerting.evaluation_interval
    minute = duration_seconds(interval)
    rules = _rules_by_signal(model, case.alert)
    tests = []
    for at, firing in sorted(case.expected.items()):
        expected = [_expected_alert(rules[labels.get(obs.SIGNAL)], labels) for labels in firing]
        eval_time = f"{at * minute}s"
        tests.append({"eval_time": eval_time, "alertname": case.alert, "exp_alerts": expected})
    series = [{"series": name, "values": values} for name, values in case.series.items()]
    return {"name": f"{case.alert}: {case.name}", "interval": interval, "input_series": series,
            "alert_rule_test": tests}  # fmt: skip


def promtool_file(model: StackModel, rule_files: Sequence[Path], chosen: Sequence[Case]) -> str:
    document = {
        "rule_files": [str(path) for path in rule_files],
        "evaluation_interval": model.settings.alerting.evaluation_interval,
        "tests": [promtool_group(case, model) for case in chosen],
    }
    return yaml.safe_dump(document, sort_keys=False, width=1000)
