"""The pieces rules are built from: PromQL text, `for` timing, recordings' raw forms."""

from __future__ import annotations

import pytest

from aiscope.conventions import observability as obs
from aiscope.rules import promql
from aiscope.rules.decorate import dashboard_url, for_duration
from aiscope.rules.families import latency
from aiscope.rules.recordings import catalog


@pytest.mark.parametrize(
    ("evaluations", "interval", "expected"),
    [(1, "1m", None), (2, "1m", "1m"), (3, "1m", "2m"), (3, "30s", "1m"), (4, "45s", "135s"),
     (61, "1m", "1h")],
)  # fmt: skip
def test_for_waits_one_interval_less_than_the_evaluations_it_counts(
    evaluations, interval, expected
) -> None:
    assert for_duration(evaluations, interval) == expected


def test_a_matcher_escapes_quotes_and_backslashes() -> None:
    assert str(promql.eq("a", 'x"y\\z')) == 'a="x\\"y\\\\z"'


@pytest.mark.parametrize(
    ("expr", "wrapped"),
    [
        ("up", "up"),
        ('up{job="a", instance="b c"}', 'up{job="a", instance="b c"}'),
        ("rate(x[5m])", "rate(x[5m])"),
        ("sum by (a) (x)", "(sum by (a) (x))"),
        ("a / b", "(a / b)"),
        ("(a) / (b)", "((a) / (b))"),
        ('x{a="(b"}', 'x{a="(b"}'),
    ],
)
def test_parens_wraps_only_what_is_not_already_one_operand(expr, wrapped) -> None:
    assert promql.parens(expr) == wrapped


def test_a_recording_expands_to_the_collector_series_with_pushed_down_matchers(models) -> None:
    recordings = catalog(models[0])
    route_requests = recordings[obs.ROUTE_REQUESTS]

    raw = route_requests.ref([promql.eq(obs.ROUTE, "chat")], raw=True)

    assert raw == (
        "(sum by (deployment_environment_name, ai_route) (sum by (deployment_environment_name, "
        "ai_route, gen_ai_request_model, ai_tenant_id) (rate(aiscope_requests_total"
        '{ai_route="chat"}[5m]))))'
    )
    assert route_requests.ref([promql.eq(obs.ROUTE, "chat")]) == (
        'aiscope:route:requests:rate5m{ai_route="chat"}'
    )


def test_a_recording_refuses_a_matcher_on_a_label_it_dropped(models) -> None:
    route_requests = catalog(models[0])[obs.ROUTE_REQUESTS]

    with pytest.raises(ValueError, match="has no label 'ai_tenant_id'"):
        route_requests.ref([promql.eq(obs.TENANT, "acme")])


def test_settings_are_recorded_with_the_route_or_tenant_they_belong_to(models) -> None:
    prod = next(model for model in models if model.stack == "prod")
    rules = [rec for rec in catalog(prod).all() if rec.name == obs.ROUTE_LATENCY_TARGET]

    assert [(rec.expr, dict(rec.static_labels)) for rec in rules[:2]] == [
        ("vector(2.5)", {obs.ROUTE: "chat"}),
        ("vector(6)", {obs.ROUTE: "rag"}),
    ]
    assert rules[2].expr.endswith("+ 3")
    assert 'ai_route!~"chat|rag"' in rules[2].expr


def test_the_latency_alert_counts_three_breaching_periods() -> None:
    assert latency.BREACH_PERIODS == 3


def test_a_dashboard_link_sets_the_variables_from_the_alert_labels(models) -> None:
    prod = next(model for model in models if model.stack == "prod")
    alert = next(a for a in latency.alerts(prod, catalog(prod)))

    assert dashboard_url(prod, alert) == (
        f"https://grafana.example.com/d/{obs.dashboard_uid(obs.AI_OVERVIEW)}/ai-overview"
        "?var-env={{ $labels.deployment_environment_name | urlquery }}"
        "&var-route={{ $labels.ai_route | urlquery }}"
    )
