"""Allow-list mode and the bound on derived series, on a real gateway.

Each test runs its own gateway: the prod stack (allow-list mode) for the
first, the dev stack with a small series bound for the second.
"""

from __future__ import annotations

import random
import re
import time

from aiscope.collector import gateway_config
from aiscope.collector.content import allowlist_regex
from aiscope.collector.gateway import DERIVED_CUMULATIVE
from aiscope.conventions import collector as names
from aiscope.conventions import telemetry as t
from examples.chat_service import ChatRequest, send_requests

from .models import loopback_endpoints, stack_model
from .otlp_sink import OtlpSink
from .running_collector import RunningCollector
from .views import latest, spans_by_trace, total

QUICK_SAMPLING = {
    "successRatio": 1.0,
    "decisionWaitSeconds": 1,
    "expectedTracesPerSecond": 1000,
    "tenantOverrides": {},
    "routeOverrides": {},
}


def _run(model, requests, workdir, resource=None, patch=None) -> tuple[OtlpSink, list]:
    """Send the requests through a gateway; return once every trace has arrived and the
    derived request count has stopped changing."""
    with OtlpSink() as sink:
        endpoints = loopback_endpoints(sink, workdir)
        config = gateway_config(model, endpoints)
        if patch:
            patch(config)
        with RunningCollector(config, endpoints, workdir):
            sent = send_requests(
                f"127.0.0.1:{endpoints.otlp_grpc_port}", requests, "grpc", resource
            )
            sink.wait_until(
                lambda s: len(spans_by_trace(s.spans)) >= len(sent),
                timeout=60,
                what="every request's trace",
            )
            _wait_until_counts_settle(sink)
        return sink, sent


def _wait_until_counts_settle(sink: OtlpSink) -> None:
    counted, still_since = -1.0, time.monotonic()
    while time.monotonic() - still_since < 2:
        now = total(sink.points, t.REQUESTS.otel_name)
        if now != counted:
            counted, still_since = now, time.monotonic()
        time.sleep(0.2)


def test_allowlist_mode_keeps_only_declared_attributes_everywhere(tmp_path) -> None:
    model = stack_model("prod", sampling=QUICK_SAMPLING)  # redaction.mode: allowlist
    undeclared = {"customer.note": "vip customer", "http.url": "https://shop.example/cart"}
    requests = [ChatRequest(outcome="error", extra_attributes=undeclared) for _ in range(3)]
    resource = {"team.owner": "checkout", "process.command_args": "--token abc"}
    sink, _ = _run(model, requests, tmp_path, resource)

    allowed = re.compile(allowlist_regex(model.schema).replace("\\z", "$"))
    for span in sink.spans:
        assert all(allowed.match(key) for key in span.attributes), span.attributes
        assert all(allowed.match(key) for key in span.resource), span.resource
        for _, attributes in span.events:
            assert all(allowed.match(key) for key in attributes)
    for log in sink.logs:
        assert not set(undeclared) & set(log.attributes)
        assert not {"team.owner", "process.command_args"} & set(log.resource)
    call = next(span for span in sink.spans if span.name == t.SPAN_CALL)
    assert {t.TENANT, t.MODEL, "ai.input.text", "user.id"} <= set(call.attributes)
    assert {"service.name", "telemetry.sdk.name", t.ENVIRONMENT} <= set(call.resource)
    exception = dict(call.events)["exception"]
    assert {"exception.type", "exception.message"} <= set(exception)


def test_one_noisy_tenant_cannot_grow_the_derived_series_past_the_bound(tmp_path) -> None:
    bound = 40

    def small_bound(config: dict) -> None:
        config["processors"][DERIVED_CUMULATIVE]["max_streams"] = bound

    rng = random.Random(7)
    noisy = [
        ChatRequest(
            tenant="noisy",
            route=f"route-{i}-" + "x" * rng.randint(0, 300),
            model=f"made-up-model-{rng.randint(0, 10**6)}",
            tool="lookup_order",
        )
        for i in range(150)
    ]
    model = stack_model("dev", sampling=QUICK_SAMPLING)
    sink, _ = _run(model, noisy, tmp_path, patch=small_bound)

    series = [
        point
        for metric in t.DERIVED_METRICS
        for point in latest(sink.points, metric.otel_name).values()
    ]
    # 150 routes would make over 500 series; the bound holds them at 40.
    assert len(series) == bound
    models = {p.attributes[t.MODEL] for p in series if t.MODEL in p.attributes}
    assert models == {names.OTHER_LABEL_VALUE}
    routes = {p.attributes[t.ROUTE] for p in series if t.ROUTE in p.attributes}
    assert max(len(route) for route in routes) <= 100
