"""The chat route: retrieval, a model call and a tool call, traced, logged and measured.

The model provider is simulated. Durations are simulated too: each span
gets explicit start and end times, so a "slow" request of ten seconds is
emitted at once, with the timestamps a slow request would have.
"""

from __future__ import annotations

import time

from opentelemetry import trace
from opentelemetry._logs import SeverityNumber
from opentelemetry.context import Context
from opentelemetry.trace import SpanKind, Status, StatusCode

from schema import aiscope_names as names

from .requests import ChatRequest, Sent
from .styles import Style
from .telemetry import Telemetry

SCOPE = "examples.chat_service"
MS = 1_000_000
RETRIEVAL_SOURCE = "kb-articles"
SAFETY_CATEGORY = "pii_leak"
ERROR_CODE = "timeout"
BUDGET_EXCEEDED = "budget_exceeded"


class ChatService:
    def __init__(self, telemetry: Telemetry, style: Style) -> None:
        self.style = style
        self.tracer = telemetry.tracer_provider.get_tracer(SCOPE)
        self.logger = telemetry.logger_provider.get_logger(SCOPE)
        self._instruments(telemetry.meter_provider.get_meter(SCOPE))

    def _instruments(self, meter) -> None:
        def counter(name: str, unit: str):
            return meter.create_counter(self.style.metric(name).name, unit=unit)

        duration = self.style.metric(names.METRIC_GEN_AI_CLIENT_OPERATION_DURATION)
        self.input_tokens = counter(names.METRIC_AI_TOKENS_INPUT, "{token}")
        self.output_tokens = counter(names.METRIC_AI_TOKENS_OUTPUT, "{token}")
        self.tool_calls = counter(names.METRIC_AI_TOOL_CALLS, "{call}")
        self.violations = counter(names.METRIC_AI_SAFETY_VIOLATIONS, "{violation}")
        self.duration = meter.create_histogram(
            duration.name, unit="ms" if duration.per_second == 1000.0 else "s"
        )

    def handle(self, request: ChatRequest) -> Sent:
        """Emit one request's spans, logs and metrics; return its trace id and span names."""
        end = time.time_ns()
        start = end - int(request.latency_seconds * 1e9) - 30 * MS
        root = self.tracer.start_span(
            f"POST /{request.route}",
            kind=SpanKind.SERVER,
            start_time=start,
            attributes=self._attributes(request, names.AI_ROUTE, names.AI_TENANT_ID),
        )
        context = trace.set_span_in_context(root)
        spans = [f"POST /{request.route}"]

        cursor = start + 5 * MS
        if request.retrieval:
            cursor = self._retrieve(request, context, cursor)
            spans.append(names.SPAN_AI_RETRIEVE)
        call_context = self._call(request, context, cursor)
        spans.append(names.SPAN_AI_CALL)
        if request.tool:
            self._tool(request, context, cursor + int(request.latency_seconds * 1e9))
            spans.append(names.SPAN_AI_TOOL)

        self._log(request, call_context)
        self._measure(request)
        if request.outcome == "error":
            root.set_status(Status(StatusCode.ERROR, "model provider failed"))
        root.end(end_time=end)
        trace_id = format(root.get_span_context().trace_id, "032x")
        return Sent(request=request, trace_id=trace_id, span_names=tuple(spans))

    def _name(self, canonical: str) -> str:
        return self.style.attribute(canonical).name

    def _attributes(self, request: ChatRequest, *canonical: str) -> dict:
        values = {
            names.AI_ROUTE: request.route,
            names.AI_TENANT_ID: request.tenant,
            names.GEN_AI_REQUEST_MODEL: request.model,
            names.GEN_AI_PROVIDER_NAME: request.provider,
            names.USER_ID: request.user_id,
        }
        return {self._name(name): values[name] for name in canonical}

    def _latency(self, seconds: float) -> dict:
        spelling = self.style.attribute(names.AI_LATENCY)
        return {spelling.name: seconds * spelling.per_second}

    def _retrieve(self, request: ChatRequest, context: Context, start: int) -> int:
        end = start + 40 * MS
        attributes = self._attributes(request, names.AI_ROUTE, names.AI_TENANT_ID)
        attributes |= {
            self._name(names.AI_RETRIEVAL_SOURCE): RETRIEVAL_SOURCE,
            self._name(names.AI_RETRIEVAL_DOCUMENT_IDS): ["kb-101", "kb-204"],
            self._name(names.AI_RETRIEVAL_QUERY): request.prompt,
            **self._latency(0.04),
        }
        span = self.tracer.start_span(
            names.SPAN_AI_RETRIEVE, context=context, start_time=start, attributes=attributes
        )
        span.end(end_time=end)
        return end

    def _call(self, request: ChatRequest, context: Context, start: int) -> Context:
        attributes = self._attributes(
            request,
            names.AI_ROUTE,
            names.AI_TENANT_ID,
            names.GEN_AI_REQUEST_MODEL,
            names.GEN_AI_PROVIDER_NAME,
            names.USER_ID,
        )
        attributes |= {
            self._name(names.AI_INPUT_TEXT): request.prompt,
            **self._latency(request.latency_seconds),
        }
        attributes |= request.extra_attributes
        if request.outcome != "budget":
            attributes |= {
                self._name(names.GEN_AI_USAGE_INPUT_TOKENS): request.input_tokens,
                self._name(names.GEN_AI_USAGE_OUTPUT_TOKENS): request.output_tokens,
            }
        span = self.tracer.start_span(
            names.SPAN_AI_CALL, context=context, start_time=start, attributes=attributes
        )
        span.add_event("ai.prompt.received", {self._name(names.AI_INPUT_TEXT): request.prompt})
        self._outcome(request, span)
        span.end(end_time=start + int(request.latency_seconds * 1e9))
        return trace.set_span_in_context(span)

    def _outcome(self, request: ChatRequest, span: trace.Span) -> None:
        if request.outcome == "error":
            span.set_attribute(self._name(names.ERROR_TYPE), ERROR_CODE)
            span.record_exception(TimeoutError(f"provider timed out answering: {request.prompt}"))
            span.set_status(Status(StatusCode.ERROR, "provider timeout"))
        elif request.outcome == "budget":
            span.set_attribute(self._name(names.ERROR_TYPE), BUDGET_EXCEEDED)
        else:
            span.set_attribute(self._name(names.AI_OUTPUT_TEXT), request.answer)
            verdict = "flagged" if request.outcome == "safety" else "pass"
            span.set_attribute(self._name(names.AI_SAFETY_VERDICT), verdict)
        if request.outcome == "safety":
            span.set_attribute(self._name(names.AI_SAFETY_CATEGORY), SAFETY_CATEGORY)

    def _tool(self, request: ChatRequest, context: Context, start: int) -> None:
        attributes = self._attributes(request, names.AI_ROUTE, names.AI_TENANT_ID)
        outcome = "error" if request.outcome == "error" else "success"
        attributes |= {
            self._name(names.GEN_AI_TOOL_NAME): request.tool,
            self._name(names.AI_TOOL_OUTCOME): outcome,
            **self._latency(0.02),
        }
        span = self.tracer.start_span(
            names.SPAN_AI_TOOL, context=context, start_time=start, attributes=attributes
        )
        span.end(end_time=start + 20 * MS)

    def _log(self, request: ChatRequest, context: Context) -> None:
        # A structured line in the pino/structlog shape (log field names,
        # trace id in the body, no trace context), as a log shipper forwards it.
        trace_id = format(trace.get_current_span(context).get_span_context().trace_id, "032x")
        line = {
            names.LOG_TRACE_ID: trace_id,
            names.LOG_ROUTE: request.route,
            names.LOG_MODEL: request.model,
            names.LOG_TENANT_ID: request.tenant,
            names.LOG_INPUT_TRUNCATED: request.prompt,
            "msg": f"answered {request.route} request {request.log_note}".strip(),
        }
        if request.tool:
            line[names.LOG_TOOL] = request.tool
        if request.outcome in ("error", "budget"):
            line[names.LOG_ERROR_CODE] = (
                ERROR_CODE if request.outcome == "error" else BUDGET_EXCEEDED
            )
        else:
            line[names.LOG_OUTPUT_TRUNCATED] = request.answer
        self.logger.emit(body=line, severity_number=SeverityNumber.INFO, severity_text="INFO")

        # A plain message logged inside the model call, correlated by context.
        attributes = self._attributes(request, names.AI_ROUTE, names.AI_TENANT_ID, names.USER_ID)
        attributes |= request.extra_attributes
        message = f"model call for prompt: {request.prompt} {request.log_note}".strip()
        severity = SeverityNumber.ERROR if request.outcome == "error" else SeverityNumber.INFO
        self.logger.emit(
            body=message, attributes=attributes, context=context, severity_number=severity
        )

    def _measure(self, request: ChatRequest) -> None:
        labels = self._attributes(
            request,
            names.AI_ROUTE,
            names.GEN_AI_REQUEST_MODEL,
            names.GEN_AI_PROVIDER_NAME,
            names.AI_TENANT_ID,
        )
        if request.outcome != "budget":
            self.input_tokens.add(request.input_tokens, labels)
            self.output_tokens.add(request.output_tokens, labels)
        per_second = self.style.metric(names.METRIC_GEN_AI_CLIENT_OPERATION_DURATION).per_second
        self.duration.record(request.latency_seconds * per_second, labels)
        if request.tool:
            self.tool_calls.add(1, {self._name(names.AI_ROUTE): request.route})
        if request.outcome == "safety":
            self.violations.add(1, {self._name(names.AI_SAFETY_CATEGORY): SAFETY_CATEGORY})
