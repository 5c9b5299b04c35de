"""The generated Prometheus config passes `promtool check config` of Prometheus 3.14.

promtool is built from the same Prometheus module version as the deployed
image (tools/build-prometheus.sh); it parses the config strictly (an
unknown key fails) and loads every rule file the config names. The rules
ConfigMap is mounted at /etc/prometheus/rules in the pod; here the config
is pointed at a temporary copy of that folder.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from manifest_models import PROJECT, all_models

from aiscope import artifacts
from aiscope.conventions import backends as paths
from aiscope.manifests import config_files

CASES = dict(all_models())

SAMPLE_RULES = """\
groups:
  - name: sample
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
"""


def promtool() -> Path:
    """AISCOPE_PROMTOOL, or where tools/build-prometheus.sh puts it; never a skip."""
    configured = os.environ.get("AISCOPE_PROMTOOL")
    if configured:
        return Path(configured)
    go_mod = (PROJECT / "tools/prometheus/go.mod").read_text(encoding="utf-8")
    version = re.search(r"github\.com/prometheus/prometheus (v0\.\d+\.\d+)", go_mod).group(1)
    cache = Path(os.environ.get("AISCOPE_CACHE", Path.home() / ".cache/aiscope"))
    path = cache / f"prometheus-{version}" / "promtool"
    if not path.exists():
        pytest.fail(
            f"promtool not found: set AISCOPE_PROMTOOL or build it with "
            f"tools/build-prometheus.sh (expected at {path})"
        )
    return path


def check_config(
    config_text: str, rules: dict[str, str], folder: Path
) -> subprocess.CompletedProcess:
    rules_dir = folder / "rules"
    rules_dir.mkdir()
    for name, content in rules.items():
        (rules_dir / name).write_text(content, encoding="utf-8")
    config = folder / "prometheus.yaml"
    config.write_text(config_text.replace(paths.PROMETHEUS_RULES_DIR, str(rules_dir)))
    return subprocess.run(
        [str(promtool()), "check", "config", str(config)], capture_output=True, text=True
    )


@pytest.mark.parametrize("case", list(CASES))
def test_promtool_accepts_the_config_with_the_stacks_rules(case: str, tmp_path: Path) -> None:
    model = CASES[case]
    rules = artifacts.rule_files(model)

    result = check_config(config_files(model)[paths.PROMETHEUS_CONFIG_FILE], rules, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_loads_rule_files_from_the_mounted_folder(tmp_path: Path) -> None:
    """Both rule globs are live: a .yml and a .yaml file are each checked."""
    text = config_files(CASES["prod"])[paths.PROMETHEUS_CONFIG_FILE]
    rules = {"sample.yaml": SAMPLE_RULES, "other.yml": SAMPLE_RULES.replace("sample", "other")}

    result = check_config(text, rules, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 2 rule files found" in result.stdout


def test_promtool_rejects_a_broken_rule_file(tmp_path: Path) -> None:
    """The check can fail: promtool reads what the rule globs match."""
    text = config_files(CASES["dev"])[paths.PROMETHEUS_CONFIG_FILE]

    result = check_config(
        text, {"broken.yaml": "groups: [{name: x, rules: [{record: y}]}]\n"}, tmp_path
    )

    assert result.returncode != 0
    assert "broken.yaml" in result.stdout + result.stderr


def test_promtool_rejects_an_unknown_config_key(tmp_path: Path) -> None:
    """The check is strict about keys, so a misspelt retention setting cannot slip by."""
    config = yaml.safe_load(config_files(CASES["dev"])[paths.PROMETHEUS_CONFIG_FILE])
    config["storage"]["tsdb"]["retention_time"] = "15d"

    result = check_config(yaml.safe_dump(config), {}, tmp_path)

    assert result.returncode != 0
    assert "field retention_time not found" in result.stdout + result.stderr
