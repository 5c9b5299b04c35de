"""Properties every rendered workload must have, over both example stacks and the
setting variations of manifest_models: security, sizing, probes, images, wiring.

No cluster runs here; these assert on the objects themselves. Schema
validity is tests/test_kubernetes_schemas.py's job.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from manifest_models import all_models, example, variation

from aiscope.conventions import kubernetes as k8s
from aiscope.manifests import COMPONENT_KEYS, build_objects
from aiscope.quantities import memory_mib

CASES = dict(all_models())
WORKLOAD_KINDS = {"StatefulSet", "Deployment", "DaemonSet"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding"}
EXPECTED_UIDS = {
    k8s.GATEWAY: 10001, k8s.ROUTER: 10001, k8s.AGENT: 10001,
    k8s.TEMPO: 10001, k8s.LOKI: 10001, k8s.PROMETHEUS: 65534, k8s.GRAFANA: 472,
}  # fmt: skip
API_USERS = {k8s.GATEWAY, k8s.ROUTER, k8s.AGENT, k8s.PROMETHEUS}


def everything(case: str) -> list[dict]:
    return [obj for items in build_objects(CASES[case]).values() for obj in items]


def workloads(case: str) -> Iterator[tuple[str, dict]]:
    for component, items in build_objects(CASES[case]).items():
        for obj in items:
            if obj["kind"] in WORKLOAD_KINDS:
                yield component, obj


def pod(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def named(objects: list[dict], kind: str, name: str) -> dict:
    [obj] = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    return obj


parametrize_cases = pytest.mark.parametrize("case", list(CASES))


def test_components_come_in_apply_order_with_the_namespace_first() -> None:
    objects = build_objects(example("dev"))

    assert tuple(objects) == COMPONENT_KEYS
    assert [obj["kind"] for obj in objects["namespace"]] == ["Namespace", "NetworkPolicy"]
    for items in objects.values():
        kinds = [obj["kind"] for obj in items]
        for first, then in (("ServiceAccount", "StatefulSet"), ("ConfigMap", "Deployment")):
            if first in kinds and then in kinds:
                assert kinds.index(first) < kinds.index(then)


@parametrize_cases
def test_every_workload_runs_as_its_images_non_root_user(case: str) -> None:
    seen = set()
    for _, workload in workloads(case):
        name, security = workload["metadata"]["name"], pod(workload)["securityContext"]
        assert security["runAsNonRoot"] is True
        assert security["runAsUser"] == EXPECTED_UIDS[name] != 0
        assert security["fsGroup"] == EXPECTED_UIDS[name]
        assert security["seccompProfile"] == {"type": "RuntimeDefault"}
        seen.add(name)
    assert seen >= set(EXPECTED_UIDS) - {k8s.ROUTER}


@parametrize_cases
def test_every_container_is_locked_down(case: str) -> None:
    for _, workload in workloads(case):
        for container in pod(workload)["containers"]:
            security = container["securityContext"]
            assert security["allowPrivilegeEscalation"] is False
            assert security["privileged"] is False
            assert security["capabilities"] == {"drop": ["ALL"]}
            assert security["readOnlyRootFilesystem"] is True
            assert security["runAsNonRoot"] is True
            assert security["seccompProfile"] == {"type": "RuntimeDefault"}


@parametrize_cases
def test_every_container_has_the_requests_and_limits_of_its_settings(case: str) -> None:
    model = CASES[case]
    for component, workload in workloads(case):
        settings_key = "agent" if workload["metadata"]["name"] == k8s.AGENT else component
        expected = getattr(model.settings.components, settings_key).resources
        [container] = pod(workload)["containers"]
        assert container["resources"] == {
            "requests": {"cpu": expected.requests.cpu, "memory": expected.requests.memory},
            "limits": {"cpu": expected.limits.cpu, "memory": expected.limits.memory},
        }


@parametrize_cases
def test_every_container_has_probes_on_a_port_it_declares(case: str) -> None:
    for _, workload in workloads(case):
        for container in pod(workload)["containers"]:
            port_names = {port["name"] for port in container["ports"]}
            for probe in ("livenessProbe", "readinessProbe"):
                assert container[probe]["httpGet"]["port"] in port_names, workload["metadata"]


@parametrize_cases
def test_every_image_is_pinned_to_the_stacks_tag(case: str) -> None:
    model = CASES[case]
    images = {
        model.image(component)
        for component in ("collector", "tempo", "loki", "prometheus", "grafana")
    }
    for _, workload in workloads(case):
        for container in pod(workload)["containers"]:
            image = container["image"]
            name, _, tag = image.rpartition(":")
            assert "/" in name and tag and tag != "latest" and "@" not in tag
            assert image in images


def test_mirrored_images_replace_the_pins() -> None:
    objects = build_objects(variation("mirrored"))
    gateway = named(objects["collector"], "StatefulSet", k8s.GATEWAY)
    agent = named(objects["agent"], "DaemonSet", k8s.AGENT)

    for workload in (gateway, agent):
        assert pod(workload)["containers"][0]["image"].startswith("mirror.example:5000/")
    assert gateway["metadata"]["labels"]["app.kubernetes.io/version"] == "0.160.0"


@parametrize_cases
def test_only_workloads_that_call_the_api_get_a_token(case: str) -> None:
    objects = everything(case)
    for _, workload in workloads(case):
        name = workload["metadata"]["name"]
        uses_api = name in API_USERS
        assert pod(workload)["automountServiceAccountToken"] is uses_api, name
        account = named(objects, "ServiceAccount", pod(workload)["serviceAccountName"])
        assert account["automountServiceAccountToken"] is uses_api


@parametrize_cases
def test_every_object_is_labelled_and_namespaced(case: str) -> None:
    namespace = CASES[case].namespace
    for obj in everything(case):
        labels = obj["metadata"]["labels"]
        assert labels["app.kubernetes.io/part-of"] == "aiscope"
        assert labels["app.kubernetes.io/managed-by"] == "aiscope"
        assert labels["app.kubernetes.io/instance"] == CASES[case].stack
        if obj["kind"] in CLUSTER_SCOPED:
            assert "namespace" not in obj["metadata"]
        else:
            assert obj["metadata"]["namespace"] == namespace


@parametrize_cases
def test_object_names_are_unique_per_kind(case: str) -> None:
    keys = [(obj["kind"], obj["metadata"]["name"]) for obj in everything(case)]

    assert len(keys) == len(set(keys))


@parametrize_cases
def test_every_referenced_config_map_secret_and_account_exists(case: str) -> None:
    objects = everything(case)
    for _, workload in workloads(case):
        spec = pod(workload)
        named(objects, "ServiceAccount", spec["serviceAccountName"])
        for volume in spec["volumes"]:
            sources = volume.get("projected", {}).get("sources", [volume])
            for source in sources:
                if "configMap" in source:
                    named(objects, "ConfigMap", source["configMap"]["name"])
        for env in spec["containers"][0].get("env", []):
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                assert ref["key"] in named(objects, "Secret", ref["name"])["stringData"]


@parametrize_cases
def test_every_service_selects_a_workloads_pods_on_ports_they_declare(case: str) -> None:
    pods = [(pod(w), w["spec"]["template"]["metadata"]["labels"]) for _, w in workloads(case)]
    for service in (obj for obj in everything(case) if obj["kind"] == "Service"):
        selector = service["spec"]["selector"]
        matches = [spec for spec, labels in pods if selector.items() <= labels.items()]
        assert matches, service["metadata"]["name"]
        declared = {port["name"] for spec in matches for port in spec["containers"][0]["ports"]}
        assert {port["targetPort"] for port in service["spec"]["ports"]} <= declared


def test_one_gateway_serves_applications_directly_without_a_router() -> None:
    objects = build_objects(example("dev"))["collector"]
    client = named(objects, "Service", k8s.COLLECTOR_SERVICE)

    assert [o for o in objects if o["metadata"]["name"] == k8s.ROUTER] == []
    assert [
        o["kind"]
        for o in objects
        if o["kind"] in ("HorizontalPodAutoscaler", "PodDisruptionBudget")
    ] == []
    assert client["spec"]["selector"]["app.kubernetes.io/name"] == k8s.GATEWAY
    assert [p["port"] for p in client["spec"]["ports"]] == [4317, 4318]


def test_past_one_gateway_a_router_takes_the_client_service_and_routes_by_trace() -> None:
    objects = build_objects(example("prod"))["collector"]
    router = named(objects, "Deployment", k8s.ROUTER)
    client = named(objects, "Service", k8s.COLLECTOR_SERVICE)
    role = named(objects, "Role", k8s.ROUTER)

    assert router["spec"]["replicas"] == 2
    assert client["spec"]["selector"]["app.kubernetes.io/name"] == k8s.ROUTER
    assert role["rules"] == [
        {
            "apiGroups": ["discovery.k8s.io"],
            "resources": ["endpointslices"],
            "verbs": ["get", "list", "watch"],
        }
    ]
    assert named(objects, "RoleBinding", k8s.ROUTER)["subjects"][0]["name"] == k8s.ROUTER
    assert (
        "load_balancing/gateway"
        in named(objects, "ConfigMap", k8s.ROUTER)["data"]["otel-router.yaml"]
    )


def test_the_gateway_autoscales_between_its_replicas_and_twice_that_on_cpu() -> None:
    objects = build_objects(variation("scaled-out"))["collector"]
    hpa = named(objects, "HorizontalPodAutoscaler", k8s.GATEWAY)["spec"]

    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "name": k8s.GATEWAY,
    }
    assert (hpa["minReplicas"], hpa["maxReplicas"]) == (4, 8)
    assert hpa["metrics"][0]["resource"]["target"] == {
        "type": "Utilization",
        "averageUtilization": 70,
    }


def test_the_gateway_keeps_its_queue_on_a_volume_sized_from_settings() -> None:
    gateway = named(build_objects(example("prod"))["collector"], "StatefulSet", k8s.GATEWAY)
    [claim] = gateway["spec"]["volumeClaimTemplates"]
    [container] = pod(gateway)["containers"]

    assert gateway["spec"]["serviceName"] == k8s.GATEWAY_HEADLESS
    assert claim["spec"]["resources"]["requests"]["storage"] == "20Gi"
    assert claim["spec"]["storageClassName"] == "fast-ssd"
    assert {"name": claim["metadata"]["name"], "mountPath": k8s.COLLECTOR_QUEUE_DIR} in container[
        "volumeMounts"
    ]
    assert pod(gateway)["securityContext"]["fsGroup"] == 10001


def test_without_storage_settings_data_lives_on_emptydirs() -> None:
    for _, workload in workloads("ephemeral"):
        assert workload["spec"].get("volumeClaimTemplates", []) == []
    gateway = named(everything("ephemeral"), "StatefulSet", k8s.GATEWAY)
    assert {"name": "queue", "emptyDir": {}} in pod(gateway)["volumes"]


def test_the_gateway_environment_carries_pod_ip_hash_key_and_go_memory_limit() -> None:
    model = example("prod")
    gateway = named(build_objects(model)["collector"], "StatefulSet", k8s.GATEWAY)
    env = {item["name"]: item for item in pod(gateway)["containers"][0]["env"]}

    assert env[k8s.POD_IP_ENV]["valueFrom"] == {"fieldRef": {"fieldPath": "status.podIP"}}
    assert env[k8s.USER_ID_HASH_KEY_ENV]["valueFrom"] == {
        "secretKeyRef": {"name": k8s.COLLECTOR_SECRET, "key": k8s.COLLECTOR_SECRET_HASH_KEY}
    }
    limit_mib = memory_mib(model.settings.components.collector.resources.limits.memory)
    assert env["GOMEMLIMIT"]["value"] == f"{int(limit_mib * 0.8)}MiB" == "3276MiB"


def test_the_agent_gets_its_node_name_and_the_hash_key_from_the_secret() -> None:
    agent = named(build_objects(example("dev"))["agent"], "DaemonSet", k8s.AGENT)
    env = {item["name"]: item for item in pod(agent)["containers"][0]["env"]}

    assert env[k8s.NODE_NAME_ENV]["valueFrom"] == {"fieldRef": {"fieldPath": "spec.nodeName"}}
    assert env[k8s.USER_ID_HASH_KEY_ENV]["valueFrom"]["secretKeyRef"] == {
        "name": k8s.COLLECTOR_SECRET,
        "key": k8s.COLLECTOR_SECRET_HASH_KEY,
    }


def test_the_agent_reads_pod_logs_read_only_on_every_node_without_root() -> None:
    objects = build_objects(example("dev"))["agent"]
    agent = named(objects, "DaemonSet", k8s.AGENT)
    spec = pod(agent)
    mounts = {m["mountPath"]: m for m in spec["containers"][0]["volumeMounts"]}
    volumes = {v["name"]: v for v in spec["volumes"]}

    assert mounts[k8s.POD_LOGS_DIR]["readOnly"] is True
    assert volumes[mounts[k8s.POD_LOGS_DIR]["name"]]["hostPath"] == {
        "path": "/var/log/pods",
        "type": "Directory",
    }
    assert "emptyDir" in volumes[mounts[k8s.AGENT_CHECKPOINT_DIR]["name"]]
    assert spec["tolerations"] == [{"operator": "Exists"}]
    assert spec["securityContext"]["runAsUser"] == 10001
    assert spec["securityContext"]["supplementalGroups"] == [0]
    assert [v for v in spec["volumes"] if "hostPath" in v] == [
        volumes[mounts[k8s.POD_LOGS_DIR]["name"]]
    ]


@pytest.mark.parametrize("name", [k8s.GATEWAY, k8s.AGENT])
def test_collectors_that_label_by_pod_may_read_pods_namespaces_and_replicasets(name: str) -> None:
    model = example("prod")
    objects = everything("prod")
    role = named(objects, "ClusterRole", f"{model.namespace}-{name}")
    binding = named(objects, "ClusterRoleBinding", f"{model.namespace}-{name}")

    granted = {
        (group, resource)
        for rule in role["rules"]
        for group in rule["apiGroups"]
        for resource in rule["resources"]
    }
    assert granted == {("", "pods"), ("", "namespaces"), ("apps", "replicasets")}
    assert all(rule["verbs"] == ["get", "list", "watch"] for rule in role["rules"])
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": name, "namespace": "aiscope"}]


def test_backends_run_one_instance_each_whatever_the_replica_setting(
    caplog: pytest.LogCaptureFixture,
) -> None:
    model = variation("scaled-out")
    objects = build_objects(model)

    assert "tempo runs as one instance; ignoring replicas=3" in caplog.text

    for component in ("tempo", "loki", "prometheus"):
        [workload] = [o for o in objects[component] if o["kind"] == "StatefulSet"]
        assert workload["spec"]["replicas"] == 1
    grafana = named(objects["grafana"], "Deployment", k8s.GRAFANA)
    assert grafana["spec"]["replicas"] == 2


def test_prometheus_runs_with_the_receivers_and_features_the_stack_needs() -> None:
    prometheus = named(everything("dev"), "StatefulSet", k8s.PROMETHEUS)
    args = pod(prometheus)["containers"][0]["args"]

    assert {
        "--web.enable-otlp-receiver",
        "--web.enable-remote-write-receiver",
        "--enable-feature=exemplar-storage",
        "--web.enable-lifecycle",
    } <= set(args)
    assert not [arg for arg in args if arg.startswith("--storage.tsdb.retention")]
