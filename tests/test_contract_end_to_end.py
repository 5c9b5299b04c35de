"""The whole telemetry contract, from instrumentation to dashboard panel, on real processes.

The example chat service (examples/chat_service), instrumented with the
OpenTelemetry SDK, sends several waves of requests to the real gateway
collector running the dev stack's generated config. The gateway derives
its metrics from the spans and pushes them over OTLP into a real
Prometheus 3 started with the dev stack's generated `otlp:` and storage
settings and its generated rule files; the same Prometheus scrapes the
gateway's own metrics. Then every PromQL query of every generated
dashboard, and every recording rule expression, is asked of that
Prometheus and must return data.

So a series name, a label, a resource attribute promotion or a recording
rule that does not match what the panels read fails here, even when each
side passes its own tests (tests/collector/test_prometheus_contract.py for
names, tests/observability/test_queries_prometheus.py on synthetic series).

Grafana itself cannot run here: the dashboards are checked through their
queries, asked of Prometheus's HTTP API as Grafana asks them (range queries
over the last hour, instant queries, `label_values` variables), with the
template variables set to "All" and to one concrete value each.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from collector.models import loopback_endpoints, stack_model
from collector.otlp_sink import OtlpSink
from collector.ports import free_port
from collector.running_collector import RunningCollector
from collector.running_prometheus import RunningPrometheus
from contract_helpers import (
    MODELS,
    ROUTES,
    TENANTS,
    Answer,
    ask_dashboard_query,
    ask_instant,
    prometheus_settings,
    send_wave,
    write_fast_rule_files,
)

from aiscope.artifacts import dashboard_files
from aiscope.collector import gateway_config
from aiscope.conventions import telemetry as t
from aiscope.dashboards.inventory import CHECK_VALUES, Query, dashboard_queries, substitute
from aiscope.model import StackModel
from aiscope.rules import rule_groups
from aiscope.rules.definitions import Recording

STACK = "dev"
WAVES = 3
# Counters need two samples for rate(); each wave reaches Prometheus as one more sample.
SECONDS_BETWEEN_WAVES = 2.0
DATA_TIMEOUT_SECONDS = 60.0

# Panels that healthy traffic cannot fill within a minute, keyed by
# (dashboard file, panel title), with the reason. Their queries must still
# run without error, and they must really come back empty (an exemption
# that is no longer needed is removed).
EXEMPT_PANELS = {
    ("pipeline-health.json", "Export failures (dropped data)"): (
        "the collector creates its send-failure counters at the first failed export; "
        "every backend here accepts everything"
    ),
    ("safety-quality.json", "Evaluation scores"): (
        "scores are a gauge an evaluation job reports over OTLP; no span carries them "
        "and the example service reports none"
    ),
}
# Recording rules that healthy traffic cannot fill within a minute, by record name.
EXEMPT_RULES: dict[str, str] = {}
MAX_EXEMPTIONS = 3


@dataclass(frozen=True)
class Contract:
    model: StackModel = field(repr=False)
    prometheus: RunningPrometheus
    requests_sent: int
    seconds_to_data: float


def _one_value_each(model: StackModel) -> dict[str, str]:
    """A concrete value for each label variable, as a user picks one in Grafana."""
    first_model = next(iter(MODELS))
    values = {"env": model.environment, "tenant": TENANTS[0], "route": ROUTES[0]}
    return {**CHECK_VALUES, **values, "model": first_model}


VARIABLE_SETTINGS = {
    "all": lambda model: CHECK_VALUES,
    "one-value-each": _one_value_each,
}


def _dashboard_promql(model: StackModel) -> list[Query]:
    return [
        query
        for name, text in dashboard_files(model).items()
        for query in dashboard_queries(name, text)
        if query.lang == "promql"
    ]


def _recordings(model: StackModel) -> list[Recording]:
    return [rule for group in rule_groups(model) for rule in group.recordings]


def _panel_key(query: Query) -> tuple[str, str] | None:
    match = re.fullmatch(r"(.+?): panel '(.+)' query \w+", query.where)
    return (match.group(1), match.group(2)) if match else None


def _is_exempt(query: Query) -> bool:
    return _panel_key(query) in EXEMPT_PANELS


def _dashboard_answers(contract: Contract, values: dict[str, str]) -> list[Answer]:
    url = contract.prometheus.url
    return [
        ask_dashboard_query(url, query, substitute(query.text, values))
        for query in _dashboard_promql(contract.model)
    ]


def _rule_answers(url: str, model: StackModel) -> list[Answer]:
    return [ask_instant(url, rec.name, rec.expr) for rec in _recordings(model)]


def _still_empty(url: str, model: StackModel) -> list[str]:
    """Non-exempt rules and panel queries ("All" selected) that have no data yet."""
    rules = [a for a in _rule_answers(url, model) if a.where not in EXEMPT_RULES]
    queries = [q for q in _dashboard_promql(model) if not _is_exempt(q)]
    panels = [ask_dashboard_query(url, q, substitute(q.text, CHECK_VALUES)) for q in queries]
    return [a.where for a in rules + panels if not a.has_data]


def _wait_for_data(url: str, model: StackModel) -> float:
    """Seconds until every rule and panel has data; gives up (without failing) after the timeout.

    The tests then name exactly what stayed empty.
    """
    started = time.monotonic()
    while time.monotonic() - started < DATA_TIMEOUT_SECONDS:
        if not _still_empty(url, model):
            break
        time.sleep(1)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Contract]:
    workdir = tmp_path_factory.mktemp("contract")
    model = stack_model(STACK)
    metrics_port = free_port()
    rules = write_fast_rule_files(model, workdir / "rules")

    settings = prometheus_settings(model, rules, metrics_port)
    with OtlpSink() as sink, RunningPrometheus(settings, workdir) as prometheus:
        endpoints = loopback_endpoints(
            sink,
            workdir,
            prometheus_otlp_metrics=f"{prometheus.url}/api/v1/otlp/v1/metrics",
            metrics_port=metrics_port,
        )
        with RunningCollector(gateway_config(model, endpoints), endpoints, workdir):
            sent = 0
            for wave in range(WAVES):
                if wave:
                    time.sleep(SECONDS_BETWEEN_WAVES)
                otlp_grpc = f"127.0.0.1:{endpoints.otlp_grpc_port}"
                sent += send_wave(otlp_grpc, model.settings.alerting.regions[0])

            waited = _wait_for_data(prometheus.url, model)
            yield Contract(model, prometheus, sent, waited)


def _report(empty: list[Answer], failed: list[Answer]) -> str:
    lines = [f"returned nothing: {a.where}\n    {a.text}" for a in empty]
    lines += [f"failed: {a.where}: {a.error}\n    {a.text}" for a in failed]
    return "\n".join(lines)


@pytest.mark.parametrize("variables", VARIABLE_SETTINGS, ids=str)
def test_every_dashboard_query_returns_data_from_the_example_services_telemetry(
    contract: Contract, variables: str
) -> None:
    values = VARIABLE_SETTINGS[variables](contract.model)
    answers = _dashboard_answers(contract, values)
    queries = _dashboard_promql(contract.model)

    checked = [a for a, q in zip(answers, queries, strict=True) if not _is_exempt(q)]
    empty = [a for a in checked if a.empty]
    failed = [a for a in answers if a.error]
    assert not (empty or failed), _report(empty, failed)


def test_every_recording_rule_returns_data_from_the_example_services_telemetry(
    contract: Contract,
) -> None:
    answers = _rule_answers(contract.prometheus.url, contract.model)

    empty = [a for a in answers if a.empty and a.where not in EXEMPT_RULES]
    failed = [a for a in answers if a.error]
    assert not (empty or failed), _report(empty, failed)


@pytest.mark.parametrize("metric", t.DERIVED_METRICS, ids=lambda m: m.otel_name)
def test_every_derived_series_has_a_sample_per_wave_so_rate_has_data(contract, metric) -> None:
    name = metric.series("_count") if metric.kind == "histogram" else metric.prometheus_name
    least = ask_instant(contract.prometheus.url, name, f"min(count_over_time({name}[10m]))")

    assert least.has_data, name
    samples = contract.prometheus.api("/api/v1/query", query=least.text)["result"][0]["value"][1]
    assert int(samples) >= 2, f"{name}: only {samples} sample(s) in its sparsest series"


def test_a_query_naming_a_series_nobody_sends_returns_nothing(contract: Contract) -> None:
    """The harness tells empty from full: a misspelt series really comes back empty."""
    misspelt = Query("promql", "sum(rate(aiscope_request_total[5m]))", "misspelt")
    answer = ask_dashboard_query(contract.prometheus.url, misspelt, misspelt.text)

    assert (answer.error, answer.has_data) == ("", False)


def test_prometheus_loaded_every_generated_rule_group_and_evaluates_it_without_error(
    contract: Contract,
) -> None:
    groups = contract.prometheus.api("/api/v1/rules")["groups"]

    assert sorted(g["name"] for g in groups) == sorted(g.name for g in rule_groups(contract.model))
    broken = [
        (rule["name"], rule.get("lastError"))
        for group in groups
        for rule in group["rules"]
        if rule.get("health") != "ok"
    ]
    assert broken == []


def test_the_exemptions_are_few_name_real_panels_and_rules_and_their_queries_still_run(
    contract: Contract,
) -> None:
    url = contract.prometheus.url
    queries = _dashboard_promql(contract.model)
    exempt_queries = [q for q in queries if _is_exempt(q)]
    answers = [
        ask_dashboard_query(url, q, substitute(q.text, CHECK_VALUES)) for q in exempt_queries
    ]
    answers += [a for a in _rule_answers(url, contract.model) if a.where in EXEMPT_RULES]

    assert len(EXEMPT_PANELS) + len(EXEMPT_RULES) <= MAX_EXEMPTIONS
    assert set(EXEMPT_PANELS) <= {_panel_key(q) for q in queries}
    assert set(EXEMPT_RULES) <= {rec.name for rec in _recordings(contract.model)}
    assert [a for a in answers if a.error] == [], _report([], answers)
    # An exempted query that has data now no longer needs its exemption.
    assert [a.where for a in answers if a.has_data] == []
