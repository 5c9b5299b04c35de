"""The agent collector (DaemonSet): each node's container logs, cleaned, to the gateway.

    logs  file_log/pods -> memory_limiter -> app_logs -> k8s_attributes -> normalize
          -> redact (hash, PII) -> content -> mark -> batch -> gateway

It applies the gateway's redaction itself, so that what it queues on the
node's disk and sends over the network is already clean, and stamps its
output so that the gateway does not hash its user-id hashes again
(agent_marker.py). It has no OTLP receiver: applications send to the
gateway (or router) directly.
"""

from __future__ import annotations

from ..conventions import collector as names
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import agent_marker, common, content, exporters, normalize, pod_logs, redaction, sizing
from .endpoints import Endpoints, in_cluster

APP_LOGS = "transform/app_logs"
K8S_ATTRIBUTES = "k8s_attributes"
NORMALIZE = "transform/normalize"
HASH = "redaction/user_id"
PII = "redaction/pii"
CONTENT = "transform/content"
MARK = "transform/mark_redacted"
BATCH = "batch"

# Requests the agent's sending queue keeps on the node's disk while the
# gateway is unreachable: up to ~2 MiB each, so ~400 MiB at most.
AGENT_QUEUE_REQUESTS = 200


def agent_config(model: StackModel, endpoints: Endpoints | None = None) -> dict:
    endpoints = endpoints or in_cluster(model.namespace)
    processors = _processors(model, endpoints)
    storage = {names.CHECKPOINT_STORAGE: exporters.file_storage(endpoints.checkpoint_dir)}
    config = {
        "extensions": common.extensions(endpoints, storage),
        "receivers": {names.POD_LOGS_RECEIVER: pod_logs.receiver(endpoints, model.namespace)},
        "processors": processors,
        "exporters": {
            names.GATEWAY_EXPORTER: exporters.gateway_exporter(
                endpoints, names.CHECKPOINT_STORAGE, AGENT_QUEUE_REQUESTS
            )
        },
    }
    logs = common.pipeline([names.POD_LOGS_RECEIVER], list(processors), [names.GATEWAY_EXPORTER])
    config["service"] = common.service(config["extensions"], endpoints, {"logs": logs})
    return config


def _processors(model: StackModel, endpoints: Endpoints) -> dict:
    """In pipeline order; the pipeline lists them as they come."""
    processors: dict = {
        names.MEMORY_LIMITER: sizing.memory_limiter(model.settings.components.agent),
        APP_LOGS: pod_logs.app_log_processor(),
    }
    if endpoints.kubernetes_api:
        processors[K8S_ATTRIBUTES] = kubernetes_metadata()
    processors[NORMALIZE] = normalize.log_normalize_processor(model)
    hashing = redaction.hash_processor(model.schema)
    if hashing is not None:
        processors[HASH] = hashing
    processors[PII] = redaction.pii_processor(model.schema)
    processors[CONTENT] = content.log_content_processor(model)
    processors[MARK] = agent_marker.mark_processor()
    processors[BATCH] = sizing.batch()
    return processors


def kubernetes_metadata() -> dict:
    """Pod metadata from the API server, for the pods on this node only.

    The container parser already set the pod's uid from the log path; the
    processor looks the pod up by it and adds its owner and labels. The
    `app.kubernetes.io/name` label names the service when the pod has one.
    """
    return {
        "auth_type": "serviceAccount",
        "filter": {"node_from_env_var": k8s.NODE_NAME_ENV},
        "extract": {
            "metadata": [
                "k8s.namespace.name",
                "k8s.pod.name",
                "k8s.pod.uid",
                "k8s.node.name",
                "k8s.deployment.name",
                "k8s.statefulset.name",
                "k8s.daemonset.name",
                "k8s.job.name",
            ],
            "labels": [
                {"tag_name": "service.name", "key": "app.kubernetes.io/name", "from": "pod"},
            ],
        },
        "pod_association": [
            {"sources": [{"from": "resource_attribute", "name": "k8s.pod.uid"}]},
        ],
    }
