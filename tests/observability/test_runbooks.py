"""Runbooks: every alert links to a committed page, and each page has what on-call needs."""

from __future__ import annotations

import re

import pytest

from aiscope.conventions import observability as obs
from aiscope.rules import alerts
from aiscope.rules.decorate import alerting_rule

from . import tools

RUNBOOKS = tools.PROJECT / obs.RUNBOOK_DIR


def _rules(models) -> list[tuple[object, dict]]:
    return [(model, alerting_rule(alert, model)) for model in models for alert in alerts(model)]


def test_every_runbook_url_resolves_to_a_committed_runbook(models) -> None:
    missing = []
    for model, rule in _rules(models):
        url = rule["annotations"][obs.RUNBOOK_URL]
        base = model.settings.alerting.runbook_base_url.rstrip("/") + "/"
        assert url.startswith(base)
        if not (RUNBOOKS / url.removeprefix(base)).is_file():
            missing.append(url)

    assert missing == []


def test_every_committed_runbook_belongs_to_an_alert(models) -> None:
    linked = {obs.runbook_path(alert.name) for model in models for alert in alerts(model)}

    assert sorted(path.name for path in RUNBOOKS.glob("*.md")) == sorted(linked)


def test_every_alert_carries_summary_description_runbook_and_dashboard_links(models) -> None:
    for _, rule in _rules(models):
        assert set(rule["annotations"]) == {
            obs.SUMMARY, obs.DESCRIPTION, obs.RUNBOOK_URL, obs.DASHBOARD_URL
        }  # fmt: skip
        assert rule["annotations"][obs.DASHBOARD_URL].split("/d/")[1].startswith("aiscope-")


@pytest.mark.parametrize("path", sorted(RUNBOOKS.glob("*.md")), ids=lambda path: path.name)
def test_a_runbook_explains_diagnoses_and_gives_queries_in_three_languages(path) -> None:
    text = path.read_text()

    for heading in ("## What it means", "## How each stack evaluates it", "## Diagnosis",
                    "## Queries", "## Escalation"):  # fmt: skip
        assert heading in text
    assert {"promql", "logql", "traceql"} <= set(re.findall(r"^```(\w+)$", text, re.MULTILINE))
    assert "pulumi stack history" in text or "rollout history" in text


def test_diagnosis_covers_provider_status_deploys_evaluations_and_escalation() -> None:
    text = (RUNBOOKS / obs.runbook_path(obs.ROUTE_ERROR_RATE_HIGH)).read_text()

    assert "https://status.openai.com" in text
    assert "kubectl rollout history" in text
    assert "*Safety and quality*" in text
    assert "escalate to the on-call rotation" in text
