"""NetworkPolicies: nothing may connect to a pod of the stack unless listed here.

The namespace denies all ingress by default; `ingress_rules` is then the
whole traffic matrix of the stack in one table, each workload with the
ports it serves and who may open them:

- applications in any namespace -> the collector's OTLP ports (the router
  when there is one, else the gateway);
- agent and router -> gateway OTLP;
- gateway -> Tempo OTLP, Loki HTTP (OTLP logs), Prometheus (OTLP metrics);
- Tempo -> Prometheus (remote write of span metrics);
- Prometheus -> every workload's metrics port;
- Grafana -> Prometheus, Loki and Tempo query APIs;
- anyone (an ingress controller, a load balancer) -> Grafana.

Kubelet probes come from the node itself, which NetworkPolicy
implementations let through, so probes need no rule. Egress stays open:
the pods need DNS and the Kubernetes API.
"""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..model import StackModel
from .meta import App, router_enabled, stack_labels

DEFAULT_DENY = "default-deny-ingress"
OTLP_PORTS = [k8s.OTLP_GRPC_PORT, k8s.OTLP_HTTP_PORT]

# An empty namespace selector matches every pod of every namespace.
ANY_NAMESPACE = [{"namespaceSelector": {}}]


def default_deny(model: StackModel) -> dict:
    metadata = {"name": DEFAULT_DENY, "namespace": model.namespace, "labels": stack_labels(model)}
    spec = {"podSelector": {}, "policyTypes": ["Ingress"]}
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata,
        "spec": spec,
    }


def ingress_policy(app: App, model: StackModel) -> dict:
    """The policy that opens `app`'s ports to the peers `ingress_rules` names."""
    spec = {
        "podSelector": {"matchLabels": app.selector},
        "policyTypes": ["Ingress"],
        "ingress": ingress_rules(model)[app.name],
    }
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": app.metadata(f"{app.name}-ingress"),
        "spec": spec,
    }


def ingress_rules(model: StackModel) -> dict[str, list[dict]]:
    """Workload name -> its ingress rules."""

    def pods(*names: str) -> list[dict]:
        return [
            {"podSelector": {"matchLabels": paths.workload_selector(n, model.stack)}} for n in names
        ]

    scrape = pods(k8s.PROMETHEUS)
    gateway_clients = pods(k8s.AGENT, k8s.ROUTER) if router_enabled(model) else ANY_NAMESPACE
    return {
        k8s.GATEWAY: [
            allow(OTLP_PORTS, gateway_clients),
            allow([k8s.COLLECTOR_METRICS_PORT], scrape),
        ],
        k8s.ROUTER: [allow(OTLP_PORTS, ANY_NAMESPACE), allow([k8s.COLLECTOR_METRICS_PORT], scrape)],
        k8s.AGENT: [allow([k8s.COLLECTOR_METRICS_PORT], scrape)],
        k8s.TEMPO: [
            allow(OTLP_PORTS, pods(k8s.GATEWAY)),
            allow([k8s.TEMPO_HTTP_PORT], pods(k8s.GRAFANA, k8s.PROMETHEUS)),
        ],
        k8s.LOKI: [allow([k8s.LOKI_HTTP_PORT], pods(k8s.GATEWAY, k8s.GRAFANA, k8s.PROMETHEUS))],
        k8s.PROMETHEUS: [allow([k8s.PROMETHEUS_PORT], pods(k8s.GATEWAY, k8s.TEMPO, k8s.GRAFANA))],
        k8s.GRAFANA: [allow([k8s.GRAFANA_PORT], None)],
    }


def allow(ports: list[int], sources: list[dict] | None) -> dict:
    """One ingress rule; `sources=None` admits any source, inside the cluster or out."""
    rule: dict = {"ports": [{"protocol": "TCP", "port": number} for number in ports]}
    if sources is not None:
        rule["from"] = sources
    return rule
