"""Dashboards, alert rules and runbooks as files, for `aiscope generate`.

TODO(observability): placeholder until the dashboard, rule and runbook
generators land; it produces no files yet.
"""

from __future__ import annotations

from .model import StackModel

# Folders whose every file is generated; `aiscope check` flags strays in them.
GENERATED_DIRS: tuple[str, ...] = ()


def artifact_files(models: list[StackModel]) -> dict[str, str]:
    """Relative path -> content of every dashboard, rule file and runbook."""
    return {}
