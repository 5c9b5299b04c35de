"""The generated config files, as the text the ConfigMaps carry and `render` writes.

One table maps each file name (from conventions.backends) to the generator
that produces it, so a ConfigMap and the file under `<out>/config/` can
never differ.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import backends
from ..collector import agent_config, gateway_config, gateway_config_comments, router_config
from ..conventions import backends as files
from ..model import StackModel
from .meta import router_enabled
from .yaml_text import dump

GENERATORS: dict[str, Callable[[StackModel], dict]] = {
    files.GATEWAY_CONFIG_FILE: gateway_config,
    files.ROUTER_CONFIG_FILE: router_config,
    files.AGENT_CONFIG_FILE: agent_config,
    files.TEMPO_CONFIG_FILE: backends.tempo_config,
    files.LOKI_CONFIG_FILE: backends.loki_config,
    files.PROMETHEUS_CONFIG_FILE: backends.prometheus_config,
    files.GRAFANA_DATASOURCES_FILE: backends.grafana_datasources,
    files.GRAFANA_PROVIDERS_FILE: backends.grafana_dashboard_providers,
}


# Comment lines written above a config: the gateway's sizing derivations
# (memory limiter, tail-sampling memory estimate, queues, series bound).
COMMENTS: dict[str, Callable[[StackModel], list[str]]] = {
    files.GATEWAY_CONFIG_FILE: gateway_config_comments,
}


def config_text(model: StackModel, file: str) -> str:
    comments = COMMENTS[file](model) if file in COMMENTS else []
    return "".join(f"# {line}\n" for line in comments) + dump(GENERATORS[file](model))


def config_files(model: StackModel) -> dict[str, str]:
    """File name -> YAML text of every config the stack deploys."""
    names = [name for name in GENERATORS if _deployed(model, name)]
    return {name: config_text(model, name) for name in names}


def _deployed(model: StackModel, file: str) -> bool:
    return file != files.ROUTER_CONFIG_FILE or router_enabled(model)
