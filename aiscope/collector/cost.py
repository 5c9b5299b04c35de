"""The cost of each model call, from the stack's price table.

Services report tokens, not money; prices change and differ per contract,
so the collector computes `ai.cost.usd` on every span that names a priced
model and reports tokens: input tokens times the input price plus output
tokens times the output price, prices being USD per million tokens. The
attribute then feeds the cost metric and the cost-based sampling policy.
A model missing from the table gets no cost attribute (and shows as
`other` in the derived metrics, see derived_metrics.py).
"""

from __future__ import annotations

from ..conventions import telemetry as names
from ..settings import ModelPrice
from . import ottl

_SPAN = "span.attributes"
_PER_MILLION = "1000000.0"


def cost_statements(models: dict[str, ModelPrice]) -> list[str]:
    """Span-context statements that set `ai.cost.usd` for every priced model."""
    statements: list[str] = []
    for model, price in sorted(models.items()):
        statements += _model_statements(model, price)
    return statements


def _model_statements(model: str, price: ModelPrice) -> list[str]:
    # One statement per combination of the token counts present, so an
    # embedding call (input tokens only) is priced too.
    is_model = f"{ottl.key(_SPAN, names.MODEL)} == {ottl.string(model)}"
    input_part = _tokens_times(names.INPUT_TOKENS, price.input_usd_per_million)
    output_part = _tokens_times(names.OUTPUT_TOKENS, price.output_usd_per_million)
    has_input = ottl.present(_SPAN, names.INPUT_TOKENS)
    has_output = ottl.present(_SPAN, names.OUTPUT_TOKENS)
    no_input = ottl.absent(_SPAN, names.INPUT_TOKENS)
    no_output = ottl.absent(_SPAN, names.OUTPUT_TOKENS)
    return [
        _set_cost(f"({input_part} + {output_part})", is_model, has_input, has_output),
        _set_cost(input_part, is_model, has_input, no_output),
        _set_cost(output_part, is_model, no_input, has_output),
    ]


def _tokens_times(attribute: str, usd_per_million: float) -> str:
    return f"Double({ottl.key(_SPAN, attribute)}) * {ottl.number(usd_per_million)}"


def _set_cost(usd_times_million: str, *conditions: str) -> str:
    value = f"{usd_times_million} / {_PER_MILLION}"
    return ottl.where(f"set({ottl.key(_SPAN, names.COST_USD)}, {value})", *conditions)
