"""Tempo: monolithic (`-target=all`), OTLP in from the gateway, queried by Grafana."""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import containers, objects, single_instance
from .configs import config_text
from .meta import App, app
from .network import ingress_policy
from .security import TEMPO_UID


def tempo_objects(model: StackModel) -> list[dict]:
    tempo = app(model, "tempo")
    configs = {paths.TEMPO_CONFIG_FILE: config_text(model, paths.TEMPO_CONFIG_FILE)}
    service_ports = [
        objects.service_port("http", k8s.TEMPO_HTTP_PORT),
        objects.service_port("otlp-grpc", k8s.OTLP_GRPC_PORT),
        objects.service_port("otlp-http", k8s.OTLP_HTTP_PORT),
    ]
    return [
        objects.service_account(tempo, uses_api=False),
        objects.config_map(tempo, tempo.name, configs),
        objects.service(tempo, service_ports),
        single_instance.stateful_set(tempo, _container(tempo), TEMPO_UID, configs),
        ingress_policy(tempo, model),
    ]


def _container(tempo: App) -> dict:
    ports = [
        containers.port("http", k8s.TEMPO_HTTP_PORT),
        containers.port("grpc", k8s.TEMPO_GRPC_PORT),
        containers.port("otlp-grpc", k8s.OTLP_GRPC_PORT),
        containers.port("otlp-http", k8s.OTLP_HTTP_PORT),
    ]
    return containers.container(
        name="tempo",
        image=tempo.image,
        args=[f"-config.file={paths.TEMPO_CONFIG_DIR}/{paths.TEMPO_CONFIG_FILE}", "-target=all"],
        ports=ports,
        settings=tempo.settings,
        # /ready fails until the ingester has joined its ring, about 15 seconds.
        probes=containers.http_probes("/ready", "http", startup_seconds=20),
        mounts=single_instance.standard_mounts(paths.TEMPO_CONFIG_DIR, paths.TEMPO_DATA_DIR),
    )
