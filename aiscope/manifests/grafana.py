"""Grafana: provisioned data sources and dashboards, admin login from a Secret.

Grafana's own database lives on an emptyDir: everything it needs (data
sources, dashboards) is provisioned from ConfigMaps at every start, so a
new pod comes back identical and nothing needs a volume. What a restart
loses is what someone changed by hand in the UI, and provisioned objects
cannot be edited there anyway.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .. import artifacts
from ..conventions import backends as paths
from ..conventions import grafana as names
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import containers, objects
from .configs import config_text
from .meta import App, app
from .network import ingress_policy
from .secrets import secret
from .security import GRAFANA_UID

DATASOURCES_CONFIG_MAP = "grafana-datasources"
PROVIDERS_CONFIG_MAP = "grafana-dashboard-providers"
DASHBOARD_CONFIG_MAP_PREFIX = "grafana-dashboard-"

# Grafana settings that keep it quiet and self-contained: logs to stdout only
# (the root filesystem is read-only), no calls home.
SETTINGS_ENV = {
    "GF_LOG_MODE": "console",
    "GF_ANALYTICS_REPORTING_ENABLED": "false",
    "GF_ANALYTICS_CHECK_FOR_UPDATES": "false",
    "GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES": "false",
    "GF_USERS_ALLOW_SIGN_UP": "false",
}


def grafana_objects(model: StackModel) -> list[dict]:
    grafana = app(model, "grafana")
    provisioning = {
        paths.GRAFANA_DATASOURCES_FILE: config_text(model, paths.GRAFANA_DATASOURCES_FILE),
        paths.GRAFANA_PROVIDERS_FILE: config_text(model, paths.GRAFANA_PROVIDERS_FILE),
    }
    dashboards = dashboard_config_maps(model)
    loaded = {**provisioning, **_dashboard_files(model)}
    objects_ = [
        objects.service_account(grafana, uses_api=False),
        secret(grafana, k8s.GRAFANA_SECRET, {names.ADMIN_USER_KEY: names.ADMIN_USER}),
        _config_map(grafana, DATASOURCES_CONFIG_MAP, provisioning, paths.GRAFANA_DATASOURCES_FILE),
        _config_map(grafana, PROVIDERS_CONFIG_MAP, provisioning, paths.GRAFANA_PROVIDERS_FILE),
        *[objects.config_map(grafana, name, data) for name, data in dashboards.items()],
        objects.service(
            grafana,
            [objects.service_port("http", k8s.GRAFANA_PORT)],
            service_type=model.settings.exposure.service_type,
        ),
        _deployment(model, grafana, list(dashboards), loaded),
    ]
    if model.settings.exposure.ingress.enabled:
        objects_.append(_ingress(model, grafana))
    return objects_ + [ingress_policy(grafana, model)]


def dashboard_config_maps(model: StackModel) -> dict[str, dict[str, str]]:
    """One ConfigMap per dashboard, name -> data. A ConfigMap holds at most 1 MiB,
    and a single one for every dashboard would reach that sooner or later."""
    maps: dict[str, dict[str, str]] = {}
    for file, content in _dashboard_files(model).items():
        name = DASHBOARD_CONFIG_MAP_PREFIX + _slug(PurePosixPath(file).stem)
        if name in maps:
            raise ValueError(
                f"dashboard files {file!r} and {next(iter(maps[name]))!r} share {name}"
            )
        maps[name] = {file: content}
    return maps


def _dashboard_files(model: StackModel) -> dict[str, str]:
    return dict(sorted(artifacts.dashboard_files(model).items()))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _config_map(grafana: App, name: str, files: dict[str, str], file: str) -> dict:
    return objects.config_map(grafana, name, {file: files[file]})


def _deployment(model: StackModel, grafana: App, dashboards: list[str], loaded: dict) -> dict:
    volumes = [
        objects.empty_dir("data"),
        objects.empty_dir("tmp", "1Gi"),
        objects.config_volume("datasources", DATASOURCES_CONFIG_MAP),
        objects.config_volume("providers", PROVIDERS_CONFIG_MAP),
        _dashboards_volume(dashboards),
    ]
    spec = objects.pod_spec(
        grafana, [_container(model, grafana)], volumes, GRAFANA_UID, uses_api=False
    )
    template = objects.pod_template(grafana, spec, loaded)
    return objects.deployment(grafana, template, grafana.settings.replicas)


def _dashboards_volume(config_maps: list[str]) -> dict:
    """Every dashboard ConfigMap projected into one folder; an empty folder when the
    stack has no dashboards, so the provider always finds its path."""
    if not config_maps:
        return objects.empty_dir("dashboards")
    sources = [{"configMap": {"name": name}} for name in config_maps]
    return {"name": "dashboards", "projected": {"sources": sources}}


def _container(model: StackModel, grafana: App) -> dict:
    mounts = [
        containers.mount("data", paths.GRAFANA_DATA_DIR),
        containers.mount("tmp", "/tmp"),
        containers.mount("datasources", paths.GRAFANA_DATASOURCES_DIR, read_only=True),
        containers.mount("providers", paths.GRAFANA_PROVIDERS_DIR, read_only=True),
        containers.mount("dashboards", paths.GRAFANA_DASHBOARDS_DIR, read_only=True),
    ]
    return containers.container(
        name="grafana",
        image=grafana.image,
        args=[],
        ports=[containers.port("http", k8s.GRAFANA_PORT)],
        settings=grafana.settings,
        probes=containers.http_probes("/api/health", "http", startup_seconds=10),
        mounts=mounts,
        env=_env(model),
    )


def _env(model: StackModel) -> list[dict]:
    """The admin login comes from the Secret only: Grafana's built-in default
    password is never in effect."""
    env = [
        containers.env_secret("GF_SECURITY_ADMIN_USER", k8s.GRAFANA_SECRET, names.ADMIN_USER_KEY),
        containers.env_secret(
            "GF_SECURITY_ADMIN_PASSWORD", k8s.GRAFANA_SECRET, names.ADMIN_PASSWORD_KEY
        ),
        *[containers.env_value(name, value) for name, value in SETTINGS_ENV.items()],
    ]
    root_url = _root_url(model)
    if root_url:
        env.append(containers.env_value("GF_SERVER_ROOT_URL", root_url))
    return env


def _root_url(model: StackModel) -> str | None:
    """The address people reach Grafana at, for links in alerts and shared URLs."""
    ingress = model.settings.exposure.ingress
    if not (ingress.enabled and ingress.host):
        return None
    scheme = "https" if ingress.tls_secret_name else "http"
    return f"{scheme}://{ingress.host}/"


def _ingress(model: StackModel, grafana: App) -> dict:
    ingress = model.settings.exposure.ingress
    backend = {"service": {"name": grafana.name, "port": {"name": "http"}}}
    path = {"path": "/", "pathType": "Prefix", "backend": backend}
    spec: dict = {"rules": [{"host": ingress.host, "http": {"paths": [path]}}]}
    if ingress.class_name:
        spec["ingressClassName"] = ingress.class_name
    if ingress.tls_secret_name:
        spec["tls"] = [{"hosts": [ingress.host], "secretName": ingress.tls_secret_name}]
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": grafana.metadata(),
        "spec": spec,
    }
