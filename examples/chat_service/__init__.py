"""A small chat service instrumented with the OpenTelemetry SDK, for aiscope's demos and tests.

It fakes the model provider (no network calls) but emits exactly what a real
AI route emits: a request span with `ai.retrieve`, `ai.call` and `ai.tool`
children, structured logs correlated by trace id, and token, latency and
tool metrics. Names come from the generated `schema/aiscope_names.py`; a
request can also be instrumented in another library's spelling (the
tutorial's `ai.*` style, OpenLLMetry), which the collector rewrites.

    send_requests(endpoint, [ChatRequest(...), ...], protocol="grpc")

sends the requests' telemetry to an OTLP endpoint and returns what was sent.
"""

from .requests import ChatRequest, Outcome, Sent
from .styles import CANONICAL, OPENLLMETRY, STYLES, TUTORIAL, Style
from .traffic import send_requests

__all__ = [
    "CANONICAL",
    "OPENLLMETRY",
    "STYLES",
    "TUTORIAL",
    "ChatRequest",
    "Outcome",
    "Sent",
    "Style",
    "send_requests",
]
