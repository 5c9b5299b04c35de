"""Names, labels and ports of the Kubernetes objects aiscope deploys."""

from __future__ import annotations

PART_OF = "aiscope"
MANAGED_BY = "aiscope"

# Component keys (as in settings.components) to the name of their objects.
# The collector is deployed as up to three workloads:
# - the gateway (StatefulSet): the full pipeline (normalize, redact, derive metrics,
#   tail-sample, export with persistent queues on its volume);
# - the router (Deployment), only when the gateway has more than one replica: tail
#   sampling needs every span of a trace on one gateway, so the router sends each
#   trace, by trace id, to one gateway pod through the headless Service;
# - the agent (DaemonSet): reads pod logs on each node and forwards them.
# Applications always send to the COLLECTOR_SERVICE, which selects the router pods
# when there is a router and the gateway pods otherwise.
GATEWAY = "otel-gateway"
GATEWAY_HEADLESS = "otel-gateway-headless"
ROUTER = "otel-router"
COLLECTOR_SERVICE = "otel-collector"
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

# Paths and environment variables the collector configs and the pod specs share.
COLLECTOR_QUEUE_DIR = "/var/lib/otelcol/queue"  # on the gateway's persistent volume
AGENT_CHECKPOINT_DIR = "/var/lib/otelcol/checkpoints"
POD_LOGS_DIR = "/var/log/pods"
POD_IP_ENV = "MY_POD_IP"
NODE_NAME_ENV = "K8S_NODE_NAME"
USER_ID_HASH_KEY_ENV = "USER_ID_HASH_KEY"  # from the Secret below, never in a ConfigMap
COLLECTOR_SECRET = "otel-gateway-secrets"
COLLECTOR_SECRET_HASH_KEY = "user-id-hash-key"
GRAFANA_SECRET = "grafana-admin"

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
