"""Panel builders with the options every aiscope panel shares.

Each builder sets the panel's visual options explicitly (legend, tooltip,
reduction), because a panel without options does not survive a round trip
through Grafana's dashboard model, and gives every query a refId in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from grafana_foundation_sdk.builders import bargauge, common, logs, prometheus, stat, table, tempo
from grafana_foundation_sdk.builders import dashboard as builders
from grafana_foundation_sdk.builders import loki as loki_query
from grafana_foundation_sdk.builders import timeseries as ts
from grafana_foundation_sdk.cog import builder as cog
from grafana_foundation_sdk.models import common as common_models
from grafana_foundation_sdk.models import dashboard as models
from grafana_foundation_sdk.models import prometheus as prometheus_models

from ..conventions import grafana

PROMETHEUS = models.DataSourceRef(type_val="prometheus", uid=grafana.PROMETHEUS_UID)
LOKI = models.DataSourceRef(type_val="loki", uid=grafana.LOKI_UID)
TEMPO = models.DataSourceRef(type_val="tempo", uid=grafana.TEMPO_UID)

FULL, HALF, THIRD = 24, 12, 8
HEIGHT = 8


def prom(
    expr: str, legend: str = "", instant: bool = False, exemplar: bool = False
) -> prometheus.Dataquery:
    query = prometheus.Dataquery().expr(expr).datasource(PROMETHEUS)
    query = query.editor_mode(prometheus_models.QueryEditorMode.CODE)
    query = query.instant() if instant else query.range()
    if legend:
        query = query.legend_format(legend)
    return query.exemplar(exemplar)


def _with_targets(panel, targets: Sequence[cog.Builder]):
    for index, target in enumerate(targets):
        panel = panel.with_target(target.ref_id(chr(ord("A") + index)))
    return panel


def timeseries(
    title: str,
    description: str,
    unit: str,
    targets: Sequence[prometheus.Dataquery],
    width: int = HALF,
) -> ts.Panel:
    panel = (
        ts.Panel()
        .title(title)
        .description(description)
        .datasource(PROMETHEUS)
        .unit(unit)
        .span(width)
        .height(HEIGHT)
        .line_width(1)
        .fill_opacity(10)
        .legend(
            common.VizLegendOptions()
            .display_mode(common_models.LegendDisplayMode.LIST)
            .placement(common_models.LegendPlacement.BOTTOM)
            .show_legend(True)
        )
        .tooltip(
            common.VizTooltipOptions()
            .mode(common_models.TooltipDisplayMode.MULTI)
            .sort(common_models.SortOrder.DESCENDING)
        )
    )
    return _with_targets(panel, targets)


def dashed(panel: ts.Panel, ref_id: str) -> ts.Panel:
    """Draw one query's series as dashed lines: thresholds and targets, not measurements."""
    style = {"fill": "dash", "dash": [10, 10]}
    return panel.override_by_query(ref_id, [models.DynamicConfigValue("custom.lineStyle", style)])


def stat_panel(
    title: str, description: str, unit: str, target: prometheus.Dataquery, width: int = THIRD
) -> stat.Panel:
    panel = (
        stat.Panel()
        .title(title)
        .description(description)
        .datasource(PROMETHEUS)
        .unit(unit)
        .span(width)
        .height(4)
        .reduce_options(common.ReduceDataOptions().calcs(["lastNotNull"]).values(False))
        .graph_mode(common_models.BigValueGraphMode.AREA)
    )
    return _with_targets(panel, [target])


def bars(
    title: str, description: str, unit: str, target: prometheus.Dataquery, width: int = HALF
) -> bargauge.Panel:
    """Horizontal bars, one per label value: for top-N lists."""
    panel = (
        bargauge.Panel()
        .title(title)
        .description(description)
        .datasource(PROMETHEUS)
        .unit(unit)
        .span(width)
        .height(HEIGHT)
        .orientation(common_models.VizOrientation.HORIZONTAL)
        .display_mode(common_models.BarGaugeDisplayMode.GRADIENT)
        .reduce_options(common.ReduceDataOptions().calcs(["lastNotNull"]).values(False))
    )
    return _with_targets(panel, [target])


def logs_panel(title: str, description: str, expr: str, width: int = FULL) -> logs.Panel:
    panel = (
        logs.Panel()
        .title(title)
        .description(description)
        .datasource(LOKI)
        .span(width)
        .height(10)
        .show_time(True)
        .wrap_log_message(True)
        .enable_log_details(True)
        .sort_order(common_models.LogsSortOrder.DESCENDING)
    )
    return _with_targets(panel, [loki_query.Dataquery().expr(expr).datasource(LOKI)])


def traces_panel(
    title: str, description: str, traceql: str, width: int = FULL, limit: int = 20
) -> table.Panel:
    """A table of matching traces (Tempo's search answers as a table)."""
    query = tempo.TempoQuery().query_type("traceql").query(traceql).limit(limit).datasource(TEMPO)
    panel = (
        table.Panel()
        .title(title)
        .description(description)
        .datasource(TEMPO)
        .span(width)
        .height(10)
        .show_header(True)
        .cell_height(common_models.TableCellHeight.SM)
    )
    return _with_targets(panel, [query])


def row(title: str) -> builders.Row:
    return builders.Row(title)
