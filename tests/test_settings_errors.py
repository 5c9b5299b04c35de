"""Bad stack settings are reported with file, key path, value and what is accepted.

Each case writes a stack file into a scratch project and asserts the exact
report line, so a change in wording is a deliberate change to this file.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from aiscope.errors import ConfigError
from aiscope.loading import load_stack
from aiscope.secrets import SecretPresence, missing_secret_problems

PROJECT = Path(__file__).resolve().parent.parent
FILE = "Pulumi.test.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(PROJECT / "telemetry-schema.yaml", tmp_path)
    return tmp_path


def problems_for(project: Path, config_yaml: str) -> list[str]:
    (project / FILE).write_text("config:\n" + textwrap.indent(config_yaml, "  "))
    with pytest.raises(ConfigError) as caught:
        load_stack(project, "test")
    return [str(problem) for problem in caught.value.problems]


CASES = {
    "wrong type": (
        "aiscope:sampling: {successRatio: lots}",
        "Pulumi.test.yaml: aiscope:sampling.successRatio: got 'lots'; expected a number",
    ),
    "ratio above one": (
        "aiscope:sampling: {successRatio: 1.5}",
        "Pulumi.test.yaml: aiscope:sampling.successRatio: got 1.5; expected a number at most 1",
    ),
    "negative ratio": (
        "aiscope:sampling: {successRatio: -0.1}",
        "Pulumi.test.yaml: aiscope:sampling.successRatio: got -0.1; expected a number at least 0",
    ),
    "unknown nested key with a close match": (
        "aiscope:sampling: {sucessRatio: 0.1}",
        "Pulumi.test.yaml: aiscope:sampling.sucessRatio: got 'sucessRatio'; expected a known key "
        "(did you mean 'successRatio'?); known keys: successRatio, tenantOverrides, "
        "routeOverrides, latencyThresholdSeconds, costThresholdUsd, decisionWaitSeconds, "
        "expectedTracesPerSecond, spansPerTrace",
    ),
    "unknown top-level key": (
        "aiscope:namspace: obs",
        "Pulumi.test.yaml: aiscope:namspace: got 'namspace'; expected a known key (did you mean "
        "'namespace'?); known keys: namespace, environment, images, components, retention, "
        "exposure, sampling, redaction, alerting, budgets, pricing",
    ),
    "negative storage size": (
        "aiscope:components: {tempo: {storage: {size: -5Gi}}}",
        "Pulumi.test.yaml: aiscope:components.tempo.storage.size: got '-5Gi'; "
        "expected a size such as 512Mi or 20Gi (no sign)",
    ),
    "zero replicas": (
        "aiscope:components: {collector: {replicas: 0}}",
        "Pulumi.test.yaml: aiscope:components.collector.replicas: got 0; "
        "expected a number at least 1",
    ),
    "replicas not a whole number": (
        "aiscope:components: {collector: {replicas: 2.5}}",
        "Pulumi.test.yaml: aiscope:components.collector.replicas: got 2.5; expected a whole number",
    ),
    "cpu not a quantity": (
        "aiscope:components: {loki: {resources: {limits: {cpu: two}}}}",
        "Pulumi.test.yaml: aiscope:components.loki.resources.limits.cpu: got 'two'; "
        "expected a CPU quantity such as 250m or 2",
    ),
    "cpu request above limit": (
        "aiscope:components: {loki: {resources: {requests: {cpu: '2'}, limits: {cpu: 500m}}}}",
        "Pulumi.test.yaml: aiscope:components.loki.resources.requests.cpu: got '2'; "
        "expected at most the CPU limit '500m'",
    ),
    "memory request above limit": (
        "aiscope:components: {grafana: {resources: {requests: {memory: 2Gi}}}}",
        "Pulumi.test.yaml: aiscope:components.grafana.resources.requests.memory: got '2Gi'; "
        "expected at most the memory limit '512Mi'",
    ),
    "retention in words": (
        "aiscope:retention: {logs: 30 days}",
        "Pulumi.test.yaml: aiscope:retention.logs: got '30 days'; "
        "expected a duration such as 30d, 12h or 15m",
    ),
    "namespace not a DNS label": (
        "aiscope:namespace: AI_Obs",
        "Pulumi.test.yaml: aiscope:namespace: got 'AI_Obs'; expected a DNS label: lowercase "
        "letters, digits and '-', at most 63 characters",
    ),
    "misspelt service type": (
        "aiscope:exposure: {serviceType: Loadbalancer}",
        "Pulumi.test.yaml: aiscope:exposure.serviceType: got 'Loadbalancer'; expected one of "
        "'ClusterIP', 'NodePort', 'LoadBalancer' (did you mean 'LoadBalancer'?)",
    ),
    "ingress without host": (
        "aiscope:exposure: {ingress: {enabled: true}}",
        "Pulumi.test.yaml: aiscope:exposure.ingress.host: required when "
        "exposure.ingress.enabled is true, but not set",
    ),
    "tenant override above one": (
        "aiscope:sampling: {tenantOverrides: {acme: 2}}",
        "Pulumi.test.yaml: aiscope:sampling.tenantOverrides.acme: got 2; "
        "expected a number at most 1",
    ),
    "negative price": (
        "aiscope:pricing: {models: {gpt-4o: {inputUsdPerMillion: -1, outputUsdPerMillion: 2}}}",
        "Pulumi.test.yaml: aiscope:pricing.models.gpt-4o.inputUsdPerMillion: got -1; "
        "expected a number at least 0",
    ),
    "price without output rate": (
        "aiscope:pricing: {models: {gpt-4o: {inputUsdPerMillion: 1}}}",
        "Pulumi.test.yaml: aiscope:pricing.models.gpt-4o.outputUsdPerMillion: "
        "required, but not set",
    ),
    "unknown redaction mode": (
        "aiscope:redaction: {mode: allow}",
        "Pulumi.test.yaml: aiscope:redaction.mode: got 'allow'; expected one of 'denylist', "
        "'allowlist' (did you mean 'allowlist'?)",
    ),
    "image without a tag": (
        "aiscope:images: {grafana: grafana/grafana}",
        "Pulumi.test.yaml: aiscope:images.grafana: got 'grafana/grafana'; expected an image "
        "reference with an explicit tag, such as registry/name:1.2.3",
    ),
    "secret written in clear text": (
        "aiscope:grafanaAdminPassword: hunter2",
        "Pulumi.test.yaml: aiscope:grafanaAdminPassword: got '<a value in clear text>'; "
        "expected an encrypted secret: pulumi config set --secret grafanaAdminPassword ...",
    ),
    "blocklist not a list": (
        "aiscope:redaction: {blockedTenants: acme}",
        "Pulumi.test.yaml: aiscope:redaction.blockedTenants: got 'acme'; expected a list",
    ),
    "budget below zero": (
        "aiscope:budgets: {tenants: {acme: -10}}",
        "Pulumi.test.yaml: aiscope:budgets.tenants.acme: got -10; expected a number at least 0",
    ),
    "section not a mapping": (
        "aiscope:alerting: 5",
        "Pulumi.test.yaml: aiscope:alerting: got 5; expected a mapping",
    ),
}


@pytest.mark.parametrize("config, expected", CASES.values(), ids=CASES.keys())
def test_bad_setting_is_reported_exactly(project: Path, config: str, expected: str) -> None:
    assert problems_for(project, config) == [expected]


def test_every_problem_in_a_file_is_reported_at_once(project: Path) -> None:
    config = "aiscope:namespace: Bad\naiscope:sampling: {successRatio: 3}\naiscope:foo: 1\n"

    paths = [line.split(": ")[1] for line in problems_for(project, config)]

    assert paths == ["aiscope:foo", "aiscope:namespace", "aiscope:sampling.successRatio"]


def test_keys_of_other_namespaces_are_left_alone(project: Path) -> None:
    (project / FILE).write_text("config:\n  kubernetes:context: kind-dev\n")

    model = load_stack(project, "test")

    assert model.namespace == "aiscope"


def test_a_nested_override_keeps_the_other_defaults(project: Path) -> None:
    (project / FILE).write_text("config:\n  aiscope:components: {collector: {replicas: 4}}\n")

    collector = load_stack(project, "test").settings.components.collector

    assert (collector.replicas, collector.resources.limits.memory) == (4, "1Gi")


def test_a_stack_file_that_is_not_yaml_names_line_and_column(project: Path) -> None:
    (project / FILE).write_text("config:\n  aiscope:namespace: [unclosed\n")

    with pytest.raises(ConfigError) as caught:
        load_stack(project, "test")

    assert str(caught.value.problems[0]).startswith("Pulumi.test.yaml: line 3, column 1: ")


def test_a_missing_stack_file_is_a_problem_not_a_traceback(project: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_stack(project, "staging")

    assert str(caught.value.problems[0]) == (
        f"Pulumi.staging.yaml: (file): not found at {project / 'Pulumi.staging.yaml'}"
    )


def test_a_deploy_without_secrets_names_each_missing_secret() -> None:
    problems = missing_secret_problems(SecretPresence(frozenset({"userIdHashKey"})), FILE)

    assert [str(problem) for problem in problems] == [
        "Pulumi.test.yaml: aiscope:grafanaAdminPassword: not set; `pulumi up` needs the Grafana "
        "admin user's password: pulumi config set --secret grafanaAdminPassword "
        "'<a long random password>'"
    ]


def test_an_encrypted_secret_counts_as_configured(project: Path) -> None:
    (project / FILE).write_text("config:\n  aiscope:userIdHashKey:\n    secure: v1:abc\n")

    model = load_stack(project, "test")

    assert [spec.key for spec in model.secrets.missing()] == ["grafanaAdminPassword"]
