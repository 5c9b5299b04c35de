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
    renames = aliases.attribute_renames(schema)
    park = agent_marker.park_statements(hashed_attributes(schema))
    span_rest = drop_statements("span.attributes", schema)
    span_rest += cost.cost_statements(model.settings.pricing.models)
    return _without_empty_groups(
        {
            "error_mode": ERROR_MODE,
            "trace_statements": [
                resource_group(schema, model.environment),
                *rename_groups("span", "span.attributes", renames),
                _group("span", span_rest),
                *rename_groups("spanevent", "spanevent.attributes", renames),
                _group("spanevent", drop_statements("spanevent.attributes", schema)),
            ],
            "log_statements": [
                resource_group(schema, model.environment),
                *_log_groups(schema, park),
            ],
            "metric_statements": [
                resource_group(schema, model.environment),
                *_metric_groups(schema),
            ],
        }
    )


def log_normalize_processor(model: StackModel) -> dict:
    """The agent's renames: the same rules, for logs only.

    A pod without an `app.kubernetes.io/name` label gets its container's
    name as service name, so its logs are not filed under "unknown_service".
    """
    schema = model.schema
    resource = resource_group(schema, model.environment)
    service, container = (ottl.key("resource.attributes", k) for k in _SERVICE_FALLBACK)
    resource["statements"].append(
        ottl.where(f"set({service}, {container})", f"{service} == nil", f"{container} != nil")
    )
    config = {"error_mode": ERROR_MODE, "log_statements": [resource, *_log_groups(schema)]}
    return _without_empty_groups(config)


def _group(context: str, statements: list[str], conditions: list[str] | None = None) -> dict:
    group: dict = {"context": context}
    if conditions:
        group["conditions"] = conditions
    group["statements"] = statements
    return group


def _without_empty_groups(config: dict) -> dict:
    """The transform processor rejects a group without statements."""
    for signal in ("trace_statements", "log_statements", "metric_statements"):
        if signal in config:
            config[signal] = [group for group in config[signal] if group["statements"]]
    return config


def rename_groups(context: str, path: str, renames: list[Rename]) -> list[dict]:
    """The renames of one attribute map, as a group of their own.

    Unguarded on purpose: a rename whose alias is absent stops at one map
    lookup, and guarding the group with one regular expression over the
    map's keys measured slower, with or without aliases (bench/collector.py).
    """
    return [_group(context, rename_statements(path, renames))] if renames else []


def rename_statements(path: str, renames: list[Rename]) -> list[str]:
    """Move each alias's value to its canonical key, then delete every alias key."""
    if not renames:
        return []
    statements = [move(path, rename) for rename in renames]
    statements.append(
        f"delete_matching_keys({path}, {ottl.string(ottl.names_regex(r.alias for r in renames))})"
    )
    return statements


def move(path: str, rename: Rename) -> str:
    """Set the canonical key from the alias, unless the canonical key is already set."""
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


def resource_group(schema: TelemetrySchema, environment: str) -> dict:
    path = "resource.attributes"
    stamp = ottl.where(
        f"set({ottl.key(path, names.ENVIRONMENT)}, {ottl.string(environment)})",
        ottl.absent(path, names.ENVIRONMENT),
    )
    statements = rename_statements(path, aliases.resource_renames(schema))
    return _group("resource", [*statements, stamp, *drop_statements(path, schema)])


def _log_groups(schema: TelemetrySchema, park: list[str] | None = None) -> list[dict]:
    path = "log.attributes"
    groups = rename_groups("log", path, aliases.log_attribute_renames(schema))
    groups.append(_group("log", drop_statements(path, schema) + (park or [])))

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
    metric_statements = [
        statement
        for rename in aliases.metric_renames(schema)
        for statement in _metric_rename(rename)
    ]
    path = "datapoint.attributes"
    return [
        _group("metric", metric_statements),
        *rename_groups("datapoint", path, aliases.attribute_renames(schema)),
        _group("datapoint", drop_statements(path, schema)),
    ]


def _metric_rename(rename: Rename) -> list[str]:
    is_alias = f"metric.name == {ottl.string(rename.alias)}"
    statements = []
    if rename.factor is not None:
        # scale_metric multiplies values, sums and bucket bounds, and sets the unit.
        scale = f"scale_metric({ottl.number(rename.factor)}, {ottl.string(rename.unit or '')})"
        statements.append(f"{scale} where {is_alias}")
    statements.append(f"set(metric.name, {ottl.string(rename.canonical)}) where {is_alias}")
    return statements
