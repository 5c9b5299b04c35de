"""Pod and container security contexts: non-root, no privileges, default seccomp.

Every workload runs as a fixed non-root user (the one its image was built
for), cannot gain privileges, holds no Linux capabilities and gets the
runtime's default seccomp profile. The root filesystem is read-only; each
workload mounts an emptyDir wherever its program writes.
"""

from __future__ import annotations

# The users the pinned images are built to run as.
COLLECTOR_UID = 10001
TEMPO_UID = 10001
LOKI_UID = 10001
PROMETHEUS_UID = 65534  # nobody
GRAFANA_UID = 472

_RUNTIME_DEFAULT = {"type": "RuntimeDefault"}


def pod_security(uid: int, supplemental_groups: tuple[int, ...] = ()) -> dict:
    """`fsGroup` makes the volumes writable by the workload's group."""
    context = {
        "runAsNonRoot": True,
        "runAsUser": uid,
        "runAsGroup": uid,
        "fsGroup": uid,
        # Skip the recursive chown of a large volume when its root already matches.
        "fsGroupChangePolicy": "OnRootMismatch",
        "seccompProfile": dict(_RUNTIME_DEFAULT),
    }
    if supplemental_groups:
        context["supplementalGroups"] = list(supplemental_groups)
    return context


def container_security() -> dict:
    return {
        "runAsNonRoot": True,
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": dict(_RUNTIME_DEFAULT),
    }
