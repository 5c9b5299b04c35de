"""The committed dashboards, rule files and runbooks are the golden files.

`aiscope generate` (or `pytest --update-golden`, which runs it) rewrites them;
this test fails on any difference, stray or missing file.
"""

from __future__ import annotations

import json

import pytest

from aiscope import headers
from aiscope.artifacts import GENERATED_DIRS, artifact_files
from aiscope.generate import check, generate

from . import tools


def test_generated_artifacts_match_the_committed_files(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        generate(tools.PROJECT)

    assert [str(stale) for stale in check(tools.PROJECT)] == []


def test_dashboards_rules_and_runbooks_live_in_generated_folders(models) -> None:
    folders = {path.split("/")[0] for path in artifact_files(models)}

    assert folders == set(GENERATED_DIRS) == {"dashboards", "alert-rules", "runbooks"}


def test_every_artifact_says_it_is_generated(models) -> None:
    for path, text in artifact_files(models).items():
        if path.endswith(".json"):
            assert headers.MARKER in json.loads(text)["description"], path
        else:
            assert headers.MARKER in text.splitlines()[0], path


def test_rule_files_are_per_stack_and_one_per_subsystem(models) -> None:
    paths = [path for path in artifact_files(models) if path.startswith("alert-rules/")]
    subsystems = {"requests", "spend", "safety", "tools", "telemetry", "pipeline"}

    for model in models:
        own = {p.split("/")[-1] for p in paths if p.startswith(f"alert-rules/{model.stack}/")}
        assert own == {f"{name}.yaml" for name in subsystems}
