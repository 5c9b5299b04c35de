"""Dashboards, rule files and runbooks as files, for `aiscope generate` and the stack.

Rules are per stack (thresholds, regions and budgets differ), so each stack
gets `alert-rules/<stack>/`. Dashboards and runbooks are shared: dashboards
read per-stack values from recorded series, runbooks list every stack's rule.
"""

from __future__ import annotations

import logging

from .conventions import observability as obs
from .dashboards import dashboard_files as _dashboard_files
from .model import StackModel
from .rules import rule_files as _rule_files

log = logging.getLogger(__name__)

RULES_DIR = "alert-rules"

# Folders whose every file is generated; `aiscope check` flags strays in them.
GENERATED_DIRS: tuple[str, ...] = (obs.DASHBOARD_DIR, RULES_DIR, obs.RUNBOOK_DIR)


def artifact_files(models: list[StackModel]) -> dict[str, str]:
    """Relative path -> content of every dashboard, rule file and runbook, for all stacks."""
    if not models:
        return {}
    files = {
        f"{obs.DASHBOARD_DIR}/{name}": text for name, text in dashboard_files(models[0]).items()
    }
    for model in models:
        files.update(
            {f"{RULES_DIR}/{model.stack}/{name}": text for name, text in rule_files(model).items()}
        )
    # Imported here: runbooks need Jinja2, which the Pulumi program never does.
    from .runbooks import runbook_files

    files.update(runbook_files(models))
    log.info("generated %d dashboards, rules and runbooks for %d stacks", len(files), len(models))
    return files


def rule_files(model: StackModel) -> dict[str, str]:
    """File name -> YAML text of the Prometheus rule files one stack's Prometheus loads."""
    return _rule_files(model)


def dashboard_files(model: StackModel) -> dict[str, str]:
    """File name -> JSON text of the dashboards one stack's Grafana provisions."""
    return _dashboard_files(model)
