"""The series names dashboards and rules query are the names Prometheus really stores.

conventions.telemetry spells each derived metric's Prometheus name and
labels, reproducing Prometheus's OTLP name translation. Here the real
gateway sends example-service traffic to a real Prometheus 3, started with
the OTLP receiver and the `otlp:` and storage settings of the generated
Prometheus config, and every name and label is looked up. The same
Prometheus scrapes the gateway's own metrics, to check the collector
self-metric names in the conventions as well.
"""

from __future__ import annotations

import pytest

from aiscope.backends.prometheus import prometheus_config
from aiscope.collector import gateway_config
from aiscope.conventions import telemetry as t
from examples.chat_service import ChatRequest, send_requests

from .models import loopback_endpoints, stack_model
from .otlp_sink import OtlpSink
from .running_collector import RunningCollector
from .running_prometheus import RunningPrometheus

# Self-metrics a healthy gateway exposes from the start. The export-failure
# counters (COLLECTOR_EXPORT_FAILED_*) only appear after a failed export,
# so this test, where nothing fails, cannot see them.
SELF_METRICS = (
    t.COLLECTOR_ACCEPTED_SPANS,
    t.COLLECTOR_REFUSED_SPANS,
    t.COLLECTOR_ACCEPTED_LOGS,
    t.COLLECTOR_REFUSED_LOGS,
    t.COLLECTOR_QUEUE_SIZE,
    t.COLLECTOR_QUEUE_CAPACITY,
    t.SAMPLING_DROPPED_TOO_EARLY,
    t.SAMPLING_DECISIONS,
)


def _traffic() -> list[ChatRequest]:
    # Every derived metric needs at least one span: errors, safety findings,
    # tools and retrievals, for two tenants and two models.
    return [
        ChatRequest(
            tenant=tenant, model=model, outcome=outcome, tool="lookup_order", retrieval=True
        )
        for tenant in ("acme", "globex")
        for model in ("gpt-4o-mini", "claude-sonnet-4")
        for outcome in ("success", "error", "safety", "budget")
    ]


def _prometheus_settings(model, gateway_metrics_port: int) -> dict:
    """The stack's own `otlp:` and storage settings; one scrape job for the gateway."""
    generated = prometheus_config(model)
    return {
        "global": {"scrape_interval": "1s"},
        "otlp": generated["otlp"],
        "storage": generated["storage"],
        "scrape_configs": [
            {
                "job_name": "otel-gateway",
                "static_configs": [{"targets": [f"127.0.0.1:{gateway_metrics_port}"]}],
            }
        ],
    }


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("prometheus")
    model = stack_model("dev", sampling={"decisionWaitSeconds": 1})
    with OtlpSink() as sink:
        endpoints = loopback_endpoints(sink, workdir)
        settings = _prometheus_settings(model, endpoints.metrics_port)
        with RunningPrometheus(settings, workdir) as prometheus:
            otlp = f"{prometheus.url}/api/v1/otlp/v1/metrics"
            endpoints = loopback_endpoints(
                sink,
                workdir,
                prometheus_otlp_metrics=otlp,
                metrics_port=endpoints.metrics_port,
            )
            with RunningCollector(gateway_config(model, endpoints), endpoints, workdir):
                send_requests(f"127.0.0.1:{endpoints.otlp_grpc_port}", _traffic())
                wanted = {m.prometheus_name for m in t.DERIVED_METRICS if m.kind == "sum"}
                wanted |= set(SELF_METRICS)
                _wait_for_names(prometheus, wanted)
                yield prometheus


def _wait_for_names(prometheus: RunningPrometheus, wanted: set[str], timeout: float = 60) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wanted <= prometheus.metric_names():
            return
        time.sleep(0.5)
    # Not a failure here: the tests below report exactly which name is missing.


@pytest.mark.parametrize("metric", t.DERIVED_METRICS, ids=lambda m: m.otel_name)
def test_each_derived_metric_is_stored_under_its_conventions_name(prometheus, metric) -> None:
    names = prometheus.metric_names()
    if metric.kind == "histogram":
        expected = {metric.series(suffix) for suffix in ("_bucket", "_sum", "_count")}
    else:
        expected = {metric.prometheus_name}
    assert expected <= names, sorted(n for n in names if n.startswith("aiscope"))


@pytest.mark.parametrize("metric", t.DERIVED_METRICS, ids=lambda m: m.otel_name)
def test_each_derived_metric_carries_its_conventions_labels(prometheus, metric) -> None:
    name = metric.series("_count") if metric.kind == "histogram" else metric.prometheus_name
    series = prometheus.series(name)
    assert series, name
    promoted = {t.prometheus_label(a) for a in t.PROMOTED_RESOURCE_ATTRIBUTES if a == t.ENVIRONMENT}
    for labels in series:
        assert set(metric.prometheus_labels) | promoted <= set(labels), labels


def test_the_collector_self_metric_names_in_the_conventions_exist(prometheus) -> None:
    missing = set(SELF_METRICS) - prometheus.metric_names()
    assert not missing
