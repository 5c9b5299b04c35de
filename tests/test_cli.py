"""The command line as a user meets it: exit codes, reports, no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

PROJECT = Path(__file__).resolve().parent.parent


def aiscope(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aiscope.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def broken_project(tmp_path: Path) -> Path:
    shutil.copy(PROJECT / "telemetry-schema.yaml", tmp_path)
    (tmp_path / "Pulumi.bad.yaml").write_text(
        "config:\n  aiscope:sampling: {successRatio: 7}\n  aiscope:retention: {logs: forever}\n"
    )
    return tmp_path


def test_validate_accepts_both_example_stacks() -> None:
    for stack in ("dev", "prod"):
        result = aiscope("validate", "--stack", stack)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith(f"Pulumi.{stack}.yaml: valid")


def test_bad_settings_exit_2_with_every_problem_and_no_traceback(broken_project: Path) -> None:
    result = aiscope("--project", str(broken_project), "validate", "--stack", "bad")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "aiscope found 2 problems:",
        "  - Pulumi.bad.yaml: aiscope:retention.logs: got 'forever'; "
        "expected a duration such as 30d, 12h or 15m",
        "  - Pulumi.bad.yaml: aiscope:sampling.successRatio: got 7; expected a number at most 1",
    ]


def test_render_of_bad_settings_writes_nothing(broken_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    result = aiscope(
        "--project", str(broken_project), "render", "--stack", "bad", "--out", str(out)
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_schema_export_writes_a_usable_log_schema_and_names_module(tmp_path: Path) -> None:
    result = aiscope("schema", "export", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr

    log_schema = json.loads((tmp_path / "schema/log-record.schema.json").read_text())
    good = {"trace_id": "0af7651916cd43dd8448eb211c80319c", "route": "chat", "model": "gpt-4o"}
    jsonschema.validate(good, log_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "input_truncated": "x" * 201}, log_schema)

    names: dict = {}
    exec((tmp_path / "schema/aiscope_names.py").read_text(), names)
    assert names["GEN_AI_REQUEST_MODEL"] == "gen_ai.request.model"
    assert names["SPAN_AI_CALL"] == "ai.call"
