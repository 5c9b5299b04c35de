"""`aiscope render`: files for both example stacks, golden, deterministic, tidy.

The golden files under tests/golden/render/<stack>/ are what `aiscope
render --stack <stack>` writes (objects and configs, collector configs
included), except that the dashboards and rule files are replaced by one
small sample each: those are generated and committed on their own
(dashboards/, alert-rules/), and here only their wiring into ConfigMaps
and volumes matters. `pytest --update-golden` refreshes the golden files
after a deliberate change, and their diff shows what a deploy would change.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import GOLDEN_DIR
from manifest_models import EXAMPLE_STACKS, PROJECT, example

from aiscope import artifacts
from aiscope.headers import MARKER
from aiscope.manifests import COMPONENT_KEYS, build_objects
from aiscope.render import render_stack, rendered_files


def aiscope(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aiscope.cli", "--project", str(PROJECT), *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
    )


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


SAMPLE_RULES = {"sample.yaml": "groups:\n- name: sample\n  rules:\n  - record: r\n    expr: up\n"}
SAMPLE_DASHBOARDS = {"sample.json": '{\n  "title": "Sample",\n  "uid": "sample"\n}\n'}


@pytest.mark.parametrize("stack", EXAMPLE_STACKS)
def test_rendered_files_match_the_golden_files(
    stack: str, golden, request, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(artifacts, "rule_files", lambda model: SAMPLE_RULES)
    monkeypatch.setattr(artifacts, "dashboard_files", lambda model: SAMPLE_DASHBOARDS)
    files = rendered_files(example(stack))
    folder = GOLDEN_DIR / "render" / stack

    if request.config.getoption("--update-golden"):
        for stale in set(tree(folder)) - set(files) if folder.exists() else ():
            (folder / stale).unlink()
    for relative, content in files.items():
        golden(f"render/{stack}/{relative}", content)
    assert set(tree(folder)) == set(files), "golden files no longer rendered; run --update-golden"


def test_render_cli_writes_every_component_and_config_without_cluster_or_secrets(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out" / "dev"

    result = aiscope("render", "--stack", "dev", "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert sorted(tree(out)) == sorted(
        [f"{key}.yaml" for key in COMPONENT_KEYS]
        + [f"config/{name}" for name in (
            "otel-gateway.yaml", "otel-agent.yaml", "tempo.yaml", "loki.yaml", "prometheus.yaml",
            "grafana-datasources.yaml", "grafana-dashboards.yaml",
        )]
    )  # fmt: skip
    total = sum(len(items) for items in build_objects(example("dev")).values())
    assert result.stdout.splitlines()[0] == f"rendered stack dev into {out}: {total} objects"


def test_render_summary_counts_objects_and_names_the_secrets_pulumi_up_needs(
    tmp_path: Path,
) -> None:
    summary = render_stack(PROJECT, "prod", tmp_path)
    lines = str(summary).splitlines()

    assert (
        lines[0] == f"rendered stack prod into {tmp_path}: {sum(summary.objects.values())} objects"
    )
    assert "  collector.yaml    19 objects" in lines
    assert "  namespace.yaml     2 objects" in lines
    assert any(line.startswith("  config/: otel-gateway.yaml, otel-router.yaml") for line in lines)
    assert (
        "secrets: placeholders written; `pulumi up` fills in userIdHashKey, grafanaAdminPassword"
        in lines
    )
    assert (
        "  not set for this stack: pulumi config set --secret grafanaAdminPassword "
        "'<a long random password>' -s prod" in lines
    )


def test_every_rendered_file_opens_with_the_generated_header(tmp_path: Path) -> None:
    render_stack(PROJECT, "prod", tmp_path)

    for relative, content in tree(tmp_path).items():
        first, second = content.decode().splitlines()[:2]
        assert first == f"# {MARKER}.", relative
        assert "Regenerate with `aiscope render --stack prod --out DIR`" in second


def test_every_rendered_document_parses_and_nothing_is_aliased(tmp_path: Path) -> None:
    render_stack(PROJECT, "prod", tmp_path)

    for relative, content in tree(tmp_path).items():
        text = content.decode()
        assert "&id" not in text and "*id" not in text, relative
        documents = [doc for doc in yaml.safe_load_all(text) if doc is not None]
        assert documents, relative


def test_rendering_twice_gives_identical_bytes(tmp_path: Path) -> None:
    render_stack(PROJECT, "prod", tmp_path / "a")
    render_stack(PROJECT, "prod", tmp_path / "b")

    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_a_rerender_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    render_stack(PROJECT, "prod", out)  # has a router
    notes = out / "config" / "notes.yaml"
    notes.write_text("# my own notes\n")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(f"# {MARKER}.\n")

    summary = render_stack(PROJECT, "dev", out)  # one gateway: no router

    assert summary.removed == ("config/otel-router.yaml",)
    assert not (out / "config" / "otel-router.yaml").exists()
    assert notes.exists() and outside.exists()
    assert set(tree(out)) == set(rendered_files(example("dev"))) | {"config/notes.yaml"}


def test_render_from_the_project_folder_with_a_relative_out(tmp_path: Path) -> None:
    """The README's `aiscope render --stack dev --out out/dev`, run where the project is."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("telemetry-schema.yaml", "Pulumi.yaml", "Pulumi.dev.yaml"):
        (project / name).write_bytes((PROJECT / name).read_bytes())

    result = subprocess.run(
        [sys.executable, "-m", "aiscope.cli", "render", "--stack", "dev", "--out", "out/dev"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"},
    )

    assert result.returncode == 0, result.stderr
    assert tree(project / "out" / "dev") == {
        relative: content.encode() for relative, content in rendered_files(example("dev")).items()
    }
