"""Example-service traffic through a real gateway: redaction, sampling, metrics, aliases.

One module-wide run (traffic.py) sends about 2,900 requests with known
fates over OTLP gRPC and HTTP; the tests below check what came out at the
stand-in backends.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest

from aiscope.collector.aliases import attribute_renames, metric_renames, resource_renames
from aiscope.conventions import collector as names
from aiscope.conventions import telemetry as t

from .pii_corpus import PII_SAMPLES, secrets_of
from .running_collector import HASH_KEY
from .traffic import BLOCKED_CONTENT, LONG_PROMPT, RATIO_BUCKETS, TrafficRun, run_traffic
from .views import binomial_bounds, everything_as_text, logs_by_trace, spans_by_trace, total

CONTENT = ("ai.input.text", "ai.output.text", "ai.retrieval.query")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> TrafficRun:
    return run_traffic(tmp_path_factory.mktemp("gateway"))


def _kept(run: TrafficRun, sent) -> dict[str, list]:
    received = spans_by_trace(run.sink.spans)
    return {one.trace_id: received[one.trace_id] for one in sent if one.trace_id in received}


def _call_span(spans):
    [call] = [span for span in spans if span.name == t.SPAN_CALL]
    return call


# --- PII -------------------------------------------------------------------


def test_no_pii_sample_survives_anywhere_in_traces_logs_or_metrics(run) -> None:
    exported = everything_as_text(run.sink)
    leaks = {
        kind: secret for kind in PII_SAMPLES for secret in secrets_of(kind) if secret in exported
    }
    assert not leaks


@pytest.mark.parametrize("kind", list(PII_SAMPLES))
def test_the_words_around_masked_pii_survive_in_every_placement(run, kind) -> None:
    [sent] = [one for one in run.sent["pii"] if one.request.prompt.startswith(f"left-{kind} ")]
    spans = _kept(run, [sent])[sent.trace_id]
    call = _call_span(spans)
    [retrieve] = [span for span in spans if span.name == t.SPAN_RETRIEVE]
    events = dict(call.events)
    logs = logs_by_trace(run.sink.logs)[sent.trace_id]
    [structured] = [log for log in logs if isinstance(log.body, dict)]
    [message] = [log for log in logs if isinstance(log.body, str)]

    placements = {
        "span attribute": call.attributes["ai.input.text"],
        "other span attribute": call.attributes["note"],
        "span event": events["ai.prompt.received"]["ai.input.text"],
        "exception event": events["exception"]["exception.message"],
        "retrieval query": retrieve.attributes["ai.retrieval.query"],
        "log body (string)": message.body,
        "log body (map)": structured.body["ai.input.text"],
        "log attribute": message.attributes["note"],
        "resource attribute": call.resource[f"pii.{kind}"],
    }
    for placement, value in placements.items():
        assert f"left-{kind} **** right-{kind}" in value, placement


def test_user_ids_are_replaced_by_their_keyed_hash_in_spans_and_logs(run) -> None:
    expected = hmac.new(HASH_KEY.encode(), PII_SAMPLES["email"].encode(), hashlib.sha256)
    sent = run.sent["pii"][0]
    call = _call_span(_kept(run, [sent])[sent.trace_id])
    [message] = [log for log in logs_by_trace(run.sink.logs)[sent.trace_id] if log.attributes]
    assert call.attributes["user.id"] == expected.hexdigest()
    assert message.attributes["user.id"] == expected.hexdigest()


def test_free_text_is_cut_to_its_max_length_without_splitting_characters(run) -> None:
    [sent] = run.sent["long"]
    spans = _kept(run, [sent])[sent.trace_id]
    [structured] = [
        log
        for log in logs_by_trace(run.sink.logs)[sent.trace_id]
        if log.attributes == {} and isinstance(log.body, dict)
    ]
    texts = {
        "span attribute": _call_span(spans).attributes["ai.input.text"],
        "retrieval query": next(s for s in spans if s.name == t.SPAN_RETRIEVE).attributes[
            "ai.retrieval.query"
        ],
        "log body (map)": structured.body["ai.input.text"],
    }
    for placement, text in texts.items():
        assert len(text.encode()) <= 200, placement
        assert LONG_PROMPT.startswith(text), placement  # a prefix, and valid UTF-8


# --- sampling --------------------------------------------------------------


def test_every_error_safety_budget_slow_and_costly_trace_arrives_complete(run) -> None:
    # Their tenant is sampled at 0%: only the keep policies can let them through.
    kept = _kept(run, run.sent["must_keep"])
    missing = [one.request.outcome for one in run.sent["must_keep"] if one.trace_id not in kept]
    assert not missing
    for one in run.sent["must_keep"]:
        assert sorted(span.name for span in kept[one.trace_id]) == sorted(one.span_names)


def _ratio_kept(run: TrafficRun, tenant: str, route: str) -> tuple[int, int]:
    sent = [
        one
        for one in run.sent["ratio"]
        if (one.request.tenant, one.request.route) == (tenant, route)
    ]
    kept = _kept(run, sent)
    for spans in kept.values():
        assert len(spans) == 2, "a kept trace is incomplete"
    return len(kept), len(sent)


def test_successes_are_kept_at_the_success_ratio(run) -> None:
    kept, sent = _ratio_kept(run, "acme", "chat")
    low, high = binomial_bounds(sent, 0.2)
    assert low <= kept <= high, (kept, sent)


def test_a_tenant_override_replaces_the_default_ratio_upwards_and_downwards(run) -> None:
    kept, sent = _ratio_kept(run, "vip", "chat")
    low, high = binomial_bounds(sent, 0.6)
    assert low <= kept <= high, (kept, sent)
    assert _ratio_kept(run, "quiet", "chat")[0] == 0


def test_a_route_override_replaces_the_default_ratio(run) -> None:
    assert _ratio_kept(run, "acme", "bulk")[0] == 0


def test_a_tenant_override_wins_over_a_route_override(run) -> None:
    kept, sent = _ratio_kept(run, "vip", "bulk")
    low, high = binomial_bounds(sent, 0.6)
    assert low <= kept <= high, (kept, sent)


# --- derived metrics -------------------------------------------------------


def _calls(run: TrafficRun, tenant: str | None = None) -> list:
    return [
        one
        for one in run.all_sent()
        if tenant in (None, one.request.tenant) and t.SPAN_CALL in one.span_names
    ]


def test_derived_request_counts_include_every_request_sampled_or_not(run) -> None:
    points = run.sink.points
    assert total(points, t.REQUESTS.otel_name) == len(_calls(run))
    for tenant in ("acme", "vip", "quiet"):
        assert total(points, t.REQUESTS.otel_name, {t.TENANT: tenant}) == len(_calls(run, tenant))
    assert total(points, t.REQUEST_DURATION.otel_name, count=True) == len(_calls(run))


def test_derived_token_sums_include_every_request(run) -> None:
    priced = [one.request for one in _calls(run) if one.request.outcome != "budget"]
    points = run.sink.points
    assert total(points, t.INPUT_TOKENS_TOTAL.otel_name) == sum(r.input_tokens for r in priced)
    assert total(points, t.OUTPUT_TOKENS_TOTAL.otel_name) == sum(r.output_tokens for r in priced)


def test_derived_cost_is_tokens_times_the_configured_price(run) -> None:
    prices = run.model.settings.pricing.models
    expected = sum(
        (
            r.input_tokens * prices[r.model].input_usd_per_million
            + r.output_tokens * prices[r.model].output_usd_per_million
        )
        / 1e6
        for r in (one.request for one in _calls(run))
        if r.outcome != "budget"
    )
    assert total(run.sink.points, t.COST.otel_name) == pytest.approx(expected, rel=1e-9)


def test_derived_error_safety_tool_and_retrieval_counts_match_what_was_sent(run) -> None:
    requests = [one.request for one in _calls(run)]
    points = run.sink.points
    failed = [r for r in requests if r.outcome in ("error", "budget")]
    assert total(points, t.REQUEST_ERRORS.otel_name) == len(failed)
    assert total(points, t.REQUEST_ERRORS.otel_name, {t.ERROR_TYPE: t.BUDGET_EXCEEDED}) == len(
        [r for r in failed if r.outcome == "budget"]
    )
    assert total(points, t.SAFETY_VIOLATIONS.otel_name) == len(
        [r for r in requests if r.outcome == "safety"]
    )
    assert total(points, t.TOOL_CALLS.otel_name) == len([r for r in requests if r.tool])
    assert total(points, t.RETRIEVALS.otel_name) == len([r for r in requests if r.retrieval])


def test_derived_metrics_are_cumulative_with_the_conventions_units(run) -> None:
    cumulative = 2  # AGGREGATION_TEMPORALITY_CUMULATIVE
    for metric in t.DERIVED_METRICS:
        points = [p for p in run.sink.points if p.metric == metric.otel_name]
        assert points, metric.otel_name
        assert {p.temporality for p in points} == {cumulative}, metric.otel_name
        assert {p.unit for p in points} == {metric.unit}, metric.otel_name


# --- aliases ---------------------------------------------------------------


def test_tutorial_and_openllmetry_spellings_arrive_under_canonical_names(run) -> None:
    aliases = {rename.alias for rename in attribute_renames(run.model.schema)}
    for one in run.sent["aliases"]:
        spans = _kept(run, [one])[one.trace_id]
        for span in spans:
            assert not aliases & set(span.attributes), (one.request.style, span.name)
        call = _call_span(spans)
        assert call.attributes[t.MODEL] == "gpt-4o-mini"
        assert call.attributes[t.PROVIDER] == "openai"
        assert call.attributes[t.INPUT_TOKENS] == 120
        assert call.attributes["ai.latency"] == pytest.approx(0.4)  # sent as 400 ms by "tutorial"
        assert "ai.input.text" in call.attributes


def test_resource_aliases_arrive_canonical_and_the_environment_is_stamped(run) -> None:
    one = run.sent["aliases"][0]
    resource = _call_span(_kept(run, [one])[one.trace_id]).resource
    assert resource[t.ENVIRONMENT] == "staging-alias"
    assert resource[t.REGION] == "eu-test-1"
    assert not {r.alias for r in resource_renames(run.model.schema)} & set(resource)
    other = run.sent["pii"][0]
    assert _call_span(_kept(run, [other])[other.trace_id]).resource[t.ENVIRONMENT] == "dev"


def test_metric_aliases_arrive_renamed_and_in_seconds(run) -> None:
    received = {p.metric for p in run.sink.points}
    assert not {r.alias for r in metric_renames(run.model.schema)} & received
    durations = [p for p in run.sink.points if p.metric == "gen_ai.client.operation.duration"]
    assert {p.unit for p in durations} == {"s"}
    # The alias run (its own resource) recorded 400 ms in "tutorial" style, 0.4 s in the other.
    aliased = [p for p in durations if p.resource.get(t.ENVIRONMENT) == "staging-alias"]
    assert len({p.resource["telemetry.sdk.name"] for p in aliased}) == 1
    assert [p.value / p.count for p in aliased] == pytest.approx([0.4] * len(aliased))
    assert sum(p.bounds == sorted(p.bounds) for p in aliased) == len(aliased)


# --- blocklists ------------------------------------------------------------


def test_blocked_tenants_and_routes_lose_their_content_but_keep_their_spans(run) -> None:
    errors = [one for one in run.sent["blocked"] if one.request.outcome == "error"]
    kept = _kept(run, errors)
    assert set(kept) == {one.trace_id for one in errors}
    for spans in kept.values():
        for span in spans:
            assert not set(CONTENT) & set(span.attributes), span.name
            for _, attributes in span.events:
                assert not set(CONTENT) & set(attributes)
    assert BLOCKED_CONTENT not in everything_as_text(run.sink)


def test_blocked_logs_keep_their_fields_but_not_their_body(run) -> None:
    received = logs_by_trace(run.sink.logs)
    for one in run.sent["blocked"]:
        logs = received[one.trace_id]
        assert len(logs) == 2
        for log in logs:
            assert log.body == names.BLOCKED_LOG_BODY
            assert not set(CONTENT) & set(log.attributes)
        [message] = [log for log in logs if log.attributes]
        assert message.attributes[t.ROUTE] == one.request.route


def test_blocked_tenants_are_still_counted_in_the_derived_metrics(run) -> None:
    assert total(run.sink.points, t.REQUESTS.otel_name, {t.TENANT: "health-co"}) == 3
    assert total(run.sink.points, t.REQUESTS.otel_name, {t.ROUTE: "medical-intake"}) == 3


def test_ratio_buckets_add_up_to_what_was_sent(run) -> None:
    # Guards the scenario itself: each bucket really sent what the tests assume.
    for (tenant, route), count in RATIO_BUCKETS.items():
        assert _ratio_kept(run, tenant, route)[1] == count


def test_the_gateway_logged_no_warning_or_error_during_the_run(run) -> None:
    # Statements run with error_mode ignore log a warning when they fail; a
    # silent failure would show up here.
    problems = [
        line for line in run.gateway_log.splitlines() if "\twarn\t" in line or "\terror\t" in line
    ]
    assert not problems
