"""`aiscope check`: stale generated files, then the fast semantic checks.

Besides staleness, the committed rule files go through `promtool check
rules`, and every query in dashboards, rules and runbooks through the
grammars Grafana and Prometheus parse them with. Each tool check runs when
its tool is present (an environment variable, or the cache the tools/ build
scripts fill) and is skipped with a warning otherwise; the test suite, which
requires the tools, runs the same checks and more.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from .artifacts import RULES_DIR
from .conventions import observability as obs
from .dashboards.inventory import CHECK_VALUES, Query, committed_queries, substitute
from .generate import check

log = logging.getLogger(__name__)

PROMTOOL_ENV = "AISCOPE_PROMTOOL"
PROMETHEUS_ENV = "AISCOPE_PROMETHEUS"
NODE_TOOLS_ENV = "AISCOPE_NODE_TOOLS"
CACHE_ENV = "AISCOPE_CACHE"
PARSER_SCRIPT = "parse-query.mjs"

QUERY_FOLDERS = {obs.DASHBOARD_DIR: "dashboards", RULES_DIR: "rules", obs.RUNBOOK_DIR: "runbooks"}


def run_checks(project_dir: Path) -> list[str]:
    failures = [str(stale) for stale in check(project_dir)]
    failures += _promtool_check(project_dir)
    failures += _grammar_check(project_dir)
    return failures


def find_prometheus_binary(project_dir: Path, name: str) -> Path | None:
    """`prometheus` or `promtool`: from its environment variable, else the build cache."""
    env = PROMTOOL_ENV if name == "promtool" else PROMETHEUS_ENV
    if os.environ.get(env):
        return Path(os.environ[env])
    version = _pinned_prometheus(project_dir)
    cache = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "aiscope")
    candidate = cache / f"prometheus-{version}" / name if version else None
    return candidate if candidate and candidate.is_file() else None


def find_node_tools(project_dir: Path) -> Path | None:
    """The folder with parse-query.mjs and its installed grammars, when node can run it."""
    folder = Path(os.environ.get(NODE_TOOLS_ENV) or project_dir / "tools" / "node")
    if shutil.which("node") and (folder / "node_modules").is_dir():
        return folder
    return None


def _pinned_prometheus(project_dir: Path) -> str | None:
    """The module version tools/prometheus/go.mod requires (v0.3XX.Y for Prometheus 3.XX.Y)."""
    gomod = project_dir / "tools" / "prometheus" / "go.mod"
    if not gomod.is_file():
        return None
    pin = r"^\s*(?:require\s+)?github\.com/prometheus/prometheus\s+(v\d+\.\d+\.\d+)"
    match = re.search(pin, gomod.read_text(), re.MULTILINE)
    return match.group(1) if match else None


def _promtool_check(project_dir: Path) -> list[str]:
    promtool = find_prometheus_binary(project_dir, "promtool")
    files = sorted(str(path) for path in (project_dir / RULES_DIR).rglob("*.yaml"))
    if promtool is None:
        log.warning("promtool not found (set %s); rule files not checked", PROMTOOL_ENV)
        return []
    if not promtool.is_file():
        return [f"{PROMTOOL_ENV}={promtool}: no such file; build it with `make prometheus`"]
    if not files:
        return []
    result = subprocess.run(
        [str(promtool), "check", "rules", "--lint=all", "--lint-fatal", *files],
        capture_output=True,
        text=True,
    )
    if result.returncode == 0:
        return []
    return [f"promtool check rules failed:\n{result.stdout}{result.stderr}".rstrip()]


def parse_queries(node_tools: Path, queries: list[Query]) -> list[str]:
    """Parse each query with its language's grammar; one message per query that fails."""
    lines = "".join(json.dumps({"lang": q.lang, "query": q.text}) + "\n" for q in queries)
    result = subprocess.run(
        ["node", PARSER_SCRIPT], cwd=node_tools, input=lines, capture_output=True, text=True
    )
    if result.returncode != 0:
        return [f"{PARSER_SCRIPT} failed: {result.stderr.strip()}"]
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    return [
        f"{query.where}: {query.lang} does not parse: {answer['error']}"
        for query, answer in zip(queries, answers, strict=True)
        if not answer["ok"]
    ]


def _grammar_check(project_dir: Path) -> list[str]:
    node_tools = find_node_tools(project_dir)
    if node_tools is None:
        log.warning("query grammars not found (set %s); queries not parsed", NODE_TOOLS_ENV)
        return []
    queries = [
        Query(q.lang, substitute(q.text, CHECK_VALUES), q.where)
        for q in committed_queries(project_dir, QUERY_FOLDERS)
    ]
    return parse_queries(node_tools, queries)
