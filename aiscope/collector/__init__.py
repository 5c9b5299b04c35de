"""Collector configurations generated from the schema and stack settings.

`gateway_config` and `agent_config` return the collector's YAML config as a
plain dict; the manifests put it in a ConfigMap and the tests run it
through a real collector.
"""

from .agent import agent_config
from .gateway import gateway_config
from .router import router_config

__all__ = ["agent_config", "gateway_config", "router_config"]
