"""`aiscope check` runs promtool and the query grammars over the committed files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aiscope.checks import NODE_TOOLS_ENV, PROMTOOL_ENV, run_checks

from . import tools

COPIED = ("telemetry-schema.yaml", "README.md", "schema", "dashboards", "alert-rules", "runbooks")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's inputs and generated files, with the real tools configured."""
    for name in COPIED:
        source = tools.PROJECT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    for stack_file in tools.PROJECT.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, tmp_path)
    monkeypatch.setenv(PROMTOOL_ENV, str(tools.promtool()))
    monkeypatch.setenv(NODE_TOOLS_ENV, str(tools.node_tools()))
    return tmp_path


def test_the_committed_project_passes_every_fast_check(project: Path) -> None:
    assert run_checks(project) == []


def test_a_rule_file_promtool_rejects_is_reported(project: Path) -> None:
    rules = project / "alert-rules" / "dev" / "tools.yaml"
    rules.write_text(rules.read_text().replace("rate(", "rate_of(", 1))

    failures = run_checks(project)

    assert any(f.startswith("promtool check rules failed") for f in failures), failures
    assert "alert-rules/dev/tools.yaml: differs from what `aiscope generate` writes" in failures


def test_a_runbook_query_that_does_not_parse_is_reported(project: Path) -> None:
    runbook = project / "runbooks" / "route-latency-high.md"
    runbook.write_text(runbook.read_text().replace('| error_type!=""', "| error_type!="))

    failures = run_checks(project)

    assert any(
        f.startswith("runbooks/route-latency-high.md: block") and "logql does not parse" in f
        for f in failures
    ), failures
