"""Grafana 13 provisioning: the three data sources, linked, and the dashboard provider.

Grafana expands `$NAME` and `${NAME}` in provisioning files from its
environment, so every `$` that belongs to a Grafana query variable is
written `$$` here. Links between the data sources: a span opens its logs
(by trace id) and its service's metrics; a metric exemplar and a log line's
trace id open the trace.
"""

from __future__ import annotations

from ..conventions import backends as paths
from ..conventions import grafana as names
from ..conventions import kubernetes as k8s
from ..model import StackModel

# How far around a span to look for its logs and metrics.
SPAN_START_SHIFT = "-5m"
SPAN_END_SHIFT = "5m"


def grafana_datasources(model: StackModel) -> dict:
    ns = model.namespace
    return {
        "apiVersion": 1,
        # Data sources removed from this file are removed from Grafana too.
        "prune": True,
        "datasources": [_prometheus(model), _loki(ns), _tempo(ns)],
    }


def grafana_dashboard_providers(model: StackModel) -> dict:
    provider = {
        "name": names.DASHBOARD_FOLDER,
        "orgId": 1,
        "folder": names.DASHBOARD_FOLDER,
        "folderUid": names.DASHBOARD_FOLDER_UID,
        "type": "file",
        # The dashboards are generated files: edits belong in the generator.
        "disableDeletion": True,
        "allowUiUpdates": False,
        "updateIntervalSeconds": 30,
        "options": {"path": paths.GRAFANA_DASHBOARDS_DIR},
    }
    return {"apiVersion": 1, "providers": [provider]}


def _datasource(name: str, kind: str, uid: str, url: str, json_data: dict) -> dict:
    return {
        "name": name,
        "type": kind,
        "uid": uid,
        "access": "proxy",
        "url": url,
        "editable": False,
        "jsonData": json_data,
    }


def _prometheus(model: StackModel) -> dict:
    url = k8s.service_url("prometheus", model.namespace, k8s.PROMETHEUS_PORT)
    tag = model.image("prometheus").rsplit(":", 1)[1]
    json_data = {
        "httpMethod": "POST",
        "prometheusType": "Prometheus",
        "prometheusVersion": tag.removeprefix("v"),
        "exemplarTraceIdDestinations": [
            {"name": names.TRACE_ID_LABEL, "datasourceUid": names.TEMPO_UID}
        ],
    }
    source = _datasource(names.PROMETHEUS_NAME, "prometheus", names.PROMETHEUS_UID, url, json_data)
    return {**source, "isDefault": True}


def _loki(ns: str) -> dict:
    url = k8s.service_url("loki", ns, k8s.LOKI_HTTP_PORT)
    trace_link = {
        "name": "TraceID",
        # The trace id is structured metadata, which Grafana matches like a label.
        "matcherType": "label",
        "matcherRegex": names.TRACE_ID_LABEL,
        "datasourceUid": names.TEMPO_UID,
        "url": "$${__value.raw}",
        "urlDisplayLabel": "Open trace",
    }
    return _datasource(
        names.LOKI_NAME, "loki", names.LOKI_UID, url, {"derivedFields": [trace_link]}
    )


def _tempo(ns: str) -> dict:
    url = k8s.service_url("tempo", ns, k8s.TEMPO_HTTP_PORT)
    json_data = {
        "tracesToLogsV2": _traces_to_logs(),
        "tracesToMetrics": _traces_to_metrics(),
        "serviceMap": {"datasourceUid": names.PROMETHEUS_UID},
        "nodeGraph": {"enabled": True},
        "streamingEnabled": {"search": True},
    }
    return _datasource(names.TEMPO_NAME, "tempo", names.TEMPO_UID, url, json_data)


def _traces_to_logs() -> dict:
    # The service's log stream, narrowed to the lines that carry the trace id.
    stream = "{$${__tags}}"
    query = f'{stream} | {names.TRACE_ID_LABEL}="$${{__trace.traceId}}"'
    return {
        "datasourceUid": names.LOKI_UID,
        "spanStartTimeShift": SPAN_START_SHIFT,
        "spanEndTimeShift": SPAN_END_SHIFT,
        "tags": [{"key": "service.name", "value": names.LOKI_SERVICE_LABEL}],
        "customQuery": True,
        "query": query,
    }


def _traces_to_metrics() -> dict:
    return {
        "datasourceUid": names.PROMETHEUS_UID,
        "spanStartTimeShift": SPAN_START_SHIFT,
        "spanEndTimeShift": SPAN_END_SHIFT,
        "tags": [{"key": "service.name", "value": names.TEMPO_SERVICE_LABEL}],
        "queries": [
            {"name": "Request rate", "query": _rate(paths.TEMPO_SPAN_CALLS)},
            {"name": "P95 latency", "query": _p95(paths.TEMPO_SPAN_LATENCY + "_bucket")},
        ],
    }


def _rate(series: str) -> str:
    return f"sum by (span_name) (rate({series}{{$$__tags}}[$$__rate_interval]))"


def _p95(buckets: str) -> str:
    return f"histogram_quantile(0.95, sum by (le) (rate({buckets}{{$$__tags}}[$$__rate_interval])))"
