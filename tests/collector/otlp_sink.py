"""An OTLP receiver for tests: stands in for Tempo, Loki and Prometheus.

It serves OTLP over gRPC (what the gateway's Tempo exporter speaks) and
over HTTP with protobuf bodies (Loki's and Prometheus's OTLP endpoints), on
loopback ports of its own, and keeps every request it receives, decoded
into plain Python values the tests can assert on. It can be stopped and
started again on the same ports, to play a backend outage.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from concurrent import futures
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import grpc
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2, logs_service_pb2_grpc
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2, metrics_service_pb2_grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue

from .ports import free_port


def any_value(value: AnyValue) -> Any:
    """An OTLP AnyValue as the Python value it holds."""
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "array_value":
        return [any_value(item) for item in value.array_value.values]
    if kind == "kvlist_value":
        return attributes(value.kvlist_value.values)
    return getattr(value, kind)


def attributes(pairs: list[KeyValue]) -> dict[str, Any]:
    return {pair.key: any_value(pair.value) for pair in pairs}


@dataclass
class Span:
    trace_id: str
    span_id: str
    parent_span_id: str
    name: str
    status_code: int
    start_ns: int
    end_ns: int
    attributes: dict[str, Any]
    events: list[tuple[str, dict[str, Any]]]
    resource: dict[str, Any]


@dataclass
class Log:
    trace_id: str
    body: Any
    severity_number: int
    severity_text: str
    time_ns: int
    attributes: dict[str, Any]
    resource: dict[str, Any]


@dataclass
class Point:
    """One metric datapoint; `value` is the sum or gauge value, or a histogram's sum."""

    metric: str
    unit: str
    kind: str
    temporality: int
    monotonic: bool
    attributes: dict[str, Any]
    resource: dict[str, Any]
    value: float
    count: int = 0
    bounds: list[float] = field(default_factory=list)
    time_ns: int = 0


@dataclass
class Received:
    spans: list[Span] = field(default_factory=list)
    logs: list[Log] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)


def _spans(request: trace_service_pb2.ExportTraceServiceRequest) -> list[Span]:
    spans = []
    for resource_spans in request.resource_spans:
        resource = attributes(resource_spans.resource.attributes)
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                spans.append(
                    Span(
                        trace_id=span.trace_id.hex(),
                        span_id=span.span_id.hex(),
                        parent_span_id=span.parent_span_id.hex(),
                        name=span.name,
                        status_code=span.status.code,
                        start_ns=span.start_time_unix_nano,
                        end_ns=span.end_time_unix_nano,
                        attributes=attributes(span.attributes),
                        events=[(e.name, attributes(e.attributes)) for e in span.events],
                        resource=resource,
                    )
                )
    return spans


def _logs(request: logs_service_pb2.ExportLogsServiceRequest) -> list[Log]:
    logs = []
    for resource_logs in request.resource_logs:
        resource = attributes(resource_logs.resource.attributes)
        for scope_logs in resource_logs.scope_logs:
            for record in scope_logs.log_records:
                logs.append(
                    Log(
                        trace_id=record.trace_id.hex(),
                        body=any_value(record.body),
                        severity_number=record.severity_number,
                        severity_text=record.severity_text,
                        time_ns=record.time_unix_nano,
                        attributes=attributes(record.attributes),
                        resource=resource,
                    )
                )
    return logs


def _points(request: metrics_service_pb2.ExportMetricsServiceRequest) -> list[Point]:
    points = []
    for resource_metrics in request.resource_metrics:
        resource = attributes(resource_metrics.resource.attributes)
        for scope_metrics in resource_metrics.scope_metrics:
            for metric in scope_metrics.metrics:
                points += _metric_points(metric, resource)
    return points


def _metric_points(metric: Any, resource: dict[str, Any]) -> list[Point]:
    kind = metric.WhichOneof("data")
    data = getattr(metric, kind)
    temporality = getattr(data, "aggregation_temporality", 0)
    monotonic = getattr(data, "is_monotonic", False)
    points = []
    for point in data.data_points:
        base = dict(
            metric=metric.name,
            unit=metric.unit,
            kind=kind,
            temporality=temporality,
            monotonic=monotonic,
            attributes=attributes(point.attributes),
            resource=resource,
            time_ns=point.time_unix_nano,
        )
        if kind == "histogram":
            points.append(
                Point(
                    **base, value=point.sum, count=point.count, bounds=list(point.explicit_bounds)
                )
            )
        elif kind in ("sum", "gauge"):
            number = point.as_double if point.WhichOneof("value") == "as_double" else point.as_int
            points.append(Point(**base, value=number))
    return points


class OtlpSink:
    """Collects what a collector exports. Use as a context manager, or start()/stop()."""

    def __init__(self) -> None:
        self.grpc_port = free_port()
        self.http_port = free_port()
        self._lock = threading.Lock()
        self._received = Received()
        self._grpc: grpc.Server | None = None
        self._http: ThreadingHTTPServer | None = None

    @property
    def grpc_endpoint(self) -> str:
        return f"127.0.0.1:{self.grpc_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def __enter__(self) -> OtlpSink:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._grpc = _grpc_server(self, self.grpc_port)
        self._http = ThreadingHTTPServer(("127.0.0.1", self.http_port), _http_handler(self))
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._grpc is not None:
            self._grpc.stop(grace=None).wait()
            self._grpc = None
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None

    def add_traces(self, request: trace_service_pb2.ExportTraceServiceRequest) -> None:
        spans = _spans(request)
        with self._lock:
            self._received.spans += spans

    def add_logs(self, request: logs_service_pb2.ExportLogsServiceRequest) -> None:
        logs = _logs(request)
        with self._lock:
            self._received.logs += logs

    def add_metrics(self, request: metrics_service_pb2.ExportMetricsServiceRequest) -> None:
        points = _points(request)
        with self._lock:
            self._received.points += points

    @property
    def spans(self) -> list[Span]:
        with self._lock:
            return list(self._received.spans)

    @property
    def logs(self) -> list[Log]:
        with self._lock:
            return list(self._received.logs)

    @property
    def points(self) -> list[Point]:
        with self._lock:
            return list(self._received.points)

    def wait_until(self, condition: Callable[[OtlpSink], bool], timeout: float, what: str) -> None:
        """Poll until `condition(self)` holds; fail with `what` after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self):
                return
            time.sleep(0.2)
        raise AssertionError(f"after {timeout:.0f}s the sink still lacks {what}")


def _grpc_server(sink: OtlpSink, port: int) -> grpc.Server:
    class Traces(trace_service_pb2_grpc.TraceServiceServicer):
        def Export(self, request, context):  # noqa: N802 (gRPC's method name)
            sink.add_traces(request)
            return trace_service_pb2.ExportTraceServiceResponse()

    class Logs(logs_service_pb2_grpc.LogsServiceServicer):
        def Export(self, request, context):  # noqa: N802
            sink.add_logs(request)
            return logs_service_pb2.ExportLogsServiceResponse()

    class Metrics(metrics_service_pb2_grpc.MetricsServiceServicer):
        def Export(self, request, context):  # noqa: N802
            sink.add_metrics(request)
            return metrics_service_pb2.ExportMetricsServiceResponse()

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8),
        options=[("grpc.max_receive_message_length", 64 * 1024 * 1024)],
    )
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Traces(), server)
    logs_service_pb2_grpc.add_LogsServiceServicer_to_server(Logs(), server)
    metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(Metrics(), server)
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return server


_HTTP_SIGNALS = {
    "/v1/traces": (trace_service_pb2.ExportTraceServiceRequest, "add_traces"),
    "/v1/logs": (logs_service_pb2.ExportLogsServiceRequest, "add_logs"),
    "/v1/metrics": (metrics_service_pb2.ExportMetricsServiceRequest, "add_metrics"),
}


def _http_handler(sink: OtlpSink) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's method name)
            signal = next((s for s in _HTTP_SIGNALS if self.path.endswith(s)), None)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if signal is None:
                self.send_error(404, f"no OTLP signal at {self.path}")
                return
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            message_type, add = _HTTP_SIGNALS[signal]
            getattr(sink, add)(message_type.FromString(body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep pytest output clean

    return Handler
