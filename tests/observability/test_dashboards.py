"""The dashboards: stable identity, the header, variables, Grafana's model, and the links
from latency to traces and from logs to traces."""

from __future__ import annotations

import hashlib
import json

import pytest
from grafana_foundation_sdk.cog import plugins
from grafana_foundation_sdk.models import dashboard as models

from aiscope import headers
from aiscope.conventions import grafana
from aiscope.conventions import observability as obs
from aiscope.dashboards import dashboard_files
from aiscope.dashboards.render import to_json

from . import tools

DASHBOARDS = tools.PROJECT / obs.DASHBOARD_DIR


def _committed(key: str) -> dict:
    return json.loads((DASHBOARDS / obs.dashboard_file(key)).read_text())


def _targets(board: dict) -> list[tuple[dict, dict]]:
    return [(panel, target) for panel in board["panels"] for target in panel.get("targets", [])]


@pytest.mark.parametrize("key", obs.DASHBOARD_KEYS)
def test_a_dashboard_survives_a_round_trip_through_the_sdk_model_unchanged(key) -> None:
    plugins.register_default_plugins()
    text = (DASHBOARDS / obs.dashboard_file(key)).read_text()

    decoded = models.Dashboard.from_json(json.loads(text))

    assert to_json(decoded) == text


@pytest.mark.parametrize("key", obs.DASHBOARD_KEYS)
def test_the_uid_is_a_short_hash_of_the_dashboard_key(key) -> None:
    digest = hashlib.sha256(f"aiscope/{key}".encode()).hexdigest()[:12]

    assert _committed(key)["uid"] == obs.dashboard_uid(key) == f"aiscope-{digest}"


def test_dashboard_uids_are_unique_and_valid_for_grafana() -> None:
    uids = [_committed(key)["uid"] for key in obs.DASHBOARD_KEYS]

    assert len(set(uids)) == len(uids)
    assert all(len(uid) <= 40 for uid in uids)


@pytest.mark.parametrize("key", obs.DASHBOARD_KEYS)
def test_the_description_carries_the_generated_header(key) -> None:
    description = _committed(key)["description"]

    assert description.endswith(headers.one_line(["telemetry-schema.yaml", "aiscope/dashboards"]))
    assert headers.MARKER in description


def test_every_stack_gets_the_same_dashboards(models) -> None:
    first, *others = [dashboard_files(model) for model in models]

    assert others and all(files == first for files in others)


@pytest.mark.parametrize("key", obs.DASHBOARD_KEYS)
def test_panel_ids_are_unique_and_follow_the_layout(key) -> None:
    ids = [panel["id"] for panel in _committed(key)["panels"]]

    assert ids == list(range(1, len(ids) + 1))


@pytest.mark.parametrize("key", obs.DASHBOARD_KEYS)
def test_panels_and_queries_use_the_provisioned_data_sources(key) -> None:
    expected = {grafana.PROMETHEUS_UID, grafana.LOKI_UID, grafana.TEMPO_UID}
    board = _committed(key)
    used = {target["datasource"]["uid"] for _, target in _targets(board)}
    used |= {panel["datasource"]["uid"] for panel in board["panels"] if "datasource" in panel}

    assert used <= expected


def test_the_environment_tenant_route_and_model_variables_read_the_conventions_labels() -> None:
    variables = {v["name"]: v for v in _committed(obs.AI_OVERVIEW)["templating"]["list"]}

    assert variables["env"]["query"] == (
        "label_values(aiscope_requests_total, deployment_environment_name)"
    )
    assert variables["route"]["query"] == (
        'label_values(aiscope_requests_total{deployment_environment_name=~"$env"}, ai_route)'
    )
    assert {variables[name]["allValue"] for name in ("env", "tenant", "route", "model")} == {".*"}
    assert variables["trace_id"]["type"] == "textbox"


def test_latency_panels_ask_prometheus_for_exemplars() -> None:
    board = _committed(obs.AI_OVERVIEW)
    latency = [panel for panel in board["panels"] if "latency" in panel["title"]]

    assert len(latency) == 2
    for panel in latency:
        exemplar = [target for target in panel["targets"] if target["exemplar"]]
        assert len(exemplar) == 1
        assert "aiscope_request_duration_seconds_bucket" in exemplar[0]["expr"]


def test_the_logs_panel_follows_the_trace_id_variable_and_the_traces_panel_uses_traceql() -> None:
    board = _committed(obs.AI_OVERVIEW)
    by_type = {panel["type"]: panel for panel in board["panels"]}

    logs_query = by_type["logs"]["targets"][0]["expr"]
    traces_query = by_type["table"]["targets"][0]
    assert logs_query.endswith('| trace_id=~"$trace_id"')
    assert traces_query["queryType"] == "traceql"
    assert traces_query["query"].startswith('{ name = "ai.call" && status = error')


def test_panels_filter_on_every_variable_their_series_carries() -> None:
    board = _committed(obs.AI_OVERVIEW)
    requests = next(p for p in board["panels"] if p["title"] == "Requests per minute by route")
    expr = requests["targets"][0]["expr"]

    for variable, label in obs.VARIABLE_LABELS.items():
        assert f'{label}=~"${variable}"' in expr
