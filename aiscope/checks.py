"""`aiscope check`: stale generated files, then the fast semantic checks.

TODO(observability): the fast checks of rules and queries (promtool, query
grammars) join this list when the rule and dashboard generators land.
"""

from __future__ import annotations

from pathlib import Path

from .generate import check


def run_checks(project_dir: Path) -> list[str]:
    return [str(stale) for stale in check(project_dir)]
