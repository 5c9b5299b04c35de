"""Exports of the telemetry schema for the services that emit telemetry.

Two files, both generated and committed under `schema/`:
- a JSON Schema of one structured log line, for log libraries and CI checks;
- a Python module of name constants, so instrumented code never types an
  attribute or span name by hand.
"""

from __future__ import annotations

import json
import re

from . import headers
from .loading import SCHEMA_FILE
from .telemetry_schema import Attribute, TelemetrySchema

EXPORT_DIR = "schema"
LOG_SCHEMA_FILE = f"{EXPORT_DIR}/log-record.schema.json"
NAMES_FILE = f"{EXPORT_DIR}/aiscope_names.py"

_JSON_TYPES = {
    "string": {"type": "string"},
    "int": {"type": "integer"},
    "double": {"type": "number"},
    "bool": {"type": "boolean"},
    "string[]": {"type": "array", "items": {"type": "string"}},
}


def export_files(schema: TelemetrySchema) -> dict[str, str]:
    return {LOG_SCHEMA_FILE: log_record_json_schema(schema), NAMES_FILE: names_module(schema)}


def log_record_json_schema(schema: TelemetrySchema) -> str:
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": headers.one_line([SCHEMA_FILE]),
        "title": "aiscope structured log record",
        "type": "object",
        "properties": _log_properties(schema),
        "required": ["trace_id"],
        "additionalProperties": True,
    }
    return json.dumps(document, indent=2) + "\n"


def _log_properties(schema: TelemetrySchema) -> dict[str, dict]:
    attributes = schema.all_attributes()
    properties = {}
    for field_name, field in schema.log_fields.items():
        if field.maps_to == "trace_id":
            properties[field_name] = {
                "type": "string",
                "pattern": "^[0-9a-f]{32}$",
                "description": field.description or "hex trace id",
            }
            continue
        properties[field_name] = _property(attributes[field.maps_to], field.maps_to)
    return properties


def _property(attribute: Attribute, canonical: str) -> dict:
    prop = dict(_JSON_TYPES[attribute.type])
    prop["description"] = f"{attribute.description} Canonical attribute: {canonical}."
    if attribute.allowed_values:
        prop["enum"] = list(attribute.allowed_values)
    if attribute.is_content:
        prop["maxLength"] = attribute.effective_max_length
    return prop


def names_module(schema: TelemetrySchema) -> str:
    lines = [
        headers.commented([SCHEMA_FILE]),
        '"""Canonical telemetry names of the aiscope schema, for instrumented services."""',
        "",
        "# Span names",
    ]
    lines += [f'SPAN_{_constant(name)} = "{name}"' for name in schema.span_kinds]
    lines += ["", "# Span attributes"]
    lines += [f'{_constant(name)} = "{name}"' for name in schema.attributes]
    lines += ["", "# Resource attributes"]
    lines += [f'{_constant(name)} = "{name}"' for name in schema.resource_attributes]
    lines += ["", "# Metrics recorded with the SDK"]
    lines += [f'METRIC_{_constant(name)} = "{name}"' for name in schema.metrics]
    lines += ["", "# Log fields"]
    lines += [f'LOG_{_constant(name)} = "{name}"' for name in schema.log_fields]
    lines += ["", "# Longest text kept in each content attribute, in characters"]
    lines += [
        f"MAX_LENGTH_{_constant(name)} = {attribute.effective_max_length}"
        for name, attribute in schema.attributes.items()
        if attribute.is_content
    ]
    return "\n".join(lines) + "\n"


def _constant(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()
