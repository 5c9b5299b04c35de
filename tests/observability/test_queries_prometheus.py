"""Every query the generated artifacts run returns data from a real Prometheus 3.

The server holds the synthetic scenario (see synthetic.py) and, per stack,
the backfilled recorded series. Dashboard panels run as Grafana runs them
(range queries over the last hour, or instant), with the variables set to
"All" and to one concrete value each; alerts run at the end of the incident
or after the outage, whichever their condition describes.
"""

from __future__ import annotations

import pytest

from aiscope.dashboards import dashboard_files
from aiscope.dashboards.inventory import CHECK_VALUES, Query, dashboard_queries, substitute
from aiscope.model import StackModel
from aiscope.rules import rule_groups
from aiscope.runbooks import all_queries as runbook_queries

from .loaded_prometheus import AFTER_OUTAGE, END
from .prometheus_server import PrometheusServer

HOUR = 3600
STEP = "60s"


def _shape_values(model: StackModel) -> dict[str, str]:
    """One concrete value per variable, from the scenario (see synthetic.Shape)."""
    return {
        **CHECK_VALUES,
        "env": "prod",
        "tenant": "acme",
        "route": "chat",
        "model": "gpt-4o-mini",
    }


def _returns_data(server: PrometheusServer, query: Query, text: str) -> bool:
    if query.values_of:
        return bool(server.label_values(query.values_of, text))
    if query.instant:
        return bool(server.query(text, END))
    return bool(server.query_range(text, END - HOUR, END, STEP))


def _dashboard_promql(model: StackModel) -> list[Query]:
    return [
        query
        for name, text in dashboard_files(model).items()
        for query in dashboard_queries(name, text)
        if query.lang == "promql"
    ]


def test_every_dashboard_query_returns_data_with_all_selected(stack_prometheus) -> None:
    model, server = stack_prometheus
    empty = [
        query.where
        for query in _dashboard_promql(model)
        if not _returns_data(server, query, substitute(query.text, CHECK_VALUES))
    ]
    assert empty == []


def test_every_dashboard_query_returns_data_for_one_tenant_route_and_model(
    stack_prometheus,
) -> None:
    model, server = stack_prometheus
    values = _shape_values(model)
    empty = [
        query.where
        for query in _dashboard_promql(model)
        if not _returns_data(server, query, substitute(query.text, values))
    ]
    assert empty == []


def test_every_recording_rule_expression_returns_data(stack_prometheus) -> None:
    model, server = stack_prometheus
    recordings = [rule for group in rule_groups(model) for rule in group.recordings]
    empty = [rec.name for rec in recordings if not server.query(rec.expr, END)]
    assert empty == []


def test_every_alert_expression_returns_data_during_the_incident_or_after_the_outage(
    stack_prometheus,
) -> None:
    model, server = stack_prometheus
    alerts = [rule for group in rule_groups(model) for rule in group.alerts]
    silent = [
        f"{alert.name} {dict(alert.static_labels)}"
        for alert in alerts
        if not (server.query(alert.expr, END) or server.query(alert.expr, AFTER_OUTAGE))
    ]
    assert silent == []


def test_every_runbook_promql_returns_data_for_the_labels_of_a_firing_alert(
    stack_prometheus, models
) -> None:
    model, server = stack_prometheus
    labels = {
        "<deployment_environment_name>": "prod", "<ai_route>": "chat", "<ai_tenant_id>": "acme",
        "<ai_safety_category>": "jailbreak", "<cloud_region>": "eu-west-1",
        "<job>": "otel-gateway", "<receiver>": "otlp", "<exporter>": "otlp_grpc/tempo",
        "<data_type>": "traces",
    }  # fmt: skip
    empty = []
    for query in runbook_queries(models):
        if query.lang != "promql":
            continue
        text = query.text
        for placeholder, value in labels.items():
            text = text.replace(placeholder, value)
        if not (server.query(text, END) or server.query(text, AFTER_OUTAGE)):
            empty.append(query.where)
    assert empty == []


def test_prometheus_loads_every_rule_group_of_the_stack(stack_prometheus) -> None:
    model, server = stack_prometheus
    loaded = {group["name"]: group for group in server.rule_groups()}

    assert sorted(loaded) == sorted(group.name for group in rule_groups(model))
    broken = [
        (rule.get("name"), rule.get("lastError"))
        for group in loaded.values()
        for rule in group["rules"]
        if rule.get("health") == "err"
    ]
    assert broken == []


@pytest.mark.parametrize("query_kind", ["instant", "range"])
def test_a_query_naming_a_series_nobody_sends_returns_nothing(stack_prometheus, query_kind) -> None:
    """The harness can tell empty from full: a misspelt series really comes back empty."""
    _, server = stack_prometheus
    misspelt = "sum(rate(aiscope_request_total[5m]))"
    if query_kind == "instant":
        assert server.query(misspelt, END) == []
    else:
        assert server.query_range(misspelt, END - HOUR, END, STEP) == []
