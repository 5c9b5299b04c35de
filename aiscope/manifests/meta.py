"""Who a Kubernetes object belongs to: names, labels and selectors of one workload.

A workload (the gateway, the router, the agent, Tempo, ...) is identified by
its object name and its stack. Its pods are selected by those two labels
only, so a version bump (which changes `app.kubernetes.io/version`) never
orphans pods from their Services or controllers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..model import StackModel
from ..settings import Workload as WorkloadSettings

# Workloads that run another component's image (the agent is a collector).
_IMAGE_OF = {"agent": "collector"}


@dataclass(frozen=True)
class App:
    """One workload of one stack."""

    component: str  # key in settings.components
    name: str  # object name; also its Prometheus scrape job
    stack: str
    namespace: str
    image: str
    settings: WorkloadSettings

    @property
    def version(self) -> str:
        return self.image.rsplit(":", 1)[1]

    @property
    def selector(self) -> dict[str, str]:
        return paths.workload_selector(self.name, self.stack)

    @property
    def labels(self) -> dict[str, str]:
        return {**k8s.labels(self.component, self.stack, self.version), **self.selector}

    def metadata(self, name: str | None = None) -> dict:
        return {"name": name or self.name, "namespace": self.namespace, "labels": self.labels}

    def cluster_metadata(self) -> dict:
        """Cluster-wide objects carry the namespace in their name, since two stacks
        may share a cluster."""
        return {"name": f"{self.namespace}-{self.name}", "labels": self.labels}


def app(model: StackModel, component: str, name: str | None = None) -> App:
    return App(
        component=component,
        name=name or k8s.OBJECT_NAMES[component],
        stack=model.stack,
        namespace=model.namespace,
        image=model.image(_IMAGE_OF.get(component, component)),
        settings=getattr(model.settings.components, component),
    )


def stack_labels(model: StackModel) -> dict[str, str]:
    """Labels of objects that belong to the whole stack (the Namespace, the default policy)."""
    return {
        "app.kubernetes.io/instance": model.stack,
        "app.kubernetes.io/part-of": k8s.PART_OF,
        "app.kubernetes.io/managed-by": k8s.MANAGED_BY,
    }


def router_enabled(model: StackModel) -> bool:
    """The router tier exists only when there is more than one gateway to route between."""
    return model.settings.components.collector.replicas > 1
