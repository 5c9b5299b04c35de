"""Whole-file rules of the telemetry schema that no single field can check."""

from __future__ import annotations

from collections import defaultdict

from .errors import Problem
from .telemetry_schema import UNIT_CONVERSIONS, TelemetrySchema


def cross_check(schema: TelemetrySchema, file: str) -> list[Problem]:
    """Every problem that involves more than one entry of the schema."""
    return [
        *_undeclared_references(schema, file),
        *_duplicate_aliases(schema, file),
        *_unconvertible_units(schema, file),
        *_misplaced_max_length(schema, file),
    ]


def _undeclared_references(schema: TelemetrySchema, file: str) -> list[Problem]:
    declared = set(schema.all_attributes())
    accepted = "an attribute declared under `attributes`"
    problems = []

    for kind_name, kind in schema.span_kinds.items():
        for index, name in enumerate(kind.attributes):
            if name not in declared:
                path = f"span_kinds.{kind_name}.attributes[{index}]"
                problems.append(Problem(file, path, accepted, name))

    for field_name, field in schema.log_fields.items():
        if field.maps_to != "trace_id" and field.maps_to not in declared:
            path = f"log_fields.{field_name}.maps_to"
            problems.append(Problem(file, path, f"trace_id or {accepted}", field.maps_to))

    for metric_name, metric in schema.metrics.items():
        for index, name in enumerate(metric.attributes):
            if name not in declared:
                path = f"metrics.{metric_name}.attributes[{index}]"
                problems.append(Problem(file, path, accepted, name))

    return problems


def _duplicate_aliases(schema: TelemetrySchema, file: str) -> list[Problem]:
    """An alias may name one canonical attribute only, and never another canonical name."""
    claims: dict[str, list[str]] = defaultdict(list)
    for section, entries in (
        ("attributes", schema.attributes),
        ("resource_attributes", schema.resource_attributes),
    ):
        for name, attribute in entries.items():
            for index, alias in enumerate(attribute.aliases):
                claims[alias.name].append(f"{section}.{name}.aliases[{index}]")

    canonical = set(schema.all_attributes())
    problems = []
    for alias, paths in claims.items():
        if alias in canonical:
            expected = "a name that is not itself a canonical attribute"
            problems += [Problem(file, path, expected, alias) for path in paths]
        elif len(paths) > 1:
            owners = ", ".join(path.rsplit(".aliases", 1)[0] for path in paths)
            expected = f"an alias claimed by one attribute only (claimed by {owners})"
            problems += [Problem(file, path, expected, alias) for path in paths[1:]]
    return problems


def _unconvertible_units(schema: TelemetrySchema, file: str) -> list[Problem]:
    problems = []
    for section, name, unit, aliases in _unit_owners(schema):
        for index, alias in enumerate(aliases):
            if alias.unit is None or alias.unit == unit:
                continue
            if (alias.unit, unit) not in UNIT_CONVERSIONS:
                known = sorted({a for a, c in UNIT_CONVERSIONS if c == unit})
                expected = f"a unit convertible to {unit!r} ({', '.join(known) or 'none known'})"
                path = f"{section}.{name}.aliases[{index}].unit"
                problems.append(Problem(file, path, expected, alias.unit))
    return problems


def _unit_owners(schema: TelemetrySchema):
    for name, attribute in schema.all_attributes().items():
        yield "attributes", name, attribute.unit, attribute.aliases
    for name, metric in schema.metrics.items():
        yield "metrics", name, metric.unit, metric.aliases


def _misplaced_max_length(schema: TelemetrySchema, file: str) -> list[Problem]:
    problems = []
    for name, attribute in schema.attributes.items():
        if attribute.max_length is not None and not attribute.is_content:
            path = f"attributes.{name}.max_length"
            expected = "max_length only on attributes whose pii is truncate or free_text"
            problems.append(Problem(file, path, expected, attribute.max_length))
    return problems
