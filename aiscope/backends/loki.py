"""Loki 3.7 as a single binary: TSDB index and chunks on its volume, native OTLP.

The collector sends logs to Loki's OTLP endpoint (`/otlp`). Loki turns the
resource attributes named in `limits_config.otlp_config` into index labels
and keeps everything else, the trace id included, as structured metadata:
queries filter on it without each trace id becoming a stream.
"""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import grafana as names
from ..conventions import kubernetes as k8s
from ..model import StackModel
from ..quantities import duration_hours

# Day the v13 schema starts; it must never change once a stack holds data.
SCHEMA_START = "2024-01-01"


def loki_config(model: StackModel) -> dict:
    return {
        # One tenant: Loki stores everything under the tenant `fake`.
        "auth_enabled": False,
        "server": {
            "http_listen_port": k8s.LOKI_HTTP_PORT,
            "grpc_listen_port": paths.LOKI_GRPC_PORT,
        },
        "common": _common(),
        "schema_config": {"configs": [_schema_period()]},
        "compactor": _compactor(),
        "limits_config": _limits(model),
        "analytics": {"reporting_enabled": False},
    }


def _common() -> dict:
    # A single instance: the ring lives in memory and nothing is replicated.
    return {
        "path_prefix": paths.LOKI_DATA_DIR,
        "instance_addr": "127.0.0.1",
        "replication_factor": 1,
        "ring": {"kvstore": {"store": "inmemory"}},
        "storage": {
            "filesystem": {
                "chunks_directory": f"{paths.LOKI_DATA_DIR}/chunks",
                "rules_directory": f"{paths.LOKI_DATA_DIR}/rules",
            }
        },
    }


def _schema_period() -> dict:
    # Structured metadata, and so OTLP ingestion, needs the TSDB index with
    # schema v13; retention needs a 24h index period.
    return {
        "from": SCHEMA_START,
        "store": "tsdb",
        "object_store": "filesystem",
        "schema": "v13",
        "index": {"prefix": "index_", "period": "24h"},
    }


def _compactor() -> dict:
    # Retention is applied by the compactor; Loki 3 refuses to start with
    # retention on and no store for delete requests.
    return {
        "working_directory": f"{paths.LOKI_DATA_DIR}/compactor",
        "retention_enabled": True,
        "delete_request_store": "filesystem",
    }


def _limits(model: StackModel) -> dict:
    return {
        "retention_period": f"{duration_hours(model.settings.retention.logs)}h",
        "allow_structured_metadata": True,
        "otlp_config": _otlp(model),
    }


def _otlp(model: StackModel) -> dict:
    # Loki's default index labels (service, namespace, pod, ...) stay; the
    # schema's low-cardinality resource attributes are added to them. Any
    # other attribute, and the trace id, is structured metadata.
    return {
        "resource_attributes": {
            "attributes_config": [
                {"action": "index_label", "attributes": index_label_attributes(model)}
            ]
        },
        "log_attributes": [{"action": "structured_metadata", "attributes": [names.TRACE_ID_LABEL]}],
    }


def index_label_attributes(model: StackModel) -> list[str]:
    """Resource attributes of the schema that are safe as Loki stream labels."""
    attributes = model.schema.resource_attributes.items()
    return sorted(name for name, attribute in attributes if attribute.cardinality == "low")
