"""Names, labels and ports of the Kubernetes objects aiscope deploys."""

from __future__ import annotations

PART_OF = "aiscope"
MANAGED_BY = "aiscope"

# Component keys (as in settings.components) to the name of their objects.
GATEWAY = "otel-gateway"
AGENT = "otel-agent"
TEMPO = "tempo"
LOKI = "loki"
PROMETHEUS = "prometheus"
GRAFANA = "grafana"

OBJECT_NAMES = {
    "collector": GATEWAY,
    "agent": AGENT,
    "tempo": TEMPO,
    "loki": LOKI,
    "prometheus": PROMETHEUS,
    "grafana": GRAFANA,
}

# Ports, named as the Services name them.
OTLP_GRPC_PORT = 4317
OTLP_HTTP_PORT = 4318
COLLECTOR_METRICS_PORT = 8888
COLLECTOR_HEALTH_PORT = 13133
TEMPO_HTTP_PORT = 3200
TEMPO_GRPC_PORT = 9095
LOKI_HTTP_PORT = 3100
PROMETHEUS_PORT = 9090
GRAFANA_PORT = 3000


def labels(component: str, instance: str, version: str) -> dict[str, str]:
    """The app.kubernetes.io labels every object of a component carries."""
    return {
        "app.kubernetes.io/name": OBJECT_NAMES[component],
        "app.kubernetes.io/instance": instance,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/version": version,
        "app.kubernetes.io/managed-by": MANAGED_BY,
    }


def selector(component: str, instance: str) -> dict[str, str]:
    """The subset of labels that selects a component's pods; stable across upgrades."""
    return {
        "app.kubernetes.io/name": OBJECT_NAMES[component],
        "app.kubernetes.io/instance": instance,
    }


def service_host(component: str, namespace: str) -> str:
    return f"{OBJECT_NAMES[component]}.{namespace}.svc.cluster.local"


def service_url(component: str, namespace: str, port: int, scheme: str = "http") -> str:
    return f"{scheme}://{service_host(component, namespace)}:{port}"
