"""Prometheus: scrapes the stack, receives OTLP and remote write, evaluates the rules."""

from __future__ import annotations

from .. import artifacts
from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import containers, objects, rbac, single_instance
from .configs import config_text
from .meta import App, app
from .network import ingress_policy
from .security import PROMETHEUS_UID

RULES_CONFIG_MAP = "prometheus-rules"
RULES_VOLUME = "rules"

# Receivers the collector (OTLP) and Tempo (remote write) push to; exemplars
# (trace ids on histogram samples) are kept; /-/reload is allowed.
FLAGS = (
    "--web.enable-otlp-receiver",
    "--web.enable-remote-write-receiver",
    "--enable-feature=exemplar-storage",
    "--web.enable-lifecycle",
)


def prometheus_objects(model: StackModel) -> list[dict]:
    prometheus = app(model, "prometheus")
    config = config_text(model, paths.PROMETHEUS_CONFIG_FILE)
    rules = dict(sorted(artifacts.rule_files(model).items()))
    # Rules are part of what the pod loads, so a rule change rolls the pod too.
    loaded = {paths.PROMETHEUS_CONFIG_FILE: config, **{f"rules/{k}": v for k, v in rules.items()}}
    rules_volume = objects.config_volume(RULES_VOLUME, RULES_CONFIG_MAP)
    return [
        objects.service_account(prometheus, uses_api=True),
        *rbac.namespace_read_access(prometheus, rbac.POD_DISCOVERY_RULES),
        objects.config_map(prometheus, prometheus.name, {paths.PROMETHEUS_CONFIG_FILE: config}),
        objects.config_map(prometheus, RULES_CONFIG_MAP, rules),
        objects.service(prometheus, [objects.service_port("http", k8s.PROMETHEUS_PORT)]),
        single_instance.stateful_set(
            prometheus,
            _container(prometheus),
            PROMETHEUS_UID,
            loaded,
            uses_api=True,  # pod discovery of scrape targets
            volumes=(rules_volume,),
        ),
        ingress_policy(prometheus, model),
    ]


def _container(prometheus: App) -> dict:
    args = [
        f"--config.file={paths.PROMETHEUS_CONFIG_DIR}/{paths.PROMETHEUS_CONFIG_FILE}",
        f"--storage.tsdb.path={paths.PROMETHEUS_DATA_DIR}",
        *FLAGS,
    ]
    mounts = [
        *single_instance.standard_mounts(paths.PROMETHEUS_CONFIG_DIR, paths.PROMETHEUS_DATA_DIR),
        containers.mount(RULES_VOLUME, paths.PROMETHEUS_RULES_DIR, read_only=True),
    ]
    return containers.container(
        name="prometheus",
        image=prometheus.image,
        args=args,
        ports=[containers.port("http", k8s.PROMETHEUS_PORT)],
        settings=prometheus.settings,
        probes=_probes(),
        mounts=mounts,
    )


def _probes() -> dict:
    """/-/healthy answers as soon as the process serves; /-/ready only once the
    write-ahead log is replayed, which can take minutes on a large volume."""
    probes = containers.http_probes("/-/ready", "http", startup_seconds=10)
    probes["livenessProbe"]["httpGet"]["path"] = "/-/healthy"
    probes["livenessProbe"]["initialDelaySeconds"] = 60
    return probes
