"""Container log files through the real agent and then the real gateway.

The test writes files the way the kubelet does (CRI format, under
<dir>/<namespace>_<pod>_<uid>/<container>/0.log) while an agent tails them
and forwards to a gateway, which exports to the sink. There is no API
server here, so the agent runs without the Kubernetes metadata processor
(Endpoints.kubernetes_api=False); the pod's namespace, name, uid and
container still come from the log path.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aiscope.collector import agent_config, gateway_config
from aiscope.conventions import collector as names
from aiscope.conventions import kubernetes as k8s

from .models import loopback_endpoints, stack_model
from .otlp_sink import OtlpSink
from .pii_corpus import PII_SAMPLES, sentence
from .running_collector import HASH_KEY, RunningCollector

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN_ID = "00f067aa0ba902b7"
PINO_TIME_MS = 1_733_220_000_123
STRUCTLOG_TIME = "2024-12-03T10:00:00.250000Z"
RAW_USER = "carol@example.com"
WARM_UP = "warm-up line"


def cri(text: str, stream: str = "stdout", tag: str = "F") -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{stamp} {stream} {tag} {text}\n"


def _pino_line() -> str:
    return json.dumps(
        {
            "level": 30,
            "time": PINO_TIME_MS,
            "msg": "answered chat",
            "trace_id": TRACE_ID,
            "span_id": SPAN_ID,
            "route": "chat",
            "tenant_id": "acme",
            "user_id": RAW_USER,
            "input_truncated": sentence("phone_us"),
        }
    )


def _structlog_line() -> str:
    return json.dumps(
        {
            "event": "rag.failure",
            "level": "warning",
            "timestamp": STRUCTLOG_TIME,
            "trace_id": TRACE_ID,
            "error_code": "timeout",
        }
    )


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Write the log files, run agent -> gateway -> sink, return the logs the sink got."""
    workdir = tmp_path_factory.mktemp("agent")
    model = stack_model("dev")
    app_log = workdir / "pods" / "shop_chat-7d9f8_0a1b2c3d" / "chat" / "0.log"
    own_log = workdir / "pods" / f"{model.namespace}_{k8s.GATEWAY}-0_9f8e7d6c" / "otelcol" / "0.log"
    for path in (app_log, own_log):
        path.parent.mkdir(parents=True)
        path.touch()

    with OtlpSink() as sink:
        gateway_endpoints = loopback_endpoints(sink, workdir / "gateway")
        agent_endpoints = loopback_endpoints(
            None,
            workdir / "agent",
            gateway_otlp_grpc=f"127.0.0.1:{gateway_endpoints.otlp_grpc_port}",
            pod_logs_dir=str(workdir / "pods"),
        )
        gateway = RunningCollector(
            gateway_config(model, gateway_endpoints), gateway_endpoints, workdir, "gateway"
        )
        agent = RunningCollector(
            agent_config(model, agent_endpoints), agent_endpoints, workdir, "agent"
        )
        with gateway, agent:
            _warm_up(app_log, sink)
            _append(own_log, cri("a line the gateway logged about itself"))
            _append(
                app_log,
                cri(_pino_line())
                + cri(_structlog_line(), stream="stderr")
                + cri(f"plain text from {PII_SAMPLES['email']} to the team")
                + cri("first half of a long line-", tag="P")
                + cri("second half"),
            )
            sink.wait_until(lambda s: len(_lines(s)) >= 4, timeout=60, what="the four log lines")
            time.sleep(2)  # anything that should not arrive has had time to
        return _lines(sink)


def _warm_up(log_file: Path, sink: OtlpSink) -> None:
    """Write until a line arrives: the agent starts at the end of files it finds on its
    first look, so lines written before that look are (rightly) never read."""
    deadline = time.monotonic() + 30
    while not sink.logs:
        assert time.monotonic() < deadline, "the agent shipped no warm-up line in 30 s"
        _append(log_file, cri(WARM_UP))
        time.sleep(0.5)


def _lines(sink: OtlpSink) -> list:
    return [log for log in sink.logs if log.body != WARM_UP]


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def _one(logs, predicate):
    [log] = [log for log in logs if predicate(log)]
    return log


def test_a_pino_line_becomes_message_severity_time_trace_and_canonical_attributes(shipped) -> None:
    log = _one(shipped, lambda log: log.body == "answered chat")
    assert log.severity_number == 9
    assert log.severity_text == "INFO"
    assert log.time_ns == PINO_TIME_MS * 1_000_000
    assert log.trace_id == TRACE_ID
    assert log.attributes["ai.route"] == "chat"
    assert log.attributes["ai.tenant_id"] == "acme"
    assert not {"route", "tenant_id", "user_id", "level", "msg", "trace_id"} & set(log.attributes)


def test_a_structlog_line_becomes_message_severity_and_iso_time(shipped) -> None:
    log = _one(shipped, lambda log: log.body == "rag.failure")
    assert log.severity_number == 13
    seconds = calendar.timegm(datetime(2024, 12, 3, 10, 0, 0).timetuple())
    assert log.time_ns == seconds * 1_000_000_000 + 250_000_000
    assert log.trace_id == TRACE_ID
    assert log.attributes["error.type"] == "timeout"
    assert log.attributes["log.iostream"] == "stderr"


def test_pii_in_pod_logs_is_masked_and_user_ids_hashed_exactly_once(shipped) -> None:
    pino = _one(shipped, lambda log: log.body == "answered chat")
    expected = hmac.new(HASH_KEY.encode(), RAW_USER.encode(), hashlib.sha256).hexdigest()
    assert pino.attributes["user.id"] == expected  # the agent's hash, not a hash of it
    assert pino.attributes["ai.input.text"] == "left-phone_us **** right-phone_us"
    plain = _one(shipped, lambda log: str(log.body).startswith("plain text"))
    assert plain.body == "plain text from **** to the team"


def test_split_lines_are_joined_and_pods_identified_from_the_log_path(shipped) -> None:
    joined = _one(shipped, lambda log: str(log.body).startswith("first half"))
    assert joined.body == "first half of a long line-second half"
    assert joined.resource["k8s.namespace.name"] == "shop"
    assert joined.resource["k8s.pod.name"] == "chat-7d9f8"
    assert joined.resource["k8s.container.name"] == "chat"
    assert joined.resource["service.name"] == "chat"


def test_the_collectors_own_logs_are_not_shipped(shipped) -> None:
    assert not [log for log in shipped if "about itself" in str(log.body)]
    assert len(shipped) == 4


def test_the_agent_stamp_does_not_reach_the_backends(shipped) -> None:
    assert not [log for log in shipped if names.REDACTED_BY_ATTRIBUTE in log.resource]
    assert not [log for log in shipped if any(k.startswith("aiscope.") for k in log.attributes)]
