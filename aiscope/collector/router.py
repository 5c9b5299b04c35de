"""The router collector: spreads traces over the gateway pods by trace id.

Tail sampling decides per trace, so every span of a trace must reach the
same gateway pod. Past one gateway replica, the router (a Deployment in
front of the gateway StatefulSet) hashes each span's trace id over the pods
behind the gateway's headless Service, which it watches through the
Kubernetes API. Logs and metrics need no such affinity and go to the
gateway's ordinary Service.

TODO(collector): minimal first version written with the manifests; the
collector pipeline owner refines it (queues, retries, batching).
"""

from __future__ import annotations

from ..conventions import kubernetes as k8s
from ..model import StackModel


def router_config(model: StackModel) -> dict:
    return {
        "extensions": {"health_check": {"endpoint": f"0.0.0.0:{k8s.COLLECTOR_HEALTH_PORT}"}},
        "receivers": {"otlp": {"protocols": _otlp_protocols()}},
        "processors": {"memory_limiter": _memory_limiter()},
        "exporters": _exporters(model.namespace),
        "service": {
            "extensions": ["health_check"],
            "telemetry": _self_metrics(),
            "pipelines": _pipelines(),
        },
    }


def _otlp_protocols() -> dict:
    return {
        "grpc": {"endpoint": f"0.0.0.0:{k8s.OTLP_GRPC_PORT}"},
        "http": {"endpoint": f"0.0.0.0:{k8s.OTLP_HTTP_PORT}"},
    }


def _memory_limiter() -> dict:
    return {"check_interval": "1s", "limit_percentage": 80, "spike_limit_percentage": 20}


def _exporters(namespace: str) -> dict:
    # The k8s resolver follows the EndpointSlices of the headless Service, so a
    # gateway pod that scales in or out changes the hash ring within seconds.
    resolver = {"service": f"{k8s.GATEWAY_HEADLESS}.{namespace}", "ports": [k8s.OTLP_GRPC_PORT]}
    gateway = f"{k8s.service_host('collector', namespace)}:{k8s.OTLP_GRPC_PORT}"
    return {
        "load_balancing/gateway": {
            "routing_key": "traceID",
            "protocol": {"otlp": {"tls": {"insecure": True}}},
            "resolver": {"k8s": resolver},
        },
        "otlp_grpc/gateway": {"endpoint": gateway, "tls": {"insecure": True}},
    }


def _self_metrics() -> dict:
    prometheus = {"host": "0.0.0.0", "port": k8s.COLLECTOR_METRICS_PORT}
    return {"metrics": {"readers": [{"pull": {"exporter": {"prometheus": prometheus}}}]}}


def _pipelines() -> dict:
    def pipeline(exporter: str) -> dict:
        return {"receivers": ["otlp"], "processors": ["memory_limiter"], "exporters": [exporter]}

    return {
        "traces": pipeline("load_balancing/gateway"),
        "logs": pipeline("otlp_grpc/gateway"),
        "metrics": pipeline("otlp_grpc/gateway"),
    }
