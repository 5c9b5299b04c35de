"""The agent collector (DaemonSet): container logs to the gateway.

TODO(collector): forwards OTLP only; reading container logs comes next.
"""

from __future__ import annotations

from ..conventions import kubernetes as k8s
from ..model import StackModel


def agent_config(model: StackModel) -> dict:
    gateway = f"{k8s.service_host('collector', model.namespace)}:{k8s.OTLP_GRPC_PORT}"
    return {
        "extensions": {"health_check": {"endpoint": f"0.0.0.0:{k8s.COLLECTOR_HEALTH_PORT}"}},
        "receivers": {"otlp": {"protocols": {"grpc": {"endpoint": "0.0.0.0:4317"}}}},
        "processors": {"memory_limiter": {"check_interval": "1s", "limit_percentage": 80,
                                          "spike_limit_percentage": 20},
                       "batch": {}},
        "exporters": {"otlp_grpc/gateway": {"endpoint": gateway, "tls": {"insecure": True}}},
        "service": {
            "extensions": ["health_check"],
            "pipelines": {"logs": {"receivers": ["otlp"],
                                   "processors": ["memory_limiter", "batch"],
                                   "exporters": ["otlp_grpc/gateway"]}},
        },
    }
