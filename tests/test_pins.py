"""Every version is pinned once per kind, and the pins that must agree do.

The collector the tests run is built from tools/otelcol/builder-config.yaml and
the Prometheus from tools/prometheus/go.mod; the stack deploys the images in
aiscope/versions.py. If these drifted apart, the tests would prove a different
program from the one deployed.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from aiscope.versions import IMAGES, image_tag

PROJECT = Path(__file__).resolve().parent.parent


def builder_manifest() -> dict:
    return yaml.safe_load((PROJECT / "tools/otelcol/builder-config.yaml").read_text())


def manifest_modules(manifest: dict) -> list[str]:
    kinds = ("receivers", "processors", "connectors", "exporters", "extensions", "providers")
    return [entry["gomod"] for kind in kinds for entry in manifest.get(kind, [])]


def test_collector_build_matches_the_deployed_collector_image() -> None:
    assert builder_manifest()["dist"]["version"] == image_tag("collector")


def test_every_collector_component_is_from_the_same_release() -> None:
    release = "v" + image_tag("collector")
    core_minor = int(release.split(".")[1]) - 94  # core v1.N ships with v0.(N+94)

    for module in manifest_modules(builder_manifest()):
        version = module.split()[1]
        assert version in (release, f"v1.{core_minor}.0"), module


def test_prometheus_build_matches_the_deployed_prometheus_image() -> None:
    go_mod = (PROJECT / "tools/prometheus/go.mod").read_text()
    module_version = re.search(r"github.com/prometheus/prometheus (v0\.(\d+)\.(\d+))", go_mod)
    assert module_version, "tools/prometheus/go.mod must require github.com/prometheus/prometheus"

    # Prometheus 3.X.Y is published as the Go module version v0.3XX.Y.
    minor, patch = int(module_version.group(2)) - 300, module_version.group(3)
    assert image_tag("prometheus") == f"v3.{minor}.{patch}"


def test_every_image_has_an_exact_tag() -> None:
    for component, image in IMAGES.items():
        tag = image.rsplit(":", 1)[1]
        assert re.fullmatch(r"v?\d+\.\d+\.\d+", tag), f"{component}: {image}"


def test_every_python_dependency_is_pinned_exactly() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]

    for requirement in requirements:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==\S+", requirement), requirement
