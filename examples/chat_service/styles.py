"""Spellings of the schema's names, as different instrumentations write them.

The service records everything under canonical names (the generated
constants of `schema/aiscope_names.py`); a Style says how a given
instrumentation would spell each of them, and in which unit. The collector
is expected to turn every style back into the canonical names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schema import aiscope_names as names


@dataclass(frozen=True)
class Spelling:
    name: str
    per_second: float = 1.0  # 1000.0 for a value reported in milliseconds


@dataclass(frozen=True)
class Style:
    name: str
    attributes: dict[str, Spelling] = field(default_factory=dict)
    metrics: dict[str, Spelling] = field(default_factory=dict)

    def attribute(self, canonical: str) -> Spelling:
        return self.attributes.get(canonical, Spelling(canonical))

    def metric(self, canonical: str) -> Spelling:
        return self.metrics.get(canonical, Spelling(canonical))


CANONICAL = Style("canonical")

# The observability tutorial's `ai.*` attributes and metrics, latency in milliseconds.
TUTORIAL = Style(
    "tutorial",
    attributes={
        names.GEN_AI_REQUEST_MODEL: Spelling("ai.model"),
        names.GEN_AI_PROVIDER_NAME: Spelling("ai.provider"),
        names.USER_ID: Spelling("ai.user_id"),
        names.GEN_AI_USAGE_INPUT_TOKENS: Spelling("ai.input_tokens"),
        names.GEN_AI_USAGE_OUTPUT_TOKENS: Spelling("ai.output_tokens"),
        names.AI_LATENCY: Spelling("ai.latency_ms", per_second=1000.0),
        names.GEN_AI_TOOL_NAME: Spelling("ai.tool"),
        names.AI_TOOL_OUTCOME: Spelling("ai.tool_outcome"),
        names.AI_RETRIEVAL_SOURCE: Spelling("ai.source"),
        names.AI_RETRIEVAL_DOCUMENT_IDS: Spelling("ai.source_ids"),
        names.AI_SAFETY_VERDICT: Spelling("ai.safety_verdict"),
        names.AI_SAFETY_CATEGORY: Spelling("ai.safety_category"),
        names.ERROR_TYPE: Spelling("ai.error_code"),
        names.AI_INPUT_TEXT: Spelling("ai.prompt"),
        names.AI_OUTPUT_TEXT: Spelling("ai.completion"),
        names.AI_RETRIEVAL_QUERY: Spelling("ai.query"),
        names.CLOUD_REGION: Spelling("region"),
    },
    metrics={
        names.METRIC_AI_TOKENS_INPUT: Spelling("ai.input_tokens"),
        names.METRIC_AI_TOKENS_OUTPUT: Spelling("ai.output_tokens"),
        names.METRIC_GEN_AI_CLIENT_OPERATION_DURATION: Spelling("ai.latency_ms", per_second=1000.0),
        names.METRIC_AI_TOOL_CALLS: Spelling("ai.tool_count"),
        names.METRIC_AI_SAFETY_VIOLATIONS: Spelling("ai.safety_violations"),
    },
)

# OpenLLMetry (Traceloop): LLM attributes under llm.* and the older gen_ai.* names.
OPENLLMETRY = Style(
    "openllmetry",
    attributes={
        names.GEN_AI_REQUEST_MODEL: Spelling("llm.request.model"),
        names.GEN_AI_PROVIDER_NAME: Spelling("gen_ai.system"),
        names.GEN_AI_USAGE_INPUT_TOKENS: Spelling("gen_ai.usage.prompt_tokens"),
        names.GEN_AI_USAGE_OUTPUT_TOKENS: Spelling("gen_ai.usage.completion_tokens"),
        names.AI_INPUT_TEXT: Spelling("gen_ai.prompt"),
        names.AI_OUTPUT_TEXT: Spelling("gen_ai.completion"),
    },
)

STYLES = {style.name: style for style in (CANONICAL, TUTORIAL, OPENLLMETRY)}
