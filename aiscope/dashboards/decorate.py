"""The final pass over every dashboard: identity, header, tags, links, panel ids.

The UID comes from the dashboard's key, so links and bookmarks survive any
change of title or content. The "generated, do not edit" header goes into
the description, a field Grafana keeps through import and export.
"""

from __future__ import annotations

from grafana_foundation_sdk.builders import dashboard as builders
from grafana_foundation_sdk.models import dashboard as models

from .. import headers
from ..conventions import observability as obs

SOURCES = ["telemetry-schema.yaml", "aiscope/dashboards"]
TIME_RANGE = ("now-6h", "now")
REFRESH = "1m"


def finish(board: builders.Dashboard, key: str, description: str) -> models.Dashboard:
    board = (
        board.uid(obs.dashboard_uid(key))
        .description(f"{description} {headers.one_line(SOURCES)}")
        .tags([obs.DASHBOARD_TAG])
        .time(*TIME_RANGE)
        .refresh(REFRESH)
        .timezone("utc")
        .tooltip(models.DashboardCursorSync.CROSSHAIR)
        .link(_other_dashboards())
    )
    built = board.build()
    _number_panels(built)
    return built


def _other_dashboards() -> builders.DashboardLink:
    """One drop-down with every aiscope dashboard, keeping time range and variables."""
    return (
        builders.DashboardLink("aiscope dashboards")
        .type(models.DashboardLinkType.DASHBOARDS)
        .tags([obs.DASHBOARD_TAG])
        .as_dropdown(True)
        .include_vars(True)
        .keep_time(True)
    )


def _number_panels(board: models.Dashboard) -> None:
    """Grafana addresses panels (view, share, embed) by id; ids follow the layout."""
    for number, panel in enumerate(board.panels or [], start=1):
        panel.id_val = number
