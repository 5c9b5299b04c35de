"""Pieces of a container spec: resources, probes, ports, mounts, environment."""

from __future__ import annotations

from ..quantities import memory_mib
from ..settings import Workload as WorkloadSettings
from .security import container_security

# Share of the memory limit the Go runtime aims to stay under (GOMEMLIMIT);
# the rest is headroom for what the Go heap does not count.
GO_MEMORY_SHARE = 0.8


def container(
    name: str,
    image: str,
    args: list[str],
    ports: list[dict],
    settings: WorkloadSettings,
    probes: dict,
    mounts: list[dict],
    env: list[dict] | None = None,
) -> dict:
    spec = {
        "name": name,
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        **({"args": args} if args else {}),
        "ports": ports,
        "resources": resources(settings),
        **probes,
        "volumeMounts": mounts,
        "securityContext": container_security(),
    }
    if env:
        spec["env"] = env
    return spec


def resources(settings: WorkloadSettings) -> dict:
    amounts = settings.resources
    return {
        "requests": {"cpu": amounts.requests.cpu, "memory": amounts.requests.memory},
        "limits": {"cpu": amounts.limits.cpu, "memory": amounts.limits.memory},
    }


def port(name: str, number: int) -> dict:
    return {"name": name, "containerPort": number, "protocol": "TCP"}


def http_probes(path: str, port_name: str, startup_seconds: int = 10) -> dict:
    """Readiness takes a pod out of its Services quickly; liveness restarts it only
    after a minute of failures, so a slow start or a busy moment is not fatal."""
    return {
        "livenessProbe": {
            "httpGet": {"path": path, "port": port_name},
            "initialDelaySeconds": startup_seconds + 20,
            "periodSeconds": 15,
            "timeoutSeconds": 5,
            "failureThreshold": 4,
        },
        "readinessProbe": {
            "httpGet": {"path": path, "port": port_name},
            "initialDelaySeconds": startup_seconds,
            "periodSeconds": 10,
            "timeoutSeconds": 5,
            "failureThreshold": 3,
        },
    }


def mount(volume: str, path: str, read_only: bool = False) -> dict:
    entry = {"name": volume, "mountPath": path}
    if read_only:
        entry["readOnly"] = True
    return entry


def env_value(name: str, value: str) -> dict:
    return {"name": name, "value": value}


def env_field(name: str, field_path: str) -> dict:
    return {"name": name, "valueFrom": {"fieldRef": {"fieldPath": field_path}}}


def env_secret(name: str, secret: str, key: str) -> dict:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def go_memory_limit(settings: WorkloadSettings) -> dict:
    limit = int(memory_mib(settings.resources.limits.memory) * GO_MEMORY_SHARE)
    return env_value("GOMEMLIMIT", f"{limit}MiB")
