"""What `pulumi up` registers is what `aiscope render` writes, object by object.

The Pulumi program runs under Pulumi's mocks (no `pulumi` CLI and no
cluster can run here; see tests/pulumi_mocks.py), which record the inputs of
every resource. Those inputs, normalized, must equal the documents of the
rendered YAML files: the same objects in the same files (one file per
component) with identical content. Normalizing undoes only what the
transport changes: Pulumi sends every number as a float, wraps secrets in
a marker, and may add properties of its own (named `__...`). A secret's
value must be the stack's secret, and it is compared as the placeholder
render writes in its place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi_mocks import (
    FAKE_SECRETS,
    REPO,
    ProgramRun,
    Registration,
    is_secret,
    run_program,
    stack_file_config,
)

from aiscope.manifests import secret_fields
from aiscope.render import render_stack

STACKS = ("dev", "prod")
STACK_COMPONENT_NAME = "aiscope"

Key = tuple[str, str, str, str, str]
"""(rendered file without .yaml, apiVersion, kind, namespace, name)"""


@pytest.mark.parametrize("stack", STACKS)
def test_the_program_registers_what_render_writes(stack: str, tmp_path: Path) -> None:
    render_stack(REPO, stack, tmp_path)
    rendered = rendered_objects(tmp_path)

    registered = registered_objects(run_program(stack, stack_file_config(stack)))

    assert len(rendered) > 30
    assert sorted(registered) == sorted(rendered)
    for key, obj in rendered.items():
        assert registered[key] == obj, f"{key} differs between pulumi up and render"


def test_normalizing_turns_integral_floats_back_into_integers_and_keeps_the_rest() -> None:
    inputs = {"replicas": 3.0, "ratio": 0.5, "ports": [{"port": 4317.0}], "flag": True}

    assert normalized(inputs) == {
        "replicas": 3,
        "ratio": 0.5,
        "ports": [{"port": 4317}],
        "flag": True,
    }


def test_normalizing_drops_pulumi_internal_properties() -> None:
    assert normalized({"kind": "ConfigMap", "__defaults": []}) == {"kind": "ConfigMap"}


def rendered_objects(out_dir: Path) -> dict[Key, dict[str, Any]]:
    """Every object of the rendered `<component>.yaml` files (config/ holds no objects)."""
    objects: dict[Key, dict[str, Any]] = {}
    for path in sorted(out_dir.glob("*.yaml")):
        for obj in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if obj is not None:
                objects[_key(path.stem, obj)] = obj
    return objects


def registered_objects(run: ProgramRun) -> dict[Key, dict[str, Any]]:
    """Every registered Kubernetes object, keyed by the component (unit) that owns it."""
    assert run.exit_code == 0, run.errors
    objects: dict[Key, dict[str, Any]] = {}
    for registration in run.custom_resources:
        unit = run.by_urn(registration.parent).name
        component = unit.removeprefix(f"{STACK_COMPONENT_NAME}-")
        obj = with_placeholders(normalized(registration.inputs), registration)
        objects[_key(component, obj)] = obj
    return objects


def normalized(value: Any) -> Any:
    """Inputs as the rendered YAML has them: integral floats as integers, no `__` properties."""
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list):
        return [normalized(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def with_placeholders(obj: dict[str, Any], registration: Registration) -> dict[str, Any]:
    """A Secret's stringData unwrapped, each secret checked and put back as its placeholder."""
    fields = secret_fields(obj)
    if not fields:
        return obj

    data = obj["stringData"]
    assert is_secret(data), f"{registration.name}: stringData is not marked secret"
    data = dict(data["value"])
    for key, spec in fields.items():
        assert data[key] == FAKE_SECRETS[spec.key], f"{registration.name}: {key} is not the secret"
        data[key] = spec.placeholder
    return {**obj, "stringData": data}


def _key(component: str, obj: dict[str, Any]) -> Key:
    metadata = obj["metadata"]
    return (
        component,
        obj["apiVersion"],
        obj["kind"],
        metadata.get("namespace", ""),
        metadata["name"],
    )
