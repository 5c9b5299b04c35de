"""Dashboards, alert rules and runbooks as files, for `aiscope generate` and the stack.

TODO(observability): placeholder until the dashboard, rule and runbook
generators land; it produces no files yet.
"""

from __future__ import annotations

from .model import StackModel

# Folders whose every file is generated; `aiscope check` flags strays in them.
GENERATED_DIRS: tuple[str, ...] = ()


def artifact_files(models: list[StackModel]) -> dict[str, str]:
    """Relative path -> content of every dashboard, rule file and runbook, for all stacks."""
    return {}


def rule_files(model: StackModel) -> dict[str, str]:
    """File name -> YAML text of the Prometheus rule files one stack's Prometheus loads."""
    return {}


def dashboard_files(model: StackModel) -> dict[str, str]:
    """File name -> JSON text of the dashboards one stack's Grafana provisions."""
    return {}
