"""The collector's gateway tier, and the router tier in front of it past one replica.

Read the topology in conventions/kubernetes.py. The gateway is a
StatefulSet so each pod keeps its persistent export queue on its own
volume across restarts. Three Services select gateway pods:

- the headless Service: the StatefulSet's governing Service, and the list
  of pods the router hashes trace ids over;
- `otel-gateway`: where the agent (and the router, for logs and metrics) send;
- `otel-collector` (only without a router): where applications send.
  With a router, that Service selects the router pods instead.
"""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import containers, objects, rbac
from .configs import config_text
from .meta import App, app, router_enabled
from .network import ingress_policy
from .secrets import secret
from .security import COLLECTOR_UID

ROUTER_REPLICAS = 2
HPA_CPU_UTILIZATION = 70
CONFIG_VOLUME = "config"
QUEUE_VOLUME = "queue"


def collector_objects(model: StackModel) -> list[dict]:
    gateway = app(model, "collector")
    objects_ = gateway_objects(model, gateway)
    if router_enabled(model):
        objects_ += router_objects(model, app(model, "collector", k8s.ROUTER))
    return objects_


def gateway_objects(model: StackModel, gateway: App) -> list[dict]:
    configs = {paths.GATEWAY_CONFIG_FILE: config_text(model, paths.GATEWAY_CONFIG_FILE)}
    replicas = gateway.settings.replicas
    objects_ = [
        objects.service_account(gateway, uses_api=True),
        *rbac.cluster_read_access(gateway, rbac.POD_METADATA_RULES),
        secret(gateway, k8s.COLLECTOR_SECRET),
        objects.config_map(gateway, gateway.name, configs),
        *_gateway_services(model, gateway),
        _gateway_stateful_set(gateway, configs),
    ]
    if replicas > 1:
        objects_ += [_autoscaler(gateway), objects.disruption_budget(gateway)]
    return objects_ + [ingress_policy(gateway, model)]


def router_objects(model: StackModel, router: App) -> list[dict]:
    configs = {paths.ROUTER_CONFIG_FILE: config_text(model, paths.ROUTER_CONFIG_FILE)}
    container = _collector_container(router, paths.ROUTER_CONFIG_FILE, [])
    spec = objects.pod_spec(
        router, [container], [_config_volume(router)], COLLECTOR_UID, uses_api=True
    )
    template = objects.pod_template(router, spec, configs)
    return [
        objects.service_account(router, uses_api=True),
        *rbac.namespace_read_access(router, rbac.ENDPOINT_SLICE_RULES),
        objects.config_map(router, router.name, configs),
        objects.service(router, otlp_service_ports(), name=k8s.COLLECTOR_SERVICE),
        objects.deployment(router, template, ROUTER_REPLICAS),
        objects.disruption_budget(router),
        ingress_policy(router, model),
    ]


def otlp_service_ports() -> list[dict]:
    return [
        objects.service_port("otlp-grpc", k8s.OTLP_GRPC_PORT),
        objects.service_port("otlp-http", k8s.OTLP_HTTP_PORT),
    ]


def _gateway_services(model: StackModel, gateway: App) -> list[dict]:
    services = [
        objects.service(gateway, otlp_service_ports(), name=k8s.GATEWAY_HEADLESS, headless=True),
        objects.service(gateway, otlp_service_ports()),
    ]
    if not router_enabled(model):
        services.append(objects.service(gateway, otlp_service_ports(), name=k8s.COLLECTOR_SERVICE))
    return services


def _gateway_stateful_set(gateway: App, configs: dict[str, str]) -> dict:
    mounts = [containers.mount(QUEUE_VOLUME, k8s.COLLECTOR_QUEUE_DIR)]
    container = _collector_container(gateway, paths.GATEWAY_CONFIG_FILE, mounts, [hash_key_env()])
    claims, queue = objects.data_volume(gateway, QUEUE_VOLUME)
    volumes = [_config_volume(gateway), *queue]

    spec = objects.pod_spec(gateway, [container], volumes, COLLECTOR_UID, uses_api=True)
    template = objects.pod_template(gateway, spec, configs)
    return objects.stateful_set(
        gateway, template, k8s.GATEWAY_HEADLESS, claims, gateway.settings.replicas
    )


def _collector_container(
    workload: App, config_file: str, mounts: list[dict], env: list[dict] | None = None
) -> dict:
    """A collector container: its config file, OTLP in, self-metrics and health out."""
    ports = [
        containers.port("otlp-grpc", k8s.OTLP_GRPC_PORT),
        containers.port("otlp-http", k8s.OTLP_HTTP_PORT),
        containers.port("metrics", k8s.COLLECTOR_METRICS_PORT),
        containers.port("health", k8s.COLLECTOR_HEALTH_PORT),
    ]
    config_mount = containers.mount(CONFIG_VOLUME, paths.COLLECTOR_CONFIG_DIR, read_only=True)
    return containers.container(
        name="otelcol",
        image=workload.image,
        args=[f"--config={paths.COLLECTOR_CONFIG_DIR}/{config_file}"],
        ports=ports,
        settings=workload.settings,
        probes=containers.http_probes("/", "health"),
        mounts=[config_mount, *mounts],
        env=[*collector_env(workload), *(env or [])],
    )


def collector_env(workload: App) -> list[dict]:
    """What every collector config may reference: its pod IP, and a Go memory limit
    below the container's so the runtime collects garbage before the kernel kills it."""
    return [
        containers.env_field(k8s.POD_IP_ENV, "status.podIP"),
        containers.go_memory_limit(workload.settings),
    ]


def hash_key_env() -> dict:
    """The key that hashes user ids, from the Secret: it never appears in a ConfigMap."""
    return containers.env_secret(
        k8s.USER_ID_HASH_KEY_ENV, k8s.COLLECTOR_SECRET, k8s.COLLECTOR_SECRET_HASH_KEY
    )


def _config_volume(workload: App) -> dict:
    return objects.config_volume(CONFIG_VOLUME, workload.name)


def _autoscaler(gateway: App) -> dict:
    """More gateway pods under CPU pressure, never fewer than configured.

    The StatefulSet keeps its configured replica count as the floor; the
    router's hash ring follows the pods as they come and go.
    """
    replicas = gateway.settings.replicas
    cpu = {"type": "Utilization", "averageUtilization": HPA_CPU_UTILIZATION}
    spec = {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": gateway.name},
        "minReplicas": replicas,
        "maxReplicas": 2 * replicas,
        "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": cpu}}],
    }
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": gateway.metadata(),
        "spec": spec,
    }
