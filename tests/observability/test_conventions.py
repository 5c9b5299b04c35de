"""Every emitted name comes from the conventions, and follows their patterns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aiscope.conventions import observability as obs
from aiscope.conventions import telemetry as t
from aiscope.rules import alerts, rule_groups
from aiscope.rules.decorate import alerting_rule

from . import tools

GENERATOR_SOURCES = [
    *sorted((tools.PROJECT / "aiscope" / "dashboards").rglob("*.py")),
    *sorted((tools.PROJECT / "aiscope" / "rules").rglob("*.py")),
    *sorted((tools.PROJECT / "aiscope" / "runbooks").rglob("*.py")),
    *sorted((tools.PROJECT / "aiscope" / "templates" / "runbooks").glob("*.j2")),
]
RECORDING_NAME = re.compile(r"^aiscope:[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$")
ALERT_NAME = re.compile(r"^AIScope(?:[A-Z][a-z0-9]+)+$")


def _series_and_label_names() -> set[str]:
    names = {metric.prometheus_name for metric in t.DERIVED_METRICS}
    names |= {label for metric in t.DERIVED_METRICS for label in metric.prometheus_labels}
    names |= {
        value for key, value in vars(t).items() if key.startswith(("COLLECTOR_", "SAMPLING_"))
    }
    names |= {obs.EVAL_SCORE.prometheus_name, obs.ENV, obs.REGION}
    names |= {value for key, value in vars(obs).items() if isinstance(value, str) and ":" in value}
    return names


@pytest.mark.parametrize("source", GENERATOR_SOURCES, ids=lambda path: path.name)
def test_no_generator_spells_a_series_or_label_name_itself(source: Path) -> None:
    text = source.read_text()
    quoted = set(re.findall(r"[\"']([A-Za-z0-9_:]+)[\"']", text))

    assert quoted & _series_and_label_names() == set()


def test_recording_rule_names_follow_level_metric_operations(models) -> None:
    names = {rec.name for model in models for g in rule_groups(model) for rec in g.recordings}

    assert names and all(RECORDING_NAME.match(name) for name in names), sorted(names)


def test_alert_names_are_camel_case_with_the_common_prefix(models) -> None:
    names = {alert.name for model in models for alert in alerts(model)}

    assert len(names) == 11
    assert all(ALERT_NAME.match(name) for name in names), sorted(names)


def test_severities_come_from_the_closed_set(models) -> None:
    allowed = {severity.value for severity in obs.Severity}
    used = {alerting_rule(a, m)["labels"]["severity"] for m in models for a in alerts(m)}

    assert allowed == {"critical", "warning", "info"}
    assert used <= allowed


def test_label_values_the_dashboards_single_out_are_allowed_by_the_schema(models) -> None:
    attributes = models[0].schema.attributes

    assert obs.TOOL_SUCCESS in attributes[t.TOOL_OUTCOME].allowed_values
    assert set(obs.GUARDRAIL_VERDICTS) <= set(attributes[t.SAFETY_VERDICT].allowed_values)


def test_runbook_paths_are_the_kebab_case_alert_name_without_the_prefix() -> None:
    assert obs.runbook_path(obs.ROUTE_LATENCY_HIGH) == "route-latency-high.md"
    assert obs.runbook_path(obs.TENANT_SPEND_FORECAST_OVER_BUDGET) == (
        "tenant-spend-forecast-over-budget.md"
    )


def test_recording_names_are_built_from_the_derived_metric_names() -> None:
    assert obs.metric_stem(t.REQUESTS.prometheus_name) == "requests"
    assert obs.ROUTE_P95_LATENCY == "aiscope:route:request_duration_seconds:p95_5m"


def test_the_evaluation_score_gauge_is_named_as_prometheus_translates_it() -> None:
    assert obs.EVAL_SCORE.prometheus_name == "aiscope_eval_score_ratio"
    assert obs.EVAL_SCORE.prometheus_labels == ("ai_route", "gen_ai_request_model", "ai_eval_name")
