"""Backends that go away for 30 seconds lose nothing that fit in the gateway's queues.

The stand-in backends stop; traffic keeps arriving; the gateway is even
restarted in the middle of the outage, so what it holds must be on disk,
not in memory. When the backends come back, every trace, log and derived
count sent before, during and after the restart arrives.

This test takes about a minute: the outage lasts 30 seconds, and the
exporters then wait up to their longest retry interval before trying again.
"""

from __future__ import annotations

import re
import time

from aiscope.collector import gateway_config
from aiscope.conventions import telemetry as t
from examples.chat_service import ChatRequest, send_requests

from .models import loopback_endpoints, stack_model
from .otlp_sink import OtlpSink
from .running_collector import RunningCollector
from .views import logs_by_trace, spans_by_trace, total

OUTAGE_SECONDS = 30


def _requests(count: int, tenant: str) -> list[ChatRequest]:
    return [ChatRequest(tenant=tenant, retrieval=True, tool="lookup_order") for _ in range(count)]


def _queued_batches(gateway: RunningCollector) -> float:
    """Batches waiting in the gateway's exporter queues (its own queue-size gauge)."""
    lines = re.findall(r"^otelcol_exporter_queue_size\{.*\} (\S+)$", gateway.self_metrics(), re.M)
    return sum(float(value) for value in lines)


def test_an_outage_of_thirty_seconds_with_a_gateway_restart_loses_nothing(tmp_path) -> None:
    # Every success is kept, so every trace sent must come out; the trace
    # buffer is sized for the burst (the dev stack's 20 traces/s would evict).
    sampling = {"successRatio": 1.0, "decisionWaitSeconds": 1, "expectedTracesPerSecond": 500}
    model = stack_model("dev", sampling=sampling)
    sink = OtlpSink()
    endpoints = loopback_endpoints(sink, tmp_path)
    config = gateway_config(model, endpoints)
    gateway = RunningCollector(config, endpoints, tmp_path)
    otlp = f"127.0.0.1:{endpoints.otlp_grpc_port}"

    sink.start()
    gateway.start()
    try:
        before = send_requests(otlp, _requests(30, "before"))
        sink.wait_until(lambda s: len(spans_by_trace(s.spans)) == 30, 30, "the first 30 traces")

        sink.stop()
        outage_started = time.monotonic()
        during = send_requests(otlp, _requests(60, "during"))
        time.sleep(4)  # sampling decided, batches flushed into the queues
        assert _queued_batches(gateway) > 0

        gateway.stop()
        gateway.start()  # same queue directory: the queues come back from disk
        after = send_requests(otlp, _requests(30, "after"))

        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - outage_started)))
        sink.start()
        sent = before + during + after
        sink.wait_until(
            lambda s: (
                len(spans_by_trace(s.spans)) == len(sent)
                and len(logs_by_trace(s.logs)) == len(sent)
                and total(s.points, t.REQUESTS.otel_name) == len(sent)
            ),
            timeout=90,
            what=f"all {len(sent)} traces, their logs and their derived counts",
        )
    finally:
        gateway.stop()
        sink.stop()

    _assert_complete(sink, sent)
    for tenant, count in (("before", 30), ("during", 60), ("after", 30)):
        assert total(sink.points, t.REQUESTS.otel_name, {t.TENANT: tenant}) == count


def _assert_complete(sink: OtlpSink, sent: list) -> None:
    """Every span of every trace, and both log lines of every request (retries may repeat
    a batch, so spans are told apart by id and log lines by kind)."""
    received = spans_by_trace(sink.spans)
    logs = logs_by_trace(sink.logs)
    for one in sent:
        names = {span.span_id: span.name for span in received[one.trace_id]}
        assert sorted(names.values()) == sorted(one.span_names)
        kinds = {
            "message" if isinstance(log.body, str) else "structured" for log in logs[one.trace_id]
        }
        assert kinds == {"message", "structured"}
