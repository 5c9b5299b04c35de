"""The router tier in front of the gateway: traces, logs and metrics pass through intact.

In the cluster the router finds the gateway pods through the Kubernetes
API; here (no API server) it balances over a static list holding the one
gateway, which is the only difference (Endpoints.gateway_static_hosts).
"""

from __future__ import annotations

from aiscope.collector import gateway_config, router_config
from aiscope.conventions import telemetry as t
from examples.chat_service import ChatRequest, send_requests

from .models import loopback_endpoints, stack_model
from .otlp_sink import OtlpSink
from .running_collector import RunningCollector
from .views import logs_by_trace, spans_by_trace, total


def test_everything_sent_to_the_router_reaches_the_backends_through_the_gateway(tmp_path) -> None:
    model = stack_model(
        "prod",
        sampling={"successRatio": 1.0, "decisionWaitSeconds": 1, "expectedTracesPerSecond": 1000},
    )
    requests = [ChatRequest(tenant="acme", retrieval=True, tool="lookup_order") for _ in range(40)]
    with OtlpSink() as sink:
        gateway_endpoints = loopback_endpoints(sink, tmp_path / "gateway")
        gateway_address = f"127.0.0.1:{gateway_endpoints.otlp_grpc_port}"
        router_endpoints = loopback_endpoints(
            None,
            tmp_path / "router",
            gateway_otlp_grpc=gateway_address,
            gateway_static_hosts=(gateway_address,),
        )
        gateway = RunningCollector(
            gateway_config(model, gateway_endpoints), gateway_endpoints, tmp_path, "gateway"
        )
        router = RunningCollector(
            router_config(model, router_endpoints), router_endpoints, tmp_path, "router"
        )
        with gateway, router:
            sent = send_requests(f"127.0.0.1:{router_endpoints.otlp_grpc_port}", requests)
            sink.wait_until(
                lambda s: (
                    len(spans_by_trace(s.spans)) == len(sent)
                    and len(logs_by_trace(s.logs)) == len(sent)
                    and total(s.points, t.REQUESTS.otel_name) == len(sent)
                ),
                timeout=60,
                what="every trace, log and derived count sent through the router",
            )

    received = spans_by_trace(sink.spans)
    for one in sent:
        assert sorted(span.name for span in received[one.trace_id]) == sorted(one.span_names)
    app_metrics = {p.metric for p in sink.points}
    assert "ai.tokens.input" in app_metrics  # metrics from the service, through the router
