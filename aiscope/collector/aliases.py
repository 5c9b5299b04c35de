"""The renames the schema asks for, as a flat list the generators walk.

The schema declares each canonical name with the other spellings services
use (the tutorial's `ai.model`, OpenLLMetry's `llm.request.model`, ...),
some in another unit (`ai.latency_ms` in milliseconds for `ai.latency` in
seconds). Structured log lines have their own field names (`route`,
`tenant_id`), which map to canonical attributes too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..telemetry_schema import UNIT_CONVERSIONS, Alias, TelemetrySchema


@dataclass(frozen=True)
class Rename:
    """Move the value of `alias` to `canonical`, multiplied by `factor` when set."""

    alias: str
    canonical: str
    factor: float | None = None
    unit: str | None = None


def _rename(alias: Alias, canonical: str, unit: str | None) -> Rename:
    if alias.unit is None or alias.unit == unit:
        return Rename(alias.name, canonical)
    return Rename(alias.name, canonical, UNIT_CONVERSIONS[(alias.unit, unit)], unit)


def attribute_renames(schema: TelemetrySchema) -> list[Rename]:
    """Span, span event, log and datapoint attribute aliases."""
    return [
        _rename(alias, name, attribute.unit)
        for name, attribute in schema.attributes.items()
        for alias in attribute.aliases
    ]


def resource_renames(schema: TelemetrySchema) -> list[Rename]:
    return [
        _rename(alias, name, attribute.unit)
        for name, attribute in schema.resource_attributes.items()
        for alias in attribute.aliases
    ]


def log_attribute_renames(schema: TelemetrySchema) -> list[Rename]:
    """Attribute aliases plus the log field names (a JSON log line's keys)."""
    renames = attribute_renames(schema)
    known = {rename.alias for rename in renames}
    for field_name, field in log_fields_to_attributes(schema).items():
        if field_name not in known:
            renames.append(Rename(field_name, field))
    return renames


def log_fields_to_attributes(schema: TelemetrySchema) -> dict[str, str]:
    """Log field name -> canonical attribute, for fields named differently."""
    return {
        name: field.maps_to
        for name, field in schema.log_fields.items()
        if field.maps_to != TRACE_ID_FIELD and field.maps_to != name
    }


def metric_renames(schema: TelemetrySchema) -> list[Rename]:
    return [
        _rename(alias, name, metric.unit)
        for name, metric in schema.metrics.items()
        for alias in metric.aliases
    ]


def trace_id_fields(schema: TelemetrySchema) -> list[str]:
    """Log fields that carry the hex trace id of the line."""
    return [name for name, field in schema.log_fields.items() if field.maps_to == TRACE_ID_FIELD]


TRACE_ID_FIELD = "trace_id"
