"""Kubernetes Secrets, and how `pulumi up` fills in the values `render` leaves out.

`build_objects` never sees a secret value: each Secret carries, under
`stringData`, the placeholder of the `aiscope.secrets.SecretSpec` it stands
for. `SECRET_FIELDS` names every such field as `(kind, name, key) -> spec`.
The Pulumi components swap the placeholder for the Pulumi secret output:

    values = {spec.key: config.require_secret(spec.key) for spec in SECRETS}
    obj = with_secret_values(obj, values)   # the same dict, placeholders replaced

`with_secret_values` accepts any value type (a Pulumi Output included) and
leaves objects without secret fields untouched, so it can run over every
object; `aiscope render` writes the placeholders as they are.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ..conventions import grafana as grafana_names
from ..conventions import kubernetes as k8s
from ..secrets import GRAFANA_ADMIN_PASSWORD, USER_ID_HASH_KEY, SecretSpec
from .meta import App

SECRET_FIELDS: dict[tuple[str, str, str], SecretSpec] = {
    ("Secret", k8s.COLLECTOR_SECRET, k8s.COLLECTOR_SECRET_HASH_KEY): USER_ID_HASH_KEY,
    ("Secret", k8s.GRAFANA_SECRET, grafana_names.ADMIN_PASSWORD_KEY): GRAFANA_ADMIN_PASSWORD,
}


def secret(app: App, name: str, plain: Mapping[str, str] | None = None) -> dict:
    """A Secret named `name` whose secret fields hold placeholders; `plain` adds fields
    that are not secret (a user name) so the workload reads them from one place."""
    data = dict(plain or {})
    for (kind, secret_name, key), spec in SECRET_FIELDS.items():
        if kind == "Secret" and secret_name == name:
            data[key] = spec.placeholder
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": app.metadata(name),
        "type": "Opaque",
        "stringData": data,
    }


def secret_fields(obj: Mapping[str, Any]) -> dict[str, SecretSpec]:
    """The keys of `obj`'s stringData that carry a secret, with their specs."""
    name = obj.get("metadata", {}).get("name")
    return {
        key: spec
        for (kind, secret_name, key), spec in SECRET_FIELDS.items()
        if kind == obj.get("kind") and secret_name == name
    }


def with_secret_values(obj: Mapping[str, Any], values: Mapping[str, Any]) -> dict:
    """A copy of `obj` with each placeholder replaced by `values[spec.key]`.

    Raises KeyError naming the secret when `values` lacks one the object needs.
    """
    filled = copy.deepcopy(dict(obj))
    for key, spec in secret_fields(obj).items():
        if spec.key not in values:
            raise KeyError(f"no value for the secret {spec.config_key} ({spec.purpose})")
        filled["stringData"][key] = values[spec.key]
    return filled
