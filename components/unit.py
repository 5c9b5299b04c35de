"""What every deployable unit (collector, Tempo, Loki, ...) does: register its objects.

A unit receives its Kubernetes objects from `aiscope.manifests`, already
complete, and registers each as a pulumi_kubernetes resource whose parent is the
unit.
Pulumi creates resources in parallel unless one depends on another, so the
apply order of the objects is kept with dependencies, which the rendered
YAML cannot show (kubectl applies a file in order):

- every namespaced object takes its namespace from the Namespace resource
  as an Output; Kubernetes refuses objects in a namespace that does not
  exist yet, and the data dependency makes them wait for it;
- a workload depends on the other objects listed before it in its unit.

And secret placeholders become the stack's Pulumi secret Outputs
(`aiscope.manifests.secrets` says which field holds which secret).
"""

from __future__ import annotations

import copy
from typing import Any, NotRequired, TypedDict

import pulumi

from aiscope.manifests.secrets import with_secret_values

from . import kube

# Kinds that run pods.
WORKLOAD_KINDS = frozenset({"Deployment", "StatefulSet", "DaemonSet"})


class UnitArgs(TypedDict):
    objects: list[dict[str, Any]]
    """The unit's Kubernetes objects as camelCase dicts, in the order to apply them."""
    namespace: str
    """The stack's namespace, which the unit's URLs name."""
    namespaces: dict[str, pulumi.Input[str]]
    """Namespaces registered by earlier units: name -> the Namespace resource's name Output."""
    secrets: NotRequired[dict[str, pulumi.Input[str]]]
    """Secret values by SecretSpec key, for the placeholders in the unit's Secrets."""


class DeployableUnit(pulumi.ComponentResource):
    """Base of the components: registers the objects. Subclasses register the outputs."""

    namespaces: dict[str, pulumi.Input[str]]
    """The namespaces registered so far, this unit's included, for the units after it."""

    def __init__(
        self,
        type_token: str,
        name: str,
        args: UnitArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(type_token, name, None, opts)
        self.unit_name = name
        self.namespaces = dict(args["namespaces"])
        self.children: list[pulumi.CustomResource] = []
        self._supporting: list[pulumi.CustomResource] = []

        secrets = args.get("secrets", {})
        for obj in args["objects"]:
            self._register(with_secret_values(obj, secrets))
        pulumi.log.debug(f"{len(self.children)} Kubernetes objects", resource=self)

    def _register(self, obj: dict[str, Any]) -> None:
        obj = self._in_namespace(obj)
        opts = pulumi.ResourceOptions(parent=self, depends_on=self._prerequisites(obj))
        resource = kube.KubernetesObject(kube.logical_name(self.unit_name, obj), obj, opts)
        self.children.append(resource)
        if obj["kind"] not in WORKLOAD_KINDS:
            self._supporting.append(resource)

        # Objects registered after the Namespace (in this unit and the next ones)
        # wait for it by reading its name from the resource.
        if obj["kind"] == "Namespace":
            self.namespaces[obj["metadata"]["name"]] = resource.metadata.apply(lambda m: m["name"])

    def _prerequisites(self, obj: dict[str, Any]) -> list[pulumi.Resource]:
        """A workload waits for the other objects listed before it (its ServiceAccount,
        RBAC, Secrets, ConfigMaps, Services): its pods would otherwise fail to start, or
        start without their configuration, while Pulumi creates those in parallel.
        It does not wait for an earlier workload, which Pulumi would await until ready."""
        return list(self._supporting) if obj["kind"] in WORKLOAD_KINDS else []

    def _in_namespace(self, obj: dict[str, Any]) -> dict[str, Any]:
        registered = self.namespaces.get(obj["metadata"].get("namespace"))
        if registered is None:
            return obj
        result = copy.copy(obj)
        result["metadata"] = {**obj["metadata"], "namespace": registered}
        return result
