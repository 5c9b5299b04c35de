"""The namespace every other unit deploys into, with its namespace-wide policies.

It is registered first: the other units take the namespace name from this
unit's Namespace resource, so Pulumi creates it before anything inside it.
"""

from __future__ import annotations

import pulumi

from .unit import DeployableUnit, UnitArgs


class Namespace(DeployableUnit):
    def __init__(
        self, name: str, args: UnitArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiscope:k8s:Namespace", name, args, opts)
        self.register_outputs({"name": self.namespaces.get(args["namespace"], args["namespace"])})
