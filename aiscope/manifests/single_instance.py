"""What Tempo, Loki and Prometheus share: one pod, its data on its own volume.

Each runs as a single instance (monolithic Tempo, single-binary Loki, one
Prometheus). A second replica would not share the first one's data: the
collector would split writes between two stores and queries would see
half. So these StatefulSets always have one replica, whatever
`components.<name>.replicas` says; scaling them out means moving to their
distributed modes, which this stack does not deploy.
"""

from __future__ import annotations

import logging

from . import containers, objects
from .meta import App

log = logging.getLogger(__name__)

DATA_VOLUME = "data"
CONFIG_VOLUME = "config"
TMP_VOLUME = "tmp"
TMP_SIZE = "1Gi"


def stateful_set(
    app: App,
    container: dict,
    uid: int,
    configs: dict[str, str],
    uses_api: bool = False,
    volumes: tuple[dict, ...] = (),
) -> dict:
    """The workload's StatefulSet; `container` must mount DATA_VOLUME and CONFIG_VOLUME,
    and may mount `volumes` besides."""
    if app.settings.replicas != 1:
        log.warning(
            "%s runs as one instance; ignoring replicas=%d", app.name, app.settings.replicas
        )
    claims, data = objects.data_volume(app, DATA_VOLUME)
    all_volumes = [
        objects.config_volume(CONFIG_VOLUME, app.name),
        # The root filesystem is read-only; scratch files go here.
        objects.empty_dir(TMP_VOLUME, TMP_SIZE),
        *data,
        *volumes,
    ]
    spec = objects.pod_spec(app, [container], all_volumes, uid, uses_api=uses_api)
    template = objects.pod_template(app, spec, configs)
    return objects.stateful_set(app, template, app.name, claims)


def standard_mounts(config_dir: str, data_dir: str) -> list[dict]:
    return [
        containers.mount(CONFIG_VOLUME, config_dir, read_only=True),
        containers.mount(DATA_VOLUME, data_dir),
        containers.mount(TMP_VOLUME, "/tmp"),
    ]
