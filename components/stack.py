"""The whole observability stack as one Pulumi component.

It asks `aiscope.manifests` for every unit's Kubernetes objects (the same
call `aiscope render` makes, so the YAML a reviewer reads is what gets
deployed) and hands each list to the unit's component, in order: a unit
registered later may need the Namespace an earlier one registered.
A Kubernetes provider passed in `opts` (`providers={"kubernetes": ...}`)
reaches every object, because every object's parent chain leads here.
"""

from __future__ import annotations

from typing import TypedDict

import pulumi

from aiscope.conventions import endpoints
from aiscope.manifests import build_objects
from aiscope.model import StackModel

from .collector import Collector, CollectorAgent
from .grafana import Grafana
from .loki import Loki
from .namespace import Namespace
from .prometheus import Prometheus
from .tempo import Tempo
from .unit import DeployableUnit

# The component of each key of `build_objects`.
UNITS: dict[str, type[DeployableUnit]] = {
    "namespace": Namespace,
    "collector": Collector,
    "agent": CollectorAgent,
    "tempo": Tempo,
    "loki": Loki,
    "prometheus": Prometheus,
    "grafana": Grafana,
}


class ObservabilityStackArgs(TypedDict):
    model: StackModel
    """The validated schema and settings of the stack being deployed."""
    secrets: dict[str, pulumi.Input[str]]
    """Secret values by SecretSpec key (`grafanaAdminPassword`), as Pulumi secret Outputs."""


class ObservabilityStack(pulumi.ComponentResource):
    """Collector, Tempo, Loki, Prometheus and Grafana in one namespace."""

    def __init__(
        self,
        name: str,
        args: ObservabilityStackArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("aiscope:k8s:ObservabilityStack", name, None, opts)
        model = args["model"]
        self.units = self._register_units(name, model, args["secrets"])

        collector = self.units["collector"]
        self.otlp_grpc_endpoint: pulumi.Output[str] = collector.otlp_grpc_endpoint
        self.otlp_http_endpoint: pulumi.Output[str] = collector.otlp_http_endpoint
        self.grafana_url: pulumi.Output[str] = self.units["grafana"].url
        self.register_outputs(
            {
                endpoints.OTLP_GRPC_OUTPUT: self.otlp_grpc_endpoint,
                endpoints.OTLP_HTTP_OUTPUT: self.otlp_http_endpoint,
                endpoints.GRAFANA_URL_OUTPUT: self.grafana_url,
            }
        )

    def _register_units(
        self, name: str, model: StackModel, secrets: dict[str, pulumi.Input[str]]
    ) -> dict[str, DeployableUnit]:
        units: dict[str, DeployableUnit] = {}
        namespaces: dict[str, pulumi.Input[str]] = {}
        for key, objects in build_objects(model).items():
            args = {
                "objects": objects,
                "namespace": model.namespace,
                "namespaces": namespaces,
                "secrets": secrets,
            }
            if key == "grafana":
                args["url"] = _grafana_url(model)

            unit = _unit_class(key)(f"{name}-{key}", args, pulumi.ResourceOptions(parent=self))
            namespaces = unit.namespaces
            units[key] = unit
        return units


def _unit_class(key: str) -> type[DeployableUnit]:
    if key not in UNITS:
        raise KeyError(f"aiscope.manifests returned objects for {key!r}, which has no component")
    return UNITS[key]


def _grafana_url(model: StackModel) -> str:
    ingress = model.settings.exposure.ingress
    host = ingress.host if ingress.enabled else None
    return endpoints.grafana_url(model.namespace, host, tls=bool(ingress.tls_secret_name))
