"""Tools and retrieval: tool calls and their success, the sources retrieval reads most."""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard as builders

from ..conventions import grafana
from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..rules import promql
from . import logql, panels, traceql, variables
from .queries import PER_MINUTE, Queries, scaled

KEY = obs.TOOLS_RETRIEVAL
TITLE = "Tools and retrieval"
DESCRIPTION = "Tool calls and their success rate by tool; the sources retrieval reads most."
VARIABLES = (obs.VAR_ENV, obs.VAR_ROUTE)

TOP = 10
SUCCESS = promql.eq(obs.TOOL_OUTCOME, obs.TOOL_SUCCESS)


def build(q: Queries) -> builders.Dashboard:
    board = builders.Dashboard(TITLE)
    for variable in [*variables.standard(*VARIABLES), variables.trace_id_variable()]:
        board = board.with_variable(variable)

    board = board.with_row(panels.row("Tools"))
    board = board.with_panel(_calls(q)).with_panel(_success_rate(q)).with_panel(_failures(q))

    board = board.with_row(panels.row("Retrieval"))
    board = board.with_panel(_top_sources(q)).with_panel(_retrievals(q))

    board = board.with_row(panels.row("Investigate"))
    return board.with_panel(_failed_tool_calls()).with_panel(_tool_logs())


def _calls(q: Queries) -> panels.ts.Panel:
    per_tool = promql.sum_by((obs.TOOL,), q.recorded(obs.ROUTE_TOOL_OUTCOME_CALLS))
    return panels.timeseries(
        "Tool calls by tool",
        "Tool invocations per minute.",
        "short",
        [panels.prom(scaled(per_tool, PER_MINUTE), legend=f"{{{{{obs.TOOL}}}}}")],
        width=panels.THIRD,
    )


def _success_rate(q: Queries) -> panels.ts.Panel:
    succeeded = promql.sum_by((obs.TOOL,), q.recorded(obs.ROUTE_TOOL_OUTCOME_CALLS, SUCCESS))
    every = promql.sum_by((obs.TOOL,), q.recorded(obs.ROUTE_TOOL_OUTCOME_CALLS))
    return (
        panels.timeseries(
            "Tool success rate by tool",
            f"Share of tool calls whose ai.tool.outcome is {obs.TOOL_SUCCESS}.",
            "percentunit",
            [panels.prom(promql.binary(succeeded, "/", every), legend=f"{{{{{obs.TOOL}}}}}")],
            width=panels.THIRD,
        )
        .min(0)
        .max(1)
    )


def _failures(q: Queries) -> panels.ts.Panel:
    failed = q.recorded(
        obs.ROUTE_TOOL_OUTCOME_CALLS, promql.Matcher(obs.TOOL_OUTCOME, "!=", obs.TOOL_SUCCESS)
    )
    per_outcome = promql.sum_by((obs.TOOL, obs.TOOL_OUTCOME), failed)
    legend = f"{{{{{obs.TOOL}}}}} {{{{{obs.TOOL_OUTCOME}}}}}"
    return panels.timeseries(
        "Tool failures by outcome",
        "Tool calls per minute that errored, timed out or were denied.",
        "short",
        [panels.prom(scaled(per_outcome, PER_MINUTE), legend=legend)],
        width=panels.THIRD,
    )


def _top_sources(q: Queries) -> panels.bargauge.Panel:
    per_source = promql.sum_by((obs.RETRIEVAL_SOURCE,), q.recorded(obs.ROUTE_SOURCE_RETRIEVALS))
    top = promql.topk(TOP, scaled(per_source, PER_MINUTE))
    return panels.bars(
        "Most retrieved sources",
        "Retrieval steps per minute by ai.retrieval.source, now.",
        "short",
        panels.prom(top, legend=f"{{{{{obs.RETRIEVAL_SOURCE}}}}}", instant=True),
    )


def _retrievals(q: Queries) -> panels.ts.Panel:
    per_route = promql.sum_by((obs.ROUTE,), q.recorded(obs.ROUTE_SOURCE_RETRIEVALS))
    return panels.timeseries(
        "Retrievals per minute by route",
        "Retrieval steps per minute.",
        "short",
        [panels.prom(scaled(per_route, PER_MINUTE), legend=f"{{{{{obs.ROUTE}}}}}")],
    )


def _failed_tool_calls() -> panels.table.Panel:
    query = traceql.spans(
        [
            traceql.condition(traceql.NAME, "=", t.SPAN_TOOL),
            traceql.condition(traceql.span(t.TOOL_OUTCOME), "!=", obs.TOOL_SUCCESS),
            traceql.condition(traceql.resource(t.ENVIRONMENT), "=~", f"${obs.VAR_ENV}"),
            traceql.condition(traceql.span(t.ROUTE), "=~", f"${obs.VAR_ROUTE}"),
        ],
        select=[traceql.span(t.TOOL), traceql.span(t.TOOL_OUTCOME), traceql.span(t.ERROR_TYPE)],
    )
    return panels.traces_panel(
        "Failed tool calls (sampled traces)",
        "Tool spans whose outcome is not success; open one to see the model call around it.",
        query,
        width=panels.HALF,
    )


def _tool_logs() -> panels.logs.Panel:
    query = logql.logs(
        [
            promql.regex(obs.ENV, f"${obs.VAR_ENV}"),
            promql.regex(obs.ROUTE, f"${obs.VAR_ROUTE}"),
            promql.Matcher(obs.TOOL, "!=", ""),
            promql.regex(grafana.TRACE_ID_LABEL, f"${obs.VAR_TRACE_ID}"),
        ]
    )
    return panels.logs_panel(
        "Tool logs",
        "Application log lines that name a tool. Set Trace id to follow one request.",
        query,
        width=panels.HALF,
    )
