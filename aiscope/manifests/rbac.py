"""Read-only access to the Kubernetes API for the workloads that need it.

- gateway and agent: pods, namespaces and replicasets, cluster-wide, for the
  collector's k8s_attributes processor (applications live in any namespace);
- router: EndpointSlices in its namespace, to follow the gateway pods;
- Prometheus: pods in its namespace, for scrape target discovery.
"""

from __future__ import annotations

from .meta import App

READ = ["get", "list", "watch"]
RBAC = "rbac.authorization.k8s.io/v1"

# What the collector's k8s_attributes processor reads to label telemetry.
POD_METADATA_RULES = [
    {"apiGroups": [""], "resources": ["pods", "namespaces"], "verbs": READ},
    {"apiGroups": ["apps"], "resources": ["replicasets"], "verbs": READ},
]
ENDPOINT_SLICE_RULES = [
    {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": READ}
]
POD_DISCOVERY_RULES = [{"apiGroups": [""], "resources": ["pods"], "verbs": READ}]


def cluster_read_access(app: App, rules: list[dict]) -> list[dict]:
    """A ClusterRole and its binding to the workload's ServiceAccount."""
    metadata = app.cluster_metadata()
    role = {"apiVersion": RBAC, "kind": "ClusterRole", "metadata": metadata, "rules": rules}
    binding = {
        "apiVersion": RBAC,
        "kind": "ClusterRoleBinding",
        "metadata": metadata,
        "roleRef": {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "ClusterRole",
            "name": metadata["name"],
        },
        "subjects": [_subject(app)],
    }
    return [role, binding]


def namespace_read_access(app: App, rules: list[dict]) -> list[dict]:
    """A Role in the stack's namespace and its binding to the workload's ServiceAccount."""
    metadata = app.metadata()
    role = {"apiVersion": RBAC, "kind": "Role", "metadata": metadata, "rules": rules}
    binding = {
        "apiVersion": RBAC,
        "kind": "RoleBinding",
        "metadata": metadata,
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": app.name},
        "subjects": [_subject(app)],
    }
    return [role, binding]


def _subject(app: App) -> dict:
    return {"kind": "ServiceAccount", "name": app.name, "namespace": app.namespace}
