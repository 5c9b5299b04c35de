"""The agent collector: a DaemonSet that reads every pod's log files on its node.

The kubelet writes container logs under /var/log/pods, owned by root and
readable by the root group (mode 0640 under containerd). The agent stays a
non-root user and joins group 0 as a supplementary group, which grants
read access to those files and nothing more; the host path is mounted
read-only.
"""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..model import StackModel
from . import containers, objects, rbac
from .collector import CONFIG_VOLUME, collector_env, hash_key_env
from .configs import config_text
from .meta import App, app
from .network import ingress_policy
from .security import COLLECTOR_UID, pod_security

LOGS_VOLUME = "pod-logs"
CHECKPOINT_VOLUME = "checkpoints"
ROOT_GROUP = 0


def agent_objects(model: StackModel) -> list[dict]:
    agent = app(model, "agent")
    configs = {paths.AGENT_CONFIG_FILE: config_text(model, paths.AGENT_CONFIG_FILE)}
    return [
        objects.service_account(agent, uses_api=True),
        *rbac.cluster_read_access(agent, rbac.POD_METADATA_RULES),
        objects.config_map(agent, agent.name, configs),
        objects.daemon_set(agent, objects.pod_template(agent, _pod_spec(agent), configs)),
        ingress_policy(agent, model),
    ]


def _pod_spec(agent: App) -> dict:
    volumes = [
        objects.config_volume(CONFIG_VOLUME, agent.name),
        {"name": LOGS_VOLUME, "hostPath": {"path": k8s.POD_LOGS_DIR, "type": "Directory"}},
        # Read offsets and the sending queue survive container restarts (a
        # crash, an OOM kill). A replaced pod (rollout, node drain) starts
        # afresh at the end of each file. A hostPath would outlive the pod, but
        # the kubelet creates it owned by root, unwritable for a non-root agent.
        objects.empty_dir(CHECKPOINT_VOLUME),
    ]
    return objects.pod_spec(
        agent,
        [_container(agent)],
        volumes,
        COLLECTOR_UID,
        uses_api=True,
        security=pod_security(COLLECTOR_UID, supplemental_groups=(ROOT_GROUP,)),
        # Every node runs applications whose logs matter, tainted ones included.
        tolerations=[{"operator": "Exists"}],
    )


def _container(agent: App) -> dict:
    mounts = [
        containers.mount(CONFIG_VOLUME, paths.COLLECTOR_CONFIG_DIR, read_only=True),
        containers.mount(LOGS_VOLUME, k8s.POD_LOGS_DIR, read_only=True),
        containers.mount(CHECKPOINT_VOLUME, k8s.AGENT_CHECKPOINT_DIR),
    ]
    ports = [
        containers.port("metrics", k8s.COLLECTOR_METRICS_PORT),
        containers.port("health", k8s.COLLECTOR_HEALTH_PORT),
    ]
    # The agent redacts like the gateway before logs leave the node, user-id
    # hashing included, so it needs the same HMAC key.
    env = [
        *collector_env(agent),
        containers.env_field(k8s.NODE_NAME_ENV, "spec.nodeName"),
        hash_key_env(),
    ]
    return containers.container(
        name="otelcol",
        image=agent.image,
        args=[f"--config={paths.COLLECTOR_CONFIG_DIR}/{paths.AGENT_CONFIG_FILE}"],
        ports=ports,
        settings=agent.settings,
        probes=containers.http_probes("/", "health"),
        mounts=mounts,
        env=env,
    )
