"""Prometheus, which receives the collector's metrics over OTLP and evaluates the rules."""

from __future__ import annotations

import pulumi

from aiscope.conventions import endpoints

from .unit import DeployableUnit, UnitArgs


class Prometheus(DeployableUnit):
    def __init__(
        self, name: str, args: UnitArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiscope:k8s:Prometheus", name, args, opts)
        self.url = pulumi.Output.from_input(endpoints.backend_url("prometheus", args["namespace"]))
        self.register_outputs({endpoints.URL_OUTPUT: self.url})
