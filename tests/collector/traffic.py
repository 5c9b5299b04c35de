"""One run of example-service traffic through a real gateway, shared by the traffic tests.

The gateway runs the generated config of the dev stack with the test's
settings (below); only the addresses differ: loopback ports, the sink in
place of Tempo, Loki and Prometheus, a temporary queue directory. The
traffic is a set of scenarios, each a list of requests with a known
expected fate; the run returns what was sent and what the sink received.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from aiscope.collector import gateway_config
from aiscope.conventions import telemetry as t
from aiscope.model import StackModel
from examples.chat_service import ChatRequest, Sent, send_requests

from .models import loopback_endpoints, stack_model
from .otlp_sink import OtlpSink
from .pii_corpus import PII_SAMPLES, sentence
from .running_collector import RunningCollector
from .views import spans_by_trace, total

SETTINGS = {
    "sampling": {
        "successRatio": 0.2,
        "tenantOverrides": {"vip": 0.6, "quiet": 0.0},
        "routeOverrides": {"bulk": 0.0},
        # One second instead of ten keeps the run short; the policies are the same.
        "decisionWaitSeconds": 1,
        "expectedTracesPerSecond": 5000,
        "latencyThresholdSeconds": 5,
        "costThresholdUsd": 0.05,
    },
    "redaction": {"blockedTenants": ["health-co"], "blockedRoutes": ["medical-intake"]},
}

# Successful requests per ratio bucket: (tenant, route) -> count.
RATIO_BUCKETS = {
    ("acme", "chat"): 1500,
    ("vip", "chat"): 500,
    ("quiet", "chat"): 200,
    ("acme", "bulk"): 200,
    ("vip", "bulk"): 300,
}
MUST_KEEP_EACH = 20
BLOCKED_CONTENT = "my diagnosis is confidential-condition-words"
LONG_PROMPT = "x" + "é " * 99 + "words " * 30 + "reach me at " + PII_SAMPLES["email"]


@dataclass
class TrafficRun:
    model: StackModel
    sent: dict[str, list[Sent]]
    sink: OtlpSink
    gateway_log: str

    def all_sent(self) -> list[Sent]:
        return [s for scenario in self.sent.values() for s in scenario]


def _pii_requests() -> list[ChatRequest]:
    return [
        ChatRequest(
            prompt=sentence(kind),
            answer=sentence(kind),
            user_id=PII_SAMPLES["email"],
            outcome="error",
            retrieval=True,
            tool="lookup_order",
            extra_attributes={"note": sentence(kind)},
            log_note=sentence(kind),
        )
        for kind in PII_SAMPLES
    ]


def _alias_requests() -> list[ChatRequest]:
    # Errors, so that sampling keeps them and their spans can be inspected.
    return [
        ChatRequest(
            style=style, outcome="error", user_id="alias-user", tool="lookup_order", retrieval=True
        )
        for style in ("tutorial", "openllmetry")
    ]


def _must_keep_requests() -> list[ChatRequest]:
    # Tenant "quiet" is sampled at 0%: only the keep policies can keep these.
    shapes = {
        "error": dict(outcome="error", retrieval=True, tool="lookup_order"),
        "safety": dict(outcome="safety", tool="lookup_order"),
        "budget": dict(outcome="budget", retrieval=True),
        "slow": dict(latency_seconds=10.0),
        "costly": dict(input_tokens=300_000, output_tokens=20_000),  # ~0.057 USD on gpt-4o-mini
    }
    return [
        ChatRequest(tenant="quiet", **shape)
        for shape in shapes.values()
        for _ in range(MUST_KEEP_EACH)
    ]


def _ratio_requests() -> list[ChatRequest]:
    return [
        ChatRequest(tenant=tenant, route=route, input_tokens=100 + i % 7, output_tokens=50 + i % 5)
        for (tenant, route), count in RATIO_BUCKETS.items()
        for i in range(count)
    ]


def _blocked_requests() -> list[ChatRequest]:
    blocked = [dict(tenant="health-co"), dict(route="medical-intake")]
    return [
        ChatRequest(
            prompt=BLOCKED_CONTENT,
            answer=BLOCKED_CONTENT,
            outcome=outcome,
            retrieval=True,
            log_note=BLOCKED_CONTENT,
            **who,
        )
        for who in blocked
        for outcome in ("error", "success", "success")
    ]


def _long_requests() -> list[ChatRequest]:
    # Longer than max_length (200): cut after masking, so the PII near the end goes too.
    return [ChatRequest(outcome="error", prompt=LONG_PROMPT, answer=LONG_PROMPT, retrieval=True)]


def run_traffic(workdir: Path) -> TrafficRun:
    model = stack_model("dev", **SETTINGS)
    with OtlpSink() as sink:
        endpoints = loopback_endpoints(sink, workdir)
        gateway = RunningCollector(gateway_config(model, endpoints), endpoints, workdir)
        with gateway:
            grpc = f"127.0.0.1:{endpoints.otlp_grpc_port}"
            http = f"127.0.0.1:{endpoints.otlp_http_port}"
            pii_resource = {f"pii.{kind}": sentence(kind) for kind in PII_SAMPLES}
            alias_resource = {"environment": "staging-alias", "region": "eu-test-1"}
            sent = {
                "pii": send_requests(grpc, _pii_requests(), resource=pii_resource),
                "aliases": send_requests(http, _alias_requests(), "http", alias_resource),
                "must_keep": send_requests(grpc, _must_keep_requests()),
                "ratio": send_requests(grpc, _ratio_requests()),
                "blocked": send_requests(http, _blocked_requests(), "http"),
                "long": send_requests(grpc, _long_requests()),
            }
            _wait_until_settled(sink, sent)
        return TrafficRun(model, sent, sink, gateway.log_path.read_text(errors="replace"))


def _wait_until_settled(sink: OtlpSink, sent: dict[str, list[Sent]]) -> None:
    """Until the derived request count is complete and no more traces arrive."""
    calls = sum(1 for s in sent.values() for one in s if t.SPAN_CALL in one.span_names)
    sink.wait_until(
        lambda sink: total(sink.points, t.REQUESTS.otel_name) >= calls,
        timeout=90,
        what=f"a derived request count of {calls}",
    )
    seen, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 3:
        now = len(spans_by_trace(sink.spans)) + len(sink.logs)
        if now != seen:
            seen, quiet_since = now, time.monotonic()
        time.sleep(0.25)
