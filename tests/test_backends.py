"""Structure of the Tempo, Loki, Prometheus and Grafana configs.

Tempo, Loki and Grafana servers do not run in these tests: no container
runtime or release binary is reachable from our machines, and the
project's tooling builds none of them from source. Their configs are
therefore checked here by structure and against the golden
files of tests/test_render.py, with keys taken from the configuration
references of the pinned releases (Tempo 2.10.8, Loki 3.7.6, Grafana 13.1).
The Prometheus config also goes through the real promtool
(tests/test_promtool_config.py).
"""

from __future__ import annotations

import yaml
from manifest_models import all_models, example, variation

from aiscope.backends import (
    grafana_dashboard_providers,
    grafana_datasources,
    loki_config,
    prometheus_config,
    tempo_config,
)
from aiscope.conventions import backends as paths
from aiscope.conventions import grafana as names
from aiscope.conventions import kubernetes as k8s
from aiscope.conventions import telemetry
from aiscope.manifests import config_files
from aiscope.manifests.configs import GENERATORS


def test_every_config_is_yaml_that_reads_back_to_what_was_generated() -> None:
    for _, model in all_models():
        for name, text in config_files(model).items():
            assert yaml.safe_load(text) == GENERATORS[name](model), name


def test_tempo_keeps_traces_for_the_configured_retention_in_hours() -> None:
    assert tempo_config(example("dev"))["compactor"]["compaction"]["block_retention"] == "168h"
    assert tempo_config(example("prod"))["compactor"]["compaction"]["block_retention"] == "720h"
    assert (
        tempo_config(variation("mirrored"))["compactor"]["compaction"]["block_retention"] == "336h"
    )


def test_tempo_receives_otlp_on_every_interface() -> None:
    protocols = tempo_config(example("dev"))["distributor"]["receivers"]["otlp"]["protocols"]

    assert protocols == {
        "grpc": {"endpoint": f"0.0.0.0:{k8s.OTLP_GRPC_PORT}"},
        "http": {"endpoint": f"0.0.0.0:{k8s.OTLP_HTTP_PORT}"},
    }


def test_tempo_serves_http_on_3200_and_stores_blocks_on_its_volume() -> None:
    config = tempo_config(example("dev"))

    assert config["server"]["http_listen_port"] == 3200
    assert config["storage"]["trace"]["backend"] == "local"
    for path in (
        config["storage"]["trace"]["wal"]["path"],
        config["storage"]["trace"]["local"]["path"],
    ):
        assert path.startswith(paths.TEMPO_DATA_DIR + "/")


def test_tempo_writes_span_metrics_and_service_graphs_to_prometheus_with_exemplars() -> None:
    config = tempo_config(example("prod"))
    generator = config["metrics_generator"]
    overrides = config["overrides"]["defaults"]["metrics_generator"]

    assert generator["storage"]["remote_write"] == [
        {
            "url": "http://prometheus.aiscope.svc.cluster.local:9090/api/v1/write",
            "send_exemplars": True,
        }
    ]
    assert {"service-graphs", "span-metrics"} <= set(overrides["processors"])
    assert overrides["trace_id_label_name"] == names.TRACE_ID_LABEL


def test_loki_keeps_logs_for_the_configured_retention_through_the_compactor() -> None:
    config = loki_config(variation("mirrored"))

    assert config["limits_config"]["retention_period"] == "36h"
    assert config["compactor"]["retention_enabled"] is True
    assert config["compactor"]["delete_request_store"] == "filesystem"
    assert config["compactor"]["working_directory"].startswith(paths.LOKI_DATA_DIR + "/")


def test_loki_runs_alone_with_the_tsdb_v13_schema_on_its_volume() -> None:
    config = loki_config(example("dev"))

    assert config["auth_enabled"] is False
    assert config["common"]["replication_factor"] == 1
    assert config["common"]["ring"]["kvstore"]["store"] == "inmemory"
    [period] = config["schema_config"]["configs"]
    assert (period["store"], period["schema"], period["object_store"]) == (
        "tsdb",
        "v13",
        "filesystem",
    )
    assert period["index"]["period"] == "24h"


def test_loki_indexes_the_schemas_low_cardinality_resource_attributes_only() -> None:
    otlp = loki_config(example("prod"))["limits_config"]["otlp_config"]
    [rule] = otlp["resource_attributes"]["attributes_config"]

    assert rule == {
        "action": "index_label",
        "attributes": ["cloud.region", "deployment.environment.name", "service.name"],
    }
    assert otlp["log_attributes"] == [
        {"action": "structured_metadata", "attributes": [names.TRACE_ID_LABEL]}
    ]


def test_prometheus_keeps_metrics_for_the_configured_retention_in_the_config_file() -> None:
    assert prometheus_config(example("dev"))["storage"]["tsdb"]["retention"] == {"time": "15d"}
    assert prometheus_config(variation("mirrored"))["storage"]["tsdb"]["retention"] == {
        "time": "52w"
    }


def test_prometheus_promotes_environment_and_region_from_otlp_resources() -> None:
    otlp = prometheus_config(example("dev"))["otlp"]

    assert otlp["promote_resource_attributes"] == list(telemetry.PROMOTED_RESOURCE_ATTRIBUTES)
    assert otlp["keep_identifying_resource_attributes"] is True


def test_prometheus_loads_every_rule_file_of_the_mounted_rules_folder() -> None:
    rule_files = prometheus_config(example("dev"))["rule_files"]

    assert rule_files == [
        f"{paths.PROMETHEUS_RULES_DIR}/*.yaml",
        f"{paths.PROMETHEUS_RULES_DIR}/*.yml",
    ]


def test_prometheus_scrapes_itself_and_every_workload_at_its_metrics_port() -> None:
    jobs = {job["job_name"]: job for job in prometheus_config(example("prod"))["scrape_configs"]}

    assert jobs[k8s.PROMETHEUS]["static_configs"] == [{"targets": ["localhost:9090"]}]
    expected_ports = {
        k8s.GATEWAY: 8888, k8s.ROUTER: 8888, k8s.AGENT: 8888,
        k8s.TEMPO: 3200, k8s.LOKI: 3100, k8s.GRAFANA: 3000,
    }  # fmt: skip
    for job, port in expected_ports.items():
        [discovery] = jobs[job]["kubernetes_sd_configs"]
        assert discovery["namespaces"] == {"names": ["aiscope"]}
        assert discovery["selectors"] == [
            {
                "role": "pod",
                "label": f"app.kubernetes.io/name={job},app.kubernetes.io/instance=prod",
            }
        ]
        keep = jobs[job]["relabel_configs"][0]
        assert (keep["action"], keep["regex"]) == ("keep", str(port))


def test_grafana_provisions_the_three_data_sources_with_fixed_uids() -> None:
    sources = grafana_datasources(example("prod"))["datasources"]

    assert [(s["type"], s["uid"], s["url"]) for s in sources] == [
        ("prometheus", names.PROMETHEUS_UID, "http://prometheus.aiscope.svc.cluster.local:9090"),
        ("loki", names.LOKI_UID, "http://loki.aiscope.svc.cluster.local:3100"),
        ("tempo", names.TEMPO_UID, "http://tempo.aiscope.svc.cluster.local:3200"),
    ]
    assert [s.get("isDefault", False) for s in sources] == [True, False, False]


def test_grafana_links_traces_logs_and_metrics_both_ways() -> None:
    sources = {s["type"]: s["jsonData"] for s in grafana_datasources(example("dev"))["datasources"]}
    tempo, loki, prometheus = sources["tempo"], sources["loki"], sources["prometheus"]

    assert tempo["tracesToLogsV2"]["datasourceUid"] == names.LOKI_UID
    assert 'trace_id="$${__trace.traceId}"' in tempo["tracesToLogsV2"]["query"]
    assert tempo["tracesToMetrics"]["datasourceUid"] == names.PROMETHEUS_UID
    assert tempo["serviceMap"] == {"datasourceUid": names.PROMETHEUS_UID}
    assert prometheus["exemplarTraceIdDestinations"] == [
        {"name": names.TRACE_ID_LABEL, "datasourceUid": names.TEMPO_UID}
    ]
    [derived] = loki["derivedFields"]
    assert (derived["matcherRegex"], derived["datasourceUid"]) == ("trace_id", names.TEMPO_UID)


def test_grafana_provisioning_escapes_every_dollar_of_a_query_variable() -> None:
    """Grafana expands `$NAME` and `${NAME}` from its environment in provisioning
    files; a lone `$` would be replaced by an empty string."""
    text = config_files(example("dev"))[paths.GRAFANA_DATASOURCES_FILE]

    assert "$$" in text
    assert "$" not in text.replace("$$", "")


def test_grafana_tracestometrics_queries_use_the_series_tempo_writes() -> None:
    tempo = grafana_datasources(example("dev"))["datasources"][2]["jsonData"]
    queries = " ".join(query["query"] for query in tempo["tracesToMetrics"]["queries"])

    assert paths.TEMPO_SPAN_CALLS in queries
    assert paths.TEMPO_SPAN_LATENCY + "_bucket" in queries


def test_grafana_reads_dashboards_from_the_mounted_folder_into_the_aiscope_folder() -> None:
    [provider] = grafana_dashboard_providers(example("dev"))["providers"]

    assert provider["type"] == "file"
    assert provider["options"] == {"path": paths.GRAFANA_DASHBOARDS_DIR}
    assert (provider["folder"], provider["folderUid"]) == (
        names.DASHBOARD_FOLDER,
        names.DASHBOARD_FOLDER_UID,
    )
    assert provider["allowUiUpdates"] is False
