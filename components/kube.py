"""Turn a plain Kubernetes object (a camelCase dict) into its typed pulumi_kubernetes resource.

Typed resources (`pulumi_kubernetes.apps.v1.StatefulSet`, ...) give a per-field
diff in `pulumi preview`, mark Secret data as secret, and stay visible to
Pulumi's mocks, which is how the tests compare them with `aiscope render`.
They accept the nested camelCase dicts as they are; only the top-level fields
become keyword arguments, in snake_case.

The resource class is found from apiVersion and kind, and its package is
imported only when an object needs it: each pulumi_kubernetes API package
takes a noticeable fraction of a second to import, and most are never used.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from typing import Any

import pulumi

from aiscope.errors import AiscopeError

# Top-level fields every typed resource sets itself, or that the API server owns.
_NOT_ARGUMENTS = frozenset({"apiVersion", "kind", "status"})


class UnsupportedObjectError(AiscopeError):
    """A generated object has no typed pulumi_kubernetes resource, or a field it does not take.

    This is a bug in a generator, not a user's mistake: the message names the object.
    """


def typed_resource(
    logical_name: str, obj: dict[str, Any], opts: pulumi.ResourceOptions
) -> pulumi.CustomResource:
    """Create the typed resource for `obj`, registered under `logical_name`."""
    resource_class = class_for(obj["apiVersion"], obj["kind"])
    arguments = keyword_arguments(resource_class, obj)
    return resource_class(logical_name, opts=opts, **arguments)


def logical_name(owner: str, obj: dict[str, Any]) -> str:
    """A stable, unique Pulumi name: the owning component, the kind, the object's name.

    The kind is part of it because a Service and a StatefulSet usually share
    a name, and renaming a logical name makes Pulumi replace the object.
    """
    return f"{owner}-{obj['kind'].lower()}-{obj['metadata']['name']}"


@functools.cache
def class_for(api_version: str, kind: str) -> type[pulumi.CustomResource]:
    """The pulumi_kubernetes class of an apiVersion and kind, e.g. apps/v1 StatefulSet."""
    path = module_name(api_version)
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError:
        module = None

    resource_class = getattr(module, kind, None)
    if not (inspect.isclass(resource_class) and issubclass(resource_class, pulumi.CustomResource)):
        raise UnsupportedObjectError(
            f"no typed pulumi_kubernetes resource for kind {kind!r} of apiVersion "
            f"{api_version!r} (looked for {path}.{kind})"
        )
    return resource_class


def keyword_arguments(resource_class: type, obj: dict[str, Any]) -> dict[str, Any]:
    """The object's top-level fields as keyword arguments (stringData -> string_data)."""
    accepted = _accepted_arguments(resource_class)
    arguments = {}
    for field, value in obj.items():
        if field in _NOT_ARGUMENTS:
            continue
        argument = _snake_case(field)
        if argument not in accepted:
            raise UnsupportedObjectError(
                f"{obj['kind']} {obj['metadata'].get('name')!r}: field {field!r} is not an "
                f"argument of {module_name(obj['apiVersion'])}.{obj['kind']}"
            )
        arguments[argument] = value
    return arguments


def module_name(api_version: str) -> str:
    """pulumi_kubernetes module of an apiVersion: `v1` is core, `rbac.authorization.k8s.io/v1`
    is rbac.v1 (the package is named after the first label of the API group)."""
    group, _, version = api_version.rpartition("/")
    package = group.split(".")[0] if group else "core"
    return f"pulumi_kubernetes.{package}.{version}"


@functools.cache
def _accepted_arguments(resource_class: type) -> frozenset[str]:
    # The generated classes take **kwargs in __init__ and spell the real
    # arguments out in _internal_init.
    parameters = inspect.signature(resource_class._internal_init).parameters
    return frozenset(parameters) - {"resource_name", "opts", "__props__", "__self__"}


def _snake_case(field: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower()
