"""Exporters to the backends and to the gateway, with retries and queues.

Every exporter retries transient failures with backoff and never gives up
on what its queue holds (`max_elapsed_time: 0`): what bounds loss is the
queue's size, not a timer, so an outage shorter than the queue's capacity
loses nothing. The gateway's queues live on its volume (`file_storage`),
so they also survive a restart of the pod; the agent's live in its
checkpoint directory on the node. Only what the redaction processors have
already cleaned is ever queued.
"""

from __future__ import annotations

from ..conventions import collector as names
from .endpoints import Endpoints

_INSECURE = {"insecure": True}  # in-cluster traffic; NetworkPolicies restrict who talks


def retry() -> dict:
    return {
        "enabled": True,
        "initial_interval": "1s",
        "max_interval": "30s",
        "max_elapsed_time": "0s",
    }


def queue(storage: str | None, queue_size: int) -> dict:
    settings: dict = {"enabled": True, "num_consumers": 4, "queue_size": queue_size}
    if storage:
        settings["storage"] = storage
    return settings


def backend_exporters(endpoints: Endpoints, storage: str | None, queue_size: int) -> dict:
    """Tempo over OTLP gRPC, Loki and Prometheus over OTLP HTTP."""
    common = {
        "timeout": "10s",
        "retry_on_failure": retry(),
        "sending_queue": queue(storage, queue_size),
    }
    return {
        names.TEMPO_EXPORTER: {"endpoint": endpoints.tempo_otlp_grpc, "tls": _INSECURE, **common},
        names.LOKI_EXPORTER: {"endpoint": endpoints.loki_otlp_http, **common},
        # Only the metrics endpoint is set: this exporter sends nothing else.
        names.PROMETHEUS_EXPORTER: {
            "metrics_endpoint": endpoints.prometheus_otlp_metrics,
            **common,
        },
    }


def gateway_exporter(endpoints: Endpoints, storage: str | None, queue_size: int) -> dict:
    return {
        "endpoint": endpoints.gateway_otlp_grpc,
        "tls": _INSECURE,
        "timeout": "10s",
        "retry_on_failure": retry(),
        "sending_queue": queue(storage, queue_size),
    }


def file_storage(directory: str) -> dict:
    """A file_storage extension; compaction gives back the disk a drained queue used."""
    return {
        "directory": directory,
        "create_directory": True,
        "timeout": "1s",
        "compaction": {
            "on_start": True,
            "on_rebound": True,
            "directory": directory,
        },
    }
