"""Secrets: placeholders in every rendered object, real values only through
`with_secret_values`, which the Pulumi components call with secret outputs."""

from __future__ import annotations

import pytest
from manifest_models import example

from aiscope.conventions import grafana as names
from aiscope.conventions import kubernetes as k8s
from aiscope.manifests import SECRET_FIELDS, build_objects, secret_fields, with_secret_values
from aiscope.manifests.yaml_text import dump_all
from aiscope.secrets import GRAFANA_ADMIN_PASSWORD, SECRETS, USER_ID_HASH_KEY

VALUES = {GRAFANA_ADMIN_PASSWORD.key: "s3cret-password", USER_ID_HASH_KEY.key: "ab" * 32}


def all_objects(stack: str = "prod") -> list[dict]:
    return [obj for items in build_objects(example(stack)).values() for obj in items]


def named(kind: str, name: str) -> dict:
    [obj] = [o for o in all_objects() if o["kind"] == kind and o["metadata"]["name"] == name]
    return obj


def test_every_secret_field_names_a_secret_object_and_key_that_exist() -> None:
    for (kind, name, key), spec in SECRET_FIELDS.items():
        assert named(kind, name)["stringData"][key] == spec.placeholder


def test_every_configured_secret_is_used_by_some_object() -> None:
    assert set(SECRET_FIELDS.values()) == set(SECRETS)


def test_rendered_objects_hold_placeholders_never_values() -> None:
    text = dump_all(all_objects())

    for spec in SECRETS:
        assert spec.placeholder in text
    assert "Secret" in {obj["kind"] for obj in all_objects()}
    assert all("data" not in obj for obj in all_objects() if obj["kind"] == "Secret")


def test_grafana_admin_login_comes_only_from_the_secret() -> None:
    grafana = named("Deployment", k8s.GRAFANA)
    env = {e["name"]: e for e in grafana["spec"]["template"]["spec"]["containers"][0]["env"]}

    assert env["GF_SECURITY_ADMIN_PASSWORD"] == {
        "name": "GF_SECURITY_ADMIN_PASSWORD",
        "valueFrom": {
            "secretKeyRef": {"name": k8s.GRAFANA_SECRET, "key": names.ADMIN_PASSWORD_KEY}
        },
    }
    assert env["GF_SECURITY_ADMIN_USER"]["valueFrom"]["secretKeyRef"]["name"] == k8s.GRAFANA_SECRET
    assert named("Secret", k8s.GRAFANA_SECRET)["stringData"][names.ADMIN_USER_KEY] == "admin"


def test_with_secret_values_fills_each_placeholder_and_leaves_the_original_alone() -> None:
    original = named("Secret", k8s.GRAFANA_SECRET)

    filled = with_secret_values(original, VALUES)

    assert filled["stringData"] == {"admin-user": "admin", "admin-password": "s3cret-password"}
    assert original["stringData"]["admin-password"] == GRAFANA_ADMIN_PASSWORD.placeholder


def test_with_secret_values_accepts_any_value_object() -> None:
    """The Pulumi program passes Output objects; they are placed, not converted."""
    marker = object()
    secret = named("Secret", k8s.COLLECTOR_SECRET)

    filled = with_secret_values(secret, {USER_ID_HASH_KEY.key: marker})

    assert filled["stringData"][k8s.COLLECTOR_SECRET_HASH_KEY] is marker


def test_with_secret_values_leaves_objects_without_secrets_unchanged() -> None:
    for obj in all_objects():
        if not secret_fields(obj):
            assert with_secret_values(obj, {}) == obj


def test_a_missing_value_is_reported_by_its_pulumi_config_key() -> None:
    with pytest.raises(KeyError, match="aiscope:grafanaAdminPassword"):
        with_secret_values(named("Secret", k8s.GRAFANA_SECRET), {})
