"""Runbooks: one Markdown page per alert, rendered from its family's Jinja2 template.

Every stack's alerts link here through `runbook_url`. A page shows what the
alert means, how each stack evaluates it, how to diagnose it, and queries
(PromQL, LogQL, TraceQL) for the labels the alert carries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import headers
from ..conventions import observability as obs
from ..dashboards import MODULES as DASHBOARD_MODULES
from ..dashboards.inventory import Query
from ..model import StackModel
from ..rules import alerts
from ..rules.decorate import dashboard_base_url, for_duration
from ..rules.definitions import Alert
from .queries import RunbookQuery
from .registry import runbook_queries

log = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "runbooks"
_TITLES = {module.KEY: module.TITLE for module in DASHBOARD_MODULES}


@dataclass(frozen=True)
class StackRule:
    """How one stack evaluates the alert."""

    stack: str
    exprs: tuple[str, ...]  # some alerts have one rule per signal
    waits: str | None  # the rule's `for`
    evaluations: int
    description: str
    dashboard_url: str


def runbook_files(models: list[StackModel]) -> dict[str, str]:
    """Path (under the project) -> Markdown of every alert's runbook."""
    environment = _environment()
    files = {}
    for name, entries in _alerts_by_name(models).items():
        template = environment.get_template(f"{entries[0][1].family}.md.j2")
        files[f"{obs.RUNBOOK_DIR}/{obs.runbook_path(name)}"] = template.render(
            _context(name, entries, models)
        )
    log.debug("rendered %d runbooks", len(files))
    return files


def all_queries(models: list[StackModel]) -> list[Query]:
    """Every query of every runbook, for the grammar checks and the tests."""
    found = []
    for name in _alerts_by_name(models):
        path = f"{obs.RUNBOOK_DIR}/{obs.runbook_path(name)}"
        found += [
            Query(query.lang, query.text, f"{path}: {query.title}")
            for query in runbook_queries(name, models)
        ]
    return found


def _alerts_by_name(models: list[StackModel]) -> dict[str, list[tuple[StackModel, Alert]]]:
    """Alerts of every stack, grouped by name; a name's rules may differ per stack."""
    grouped: dict[str, list[tuple[StackModel, Alert]]] = {}
    for model in models:
        for alert in alerts(model):
            grouped.setdefault(alert.name, []).append((model, alert))
    return dict(sorted(grouped.items()))


def _context(name: str, entries: list[tuple[StackModel, Alert]], models: list[StackModel]) -> dict:
    first = entries[0][1]
    sources = [f"aiscope/templates/runbooks/{first.family}.md.j2", "Pulumi.<stack>.yaml"]
    return {
        "header": headers.markdown(sources),
        "alert": first,
        "names": obs,
        "labels": [*first.labels_out, *first.static_labels],
        "dashboard_title": _TITLES[first.dashboard],
        "stacks": _stack_rules(entries),
        "queries": runbook_queries(name, models),
    }


def _stack_rules(entries: list[tuple[StackModel, Alert]]) -> list[StackRule]:
    by_stack: dict[str, list[tuple[StackModel, Alert]]] = {}
    for model, alert in entries:
        by_stack.setdefault(model.stack, []).append((model, alert))
    return [_stack_rule(rules) for rules in by_stack.values()]


def _stack_rule(rules: list[tuple[StackModel, Alert]]) -> StackRule:
    model, alert = rules[0]
    interval = model.settings.alerting.evaluation_interval
    return StackRule(
        stack=model.stack,
        exprs=tuple(rule.expr for _, rule in rules),
        waits=for_duration(alert.evaluations, interval),
        evaluations=alert.evaluations,
        description=alert.description,
        dashboard_url=dashboard_base_url(model, alert.dashboard),
    )


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML
    )


__all__ = ["RunbookQuery", "all_queries", "runbook_files"]
