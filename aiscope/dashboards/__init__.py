"""Grafana dashboards, built with grafana-foundation-sdk from the recorded series.

One module per dashboard (ai_overview, tokens_spend, safety_quality,
tools_retrieval, pipeline_health) lays out its panels; panels, variables
and queries hold what they share; decorate is the final pass (UID, header,
tags, links); render writes JSON. One set of dashboards serves every stack:
what differs per stack (targets, budgets) is read from recorded series.
"""

from __future__ import annotations

import logging

from grafana_foundation_sdk.models import dashboard as models

from ..conventions import observability as obs
from ..model import StackModel
from ..rules.recordings import catalog
from . import ai_overview, pipeline_health, safety_quality, tokens_spend, tools_retrieval
from .decorate import finish
from .queries import Queries
from .render import to_json

log = logging.getLogger(__name__)

MODULES = (ai_overview, tokens_spend, safety_quality, tools_retrieval, pipeline_health)


def dashboards(model: StackModel, raw: bool = False) -> dict[str, models.Dashboard]:
    """Key -> dashboard; `raw=True` replaces recorded series by their expressions."""
    queries = Queries(catalog(model), raw=raw, step=model.settings.alerting.evaluation_interval)
    built = {
        module.KEY: finish(module.build(queries), module.KEY, module.DESCRIPTION)
        for module in MODULES
    }
    log.debug("built %d dashboards for stack %s", len(built), model.stack)
    return built


def dashboard_files(model: StackModel) -> dict[str, str]:
    """File name -> JSON text of every dashboard."""
    return {obs.dashboard_file(key): to_json(board) for key, board in dashboards(model).items()}
