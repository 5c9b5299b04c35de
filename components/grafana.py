"""Grafana, with its data sources, dashboards and admin Secret."""

from __future__ import annotations

import pulumi

from aiscope.conventions import endpoints

from .unit import DeployableUnit, UnitArgs


class GrafanaArgs(UnitArgs):
    url: str
    """Where people open Grafana: the Ingress URL when one is enabled, else in-cluster."""


class Grafana(DeployableUnit):
    def __init__(
        self, name: str, args: GrafanaArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiscope:k8s:Grafana", name, args, opts)
        self.url = pulumi.Output.from_input(args["url"])
        self.register_outputs({endpoints.URL_OUTPUT: self.url})
