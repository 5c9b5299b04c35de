"""What one request to the chat service looks like, and what sending it produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# success: answered; error: the provider failed (error status, error.type timeout);
# safety: the output filter flagged it; budget: refused, the tenant is over budget
# (error.type budget_exceeded, no error status, as services often report it).
Outcome = Literal["success", "error", "safety", "budget"]


@dataclass(frozen=True)
class ChatRequest:
    tenant: str = "acme"
    route: str = "chat"
    model: str = "gpt-4o-mini"
    provider: str = "openai"
    outcome: Outcome = "success"
    user_id: str = "user-0001"
    prompt: str = "How do I change the delivery address of my order?"
    answer: str = "Open the order, choose Edit address and save."
    input_tokens: int = 120
    output_tokens: int = 80
    latency_seconds: float = 0.4
    tool: str | None = None
    retrieval: bool = False
    style: str = "canonical"
    # Extra attributes on the model-call span and on the request's log lines,
    # and extra text in its log message (tests put PII there).
    extra_attributes: dict[str, str] = field(default_factory=dict)
    log_note: str = ""


@dataclass(frozen=True)
class Sent:
    """One request's telemetry as emitted: ids to find it again, and what it held."""

    request: ChatRequest
    trace_id: str
    span_names: tuple[str, ...]

    @property
    def span_count(self) -> int:
        return len(self.span_names)
