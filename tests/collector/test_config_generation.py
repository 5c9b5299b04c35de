"""What the generated collector configs say, checked without running a collector.

The real-collector tests prove the configs behave; these pin the
derivations (sizes from settings, one statement per schema alias, one
connector entry per derived metric) and keep reviewable golden copies.
"""

from __future__ import annotations

import re

import pytest

from aiscope.collector import (
    agent_config,
    gateway_config,
    gateway_config_comments,
    router_config,
    to_yaml,
)
from aiscope.collector import gateway as gw
from aiscope.collector.aliases import attribute_renames, metric_renames
from aiscope.collector.derived_metrics import MEASURES
from aiscope.collector.pii_patterns import PII_PATTERNS, blocked_values
from aiscope.conventions import collector as names
from aiscope.conventions import telemetry as t

from .models import stack_model, with_drop_and_truncate
from .pii_corpus import PII_SAMPLES, secrets_of, sentence

STACKS = ("dev", "prod")
GENERATORS = {"gateway": gateway_config, "agent": agent_config, "router": router_config}


def _statements(processor: dict, signal: str, context: str) -> list[str]:
    groups = processor[f"{signal}_statements"]
    return [s for group in groups if group["context"] == context for s in group["statements"]]


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("component", list(GENERATORS))
def test_generated_collector_configs_match_the_golden_files(stack, component, golden) -> None:
    model = stack_model(stack)
    comments = gateway_config_comments(model) if component == "gateway" else []
    golden(f"collector/{component}-{stack}.yaml", to_yaml(GENERATORS[component](model), comments))


@pytest.mark.parametrize(
    ("signal", "context", "path"),
    [
        ("trace", "span", "span.attributes"),
        ("trace", "spanevent", "spanevent.attributes"),
        ("log", "log", "log.attributes"),
        ("metric", "datapoint", "datapoint.attributes"),
    ],
)
def test_every_schema_alias_is_moved_to_its_canonical_name(signal, context, path) -> None:
    model = stack_model()
    statements = _statements(gateway_config(model)["processors"][gw.NORMALIZE], signal, context)
    for rename in attribute_renames(model.schema):
        move = f'set({path}["{rename.canonical}"], '
        assert any(s.startswith(move) and f'["{rename.alias}"]' in s for s in statements), rename
    [deletion] = [s for s in statements if s.startswith(f"delete_matching_keys({path}")]
    for rename in attribute_renames(model.schema):
        assert rename.alias.replace(".", "\\\\.") in deletion, rename.alias


def test_a_millisecond_alias_is_converted_to_seconds() -> None:
    statements = _statements(
        gateway_config(stack_model())["processors"][gw.NORMALIZE], "trace", "span"
    )
    assert (
        'set(span.attributes["ai.latency"], Double(span.attributes["ai.latency_ms"]) * 0.001)'
        ' where span.attributes["ai.latency_ms"] != nil and span.attributes["ai.latency"] == nil'
    ) in statements


def test_metric_aliases_are_renamed_and_millisecond_histograms_scaled_to_seconds() -> None:
    model = stack_model()
    statements = _statements(gateway_config(model)["processors"][gw.NORMALIZE], "metric", "metric")
    assert 'scale_metric(0.001, "s") where metric.name == "ai.latency_ms"' in statements
    for rename in metric_renames(model.schema):
        assert (
            f'set(metric.name, "{rename.canonical}") where metric.name == "{rename.alias}"'
            in statements
        )


def test_log_fields_of_structured_bodies_get_canonical_keys_and_set_the_trace_id() -> None:
    processor = gateway_config(stack_model())["processors"][gw.NORMALIZE]
    [body] = [g for g in processor["log_statements"] if g.get("conditions") == ["IsMap(log.body)"]]
    assert (
        'set(log.body["ai.tenant_id"], log.body["tenant_id"]) where log.body["tenant_id"] != nil'
        ' and log.body["ai.tenant_id"] == nil'
    ) in body["statements"]
    assert any(
        s.startswith('set(log.trace_id.string, log.body["trace_id"])') for s in body["statements"]
    )


@pytest.mark.parametrize(("stack", "limit", "spike"), [("dev", 409, 81), ("prod", 3276, 655)])
def test_the_memory_limiter_leaves_headroom_below_the_container_limit(stack, limit, spike) -> None:
    processors = gateway_config(stack_model(stack))["processors"]
    assert processors[names.MEMORY_LIMITER] == {
        "check_interval": "1s",
        "limit_mib": limit,
        "spike_limit_mib": spike,
    }
    assert list(processors)[0] == names.MEMORY_LIMITER


def test_the_trace_buffer_holds_twice_the_traces_of_one_decision_wait() -> None:
    model = stack_model("prod")  # 400 traces/s, 15 s decision wait
    sampling = gateway_config(model)["processors"][names.TAIL_SAMPLING]
    assert sampling["decision_wait"] == "15s"
    assert sampling["num_traces"] == 400 * 15 * 2
    assert sampling["decision_cache"] == {
        "sampled_cache_size": 48000,
        "non_sampled_cache_size": 48000,
    }


def test_the_rendered_gateway_config_states_the_tail_sampling_memory_estimate() -> None:
    model = stack_model("prod")  # 12000 traces x 12 spans x 1 KiB
    text = to_yaml(gateway_config(model), gateway_config_comments(model))
    assert (
        "# Tail sampling memory estimate: num_traces 12000 (= 400 traces/s x 15 s decision wait"
        " x 2) x 12 spans/trace x ~1 KiB/span = ~140.6 MiB of heap"
    ) in text


def test_batch_is_the_last_processor_of_every_exporting_pipeline() -> None:
    for generator in GENERATORS.values():
        pipelines = generator(stack_model())["service"]["pipelines"]
        for name, pipeline in pipelines.items():
            assert pipeline["processors"][-1] == "batch", name


def test_nothing_reaches_an_exporter_before_hashing_masking_and_the_content_policy() -> None:
    pipelines = gateway_config(stack_model("prod"))["service"]["pipelines"]
    for name in ("traces", "logs", "metrics"):
        processors = pipelines[name]["processors"]
        assert processors[2:5] == [gw.HASH, gw.PII, gw.CONTENT], name
    assert pipelines["traces"]["processors"].index(names.TAIL_SAMPLING) > 4
    assert pipelines["traces/derive"]["exporters"] == [names.SPAN_METRICS_CONNECTOR]
    assert gw.PII in pipelines["metrics/derived"]["processors"]


def test_the_hash_key_is_read_from_the_environment_and_no_other_dollar_sign_appears() -> None:
    for stack in STACKS:
        for generator in GENERATORS.values():
            text = to_yaml(generator(stack_model(stack)))
            for match in re.finditer(r"\$", text):
                assert text.startswith("${env:", match.start()), text[match.start() - 40 :][:80]
    gateway = gateway_config(stack_model())
    assert gateway["processors"][gw.HASH]["hmac_key"] == "${env:USER_ID_HASH_KEY}"
    assert gateway["processors"][gw.HASH]["hash_function"] == "hmac-sha256"


def test_every_derived_metric_is_one_connector_entry_with_exactly_its_labels() -> None:
    connector = gateway_config(stack_model())["connectors"][names.SPAN_METRICS_CONNECTOR]
    entries = {entry["name"]: entry for entry in connector["spans"]}
    assert set(entries) == {metric.otel_name for metric in t.DERIVED_METRICS}
    for metric in t.DERIVED_METRICS:
        entry = entries[metric.otel_name]
        assert metric in MEASURES
        assert entry["unit"] == metric.unit
        assert [a["key"] for a in entry["attributes"]] == list(metric.labels)
        assert all(a["default_value"] == names.UNKNOWN_LABEL_VALUE for a in entry["attributes"])
        assert entry["conditions"][0].startswith(f'span.name == "{metric.span_name}"')
        assert ("histogram" if metric.kind == "histogram" else "sum") in entry


def test_latency_targets_are_histogram_bucket_bounds() -> None:
    model = stack_model("prod")  # targets 3 s, chat 2.5 s, rag 6 s; sampling threshold 8 s
    connector = gateway_config(model)["connectors"][names.SPAN_METRICS_CONNECTOR]
    [duration] = [e for e in connector["spans"] if e["name"] == t.REQUEST_DURATION.otel_name]
    assert {2.5, 3.0, 6.0, 8.0} <= set(duration["histogram"]["buckets"])
    assert duration["histogram"]["buckets"] == sorted(duration["histogram"]["buckets"])


def test_each_trace_falls_in_exactly_one_ratio_bucket() -> None:
    model = stack_model(
        sampling={
            "successRatio": 0.2,
            "tenantOverrides": {"vip": 0.6},
            "routeOverrides": {"bulk": 0.0},
        }
    )
    policies = {
        p["name"]: p for p in gateway_config(model)["processors"]["tail_sampling"]["policies"]
    }
    default = policies["success-ratio"]["and"]["and_sub_policy"]
    assert default[0]["probabilistic"] == {"sampling_percentage": 20.0}
    assert [p["type"] for p in default[1:]] == ["not", "not"]
    assert default[1]["not"]["not_sub_policy"]["string_attribute"] == {
        "key": t.TENANT,
        "values": ["vip"],
    }
    route = policies["route-override-bulk"]["and"]["and_sub_policy"]
    assert [p["type"] for p in route] == ["string_attribute", "not", "probabilistic"]
    assert route[2]["probabilistic"] == {"sampling_percentage": 0.0}
    tenant = policies["tenant-override-vip"]["and"]["and_sub_policy"]
    assert tenant[1]["probabilistic"] == {"sampling_percentage": 60.0}


def test_the_derive_pipeline_reads_canonical_names_without_renaming_text() -> None:
    statements = _statements(
        gateway_config(stack_model())["processors"][gw.METRIC_INPUTS], "trace", "span"
    )
    assert any('["gen_ai.request.model"], span.attributes["ai.model"])' in s for s in statements)
    assert not [s for s in statements if "ai.input.text" in s or s.startswith("delete")]


def test_a_model_missing_from_the_price_table_is_labelled_other() -> None:
    processor = gateway_config(stack_model())["processors"][gw.METRIC_INPUTS]
    statements = _statements(processor, "trace", "span")
    assert (
        'set(span.attributes["gen_ai.request.model"], "other") where'
        ' span.attributes["gen_ai.request.model"] != nil and not'
        ' (span.attributes["gen_ai.request.model"] == "claude-sonnet-4" or'
        ' span.attributes["gen_ai.request.model"] == "gpt-4o-mini")'
    ) in statements


def test_the_allowlist_keeps_schema_attributes_and_sdk_and_kubernetes_metadata() -> None:
    processor = gateway_config(stack_model("prod"))["processors"][gw.CONTENT]  # allowlist mode
    [keep] = [s for s in _statements(processor, "trace", "span") if s.startswith("keep_matching")]
    regex = re.search(r'"(.*)"\)$', keep).group(1).replace("\\\\", "\\").replace("\\z", "$")
    for kept in ("ai.route", "user.id", "ai.cost.usd", "service.name", "k8s.pod.name"):
        assert re.match(regex, kept), kept
    for dropped in ("http.url", "process.command_args", "customer.note", "ai.routex"):
        assert not re.match(regex, dropped), dropped


def test_denylist_mode_deletes_no_attribute_by_name() -> None:
    processor = gateway_config(stack_model("dev"))["processors"][gw.CONTENT]
    statements = [s for group in processor["trace_statements"] for s in group["statements"]]
    assert not [s for s in statements if s.startswith("keep_matching_keys")]


@pytest.mark.parametrize("kind", list(PII_SAMPLES))
def test_each_pii_pattern_family_masks_its_sample_and_keeps_the_words_around(kind) -> None:
    # Python's re agrees with Go's RE2 on these patterns; the real collector
    # tests run the same corpus through the redaction processor.
    text = sentence(kind)
    for regex in blocked_values():
        text = re.sub(regex, "****", text)
    assert not [secret for secret in secrets_of(kind) if secret in text]
    assert text == f"left-{kind} **** right-{kind}"


@pytest.mark.parametrize(
    "text",
    [
        "gpt-4o-mini",
        "2026-12-03T16:29:07.260Z",
        "b5240007-5f78-46d0-86a2-f9dd3a1a5ac5",
        "0915b9cb88a8a622d35847b640aac5f1",
        "order 1234 shipped on 2024-05-01 in 1733243347260 ms",
        "version 1.45.2",
    ],
)
def test_ids_versions_and_timestamps_are_not_taken_for_pii(text) -> None:
    for pattern in PII_PATTERNS:
        assert not re.search(pattern.regex, text), pattern.name


def test_attributes_marked_drop_are_deleted_from_every_attribute_map() -> None:
    processor = gateway_config(with_drop_and_truncate())["processors"][gw.NORMALIZE]
    deletion = 'delete_matching_keys({}, "^(?:ai\\\\.debug\\\\.payload)\\\\z")'
    for signal, context, path in (
        ("trace", "span", "span.attributes"),
        ("trace", "spanevent", "spanevent.attributes"),
        ("log", "log", "log.attributes"),
        ("metric", "datapoint", "datapoint.attributes"),
        ("trace", "resource", "resource.attributes"),
    ):
        assert deletion.format(path) in _statements(processor, signal, context), path


def test_attributes_marked_truncate_are_cut_to_their_max_length() -> None:
    processor = gateway_config(with_drop_and_truncate())["processors"][gw.CONTENT]
    assert (
        'set(span.attributes["ai.summary"], Substring(span.attributes["ai.summary"], 0, 50, true))'
        ' where IsString(span.attributes["ai.summary"]) and Len(span.attributes["ai.summary"]) > 50'
    ) in _statements(processor, "trace", "span")
