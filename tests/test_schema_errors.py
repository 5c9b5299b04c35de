"""Mistakes in telemetry-schema.yaml are reported with key path, value and what is accepted.

Each case edits a copy of the real schema, so the cases also prove that the
committed schema is otherwise valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from aiscope.errors import ConfigError
from aiscope.loading import load_schema

PROJECT = Path(__file__).resolve().parent.parent


def schema_document() -> dict[str, Any]:
    return yaml.safe_load((PROJECT / "telemetry-schema.yaml").read_text())


def problems_after(tmp_path: Path, edit) -> list[str]:
    document = schema_document()
    edit(document)
    path = tmp_path / "telemetry-schema.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ConfigError) as caught:
        load_schema(path)
    return [str(problem) for problem in caught.value.problems]


def _set(path: str, value: Any):
    def edit(document: dict) -> None:
        *parents, last = path.split("/")
        node = document
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return edit


def _delete(path: str):
    def edit(document: dict) -> None:
        *parents, last = path.split("/")
        node = document
        for key in parents:
            node = node[key]
        del node[last]

    return edit


CASES = {
    "unknown PII class": (
        _set("attributes/user.id/pii", "hashed"),
        "telemetry-schema.yaml: attributes.user.id.pii: got 'hashed'; expected one of 'none', "
        "'hash', 'drop', 'truncate', 'free_text' (did you mean 'hash'?)",
    ),
    "unknown attribute type": (
        _set("attributes/ai.route/type", "text"),
        "telemetry-schema.yaml: attributes.ai.route.type: got 'text'; expected one of 'string', "
        "'int', 'double', 'bool', 'string[]'",
    ),
    "duplicate alias": (
        _set("attributes/ai.tenant_id/aliases/0", "route"),
        "telemetry-schema.yaml: attributes.ai.tenant_id.aliases[0]: got 'route'; expected an "
        "alias claimed by one attribute only (claimed by attributes.ai.route, "
        "attributes.ai.tenant_id)",
    ),
    "alias that is a canonical name": (
        _set("attributes/ai.route/aliases/0", "gen_ai.request.model"),
        "telemetry-schema.yaml: attributes.ai.route.aliases[0]: got 'gen_ai.request.model'; "
        "expected a name that is not itself a canonical attribute",
    ),
    "span kind names an undeclared attribute": (
        _set("span_kinds/ai.call/attributes/0", "ai.routes"),
        "telemetry-schema.yaml: span_kinds.ai.call.attributes[0]: got 'ai.routes'; expected an "
        "attribute declared under `attributes`",
    ),
    "log field maps to an undeclared attribute": (
        _set("log_fields/model/maps_to", "ai.model_name"),
        "telemetry-schema.yaml: log_fields.model.maps_to: got 'ai.model_name'; expected "
        "trace_id or an attribute declared under `attributes`",
    ),
    "alias unit that cannot be converted": (
        _set("attributes/ai.latency/aliases/0", {"name": "ai.latency_min", "unit": "min"}),
        "telemetry-schema.yaml: attributes.ai.latency.aliases[0].unit: got 'min'; expected a "
        "unit convertible to 's' (ms, ns, us)",
    ),
    "max_length on an attribute that is not content": (
        _set("attributes/ai.route/max_length", 50),
        "telemetry-schema.yaml: attributes.ai.route.max_length: got 50; expected max_length "
        "only on attributes whose pii is truncate or free_text",
    ),
    "attribute without a description": (
        _delete("attributes/ai.route/description"),
        "telemetry-schema.yaml: attributes.ai.route.description: required, but not set",
    ),
    "unknown cardinality": (
        _set("attributes/ai.route/cardinality", "medium"),
        "telemetry-schema.yaml: attributes.ai.route.cardinality: got 'medium'; expected one of "
        "'low', 'high'",
    ),
    "badly formed attribute alias": (
        _set("attributes/ai.route/aliases/0", "Route Name"),
        "telemetry-schema.yaml: attributes.ai.route.aliases[0].name: got 'Route Name'; "
        "expected a dotted lowercase name such as gen_ai.request.model",
    ),
    "unknown metric instrument": (
        _set("metrics/ai.tool.calls/instrument", "meter"),
        "telemetry-schema.yaml: metrics.ai.tool.calls.instrument: got 'meter'; expected one of "
        "'counter', 'updown_counter', 'histogram', 'gauge'",
    ),
    "unknown key in an attribute": (
        _set("attributes/ai.route/pii_class", "none"),
        "telemetry-schema.yaml: attributes.ai.route.pii_class: got 'pii_class'; expected a known "
        "key; known keys: type, description, unit, cardinality, pii, max_length, "
        "allowed_values, derived, aliases",
    ),
    "non-positive max_length": (
        _set("attributes/ai.input.text/max_length", 0),
        "telemetry-schema.yaml: attributes.ai.input.text.max_length: got 0; expected a number "
        "greater than 0",
    ),
    "unsupported schema version": (
        _set("version", 2),
        "telemetry-schema.yaml: version: got 2; expected one of '1'",
    ),
}


@pytest.mark.parametrize("edit, expected", CASES.values(), ids=CASES.keys())
def test_bad_schema_is_reported_exactly(tmp_path: Path, edit, expected: str) -> None:
    assert problems_after(tmp_path, edit) == [expected]


def test_the_committed_schema_is_valid() -> None:
    schema = load_schema(PROJECT / "telemetry-schema.yaml")

    assert set(schema.span_kinds) == {"ai.call", "ai.tool", "ai.retrieve"}


def test_tenant_is_high_cardinality_and_user_id_is_hashed() -> None:
    attributes = load_schema(PROJECT / "telemetry-schema.yaml").attributes

    assert attributes["ai.tenant_id"].cardinality == "high"
    assert attributes["user.id"].pii == "hash"


def test_the_tutorial_spelling_is_declared_as_aliases() -> None:
    attributes = load_schema(PROJECT / "telemetry-schema.yaml").attributes
    aliases = {alias.name: name for name, a in attributes.items() for alias in a.aliases}

    assert aliases["ai.model"] == "gen_ai.request.model"
    assert aliases["ai.input_tokens"] == "gen_ai.usage.input_tokens"
    assert aliases["ai.latency_ms"] == "ai.latency"
