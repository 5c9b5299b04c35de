"""Drive the chat service: send a list of requests' telemetry to an OTLP endpoint."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from .requests import ChatRequest, Sent
from .service import ChatService
from .styles import STYLES
from .telemetry import Protocol, Telemetry

log = logging.getLogger(__name__)


def send_requests(
    endpoint: str,
    requests: Iterable[ChatRequest],
    protocol: Protocol = "grpc",
    resource: dict[str, str] | None = None,
) -> list[Sent]:
    """Handle every request, flush all telemetry to `endpoint` (host:port), return what was sent.

    `resource` adds resource attributes to everything the service emits.
    """
    telemetry = Telemetry(endpoint, protocol, resource or {})
    services: dict[str, ChatService] = {}
    sent = []
    try:
        for request in requests:
            if request.style not in services:
                services[request.style] = ChatService(telemetry, STYLES[request.style])
            sent.append(services[request.style].handle(request))
    finally:
        telemetry.shutdown()
    log.info("sent %d requests to %s over %s", len(sent), endpoint, protocol)
    return sent
