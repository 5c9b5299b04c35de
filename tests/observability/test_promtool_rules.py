"""The committed rule files pass promtool, and every alert behaves as its cases say.

`promtool test rules` evaluates the generated rules at each interval over
synthetic input series; the cases come from rule_cases.py and use each
stack's own thresholds, so they follow any change of settings.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from aiscope.artifacts import RULES_DIR
from aiscope.model import StackModel
from aiscope.rules import alerts

from . import rule_cases, tools
from .loaded_prometheus import write_rule_files

PROJECT = tools.PROJECT


def _promtool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(tools.promtool()), *args], capture_output=True, text=True)


def _run_cases(model: StackModel, chosen: list[rule_cases.Case], tmp_path: Path, rules=None):
    rule_paths = rules or write_rule_files(model, tmp_path / "rules")
    test_path = tmp_path / "tests.yaml"
    test_path.write_text(rule_cases.promtool_file(model, rule_paths, chosen))
    return _promtool("test", "rules", str(test_path))


def _stack(models: list[StackModel], name: str) -> StackModel:
    return next(model for model in models if model.stack == name)


def test_promtool_check_rules_accepts_every_committed_rule_file() -> None:
    files = sorted(str(path) for path in (PROJECT / RULES_DIR).rglob("*.yaml"))
    result = _promtool("check", "rules", "--lint=all", "--lint-fatal", *files)

    assert len(files) >= 2
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_every_alert_has_a_case_that_fires_and_one_that_does_not(models, stack) -> None:
    model = _stack(models, stack)
    cases = rule_cases.cases(model)
    names = {alert.name for alert in alerts(model)}

    firing = {case.alert for case in cases if case.fires}
    silent = {case.alert for case in cases if not case.fires}
    assert firing == names
    assert silent == names


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_every_alert_case_passes_promtool_test_rules(models, stack, tmp_path) -> None:
    model = _stack(models, stack)
    result = _run_cases(model, rule_cases.cases(model), tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_latency_above_target_for_two_periods_stays_silent_and_for_three_fires(
    models, stack, tmp_path
) -> None:
    model = _stack(models, stack)
    two, three = rule_cases.latency_cases(model)
    assert not two.fires and three.fires
    assert three.expected[12] == [] and three.expected[13] != []

    result = _run_cases(model, [two, three], tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_latency_rule_waiting_three_intervals_fails_the_three_period_case(
    models, tmp_path
) -> None:
    """The boundary case has teeth: `for` = 3 intervals would wait for a fourth period."""
    model = _stack(models, "prod")
    rule_paths = write_rule_files(model, tmp_path / "rules")
    requests = next(path for path in rule_paths if path.name == "requests.yaml")
    document = yaml.safe_load(requests.read_text())
    for rule in document["groups"][0]["rules"]:
        if rule.get("alert") == rule_cases.obs.ROUTE_LATENCY_HIGH:
            rule["for"] = "3m"
    requests.write_text(yaml.safe_dump(document))

    result = _run_cases(model, rule_cases.latency_cases(model)[1:], tmp_path, rules=rule_paths)

    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
