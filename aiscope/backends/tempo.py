"""Tempo 2.10 in monolithic mode (`-target=all`): one pod, blocks on its volume.

Keys follow Tempo 2.x, where retention belongs to the compactor
(`compactor.compaction.block_retention`) and per-tenant behaviour lives
under `overrides.defaults`. Tempo 3 moved both; this file targets the
pinned 2.10 image only.
"""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import grafana as names
from ..conventions import kubernetes as k8s
from ..model import StackModel
from ..quantities import duration_hours

# Processors of the metrics generator: RED metrics per span, the service
# graph, and local blocks, which TraceQL metrics queries (Grafana's traces
# drilldown) read.
GENERATOR_PROCESSORS = ("service-graphs", "span-metrics", "local-blocks")


def tempo_config(model: StackModel) -> dict:
    return {
        "stream_over_http_enabled": True,
        "server": {
            "http_listen_port": k8s.TEMPO_HTTP_PORT,
            "grpc_listen_port": k8s.TEMPO_GRPC_PORT,
        },
        "distributor": {"receivers": {"otlp": {"protocols": _otlp_protocols()}}},
        "compactor": {"compaction": {"block_retention": _retention(model)}},
        "metrics_generator": _metrics_generator(model),
        "storage": {"trace": _trace_storage()},
        "overrides": {"defaults": {"metrics_generator": _generator_overrides()}},
        # No anonymous usage reports leave the cluster.
        "usage_report": {"reporting_enabled": False},
    }


def _otlp_protocols() -> dict:
    # Since Tempo 2.7 the receivers listen on localhost unless told otherwise,
    # which no other pod can reach.
    return {
        "grpc": {"endpoint": f"0.0.0.0:{k8s.OTLP_GRPC_PORT}"},
        "http": {"endpoint": f"0.0.0.0:{k8s.OTLP_HTTP_PORT}"},
    }


def _retention(model: StackModel) -> str:
    return f"{duration_hours(model.settings.retention.traces)}h"


def _metrics_generator(model: StackModel) -> dict:
    remote_write = k8s.service_url("prometheus", model.namespace, k8s.PROMETHEUS_PORT)
    return {
        "registry": {"external_labels": {"source": "tempo"}},
        "storage": {
            "path": f"{paths.TEMPO_DATA_DIR}/generator/wal",
            "remote_write": [
                {"url": remote_write + paths.PROMETHEUS_REMOTE_WRITE_PATH, "send_exemplars": True}
            ],
        },
        "traces_storage": {"path": f"{paths.TEMPO_DATA_DIR}/generator/traces"},
        "processor": {"local_blocks": {"filter_server_spans": False, "flush_to_storage": True}},
    }


def _generator_overrides() -> dict:
    # Exemplars carry the trace id under the same label name as the exemplars
    # Prometheus's OTLP receiver writes, so one Grafana link serves both.
    return {
        "processors": list(GENERATOR_PROCESSORS),
        "trace_id_label_name": names.TRACE_ID_LABEL,
    }


def _trace_storage() -> dict:
    return {
        "backend": "local",
        "wal": {"path": f"{paths.TEMPO_DATA_DIR}/wal"},
        "local": {"path": f"{paths.TEMPO_DATA_DIR}/blocks"},
    }
