"""Register a plain Kubernetes object (a camelCase dict) as a pulumi_kubernetes resource.

Each object is registered under the type token of its pulumi_kubernetes class
(`kubernetes:apps/v1:StatefulSet`) with its own camelCase fields as inputs,
which is exactly what that class would send the engine. So the Kubernetes
provider handles it the same way: `pulumi preview` shows a per-field diff,
readiness is awaited, and Pulumi's mocks record the same inputs (the tests
compare them with `aiscope render`). Secret data is marked secret here, as
the typed Secret class marks it, so it is encrypted in the state.

Why not instantiate the typed classes: importing one loads every input and
output type of its API group, about 0.4 s for the six groups the stack uses,
more than all of aiscope's own work, and every `pulumi preview` pays it. The
typed classes' argument checks are covered instead by validating every
generated object against the Kubernetes OpenAPI schemas in the tests.
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any

import pulumi
from pulumi_kubernetes import _utilities

from aiscope.errors import AiscopeError

# Fields the API server owns; never sent.
_SERVER_FIELDS = frozenset({"status"})

# What the typed Secret class marks as secret in the state.
_SECRET_FIELDS = {"Secret": ["data", "stringData"]}


class UnsupportedObjectError(AiscopeError):
    """A generated object has no pulumi_kubernetes resource type.

    This is a bug in a generator, not a user's mistake: the message names the object.
    """


class KubernetesObject(pulumi.CustomResource):
    """One Kubernetes object, registered under its pulumi_kubernetes type token."""

    def __init__(self, logical_name: str, obj: dict[str, Any], opts: pulumi.ResourceOptions):
        token = type_token(obj["apiVersion"], obj["kind"])
        inputs = {field: value for field, value in obj.items() if field not in _SERVER_FIELDS}
        secret_fields = _SECRET_FIELDS.get(obj["kind"], [])
        for field in secret_fields:
            if field in inputs:
                inputs[field] = pulumi.Output.secret(inputs[field])

        defaults = _utilities.get_resource_opts_defaults()
        secrets = pulumi.ResourceOptions(additional_secret_outputs=secret_fields)
        super().__init__(
            token, logical_name, inputs, pulumi.ResourceOptions.merge(defaults, opts).merge(secrets)
        )


def logical_name(owner: str, obj: dict[str, Any]) -> str:
    """A stable, unique Pulumi name: the owning component, the kind, the object's name.

    The kind is part of it because a Service and a StatefulSet usually share
    a name, and renaming a logical name makes Pulumi replace the object.
    """
    return f"{owner}-{obj['kind'].lower()}-{obj['metadata']['name']}"


@functools.cache
def type_token(api_version: str, kind: str) -> str:
    """`apps/v1`, `StatefulSet` -> `kubernetes:apps/v1:StatefulSet` (core is `core/v1`).

    The installed pulumi_kubernetes must have a class for the kind (looked up
    as a file, without importing it), so a generator that emits a kind the
    provider does not know fails here with its name, not in the cluster.
    """
    group_version = api_version if "/" in api_version else f"core/{api_version}"
    source = module_name(api_version).replace(".", "/") + f"/{kind}.py"
    if (
        not importlib.resources.files("pulumi_kubernetes")
        .joinpath(source.removeprefix("pulumi_kubernetes/"))
        .is_file()
    ):
        raise UnsupportedObjectError(
            f"no pulumi_kubernetes resource for kind {kind!r} of apiVersion {api_version!r} "
            f"(looked for {module_name(api_version)}.{kind})"
        )
    return f"kubernetes:{group_version}:{kind}"


def module_name(api_version: str) -> str:
    """pulumi_kubernetes module of an apiVersion: `v1` is core, `rbac.authorization.k8s.io/v1`
    is rbac.v1 (the package is named after the first label of the API group)."""
    group, _, version = api_version.rpartition("/")
    package = group.split(".")[0] if group else "core"
    return f"pulumi_kubernetes.{package}.{version}"
