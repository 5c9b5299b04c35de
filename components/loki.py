"""Loki, the log store the collector exports logs to."""

from __future__ import annotations

import pulumi

from aiscope.conventions import endpoints

from .unit import DeployableUnit, UnitArgs


class Loki(DeployableUnit):
    def __init__(
        self, name: str, args: UnitArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiscope:k8s:Loki", name, args, opts)
        self.url = pulumi.Output.from_input(endpoints.backend_url("loki", args["namespace"]))
        self.register_outputs({endpoints.URL_OUTPUT: self.url})
