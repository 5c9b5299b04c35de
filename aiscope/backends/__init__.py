"""Configs of the storage and query backends, generated from a stack's model.

Each function returns the backend's own config file as a plain dict; the
manifests put its YAML into a ConfigMap and `aiscope render` writes it
under `<out>/config/`. Tempo, Loki and Grafana cannot run on our build
machines, so their configs are checked against golden files and by
structure; the Prometheus config goes through the real promtool.
"""

from .grafana import grafana_dashboard_providers, grafana_datasources
from .loki import loki_config
from .prometheus import prometheus_config
from .tempo import tempo_config

__all__ = [
    "grafana_dashboard_providers",
    "grafana_datasources",
    "loki_config",
    "prometheus_config",
    "tempo_config",
]
