"""The OpenTelemetry Collector: the gateway tier (with its router) and the node agent.

They are two deployable units because they scale differently: the gateway
(and, past one replica, the router in front of it) by load, the agent with
the number of nodes, as a DaemonSet.
"""

from __future__ import annotations

import pulumi

from aiscope.conventions import endpoints

from .unit import DeployableUnit, UnitArgs


class Collector(DeployableUnit):
    """The gateway StatefulSet, the router when there is one, their Services and config."""

    def __init__(
        self, name: str, args: UnitArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiscope:k8s:Collector", name, args, opts)
        self.otlp_grpc_endpoint = pulumi.Output.from_input(
            endpoints.otlp_grpc_endpoint(args["namespace"])
        )
        self.otlp_http_endpoint = pulumi.Output.from_input(
            endpoints.otlp_http_endpoint(args["namespace"])
        )
        self.register_outputs(
            {
                endpoints.OTLP_GRPC_OUTPUT: self.otlp_grpc_endpoint,
                endpoints.OTLP_HTTP_OUTPUT: self.otlp_http_endpoint,
            }
        )


class CollectorAgent(DeployableUnit):
    """The DaemonSet that reads pod logs on every node and forwards them to the gateway."""

    def __init__(
        self, name: str, args: UnitArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("aiscope:k8s:CollectorAgent", name, args, opts)
        self.register_outputs({})
