"""Where the collectors listen, where they send, and where they keep state.

The generated configs take every address and directory from an
`Endpoints`. `in_cluster(namespace)` gives the deployed values (Service
DNS names from conventions.kubernetes, the pod's own IP to listen on, the
volume paths the pod specs mount); tests pass loopback addresses, free
ports and temporary directories instead, and run the very same pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..conventions import backends
from ..conventions import kubernetes as k8s

POD_IP = f"${{env:{k8s.POD_IP_ENV}}}"


@dataclass(frozen=True)
class Endpoints:
    """Addresses and directories of one deployment of the collectors.

    tempo_otlp_grpc          host:port of Tempo's OTLP gRPC receiver
    loki_otlp_http           Loki's OTLP base URL (the exporter appends /v1/logs)
    prometheus_otlp_metrics  full URL of Prometheus's OTLP metrics receiver
    gateway_otlp_grpc        host:port of the gateway Service (agent and router send there)
    gateway_headless         `name.namespace` of the headless Service the router watches
    gateway_static_hosts     when set, the router balances over these host:port instead
                             of watching Kubernetes (tests: no API server here)
    queue_dir                the gateway's persistent sending queue (its volume)
    checkpoint_dir           the agent's file offsets and sending queue (a hostPath)
    pod_logs_dir             where the kubelet writes container logs
    kubernetes_api           False leaves out the processor that asks the API server for
                             pod metadata (tests: no API server here)
    listen_host              interface the receivers and probes bind to
    """

    tempo_otlp_grpc: str
    loki_otlp_http: str
    prometheus_otlp_metrics: str
    gateway_otlp_grpc: str
    gateway_headless: str
    queue_dir: str = k8s.COLLECTOR_QUEUE_DIR
    checkpoint_dir: str = k8s.AGENT_CHECKPOINT_DIR
    pod_logs_dir: str = k8s.POD_LOGS_DIR
    gateway_static_hosts: tuple[str, ...] = ()
    kubernetes_api: bool = True
    listen_host: str = POD_IP
    otlp_grpc_port: int = k8s.OTLP_GRPC_PORT
    otlp_http_port: int = k8s.OTLP_HTTP_PORT
    metrics_port: int = k8s.COLLECTOR_METRICS_PORT
    health_port: int = k8s.COLLECTOR_HEALTH_PORT

    def listen(self, port: int) -> str:
        return f"{self.listen_host}:{port}"


def in_cluster(namespace: str) -> Endpoints:
    """The Service addresses and volume paths of a stack deployed in `namespace`."""
    return Endpoints(
        tempo_otlp_grpc=f"{k8s.service_host('tempo', namespace)}:{k8s.OTLP_GRPC_PORT}",
        loki_otlp_http=k8s.service_url("loki", namespace, k8s.LOKI_HTTP_PORT)
        + backends.LOKI_OTLP_PATH,
        prometheus_otlp_metrics=k8s.service_url("prometheus", namespace, k8s.PROMETHEUS_PORT)
        + backends.PROMETHEUS_OTLP_METRICS_PATH,
        gateway_otlp_grpc=f"{k8s.service_host('collector', namespace)}:{k8s.OTLP_GRPC_PORT}",
        gateway_headless=f"{k8s.GATEWAY_HEADLESS}.{namespace}",
    )
