"""The shared telemetry schema: what services emit, as validated types.

`telemetry-schema.yaml` is parsed into these models once (see loading.py).
Field-level rules live on the fields; rules that span the whole file (an
alias claimed twice, a span kind naming an undeclared attribute) live in
`cross_check`, which returns problems instead of raising so that every
mistake is reported in one go.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

AttributeType = Literal["string", "int", "double", "bool", "string[]"]
PiiClass = Literal["none", "hash", "drop", "truncate", "free_text"]
Cardinality = Literal["low", "high"]
Instrument = Literal["counter", "updown_counter", "histogram", "gauge"]

ATTRIBUTE_NAME = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
DEFAULT_MAX_LENGTH = 200

# Alias units the collector knows how to convert to each canonical unit.
UNIT_CONVERSIONS: dict[tuple[str, str], float] = {
    ("ms", "s"): 0.001,
    ("us", "s"): 0.000001,
    ("ns", "s"): 0.000000001,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Alias(_Strict):
    """Another spelling of an attribute, with its unit when that differs."""

    name: str = Field(pattern=ATTRIBUTE_NAME)
    unit: str | None = None
    source: str | None = None


def _expand_aliases(value: object) -> object:
    """Accept `[name, {name: .., unit: ..}]` and turn bare names into mappings."""
    if not isinstance(value, list):
        return value
    return [{"name": item} if isinstance(item, str) else item for item in value]


class Attribute(_Strict):
    type: AttributeType
    description: str = Field(min_length=1)
    unit: str | None = None
    cardinality: Cardinality
    pii: PiiClass
    max_length: int | None = Field(default=None, gt=0, le=100_000)
    allowed_values: list[str] | None = None
    derived: bool = False
    aliases: list[Alias] = []

    _expand = field_validator("aliases", mode="before")(_expand_aliases)

    @property
    def is_content(self) -> bool:
        """Content fields carry user text; blocklisted tenants lose them entirely."""
        return self.pii in ("truncate", "free_text")

    @property
    def effective_max_length(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH


class SpanKind(_Strict):
    description: str = Field(min_length=1)
    parent: Literal["request"] = "request"
    attributes: list[str] = Field(min_length=1)


class LogField(_Strict):
    maps_to: str
    type: AttributeType = "string"
    description: str | None = None


class Metric(_Strict):
    instrument: Instrument
    unit: str = Field(min_length=1)
    description: str = Field(min_length=1)
    attributes: list[str] = []
    aliases: list[Alias] = []

    _expand = field_validator("aliases", mode="before")(_expand_aliases)


class TelemetrySchema(_Strict):
    version: Literal[1]
    span_kinds: dict[str, SpanKind] = Field(min_length=1)
    attributes: dict[str, Attribute] = Field(min_length=1)
    resource_attributes: dict[str, Attribute] = {}
    log_fields: dict[str, LogField] = {}
    metrics: dict[str, Metric] = {}

    def all_attributes(self) -> dict[str, Attribute]:
        """Span, log and resource attributes together, keyed by canonical name."""
        return {**self.attributes, **self.resource_attributes}
