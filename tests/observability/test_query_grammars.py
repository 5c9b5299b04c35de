"""Every LogQL, TraceQL and PromQL in dashboards, rules and runbooks parses with the
grammars Grafana and Prometheus use (@grafana/lezer-logql, @grafana/lezer-traceql,
@prometheus-io/lezer-promql), with the dashboards' variables filled in.
"""

from __future__ import annotations

from collections import Counter

from aiscope.checks import QUERY_FOLDERS, parse_queries
from aiscope.dashboards.inventory import CHECK_VALUES, Query, committed_queries, substitute

from . import tools


def _committed() -> list[Query]:
    return [
        Query(query.lang, substitute(query.text, CHECK_VALUES), query.where)
        for query in committed_queries(tools.PROJECT, QUERY_FOLDERS)
    ]


def test_the_committed_artifacts_hold_queries_in_all_three_languages() -> None:
    queries = _committed()
    languages = Counter(query.lang for query in queries)
    runbook_languages = {q.lang for q in queries if q.where.startswith("runbooks/")}
    dashboard_languages = {q.lang for q in queries if q.where.startswith("dashboards/")}

    assert set(languages) == {"promql", "logql", "traceql"}
    assert runbook_languages == dashboard_languages == {"promql", "logql", "traceql"}
    assert languages["promql"] > 100


def test_every_committed_query_parses_with_its_upstream_grammar() -> None:
    assert parse_queries(tools.node_tools(), _committed()) == []


def test_a_broken_query_of_each_language_is_reported_with_where_it_is() -> None:
    broken = [
        Query("promql", "sum(rate(x[5m])", "a.json: panel 1"),
        Query("logql", '{service_name=~".+"} | ai_route=', "b.md: block 2"),
        Query("traceql", '{ span.ai.route = "chat" ', "c.md: block 3"),
    ]

    problems = parse_queries(tools.node_tools(), broken)

    assert [problem.split(":")[0] for problem in problems] == ["a.json", "b.md", "c.md"]
    assert all("does not parse" in problem for problem in problems)
