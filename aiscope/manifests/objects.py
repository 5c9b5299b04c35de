"""Builders of the plain Kubernetes objects every component uses, in camelCase."""

from __future__ import annotations

from collections.abc import Mapping

from ..settings import Storage
from .config_hash import checksum_annotation
from .meta import App
from .security import pod_security


def config_map(app: App, name: str, data: Mapping[str, str]) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": app.metadata(name),
        "data": dict(data),
    }


def service_account(app: App, uses_api: bool) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": app.metadata(),
        "automountServiceAccountToken": uses_api,
    }


def service_port(name: str, number: int) -> dict:
    return {"name": name, "port": number, "targetPort": name, "protocol": "TCP"}


def service(
    app: App,
    ports: list[dict],
    name: str | None = None,
    selector: dict[str, str] | None = None,
    service_type: str = "ClusterIP",
    headless: bool = False,
) -> dict:
    spec: dict = {"type": service_type, "selector": selector or app.selector, "ports": ports}
    if headless:
        spec["clusterIP"] = "None"
    return {"apiVersion": "v1", "kind": "Service", "metadata": app.metadata(name), "spec": spec}


def pod_spec(
    app: App,
    containers: list[dict],
    volumes: list[dict],
    uid: int,
    uses_api: bool,
    security: dict | None = None,
    **extra,
) -> dict:
    """`uses_api`: mount the ServiceAccount token only for workloads that call the API.
    `security` replaces the default pod security context for `uid`."""
    return {
        "serviceAccountName": app.name,
        "automountServiceAccountToken": uses_api,
        "securityContext": security or pod_security(uid),
        "containers": containers,
        "volumes": volumes,
        **extra,
    }


def pod_template(app: App, spec: dict, configs: Mapping[str, str]) -> dict:
    metadata = {"labels": app.labels, "annotations": checksum_annotation(configs)}
    return {"metadata": metadata, "spec": spec}


def stateful_set(
    app: App,
    template: dict,
    service_name: str,
    claims: list[dict],
    replicas: int = 1,
) -> dict:
    spec = {
        "replicas": replicas,
        "serviceName": service_name,
        # Replicas are interchangeable; start and stop them together.
        "podManagementPolicy": "Parallel",
        "selector": {"matchLabels": app.selector},
        "template": template,
        "volumeClaimTemplates": claims,
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": app.metadata(),
        "spec": spec,
    }


def deployment(app: App, template: dict, replicas: int) -> dict:
    spec = {"replicas": replicas, "selector": {"matchLabels": app.selector}, "template": template}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": app.metadata(), "spec": spec}


def daemon_set(app: App, template: dict) -> dict:
    spec = {
        "selector": {"matchLabels": app.selector},
        "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
        "template": template,
    }
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": app.metadata(), "spec": spec}


def volume_claim(name: str, storage: Storage) -> dict:
    spec: dict = {
        "accessModes": ["ReadWriteOnce"],
        "resources": {"requests": {"storage": storage.size}},
    }
    if storage.storage_class:
        spec["storageClassName"] = storage.storage_class
    return {"metadata": {"name": name}, "spec": spec}


def config_volume(name: str, config_map_name: str) -> dict:
    return {"name": name, "configMap": {"name": config_map_name}}


def empty_dir(name: str, size_limit: str | None = None) -> dict:
    source = {"sizeLimit": size_limit} if size_limit else {}
    return {"name": name, "emptyDir": source}


def disruption_budget(app: App) -> dict:
    """At most one pod of a replicated workload down at a time during node drains."""
    spec = {"maxUnavailable": 1, "selector": {"matchLabels": app.selector}}
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": app.metadata(),
        "spec": spec,
    }


def data_volume(app: App, name: str) -> tuple[list[dict], list[dict]]:
    """(volumeClaimTemplates, volumes) for a workload's data: a claim sized from its
    settings, or an emptyDir, which loses the data with the pod, when it has none."""
    if app.settings.storage:
        return [volume_claim(name, app.settings.storage)], []
    return [], [empty_dir(name)]
