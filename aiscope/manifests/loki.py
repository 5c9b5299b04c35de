"""Loki: single binary, OTLP logs in from the gateway, queried by Grafana."""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import containers, objects, single_instance
from .configs import config_text
from .meta import App, app
from .network import ingress_policy
from .security import LOKI_UID


def loki_objects(model: StackModel) -> list[dict]:
    loki = app(model, "loki")
    configs = {paths.LOKI_CONFIG_FILE: config_text(model, paths.LOKI_CONFIG_FILE)}
    return [
        objects.service_account(loki, uses_api=False),
        objects.config_map(loki, loki.name, configs),
        objects.service(loki, [objects.service_port("http", k8s.LOKI_HTTP_PORT)]),
        single_instance.stateful_set(loki, _container(loki), LOKI_UID, configs),
        ingress_policy(loki, model),
    ]


def _container(loki: App) -> dict:
    ports = [
        containers.port("http", k8s.LOKI_HTTP_PORT),
        containers.port("grpc", paths.LOKI_GRPC_PORT),
    ]
    return containers.container(
        name="loki",
        image=loki.image,
        args=[f"-config.file={paths.LOKI_CONFIG_DIR}/{paths.LOKI_CONFIG_FILE}"],
        ports=ports,
        settings=loki.settings,
        # /ready fails until the ingester has joined its ring, about 15 seconds.
        probes=containers.http_probes("/ready", "http", startup_seconds=20),
        mounts=single_instance.standard_mounts(paths.LOKI_CONFIG_DIR, paths.LOKI_DATA_DIR),
    )
