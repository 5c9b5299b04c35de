"""Every rendered object validates against the official Kubernetes OpenAPI schemas.

The schemas come with the `kubernetes-validate` package; the strict variant
rejects any field the API does not define, so a misspelt key fails here
instead of being dropped silently by the API server. Two minor versions
are checked: the oldest and the newest the stack is meant to run on. No
API server runs here, so admission (quotas, policies) is not exercised.
"""

from __future__ import annotations

import contextlib

import kubernetes_validate
import pytest
from manifest_models import all_models

from aiscope.manifests import build_objects

KUBERNETES_VERSIONS = ("1.33.0", "1.35.0")
CASES = dict(all_models())


def _problems(objects: dict[str, list[dict]], version: str) -> list[str]:
    problems = []
    for component, items in objects.items():
        for obj in items:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                where = ".".join(str(part) for part in error.path)
                name = f"{obj['kind']}/{obj['metadata']['name']}"
                problems.append(f"{component}: {name}: {where}: {error.message}")
    return problems


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("case", list(CASES))
def test_every_object_validates_strictly(case: str, version: str) -> None:
    assert _problems(build_objects(CASES[case]), version) == []


def test_every_kind_has_a_schema_in_both_versions() -> None:
    """A kind without a schema would be skipped by a looser check; here it fails."""
    kinds = {
        (obj["apiVersion"], obj["kind"])
        for model in CASES.values()
        for items in build_objects(model).values()
        for obj in items
    }
    for version in KUBERNETES_VERSIONS:
        for api_version, kind in sorted(kinds):
            probe = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}}
            # A ValidationError means the schema exists and the probe is merely
            # incomplete; SchemaNotFoundError would escape and fail the test.
            with contextlib.suppress(kubernetes_validate.ValidationError):
                kubernetes_validate.validate(probe, version, strict=True)


def test_a_misspelt_field_is_rejected() -> None:
    """The check itself can fail: an unknown container field is reported."""
    objects = build_objects(CASES["dev"])
    gateway = next(obj for obj in objects["collector"] if obj["kind"] == "StatefulSet")
    gateway["spec"]["template"]["spec"]["containers"][0]["imagePullPolcy"] = "Always"

    problems = _problems({"collector": [gateway]}, KUBERNETES_VERSIONS[0])

    assert len(problems) == 1
    assert "'imagePullPolcy' was unexpected" in problems[0]
