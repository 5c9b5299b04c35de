"""Collector configurations generated from the schema and stack settings.

`gateway_config`, `agent_config` and `router_config` return a collector's
YAML config as a plain dict; the manifests put it in a ConfigMap and the
tests run it through a real collector. Each takes an optional `Endpoints`
(where to listen, send and keep state); the default is the in-cluster one.
`gateway_config_comments` gives the sizing derivations to write above the
rendered gateway config, and `to_yaml` renders a config with them.
"""

from .agent import agent_config
from .endpoints import Endpoints, in_cluster
from .gateway import gateway_config, gateway_config_comments
from .rendering import to_yaml
from .router import router_config

__all__ = [
    "Endpoints",
    "agent_config",
    "gateway_config",
    "gateway_config_comments",
    "in_cluster",
    "router_config",
    "to_yaml",
]
