"""Alias rewriting: every spelling the schema accepts becomes the canonical name.

One `transform` processor per signal does it at the very start of the
gateway, so redaction, metrics, sampling and the backends only ever see
canonical names. For each alias: when the canonical attribute is absent
the alias's value moves there (converted when the alias declares another
unit, e.g. `ai.latency_ms` / 1000 -> `ai.latency`); then every alias key is
deleted, so a service that sends both spellings ends up with the canonical
one only. The same happens in span events, log records (attributes and the
top-level keys of structured bodies), metric datapoints and resources;
metric names that are aliases are renamed, and scaled when their unit
differs. Attributes the schema marks `pii: drop` are removed here too,
before anything else touches them.

The gateway also stamps the stack's environment on resources that do not
say which environment they come from, and computes the cost of model calls.
"""

from __future__ import annotations

from ..conventions import telemetry as names
from ..model import StackModel
from ..telemetry_schema import TelemetrySchema
from . import agent_marker, aliases, cost, ottl
from .aliases import Rename
from .redaction import hashed_attributes

# A value that fails to convert (a non-numeric `ai.latency_ms`) skips that one
# statement; logging each failure would let one bad service flood the log.
ERROR_MODE = "silent"

_HEX_TRACE_ID = r"^[0-9a-fA-F]{32}\z"
_SERVICE_FALLBACK = ("service.name", "k8s.container.name")


def normalize_processor(model: StackModel) -> dict:
    """The gateway's `transform/normalize`: renames, environment, cost, dropped fields.

    For logs the agent already redacted, it also parks their hashed
    attributes out of the hashing processor's way (see agent_marker.py).
    """
    schema = model.schema
    park = agent_marker.park_statements(hashed_attributes(schema))
    return {
        "error_mode": ERROR_MODE,
        "trace_statements": [
            _resource_group(schema, model.environment),
            _group("span", _span_statements(model)),
            _group("spanevent", _map_statements("spanevent.attributes", schema)),
        ],
        "log_statements": [
            _resource_group(schema, model.environment),
            *_log_groups(schema, park),
        ],
        "metric_statements": [
            _resource_group(schema, model.environment),
            *_metric_groups(schema),
        ],
    }


def log_normalize_processor(model: StackModel) -> dict:
    """The agent's renames: the same rules, for logs only.

    A pod without an `app.kubernetes.io/name` label gets its container's
    name as service name, so its logs are not filed under "unknown_service".
    """
    schema = model.schema
    resource = _resource_group(schema, model.environment)
    service, container = (ottl.key("resource.attributes", k) for k in _SERVICE_FALLBACK)
    resource["statements"].append(
        ottl.where(f"set({service}, {container})", f"{service} == nil", f"{container} != nil")
    )
    return {"error_mode": ERROR_MODE, "log_statements": [resource, *_log_groups(schema)]}


def _group(context: str, statements: list[str], conditions: list[str] | None = None) -> dict:
    group: dict = {"context": context}
    if conditions:
        group["conditions"] = conditions
    group["statements"] = statements
    return group


def rename_statements(path: str, renames: list[Rename]) -> list[str]:
    """Move each alias's value to its canonical key, then delete every alias key."""
    if not renames:
        return []
    statements = [_move(path, rename) for rename in renames]
    statements.append(
        f"delete_matching_keys({path}, {ottl.string(ottl.names_regex(r.alias for r in renames))})"
    )
    return statements


def _move(path: str, rename: Rename) -> str:
    value = ottl.key(path, rename.alias)
    if rename.factor is not None:
        value = f"Double({value}) * {ottl.number(rename.factor)}"
    target = f"set({ottl.key(path, rename.canonical)}, {value})"
    return ottl.where(target, ottl.present(path, rename.alias), ottl.absent(path, rename.canonical))


def drop_statements(path: str, schema: TelemetrySchema) -> list[str]:
    """Delete the attributes whose PII class is `drop`."""
    dropped = [
        name for name, attribute in schema.all_attributes().items() if attribute.pii == "drop"
    ]
    if not dropped:
        return []
    return [f"delete_matching_keys({path}, {ottl.string(ottl.names_regex(dropped))})"]


def _map_statements(path: str, schema: TelemetrySchema) -> list[str]:
    return rename_statements(path, aliases.attribute_renames(schema)) + drop_statements(
        path, schema
    )


def _resource_group(schema: TelemetrySchema, environment: str) -> dict:
    path = "resource.attributes"
    stamp = ottl.where(
        f"set({ottl.key(path, names.ENVIRONMENT)}, {ottl.string(environment)})",
        ottl.absent(path, names.ENVIRONMENT),
    )
    statements = rename_statements(path, aliases.resource_renames(schema))
    return _group("resource", [*statements, stamp, *drop_statements(path, schema)])


def _span_statements(model: StackModel) -> list[str]:
    statements = _map_statements("span.attributes", model.schema)
    return statements + cost.cost_statements(model.settings.pricing.models)


def _log_groups(schema: TelemetrySchema, park: list[str] | None = None) -> list[dict]:
    path = "log.attributes"
    renames = aliases.log_attribute_renames(schema)
    attributes = rename_statements(path, renames) + drop_statements(path, schema)
    groups = [_group("log", attributes + (park or []))]

    body = _body_statements(schema)
    if body:
        groups.append(_group("log", body, conditions=["IsMap(log.body)"]))
    return groups


def _body_statements(schema: TelemetrySchema) -> list[str]:
    """Structured bodies: log fields get canonical keys, the trace id field sets the trace id."""
    renames = [Rename(field, canonical) for field, canonical in _body_fields(schema).items()]
    statements = rename_statements("log.body", renames)
    for field in aliases.trace_id_fields(schema):
        value = ottl.key("log.body", field)
        statements.append(
            ottl.where(
                f"set(log.trace_id.string, {value})",
                f"IsString({value})",
                f"IsMatch({value}, {ottl.string(_HEX_TRACE_ID)})",
            )
        )
        statements.append(f"delete_key(log.body, {ottl.string(field)})")
    return statements + drop_statements("log.body", schema)


def _body_fields(schema: TelemetrySchema) -> dict[str, str]:
    return aliases.log_fields_to_attributes(schema)


def _metric_groups(schema: TelemetrySchema) -> list[dict]:
    groups = []
    metric_statements = [
        statement
        for rename in aliases.metric_renames(schema)
        for statement in _metric_rename(rename)
    ]
    if metric_statements:
        groups.append(_group("metric", metric_statements))
    groups.append(_group("datapoint", _map_statements("datapoint.attributes", schema)))
    return groups


def _metric_rename(rename: Rename) -> list[str]:
    is_alias = f"metric.name == {ottl.string(rename.alias)}"
    statements = []
    if rename.factor is not None:
        # scale_metric multiplies values, sums and bucket bounds, and sets the unit.
        scale = f"scale_metric({ottl.number(rename.factor)}, {ottl.string(rename.unit or '')})"
        statements.append(f"{scale} where {is_alias}")
    statements.append(f"set(metric.name, {ottl.string(rename.canonical)}) where {is_alias}")
    return statements
