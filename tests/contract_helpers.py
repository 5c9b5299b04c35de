"""Plumbing for the end-to-end contract test: Prometheus settings, traffic, query outcomes.

tests/test_contract_end_to_end.py runs the example service, the real
gateway and a real Prometheus together; this module builds what they are
started with and asks Prometheus the dashboards' and rules' questions the
way Grafana and the rule manager would.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml
from collector.models import PROJECT

from aiscope import artifacts
from aiscope.backends.prometheus import prometheus_config
from aiscope.conventions import kubernetes as k8s
from aiscope.dashboards.inventory import Query
from aiscope.model import StackModel

# Test-only: the generated rule groups are evaluated every minute, which
# would make the recorded series appear a minute after the traffic. The
# test evaluates them every second instead; their expressions, thresholds
# and `for:` durations stay exactly as generated.
TEST_EVALUATION_INTERVAL = "1s"

# Grafana's default dashboard range, with a step that divides it, so the
# last point of every range query is "now".
DASHBOARD_RANGE_SECONDS = 3600
DASHBOARD_STEP = "15s"

TENANTS = ("acme", "globex")
MODELS = {"gpt-4o-mini": "openai", "claude-sonnet-4": "anthropic"}
ROUTES = ("chat", "rag")
# success, provider error, safety finding, refusal with error.type budget_exceeded.
OUTCOMES = ("success", "error", "safety", "budget")


def write_fast_rule_files(model: StackModel, folder: Path) -> list[Path]:
    """The stack's generated rule files in `folder`, each group evaluated every second.

    Every generated group carries its own `interval:`, which wins over the
    global evaluation interval, so the override has to be made per group too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in artifacts.rule_files(model).items():
        document = yaml.safe_load(text)
        for group in document["groups"]:
            group["interval"] = TEST_EVALUATION_INTERVAL
        path = folder / name
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def prometheus_settings(model: StackModel, rule_paths: list[Path], gateway_metrics_port: int):
    """The stack's `otlp:` and storage settings, its rules, and a scrape of the gateway."""
    generated = prometheus_config(model)
    return {
        "global": {
            "scrape_interval": "1s",
            "evaluation_interval": TEST_EVALUATION_INTERVAL,  # test-only, see above
        },
        "rule_files": [str(path) for path in rule_paths],
        "otlp": generated["otlp"],
        "storage": generated["storage"],
        "scrape_configs": [
            {
                # The deployed job name: pipeline-health panels group by it.
                "job_name": k8s.GATEWAY,
                "static_configs": [{"targets": [f"127.0.0.1:{gateway_metrics_port}"]}],
            }
        ],
    }


def send_wave(otlp_grpc: str, region: str) -> int:
    """One request per tenant, model, route and outcome, each with a tool call and a retrieval.

    `region` stands in for the cloud.region resource attribute a deployed
    service gets from its resource detector. Returns the number of requests.
    """
    # The example service lives at the project root, which is not an installed package.
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    from examples.chat_service import ChatRequest, send_requests

    requests = [
        ChatRequest(
            tenant=tenant,
            model=model,
            provider=provider,
            route=route,
            outcome=outcome,
            tool="lookup_order",
            retrieval=True,
        )
        for tenant in TENANTS
        for model, provider in MODELS.items()
        for route in ROUTES
        for outcome in OUTCOMES
    ]
    return len(send_requests(otlp_grpc, requests, resource={"cloud.region": region}))


@dataclass(frozen=True)
class Answer:
    """What Prometheus said to one query: an error ("" when HTTP 200 and success), or data."""

    where: str
    text: str
    error: str
    has_data: bool

    @property
    def empty(self) -> bool:
        return not self.error and not self.has_data


def ask_dashboard_query(prometheus_url: str, query: Query, text: str) -> Answer:
    """`text` (the query with its variables substituted) asked as Grafana asks it."""
    now = time.time()
    if query.values_of:
        path, params = f"label/{query.values_of}/values", {"match[]": text}
    elif query.instant:
        path, params = "query", {"query": text, "time": f"{now:.3f}"}
    else:
        start = now - DASHBOARD_RANGE_SECONDS
        path = "query_range"
        params = {"query": text, "start": f"{start:.3f}", "end": f"{now:.3f}"}
        params["step"] = DASHBOARD_STEP
    return _answer(prometheus_url, query.where, text, path, params)


def ask_instant(prometheus_url: str, where: str, text: str) -> Answer:
    """`text` evaluated now, as the rule manager evaluates a rule."""
    params = {"query": text, "time": f"{time.time():.3f}"}
    return _answer(prometheus_url, where, text, "query", params)


def _answer(prometheus_url: str, where: str, text: str, path: str, params: dict) -> Answer:
    url = f"{prometheus_url}/api/v1/{path}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:
        return Answer(where, text, f"HTTP {error.code}: {error.read()[:300]!r}", False)
    if body.get("status") != "success":
        return Answer(where, text, f"{body.get('errorType')}: {body.get('error')}", False)
    data = body["data"]
    return Answer(where, text, "", bool(data["result"] if isinstance(data, dict) else data))
