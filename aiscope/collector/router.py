"""The router collector: spreads traces over the gateway pods by trace id.

Tail sampling decides per trace, so every span of a trace must reach the
same gateway pod. Past one gateway replica, the router (a Deployment in
front of the gateway StatefulSet) hashes each span's trace id over the pods
behind the gateway's headless Service, which it watches through the
Kubernetes API (EndpointSlices), so the hash ring follows pods as they come
and go. Logs and metrics need no affinity and go to the gateway's ordinary
Service.

    traces   otlp -> memory_limiter -> batch -> load_balancing (trace id -> gateway pod)
    logs     otlp -> memory_limiter -> batch -> gateway Service
    metrics  otlp -> memory_limiter -> batch -> gateway Service

The router does no processing of its own: redaction happens on the gateway
before anything is stored, and the router keeps nothing on disk (its
queues are in memory).
"""

from __future__ import annotations

from ..conventions import collector as names
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import common, exporters, sizing
from .endpoints import Endpoints, in_cluster

BATCH = "batch"


def router_config(model: StackModel, endpoints: Endpoints | None = None) -> dict:
    endpoints = endpoints or in_cluster(model.namespace)
    config = {
        "extensions": common.extensions(endpoints),
        "receivers": {names.OTLP_RECEIVER: common.otlp_receiver(endpoints)},
        # The router pods get the collector workload's resources (see manifests).
        "processors": {
            names.MEMORY_LIMITER: sizing.memory_limiter(model.settings.components.collector),
            BATCH: sizing.batch(),
        },
        "exporters": {
            names.GATEWAY_LOAD_BALANCER: load_balancer(endpoints),
            names.GATEWAY_EXPORTER: exporters.gateway_exporter(
                endpoints, None, sizing.IN_MEMORY_QUEUE_REQUESTS
            ),
        },
    }
    config["service"] = common.service(config["extensions"], endpoints, _pipelines())
    return config


def load_balancer(endpoints: Endpoints) -> dict:
    return {
        "routing_key": "traceID",
        "protocol": {
            "otlp": {
                "tls": {"insecure": True},
                "timeout": "10s",
                "retry_on_failure": exporters.retry(),
                "sending_queue": exporters.queue(None, sizing.IN_MEMORY_QUEUE_REQUESTS),
            }
        },
        "resolver": _resolver(endpoints),
    }


def _resolver(endpoints: Endpoints) -> dict:
    if endpoints.gateway_static_hosts:
        return {"static": {"hostnames": list(endpoints.gateway_static_hosts)}}
    return {"k8s": {"service": endpoints.gateway_headless, "ports": [k8s.OTLP_GRPC_PORT]}}


def _pipelines() -> dict:
    def pipeline(exporter: str) -> dict:
        return common.pipeline([names.OTLP_RECEIVER], [names.MEMORY_LIMITER, BATCH], [exporter])

    return {
        "traces": pipeline(names.GATEWAY_LOAD_BALANCER),
        "logs": pipeline(names.GATEWAY_EXPORTER),
        "metrics": pipeline(names.GATEWAY_EXPORTER),
    }
