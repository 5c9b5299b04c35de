"""The gateway collector: OTLP in, processing, export to Tempo, Loki and Prometheus.

TODO(collector): minimal pass-through pipeline; normalization, redaction,
span-derived metrics and tail sampling replace it.
"""

from __future__ import annotations

from ..conventions import kubernetes as k8s
from ..model import StackModel


def gateway_config(model: StackModel) -> dict:
    ns = model.namespace
    return {
        "extensions": {"health_check": {"endpoint": f"0.0.0.0:{k8s.COLLECTOR_HEALTH_PORT}"}},
        "receivers": {
            "otlp": {
                "protocols": {
                    "grpc": {"endpoint": f"0.0.0.0:{k8s.OTLP_GRPC_PORT}"},
                    "http": {"endpoint": f"0.0.0.0:{k8s.OTLP_HTTP_PORT}"},
                }
            }
        },
        "processors": {
            "memory_limiter": {"check_interval": "1s", "limit_percentage": 80,
                               "spike_limit_percentage": 20},
            "batch": {},
        },
        "exporters": {
            "otlp_grpc/tempo": {
                "endpoint": f"{k8s.service_host('tempo', ns)}:{k8s.OTLP_GRPC_PORT}",
                "tls": {"insecure": True},
            },
            "otlp_http/loki": {
                "endpoint": k8s.service_url("loki", ns, k8s.LOKI_HTTP_PORT) + "/otlp",
            },
            "otlp_http/prometheus": {
                "metrics_endpoint": k8s.service_url("prometheus", ns, k8s.PROMETHEUS_PORT)
                + "/api/v1/otlp/v1/metrics",
            },
        },
        "service": {
            "extensions": ["health_check"],
            "telemetry": {
                "metrics": {
                    "readers": [
                        {"pull": {"exporter": {"prometheus": {
                            "host": "0.0.0.0", "port": k8s.COLLECTOR_METRICS_PORT}}}}
                    ]
                }
            },
            "pipelines": {
                "traces": {"receivers": ["otlp"], "processors": ["memory_limiter", "batch"],
                           "exporters": ["otlp_grpc/tempo"]},
                "logs": {"receivers": ["otlp"], "processors": ["memory_limiter", "batch"],
                         "exporters": ["otlp_http/loki"]},
                "metrics": {"receivers": ["otlp"], "processors": ["memory_limiter", "batch"],
                            "exporters": ["otlp_http/prometheus"]},
            },
        },
    }
