"""The stack's Kubernetes objects, as plain dicts in Kubernetes camelCase.

`build_objects(model)` is the one source of every object: `aiscope render`
writes it as YAML and the Pulumi components register it. It returns
component key -> that component's objects in apply order (ServiceAccounts,
RBAC and Secrets before ConfigMaps, Services before workloads). The first
key, `namespace`, holds the Namespace itself and the namespace-wide
default-deny NetworkPolicy, which everything else depends on; the others
are the deployable units of `settings.components`:

    namespace, collector (gateway, plus router past one replica), agent,
    tempo, loki, prometheus, grafana

Secrets carry placeholders; see `aiscope.manifests.secrets` for how the
Pulumi program fills them in.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable

from ..model import StackModel
from .agent import agent_objects
from .collector import collector_objects
from .configs import config_files
from .grafana import grafana_objects
from .loki import loki_objects
from .namespace import namespace_objects
from .prometheus import prometheus_objects
from .secrets import SECRET_FIELDS, secret_fields, with_secret_values
from .tempo import tempo_objects

log = logging.getLogger(__name__)

BUILDERS: dict[str, Callable[[StackModel], list[dict]]] = {
    "namespace": namespace_objects,
    "collector": collector_objects,
    "agent": agent_objects,
    "tempo": tempo_objects,
    "loki": loki_objects,
    "prometheus": prometheus_objects,
    "grafana": grafana_objects,
}
COMPONENT_KEYS: tuple[str, ...] = tuple(BUILDERS)


def build_objects(model: StackModel) -> dict[str, list[dict]]:
    """Component key -> its Kubernetes objects, in apply order; see the module docstring."""
    built = {key: builder(model) for key, builder in BUILDERS.items()}
    log.info("built %d objects for stack %s", sum(map(len, built.values())), model.stack)
    # Builders share small constants (label maps, peer lists); give every
    # object its own copy so a caller may change one without touching another.
    return copy.deepcopy(built)


__all__ = [
    "COMPONENT_KEYS",
    "SECRET_FIELDS",
    "build_objects",
    "config_files",
    "secret_fields",
    "with_secret_values",
]
