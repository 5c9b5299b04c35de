"""Where people and applications reach a deployed stack: the Pulumi stack outputs.

`pulumi up` exports these so that a developer can point an application's
OTLP exporter at the collector and open Grafana without reading manifests.
The names of the outputs are spelt here once; the components and the tests
import them.
"""

from __future__ import annotations

from . import kubernetes as k8s

# Names of the outputs of the Pulumi stack (`pulumi stack output <name>`).
OTLP_GRPC_OUTPUT = "otlpGrpcEndpoint"
OTLP_HTTP_OUTPUT = "otlpHttpEndpoint"
GRAFANA_URL_OUTPUT = "grafanaUrl"

# Names of the outputs a backend component registers for its in-cluster URL.
URL_OUTPUT = "url"

# The HTTP port each backend's Service serves its API (and Grafana its UI) on.
BACKEND_HTTP_PORTS = {
    "tempo": k8s.TEMPO_HTTP_PORT,
    "loki": k8s.LOKI_HTTP_PORT,
    "prometheus": k8s.PROMETHEUS_PORT,
    "grafana": k8s.GRAFANA_PORT,
}


def collector_host(namespace: str) -> str:
    """The Service applications send to: the router when there is one, else the gateway."""
    return f"{k8s.COLLECTOR_SERVICE}.{namespace}.svc.cluster.local"


def otlp_grpc_endpoint(namespace: str) -> str:
    """The value for OTEL_EXPORTER_OTLP_ENDPOINT of an application using OTLP over gRPC."""
    return f"http://{collector_host(namespace)}:{k8s.OTLP_GRPC_PORT}"


def otlp_http_endpoint(namespace: str) -> str:
    """The value for OTEL_EXPORTER_OTLP_ENDPOINT of an application using OTLP over HTTP."""
    return f"http://{collector_host(namespace)}:{k8s.OTLP_HTTP_PORT}"


def backend_url(component: str, namespace: str) -> str:
    """The in-cluster HTTP URL of Tempo, Loki, Prometheus or Grafana."""
    return k8s.service_url(component, namespace, BACKEND_HTTP_PORTS[component])


def grafana_url(namespace: str, ingress_host: str | None, tls: bool) -> str:
    """Grafana's public URL when an Ingress serves it, otherwise its in-cluster URL."""
    if ingress_host:
        scheme = "https" if tls else "http"
        return f"{scheme}://{ingress_host}"
    return backend_url("grafana", namespace)
