"""NetworkPolicies: default deny, then exactly the stack's traffic matrix.

No CNI runs here, so the policies are checked as objects: every workload
is covered, every allowed port is one its pods declare, and the peers are
the ones the design names.
"""

from __future__ import annotations

import pytest
from manifest_models import all_models, example

from aiscope.conventions import kubernetes as k8s
from aiscope.manifests import build_objects

CASES = dict(all_models())
ANY_NAMESPACE = [{"namespaceSelector": {}}]


def policies(case: str) -> dict[str, dict]:
    objects = [obj for items in build_objects(CASES[case]).values() for obj in items]
    return {obj["metadata"]["name"]: obj for obj in objects if obj["kind"] == "NetworkPolicy"}


def rules(case: str, workload: str) -> list[tuple[list[int], list[str] | None]]:
    """(ports, peer workload names or None for anyone / ['*'] for any namespace)."""
    result = []
    for rule in policies(case)[f"{workload}-ingress"]["spec"]["ingress"]:
        ports = [port["port"] for port in rule["ports"]]
        result.append((ports, _peers(rule.get("from"))))
    return result


def _peers(sources: list[dict] | None) -> list[str] | None:
    if sources is None:
        return None
    if sources == ANY_NAMESPACE:
        return ["*"]
    return [source["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for source in sources]


@pytest.mark.parametrize("case", list(CASES))
def test_the_namespace_denies_all_ingress_by_default(case: str) -> None:
    deny = policies(case)["default-deny-ingress"]

    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress"]}
    assert deny["metadata"]["namespace"] == CASES[case].namespace


@pytest.mark.parametrize("case", list(CASES))
def test_every_workload_has_a_policy_selecting_its_pods_on_ports_it_declares(case: str) -> None:
    objects = [obj for items in build_objects(CASES[case]).values() for obj in items]
    workloads = [
        obj for obj in objects if obj["kind"] in {"StatefulSet", "Deployment", "DaemonSet"}
    ]
    for workload in workloads:
        name = workload["metadata"]["name"]
        policy = policies(case)[f"{name}-ingress"]
        assert (
            policy["spec"]["podSelector"]["matchLabels"]
            == workload["spec"]["selector"]["matchLabels"]
        )
        declared = {
            p["containerPort"]
            for p in workload["spec"]["template"]["spec"]["containers"][0]["ports"]
        }
        allowed = {port["port"] for rule in policy["spec"]["ingress"] for port in rule["ports"]}
        assert allowed <= declared, name


def test_without_a_router_applications_anywhere_reach_the_gateway() -> None:
    assert rules("dev", k8s.GATEWAY) == [([4317, 4318], ["*"]), ([8888], [k8s.PROMETHEUS])]


def test_with_a_router_only_the_router_and_agent_reach_the_gateway() -> None:
    assert rules("prod", k8s.GATEWAY) == [
        ([4317, 4318], [k8s.AGENT, k8s.ROUTER]),
        ([8888], [k8s.PROMETHEUS]),
    ]
    assert rules("prod", k8s.ROUTER) == [([4317, 4318], ["*"]), ([8888], [k8s.PROMETHEUS])]


def test_the_agent_accepts_only_scrapes() -> None:
    assert rules("dev", k8s.AGENT) == [([8888], [k8s.PROMETHEUS])]


def test_backends_accept_writes_from_the_gateway_and_queries_from_grafana() -> None:
    assert rules("dev", k8s.TEMPO) == [
        ([4317, 4318], [k8s.GATEWAY]),
        ([3200], [k8s.GRAFANA, k8s.PROMETHEUS]),
    ]
    assert rules("dev", k8s.LOKI) == [([3100], [k8s.GATEWAY, k8s.GRAFANA, k8s.PROMETHEUS])]
    assert rules("dev", k8s.PROMETHEUS) == [([9090], [k8s.GATEWAY, k8s.TEMPO, k8s.GRAFANA])]


def test_grafana_is_open_to_anyone_the_ingress_or_load_balancer_lets_in() -> None:
    assert rules("prod", k8s.GRAFANA) == [([3000], None)]


def test_peers_are_selected_within_the_same_stack() -> None:
    model = example("prod")
    policy = policies("prod")[f"{k8s.TEMPO}-ingress"]
    [peer] = policy["spec"]["ingress"][0]["from"]

    assert peer["podSelector"]["matchLabels"]["app.kubernetes.io/instance"] == model.stack
