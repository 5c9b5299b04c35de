"""The pull-request summary names changes in reviewers' terms, not as line diffs."""

from __future__ import annotations

import json

from aiscope.review_summary import summarize

RULES = """
groups:
- name: g
  rules:
  - record: aiscope:route:requests:rate5m
    expr: sum by (ai_route) (rate(aiscope_requests_total[5m]))
  - alert: AIScopeRouteErrorRateHigh
    expr: ratio > 0.05
    for: 2m
    labels: {severity: critical}
"""


def dashboard(*panels: tuple[str, str]) -> str:
    return json.dumps(
        {"panels": [{"title": title, "targets": [{"expr": expr}]} for title, expr in panels]}
    )


def test_a_threshold_change_is_reported_as_an_expression_change_of_that_alert() -> None:
    after = RULES.replace("ratio > 0.05", "ratio > 0.02")

    lines = summarize({"alert-rules/prod/r.yaml": RULES}, {"alert-rules/prod/r.yaml": after})

    assert lines == ["alert-rules/prod/r.yaml: alert AIScopeRouteErrorRateHigh changed expression"]


def test_duration_and_severity_changes_are_spelt_out() -> None:
    after = RULES.replace("for: 2m", "for: 5m").replace("critical", "warning")

    lines = summarize({"alert-rules/dev/r.yaml": RULES}, {"alert-rules/dev/r.yaml": after})

    assert lines == [
        "alert-rules/dev/r.yaml: alert AIScopeRouteErrorRateHigh changed "
        "for 2m -> 5m, severity critical -> warning"
    ]


def test_removed_alerts_and_new_files_are_listed() -> None:
    without_alert = RULES.split("  - alert:")[0]

    lines = summarize(
        {"alert-rules/dev/r.yaml": RULES},
        {"alert-rules/dev/r.yaml": without_alert, "runbooks/new.md": "# new"},
    )

    assert lines == [
        "alert-rules/dev/r.yaml: alert AIScopeRouteErrorRateHigh removed",
        "runbooks/new.md: added",
    ]


def test_dashboard_panels_added_removed_and_requeried() -> None:
    before = dashboard(("Latency", "a"), ("Errors", "b"))
    after = dashboard(("Latency", "a2"), ("Spend", "c"))

    lines = summarize({"dashboards/x.json": before}, {"dashboards/x.json": after})

    assert lines == [
        "dashboards/x.json: panel 'Spend' added",
        "dashboards/x.json: panel 'Errors' removed",
        "dashboards/x.json: panel 'Latency' queries changed",
    ]


def test_identical_files_say_nothing() -> None:
    assert summarize({"runbooks/a.md": "x"}, {"runbooks/a.md": "x"}) == []
