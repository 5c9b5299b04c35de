"""Paths, file names and series of the backends (Tempo, Loki, Prometheus, Grafana).

The backend configs (aiscope.backends) and the pod specs that mount them
(aiscope.manifests) must agree on every path below, so both import them
from here. Prometheus scrape jobs are named after the workload they scrape
(kubernetes.GATEWAY, kubernetes.ROUTER, kubernetes.AGENT, ...), so
`job="otel-gateway"` selects the gateway's own metrics.
"""

from __future__ import annotations

# Where each workload finds its generated config (a ConfigMap mounted read-only).
COLLECTOR_CONFIG_DIR = "/etc/otelcol"
TEMPO_CONFIG_DIR = "/etc/tempo"
LOKI_CONFIG_DIR = "/etc/loki/config"
PROMETHEUS_CONFIG_DIR = "/etc/prometheus/config"
PROMETHEUS_RULES_DIR = "/etc/prometheus/rules"
GRAFANA_DATASOURCES_DIR = "/etc/grafana/provisioning/datasources"
GRAFANA_PROVIDERS_DIR = "/etc/grafana/provisioning/dashboards"
GRAFANA_DASHBOARDS_DIR = "/etc/grafana/dashboards"

# File names of the generated configs: the ConfigMap key and the file that
# `aiscope render` writes under <out>/config/.
GATEWAY_CONFIG_FILE = "otel-gateway.yaml"
ROUTER_CONFIG_FILE = "otel-router.yaml"
AGENT_CONFIG_FILE = "otel-agent.yaml"
TEMPO_CONFIG_FILE = "tempo.yaml"
LOKI_CONFIG_FILE = "loki.yaml"
PROMETHEUS_CONFIG_FILE = "prometheus.yaml"
GRAFANA_DATASOURCES_FILE = "grafana-datasources.yaml"
GRAFANA_PROVIDERS_FILE = "grafana-dashboards.yaml"

# Rule files Prometheus loads: every YAML file in the rules ConfigMap.
PROMETHEUS_RULE_GLOBS = (f"{PROMETHEUS_RULES_DIR}/*.yaml", f"{PROMETHEUS_RULES_DIR}/*.yml")

# Data directories, each the mount path of the workload's volume.
TEMPO_DATA_DIR = "/var/tempo"
LOKI_DATA_DIR = "/loki"
PROMETHEUS_DATA_DIR = "/prometheus"
GRAFANA_DATA_DIR = "/var/lib/grafana"

# Ports the backends listen on besides the ones in conventions.kubernetes.
LOKI_GRPC_PORT = 9095

# Paths Prometheus accepts pushes on.
PROMETHEUS_REMOTE_WRITE_PATH = "/api/v1/write"
PROMETHEUS_OTLP_METRICS_PATH = "/api/v1/otlp/v1/metrics"
LOKI_OTLP_PATH = "/otlp"

# Series Tempo's metrics generator writes into Prometheus (Tempo 2.10 names).
TEMPO_SPAN_CALLS = "traces_spanmetrics_calls_total"
TEMPO_SPAN_LATENCY = "traces_spanmetrics_latency"
TEMPO_SERVICE_GRAPH_REQUESTS = "traces_service_graph_request_total"


def workload_selector(name: str, stack: str) -> dict[str, str]:
    """Labels that select one workload's pods: its object name and the stack.

    Unlike kubernetes.selector, keyed by object name, so the gateway and the
    router (both collector workloads) select different pods. The Services,
    NetworkPolicies and Prometheus pod discovery all use it.
    """
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": stack}
