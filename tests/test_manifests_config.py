"""How configs reach the pods: ConfigMaps, rule files, dashboards, and the
checksum annotation that rolls a workload when its config changes."""

from __future__ import annotations

import pytest
import yaml
from manifest_models import example, with_settings

from aiscope import artifacts
from aiscope.conventions import backends as paths
from aiscope.conventions import kubernetes as k8s
from aiscope.manifests import build_objects, config_files
from aiscope.manifests.config_hash import ANNOTATION

RULES = {"aiscope-requests.yaml": "groups: []\n", "aiscope-cost.yml": "groups: []\n"}
DASHBOARDS = {"AI Overview.json": '{"uid": "a"}', "cost.json": '{"uid": "b"}'}


def checksums(model) -> dict[str, str]:
    result = {}
    for items in build_objects(model).values():
        for obj in items:
            if obj["kind"] in {"StatefulSet", "Deployment", "DaemonSet"}:
                result[obj["metadata"]["name"]] = obj["spec"]["template"]["metadata"][
                    "annotations"
                ][ANNOTATION]
    return result


def named(items: list[dict], kind: str, name: str) -> dict:
    [obj] = [o for o in items if o["kind"] == kind and o["metadata"]["name"] == name]
    return obj


def test_the_same_model_gives_the_same_checksums() -> None:
    assert checksums(example("prod")) == checksums(example("prod"))


def test_a_retention_change_rolls_only_the_backend_it_configures() -> None:
    before = checksums(example("dev"))
    after = checksums(with_settings("dev", {"aiscope:retention": {"traces": "3d"}}))

    changed = {name for name in before if before[name] != after[name]}
    assert changed == {k8s.TEMPO}


def test_a_new_rule_file_rolls_prometheus(monkeypatch: pytest.MonkeyPatch) -> None:
    before = checksums(example("dev"))
    monkeypatch.setattr(artifacts, "rule_files", lambda model: RULES)

    after = checksums(example("dev"))

    assert {name for name in before if before[name] != after[name]} == {k8s.PROMETHEUS}


def test_a_new_dashboard_rolls_grafana(monkeypatch: pytest.MonkeyPatch) -> None:
    before = checksums(example("dev"))
    monkeypatch.setattr(artifacts, "dashboard_files", lambda model: DASHBOARDS)

    after = checksums(example("dev"))

    assert {name for name in before if before[name] != after[name]} == {k8s.GRAFANA}


def test_each_config_map_carries_exactly_the_generated_config_text() -> None:
    model = example("prod")
    objects = [obj for items in build_objects(model).values() for obj in items]
    files = config_files(model)
    owners = {
        paths.GATEWAY_CONFIG_FILE: k8s.GATEWAY, paths.ROUTER_CONFIG_FILE: k8s.ROUTER,
        paths.AGENT_CONFIG_FILE: k8s.AGENT, paths.TEMPO_CONFIG_FILE: k8s.TEMPO,
        paths.LOKI_CONFIG_FILE: k8s.LOKI, paths.PROMETHEUS_CONFIG_FILE: k8s.PROMETHEUS,
        paths.GRAFANA_DATASOURCES_FILE: "grafana-datasources",
        paths.GRAFANA_PROVIDERS_FILE: "grafana-dashboard-providers",
    }  # fmt: skip

    assert set(files) == set(owners)
    for file, config_map in owners.items():
        assert named(objects, "ConfigMap", config_map)["data"] == {file: files[file]}


def test_each_workload_reads_its_config_file_from_the_mounted_folder() -> None:
    objects = [obj for items in build_objects(example("prod")).values() for obj in items]
    expected_args = {
        k8s.GATEWAY: f"--config={paths.COLLECTOR_CONFIG_DIR}/{paths.GATEWAY_CONFIG_FILE}",
        k8s.ROUTER: f"--config={paths.COLLECTOR_CONFIG_DIR}/{paths.ROUTER_CONFIG_FILE}",
        k8s.AGENT: f"--config={paths.COLLECTOR_CONFIG_DIR}/{paths.AGENT_CONFIG_FILE}",
        k8s.TEMPO: f"-config.file={paths.TEMPO_CONFIG_DIR}/{paths.TEMPO_CONFIG_FILE}",
        k8s.LOKI: f"-config.file={paths.LOKI_CONFIG_DIR}/{paths.LOKI_CONFIG_FILE}",
        k8s.PROMETHEUS: (
            f"--config.file={paths.PROMETHEUS_CONFIG_DIR}/{paths.PROMETHEUS_CONFIG_FILE}"
        ),
    }
    for obj in objects:
        name = obj["metadata"]["name"]
        if obj["kind"] in {"StatefulSet", "Deployment", "DaemonSet"} and name in expected_args:
            [container] = obj["spec"]["template"]["spec"]["containers"]
            assert expected_args[name] in container["args"]
            config_dir = expected_args[name].split("=", 1)[1].rsplit("/", 1)[0]
            mount = next(m for m in container["volumeMounts"] if m["mountPath"] == config_dir)
            assert mount["readOnly"] is True


def test_tempo_runs_monolithic() -> None:
    tempo = named(build_objects(example("dev"))["tempo"], "StatefulSet", k8s.TEMPO)

    assert "-target=all" in tempo["spec"]["template"]["spec"]["containers"][0]["args"]


def test_prometheus_rules_config_map_works_with_no_rule_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(artifacts, "rule_files", lambda model: {})
    objects = build_objects(example("dev"))["prometheus"]

    assert named(objects, "ConfigMap", "prometheus-rules")["data"] == {}


def test_prometheus_rules_config_map_holds_every_rule_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(artifacts, "rule_files", lambda model: RULES)
    objects = build_objects(example("dev"))["prometheus"]
    prometheus = named(objects, "StatefulSet", k8s.PROMETHEUS)
    mounts = prometheus["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]

    assert named(objects, "ConfigMap", "prometheus-rules")["data"] == dict(sorted(RULES.items()))
    assert {"name": "rules", "mountPath": paths.PROMETHEUS_RULES_DIR, "readOnly": True} in mounts


def test_without_dashboards_grafana_gets_an_empty_dashboard_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(artifacts, "dashboard_files", lambda model: {})
    grafana = named(build_objects(example("dev"))["grafana"], "Deployment", k8s.GRAFANA)
    volumes = {v["name"]: v for v in grafana["spec"]["template"]["spec"]["volumes"]}

    assert volumes["dashboards"] == {"name": "dashboards", "emptyDir": {}}


def test_each_dashboard_gets_its_own_config_map_projected_into_one_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(artifacts, "dashboard_files", lambda model: DASHBOARDS)
    objects = build_objects(example("dev"))["grafana"]
    grafana = named(objects, "Deployment", k8s.GRAFANA)
    volumes = {v["name"]: v for v in grafana["spec"]["template"]["spec"]["volumes"]}

    assert named(objects, "ConfigMap", "grafana-dashboard-ai-overview")["data"] == {
        "AI Overview.json": '{"uid": "a"}'
    }
    assert named(objects, "ConfigMap", "grafana-dashboard-cost")["data"] == {
        "cost.json": '{"uid": "b"}'
    }
    assert volumes["dashboards"]["projected"]["sources"] == [
        {"configMap": {"name": "grafana-dashboard-ai-overview"}},
        {"configMap": {"name": "grafana-dashboard-cost"}},
    ]


def test_grafana_keeps_its_state_on_emptydirs_and_provisioning_read_only() -> None:
    grafana = named(build_objects(example("dev"))["grafana"], "Deployment", k8s.GRAFANA)
    spec = grafana["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in spec["volumes"]}
    mounts = {m["mountPath"]: m for m in spec["containers"][0]["volumeMounts"]}

    assert "emptyDir" in volumes[mounts[paths.GRAFANA_DATA_DIR]["name"]]
    assert "emptyDir" in volumes[mounts["/tmp"]["name"]]
    for folder in (
        paths.GRAFANA_DATASOURCES_DIR,
        paths.GRAFANA_PROVIDERS_DIR,
        paths.GRAFANA_DASHBOARDS_DIR,
    ):
        assert mounts[folder]["readOnly"] is True


def test_grafana_is_exposed_as_the_settings_say() -> None:
    plain = build_objects(example("dev"))["grafana"]
    exposed = build_objects(example("prod"))["grafana"]
    ingress = named(exposed, "Ingress", k8s.GRAFANA)["spec"]

    assert named(plain, "Service", k8s.GRAFANA)["spec"]["type"] == "ClusterIP"
    assert [o for o in plain if o["kind"] == "Ingress"] == []
    assert ingress["ingressClassName"] == "nginx"
    assert ingress["tls"] == [{"hosts": ["grafana.example.com"], "secretName": "grafana-tls"}]
    rule = ingress["rules"][0]
    assert rule["host"] == "grafana.example.com"
    assert rule["http"]["paths"][0]["backend"] == {
        "service": {"name": k8s.GRAFANA, "port": {"name": "http"}}
    }
    env = {
        e["name"]: e.get("value")
        for e in named(exposed, "Deployment", k8s.GRAFANA)["spec"]["template"]["spec"][
            "containers"
        ][0]["env"]
    }
    assert env["GF_SERVER_ROOT_URL"] == "https://grafana.example.com/"


def test_rendered_config_maps_are_valid_yaml_for_their_programs() -> None:
    for name, text in config_files(example("prod")).items():
        assert isinstance(yaml.safe_load(text), dict), name


def test_every_config_map_fits_the_one_mebibyte_object_limit() -> None:
    """The API server refuses objects over 1 MiB; dashboards are the large ones."""
    for items in build_objects(example("prod")).values():
        for obj in items:
            if obj["kind"] == "ConfigMap":
                size = sum(len(k) + len(v.encode()) for k, v in obj["data"].items())
                assert size < 1024 * 1024, obj["metadata"]["name"]
