"""The collector configs exactly as rendered into the ConfigMaps pass `otelcol validate`,
and every environment variable they reference is set on the container that reads them.

The collector engineer's own tests validate the config dicts; these check
the text `aiscope render` and `pulumi up` ship (YAML writing included) and
the wiring between config and pod spec. The binary is the distribution
built from tools/otelcol/builder-config.yaml (AISCOPE_OTELCOL, or the
cache path tools/build-otelcol.sh uses).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from manifest_models import PROJECT, all_models

from aiscope.conventions import backends as paths
from aiscope.conventions import kubernetes as k8s
from aiscope.manifests import build_objects

CASES = dict(all_models())
COLLECTOR_FILES = {
    k8s.GATEWAY: paths.GATEWAY_CONFIG_FILE,
    k8s.ROUTER: paths.ROUTER_CONFIG_FILE,
    k8s.AGENT: paths.AGENT_CONFIG_FILE,
}
ENV_REFERENCE = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)")


def otelcol() -> Path:
    configured = os.environ.get("AISCOPE_OTELCOL")
    if configured:
        return Path(configured)
    manifest = PROJECT / "tools/otelcol/builder-config.yaml"
    key = hashlib.sha256(manifest.read_bytes()).hexdigest()[:12]
    name = yaml.safe_load(manifest.read_text(encoding="utf-8"))["dist"]["name"]
    cache = Path(os.environ.get("AISCOPE_CACHE", Path.home() / ".cache/aiscope"))
    binary = cache / "otelcol" / key / name
    if not binary.is_file():
        pytest.fail(
            f"collector not found: set AISCOPE_OTELCOL or run tools/build-otelcol.sh ({binary})"
        )
    return binary


def deployed_collectors(case: str) -> list[tuple[str, str, dict[str, str]]]:
    """(workload, config text from its ConfigMap, its container's environment).

    Variables the pod fills at run time (pod IP, node name, secret key) get
    stand-in values; literal values (GOMEMLIMIT) are kept."""
    objects = [obj for items in build_objects(CASES[case]).values() for obj in items]
    config_maps = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ConfigMap"}
    result = []
    for obj in objects:
        name = obj["metadata"]["name"]
        if obj["kind"] in {"StatefulSet", "Deployment", "DaemonSet"} and name in COLLECTOR_FILES:
            [container] = obj["spec"]["template"]["spec"]["containers"]
            text = config_maps[name]["data"][COLLECTOR_FILES[name]]
            env = {item["name"]: _stand_in(item) for item in container.get("env", [])}
            result.append((name, text, env))
    return result


def _stand_in(env: dict) -> str:
    if "value" in env:
        return env["value"]
    # The HMAC key must be at least 32 bytes long; a node name is any string.
    return "127.0.0.1" if env["name"] == k8s.POD_IP_ENV else "0123456789abcdef" * 4


@pytest.mark.parametrize("case", list(CASES))
def test_every_env_reference_of_a_collector_config_is_set_on_its_container(case: str) -> None:
    for name, text, env in deployed_collectors(case):
        assert set(ENV_REFERENCE.findall(text)) <= set(env), name


@pytest.mark.parametrize("case", ["dev", "prod"])
def test_the_rendered_collector_configs_pass_otelcol_validate(case: str, tmp_path: Path) -> None:
    binary = otelcol()
    for name, text, env in deployed_collectors(case):
        config = tmp_path / f"{name}.yaml"
        config.write_text(text, encoding="utf-8")
        pod_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}

        result = subprocess.run(
            [str(binary), "validate", f"--config={config}"],
            env=pod_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

        assert result.returncode == 0, f"{name}: {result.stderr[-2000:]}"


def test_validate_rejects_a_broken_rendered_config(tmp_path: Path) -> None:
    """The check can fail: a pipeline naming an undefined exporter is refused."""
    [(name, text, _)] = [entry for entry in deployed_collectors("dev") if entry[0] == k8s.AGENT]
    config = yaml.safe_load(text)
    first = next(iter(config["service"]["pipelines"].values()))
    first["exporters"] = ["otlp_grpc/nowhere"]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")

    result = subprocess.run(
        [str(otelcol()), "validate", f"--config={path}"],
        env={"PATH": "/usr/bin:/bin", k8s.POD_IP_ENV: "127.0.0.1", k8s.NODE_NAME_ENV: "n"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "otlp_grpc/nowhere" in result.stderr
