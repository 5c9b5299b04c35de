"""Pieces every collector config shares: OTLP receiver, probes, self-metrics."""

from __future__ import annotations

from ..conventions import collector as names
from .endpoints import Endpoints


def otlp_receiver(endpoints: Endpoints) -> dict:
    return {
        "protocols": {
            "grpc": {"endpoint": endpoints.listen(endpoints.otlp_grpc_port)},
            "http": {"endpoint": endpoints.listen(endpoints.otlp_http_port)},
        }
    }


def health_check(endpoints: Endpoints) -> dict:
    return {"endpoint": endpoints.listen(endpoints.health_port)}


def telemetry(endpoints: Endpoints) -> dict:
    """The collector's own metrics, served for Prometheus to scrape (otelcol_*).

    Collector 0.160 leaves type and unit suffixes off by default. With them,
    its metrics are named the way Prometheus names counters and units, as
    conventions.telemetry spells them: otelcol_receiver_accepted_spans_total,
    and `_seconds` on durations (the contract test scrapes them with a real
    Prometheus).
    """
    exporter = {
        "prometheus": {
            "host": endpoints.listen_host,
            "port": endpoints.metrics_port,
            "without_type_suffix": False,
        }
    }
    return {"metrics": {"level": "normal", "readers": [{"pull": {"exporter": exporter}}]}}


def pipeline(receivers: list[str], processors: list[str], exporters: list[str]) -> dict:
    return {"receivers": receivers, "processors": processors, "exporters": exporters}


def service(extensions: dict, endpoints: Endpoints, pipelines: dict) -> dict:
    return {
        "extensions": list(extensions),
        "telemetry": telemetry(endpoints),
        "pipelines": pipelines,
    }


def extensions(endpoints: Endpoints, storages: dict[str, dict] | None = None) -> dict:
    """health_check plus the given file_storage extensions (id -> settings)."""
    return {names.HEALTH_CHECK: health_check(endpoints), **(storages or {})}
