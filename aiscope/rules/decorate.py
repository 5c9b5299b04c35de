"""The final pass: every rule as Prometheus reads it, with links, severity and timing.

Alerts gain their `severity` label, a `runbook_url` to the runbook of their
name and a `dashboard_url` that opens the dashboard filtered on the alert's
own labels. Nothing else adds labels or annotations, so they cannot drift.
"""

from __future__ import annotations

from ..conventions import kubernetes as k8s
from ..conventions import observability as obs
from ..model import StackModel
from ..quantities import duration_seconds
from .definitions import Alert, Recording

SEVERITY = "severity"


def recording_rule(recording: Recording) -> dict:
    rule: dict = {"record": recording.name, "expr": recording.expr}
    if recording.static_labels:
        rule["labels"] = dict(recording.static_labels)
    return rule


def alerting_rule(alert: Alert, model: StackModel) -> dict:
    rule: dict = {"alert": alert.name, "expr": alert.expr}
    waited = for_duration(alert.evaluations, model.settings.alerting.evaluation_interval)
    if waited:
        rule["for"] = waited
    rule["labels"] = {SEVERITY: obs.Severity(alert.severity).value, **alert.static_labels}
    rule["annotations"] = {
        obs.SUMMARY: alert.summary,
        obs.DESCRIPTION: alert.description,
        obs.RUNBOOK_URL: runbook_url(model, alert.name),
        obs.DASHBOARD_URL: dashboard_url(model, alert),
    }
    return rule


def for_duration(evaluations: int, interval: str) -> str | None:
    """`for` so that the alert fires at the Nth consecutive evaluation where it holds.

    Prometheus marks an alert pending at the first evaluation whose expression
    returns it and fires it at the first evaluation at least `for` later. With
    `for` = (N - 1) intervals that is the Nth evaluation in a row; N intervals
    would wait for N + 1 of them.
    """
    seconds = (evaluations - 1) * duration_seconds(interval)
    if seconds == 0:
        return None
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def runbook_url(model: StackModel, alert: str) -> str:
    base = model.settings.alerting.runbook_base_url.rstrip("/")
    return f"{base}/{obs.runbook_path(alert)}"


def dashboard_url(model: StackModel, alert: Alert) -> str:
    """The dashboard in the stack's Grafana, its variables set from the alert's labels."""
    variables = [
        f"var-{var}={{{{ $labels.{label} | urlquery }}}}"
        for var, label in obs.VARIABLE_LABELS.items()
        if label in alert.labels_out
    ]
    url = dashboard_base_url(model, alert.dashboard)
    return f"{url}?{'&'.join(variables)}" if variables else url


def dashboard_base_url(model: StackModel, key: str) -> str:
    return f"{grafana_url(model)}/d/{obs.dashboard_uid(key)}/{key}"


def grafana_url(model: StackModel) -> str:
    """Where people open Grafana: its Ingress host when it has one, else its Service."""
    ingress = model.settings.exposure.ingress
    if ingress.enabled and ingress.host:
        scheme = "https" if ingress.tls_secret_name else "http"
        return f"{scheme}://{ingress.host}"
    return k8s.service_url("grafana", model.namespace, k8s.GRAFANA_PORT)
