"""The Pulumi program (`__main__.py` and `components/`) run under Pulumi's mocks.

Mocks stand in for the Pulumi CLI, its engine and the Kubernetes provider,
none of which can run here (no `pulumi` binary, no cluster): they show what
the program registers (types, names, parents, providers, dependencies,
inputs, outputs) and what it reports, but nothing is previewed, diffed,
applied or awaited. Each run is a fresh process, see tests/pulumi_mocks.py.
What the registered objects contain is compared with `aiscope render` in
test_parity.py.
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from pulumi_mocks import (
    FAKE_SECRETS,
    REPO,
    ProgramRun,
    is_secret,
    run_program,
    stack_file_config,
)

from aiscope.conventions import endpoints
from aiscope.errors import ConfigError
from aiscope.loading import load_stack
from aiscope.manifests import SECRET_FIELDS, build_objects
from components import kube
from components import unit as unit_module

STACKS = ("dev", "prod")
UNIT_TYPES = {
    "aiscope:k8s:Namespace",
    "aiscope:k8s:Collector",
    "aiscope:k8s:CollectorAgent",
    "aiscope:k8s:Tempo",
    "aiscope:k8s:Loki",
    "aiscope:k8s:Prometheus",
    "aiscope:k8s:Grafana",
}
STACK_COMPONENT = "aiscope:k8s:ObservabilityStack"


@pytest.fixture(scope="module")
def runs() -> dict[str, ProgramRun]:
    return {stack: run_program(stack, stack_file_config(stack)) for stack in STACKS}


def expected_type(obj: dict) -> str:
    """The Pulumi type token of a Kubernetes object: `v1` is the core group."""
    api_version = obj["apiVersion"] if "/" in obj["apiVersion"] else f"core/{obj['apiVersion']}"
    return f"kubernetes:{api_version}:{obj['kind']}"


# --- what gets registered ---------------------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_the_program_registers_exactly_the_objects_of_build_objects(
    runs: dict[str, ProgramRun], stack: str
) -> None:
    objects = [obj for unit in build_objects(load_stack(REPO, stack)).values() for obj in unit]
    expected = Counter((expected_type(obj), obj["metadata"]["name"]) for obj in objects)

    registered = Counter(
        (r.type, r.inputs["metadata"]["name"]) for r in runs[stack].custom_resources
    )

    assert runs[stack].exit_code == 0, runs[stack].errors
    assert registered == expected


@pytest.mark.parametrize("stack", STACKS)
def test_the_program_logs_no_error_or_warning(runs: dict[str, ProgramRun], stack: str) -> None:
    assert (runs[stack].errors, runs[stack].warnings) == ([], [])


@pytest.mark.parametrize("stack", STACKS)
def test_every_object_is_the_child_of_a_unit_component_under_the_stack_component(
    runs: dict[str, ProgramRun], stack: str
) -> None:
    run = runs[stack]
    stack_component = next(r for r in run.components if r.type == STACK_COMPONENT)

    object_parents = {run.by_urn(r.parent).type for r in run.custom_resources}
    unit_parents = {r.parent for r in run.components if r.type in UNIT_TYPES}

    assert object_parents == UNIT_TYPES
    assert unit_parents == {stack_component.urn}
    assert stack_component.parent == run.stack_urn


@pytest.mark.parametrize("stack", STACKS)
def test_every_component_registers_its_outputs(runs: dict[str, ProgramRun], stack: str) -> None:
    run = runs[stack]

    assert {r.type for r in run.components} == UNIT_TYPES | {STACK_COMPONENT}
    assert [r.type for r in run.components if r.urn not in run.outputs] == []


@pytest.mark.parametrize("stack", STACKS)
def test_logical_names_are_unique(runs: dict[str, ProgramRun], stack: str) -> None:
    names = Counter(r.name for r in runs[stack].registrations)

    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.parametrize("stack", STACKS)
def test_every_namespaced_object_waits_for_the_namespace(
    runs: dict[str, ProgramRun], stack: str
) -> None:
    run = runs[stack]
    namespace = next(r for r in run.custom_resources if r.type == "kubernetes:core/v1:Namespace")

    namespaced = [r for r in run.custom_resources if "namespace" in r.inputs["metadata"]]
    not_waiting = [r.name for r in namespaced if namespace.urn not in r.dependencies]

    assert len(namespaced) > 10
    assert not_waiting == []


@pytest.mark.parametrize("stack", STACKS)
def test_a_workload_waits_for_the_other_objects_listed_before_it_in_its_unit(
    runs: dict[str, ProgramRun], stack: str
) -> None:
    run = runs[stack]
    model = load_stack(REPO, stack)
    registered = {(r.type, r.inputs["metadata"]["name"]): r for r in run.custom_resources}
    missing = []

    for objects in build_objects(model).values():
        before: list[str] = []
        for obj in objects:
            registration = registered[(expected_type(obj), obj["metadata"]["name"])]
            if obj["kind"] not in unit_module.WORKLOAD_KINDS:
                before.append(registration.urn)
                continue
            missing += [
                (registration.name, urn) for urn in before if urn not in registration.dependencies
            ]

    assert missing == []
    assert sum(r.inputs["kind"] in unit_module.WORKLOAD_KINDS for r in run.custom_resources) >= 6


def test_the_stack_exports_the_collector_endpoints_and_grafana_url(
    runs: dict[str, ProgramRun],
) -> None:
    assert runs["dev"].stack_outputs == {
        endpoints.OTLP_GRPC_OUTPUT: "http://otel-collector.aiscope-dev.svc.cluster.local:4317",
        endpoints.OTLP_HTTP_OUTPUT: "http://otel-collector.aiscope-dev.svc.cluster.local:4318",
        endpoints.GRAFANA_URL_OUTPUT: "http://grafana.aiscope-dev.svc.cluster.local:3000",
    }
    # prod serves Grafana through its TLS Ingress.
    assert runs["prod"].stack_outputs[endpoints.GRAFANA_URL_OUTPUT] == "https://grafana.example.com"


@pytest.mark.parametrize("stack", STACKS)
def test_secret_objects_carry_the_stack_secrets_as_pulumi_secrets(
    runs: dict[str, ProgramRun], stack: str
) -> None:
    secrets = {
        r.inputs["metadata"]["name"]: r.inputs["stringData"]
        for r in runs[stack].custom_resources
        if r.type == "kubernetes:core/v1:Secret"
    }
    filled = {(name, key): secrets[name]["value"][key] for (_, name, key) in SECRET_FIELDS}

    assert all(is_secret(data) for data in secrets.values())
    assert filled == {
        (name, key): FAKE_SECRETS[spec.key] for (_, name, key), spec in SECRET_FIELDS.items()
    }


def test_a_provider_passed_to_the_stack_component_reaches_every_object(tmp_path: Path) -> None:
    program = tmp_path / "with_provider.py"
    program.write_text(
        textwrap.dedent(
            f"""
            import pulumi
            import pulumi_kubernetes as k8s
            from pathlib import Path

            from components.config_source import load_model, secret_values
            from components.stack import ObservabilityStack

            provider = k8s.Provider("staging-cluster", context="staging")
            model = load_model(Path({str(REPO)!r}))
            ObservabilityStack(
                "aiscope",
                {{"model": model, "secrets": secret_values()}},
                pulumi.ResourceOptions(providers={{"kubernetes": provider}}),
            )
            """
        )
    )

    run = run_program("dev", stack_file_config("dev"), program=program)
    provider = next(r for r in run.custom_resources if r.type == "pulumi:providers:kubernetes")
    objects = [r for r in run.custom_resources if r is not provider]

    assert run.exit_code == 0, run.errors
    assert {r.provider for r in objects} == {f"{provider.urn}::{provider.name}-id"}


# --- a user's mistake: a report, no traceback, nothing registered -------------


def test_a_missing_secret_registers_nothing_and_reports_how_to_set_it() -> None:
    run = run_program("dev", stack_file_config("dev"), secrets={"userIdHashKey": "k"})

    assert run.exit_code == 32
    assert run.registrations == []
    assert run.errors == [
        "aiscope found 1 problem:\n"
        "  - Pulumi.dev.yaml: aiscope:grafanaAdminPassword: not set; `pulumi up` needs the "
        "Grafana admin user's password: pulumi config set --secret grafanaAdminPassword "
        "'<a long random password>'"
    ]


def test_a_secret_set_in_clear_text_registers_nothing_and_is_reported() -> None:
    config = {**stack_file_config("dev"), "aiscope:grafanaAdminPassword": "hunter2"}

    run = run_program("dev", config, secrets={"userIdHashKey": "k"})

    assert run.exit_code == 32
    assert run.registrations == []
    assert run.errors == [
        "aiscope found 1 problem:\n"
        "  - Pulumi.dev.yaml: aiscope:grafanaAdminPassword: got '<a value in clear text>'; "
        "expected an encrypted secret: pulumi config set --secret grafanaAdminPassword ..."
    ]
    assert "hunter2" not in run.errors[0]


def test_invalid_settings_register_nothing_and_get_the_report_render_gives(
    tmp_path: Path,
) -> None:
    stack_text = textwrap.dedent(
        """\
        config:
          aiscope:namespace: Not_A_Name
          aiscope:sampling: {successRatio: 7, spansPerTrace: 3}
          aiscope:components:
            collector: {replicas: 0}
        """
    )
    (tmp_path / "Pulumi.broken.yaml").write_text(stack_text)
    shutil.copy(REPO / "telemetry-schema.yaml", tmp_path)
    with pytest.raises(ConfigError) as from_render:
        load_stack(tmp_path, "broken")

    run = run_program("broken", stack_file_config("broken", tmp_path))

    assert run.exit_code == 32
    assert run.registrations == []
    assert run.errors == [from_render.value.report()]
    assert len(from_render.value.problems) == 3


# --- kube.py: from a plain object to its pulumi_kubernetes resource type -----


TYPED_CLASSES = [
    ("v1", "ConfigMap"),
    ("apps/v1", "StatefulSet"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("policy/v1", "PodDisruptionBudget"),
]


@pytest.mark.parametrize(("api_version", "kind"), TYPED_CLASSES)
def test_each_object_is_registered_under_the_token_of_its_typed_class(
    api_version: str, kind: str
) -> None:
    # Importing the typed class here (in the tests only) and reading the token it
    # registers under proves the program sends what the class would.
    typed_class = getattr(importlib.import_module(kube.module_name(api_version)), kind)
    source = inspect.getsource(typed_class._internal_init)

    assert f"'{kube.type_token(api_version, kind)}'" in source


def test_an_unknown_kind_is_an_error_naming_it() -> None:
    with pytest.raises(kube.UnsupportedObjectError) as error:
        kube.type_token("monitoring.coreos.com/v1", "ServiceMonitor")

    assert str(error.value) == (
        "no pulumi_kubernetes resource for kind 'ServiceMonitor' of apiVersion "
        "'monitoring.coreos.com/v1' (looked for pulumi_kubernetes.monitoring.v1.ServiceMonitor)"
    )
