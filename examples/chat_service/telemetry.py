"""OpenTelemetry SDK providers that export traces, logs and metrics over OTLP.

Each `Telemetry` owns its providers instead of installing global ones, so a
test can run several services (or the same one twice) in one process. The
batch processors are sized for bursts: the traffic generator produces
thousands of spans in a second, more than the SDK's default queue of 2048.
"""

from __future__ import annotations

from typing import Literal

from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import BatchLogRecordProcessor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from schema import aiscope_names as names

Protocol = Literal["grpc", "http"]
SERVICE_NAME = "chat-service"
QUEUE_SIZE = 200_000
EXPORT_DELAY_MILLIS = 200


def _exporters(endpoint: str, protocol: Protocol) -> tuple:
    """Span, log and metric exporters; `endpoint` is host:port."""
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter
        from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return (
            OTLPSpanExporter(endpoint=endpoint, insecure=True),
            OTLPLogExporter(endpoint=endpoint, insecure=True),
            OTLPMetricExporter(endpoint=endpoint, insecure=True),
        )
    from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
    from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    base = f"http://{endpoint}"
    return (
        OTLPSpanExporter(endpoint=f"{base}/v1/traces"),
        OTLPLogExporter(endpoint=f"{base}/v1/logs"),
        OTLPMetricExporter(endpoint=f"{base}/v1/metrics"),
    )


class Telemetry:
    def __init__(self, endpoint: str, protocol: Protocol, resource: dict[str, str]) -> None:
        attributes = {names.SERVICE_NAME: SERVICE_NAME, **resource}
        span_exporter, log_exporter, metric_exporter = _exporters(endpoint, protocol)
        shared = Resource.create(attributes)

        self.tracer_provider = TracerProvider(resource=shared)
        self.tracer_provider.add_span_processor(
            BatchSpanProcessor(
                span_exporter, max_queue_size=QUEUE_SIZE, schedule_delay_millis=EXPORT_DELAY_MILLIS
            )
        )

        self.logger_provider = LoggerProvider(resource=shared)
        self.logger_provider.add_log_record_processor(
            BatchLogRecordProcessor(
                log_exporter, max_queue_size=QUEUE_SIZE, schedule_delay_millis=EXPORT_DELAY_MILLIS
            )
        )

        # Metrics are exported when the service shuts down (and every minute before).
        reader = PeriodicExportingMetricReader(metric_exporter, export_interval_millis=60_000)
        self.meter_provider = MeterProvider(resource=shared, metric_readers=[reader])

    def shutdown(self) -> None:
        """Flush everything still buffered, then stop the exporters."""
        self.tracer_provider.force_flush()
        self.logger_provider.force_flush()
        self.meter_provider.force_flush()
        self.tracer_provider.shutdown()
        self.logger_provider.shutdown()
        self.meter_provider.shutdown()
