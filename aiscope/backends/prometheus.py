"""Prometheus 3.14: scrape jobs, rule files, retention and OTLP ingestion.

Prometheus 3 reads retention from the config file (the command-line flags
are deprecated) and accepts pushes from the collector (OTLP) and from
Tempo's metrics generator (remote write); both may arrive late, hence the
out-of-order window.
"""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import kubernetes as k8s
from ..conventions import telemetry
from ..model import StackModel

SCRAPE_INTERVAL = "15s"
OUT_OF_ORDER_WINDOW = "10m"

# Workloads scraped through Kubernetes pod discovery: job name -> the port
# their metrics are served on. The job is named after the workload.
POD_SCRAPE_TARGETS: dict[str, int] = {
    k8s.GATEWAY: k8s.COLLECTOR_METRICS_PORT,
    k8s.ROUTER: k8s.COLLECTOR_METRICS_PORT,
    k8s.AGENT: k8s.COLLECTOR_METRICS_PORT,
    k8s.TEMPO: k8s.TEMPO_HTTP_PORT,
    k8s.LOKI: k8s.LOKI_HTTP_PORT,
    k8s.GRAFANA: k8s.GRAFANA_PORT,
}


def prometheus_config(model: StackModel) -> dict:
    return {
        "global": {
            "scrape_interval": SCRAPE_INTERVAL,
            "evaluation_interval": model.settings.alerting.evaluation_interval,
        },
        "rule_files": list(paths.PROMETHEUS_RULE_GLOBS),
        "scrape_configs": [_self_scrape(), *_pod_scrapes(model)],
        "storage": {"tsdb": _tsdb(model)},
        "otlp": _otlp(),
    }


def _tsdb(model: StackModel) -> dict:
    return {
        "retention": {"time": model.settings.retention.metrics},
        "out_of_order_time_window": OUT_OF_ORDER_WINDOW,
    }


def _otlp() -> dict:
    # Environment and region become labels of every pushed series, so alerts
    # can group by them; the identifying attributes stay on target_info too.
    return {
        "promote_resource_attributes": list(telemetry.PROMOTED_RESOURCE_ATTRIBUTES),
        "keep_identifying_resource_attributes": True,
    }


def _self_scrape() -> dict:
    target = f"localhost:{k8s.PROMETHEUS_PORT}"
    return {"job_name": k8s.PROMETHEUS, "static_configs": [{"targets": [target]}]}


def _pod_scrapes(model: StackModel) -> list[dict]:
    return [_pod_scrape(model, job, port) for job, port in POD_SCRAPE_TARGETS.items()]


def _pod_scrape(model: StackModel, job: str, port: int) -> dict:
    """Every pod of one workload, at its metrics port, found through the API.

    Pod discovery yields one target per declared container port; only the
    metrics port is kept. Limiting discovery to the stack's namespace lets a
    namespaced Role grant it.
    """
    labels = paths.workload_selector(job, model.stack)
    selector = ",".join(f"{key}={value}" for key, value in labels.items())
    return {
        "job_name": job,
        "kubernetes_sd_configs": [
            {
                "role": "pod",
                "namespaces": {"names": [model.namespace]},
                "selectors": [{"role": "pod", "label": selector}],
            }
        ],
        "relabel_configs": [
            {
                "source_labels": ["__meta_kubernetes_pod_container_port_number"],
                "regex": str(port),
                "action": "keep",
            },
            _copy("__meta_kubernetes_namespace", "namespace"),
            _copy("__meta_kubernetes_pod_name", "pod"),
            _copy("__meta_kubernetes_pod_node_name", "node"),
        ],
    }


def _copy(source: str, target: str) -> dict:
    return {"source_labels": [source], "target_label": target}
