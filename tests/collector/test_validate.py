"""`otelcol validate` accepts every generated config, over a matrix of settings.

Validation parses every OTTL statement and condition, checks each
component's settings and builds the pipeline graph, with the collector
built from tools/otelcol/builder-config.yaml (the image's release).
"""

from __future__ import annotations

from typing import Any

import pytest

from aiscope.collector import agent_config, gateway_config, router_config

from .models import stack_model, with_drop_and_truncate
from .running_collector import validate

# Settings laid over an example stack, each exercising a branch of the generators.
MATRIX: dict[str, tuple[str, dict[str, Any]]] = {
    "dev": ("dev", {}),
    "prod": ("prod", {}),
    "allowlist-without-blocklists": (
        "dev",
        {"redaction": {"mode": "allowlist", "blockedTenants": [], "blockedRoutes": []}},
    ),
    "denylist-with-blocklists": (
        "prod",
        {"redaction": {"mode": "denylist", "blockedTenants": ['quote"d', "back\\slash"]}},
    ),
    "overrides-everywhere": (
        "dev",
        {
            "sampling": {
                "successRatio": 0.0,
                "tenantOverrides": {"a": 1.0, "b": 0.0, "c d": 0.333},
                "routeOverrides": {"x": 0.5, "y/z": 0.01},
            }
        },
    ),
    "no-price-table": ("dev", {"pricing": {"models": {}}}),
    "odd-model-names": (
        "dev",
        {
            "pricing": {
                "models": {
                    "gpt-4o (2024-08)": {
                        "inputUsdPerMillion": 0.000001,
                        "outputUsdPerMillion": 123456.5,
                    }
                }
            }
        },
    ),
    "no-queue-volume": ("dev", {"components": {"collector": {"storage": None}}}),
}

GENERATORS = {"gateway": gateway_config, "agent": agent_config, "router": router_config}


@pytest.mark.parametrize("case", list(MATRIX))
@pytest.mark.parametrize("component", list(GENERATORS))
def test_otelcol_validate_accepts_the_generated_config(case, component, tmp_path) -> None:
    stack, overrides = MATRIX[case]
    config = GENERATORS[component](stack_model(stack, **overrides))
    result = validate(config, tmp_path, f"{component}-{case}")
    assert result.returncode == 0, result.stderr


def test_otelcol_validate_accepts_drop_and_truncate_classes(tmp_path) -> None:
    model = with_drop_and_truncate()
    for name, generator in GENERATORS.items():
        result = validate(generator(model), tmp_path, name)
        assert result.returncode == 0, result.stderr


def test_otelcol_validate_rejects_a_broken_statement(tmp_path) -> None:
    # The validation above is only worth something if it reads OTTL.
    config = gateway_config(stack_model())
    config["processors"]["transform/normalize"]["trace_statements"][1]["statements"].append(
        'no_such_function(span.attributes["x"])'
    )
    result = validate(config, tmp_path)
    assert result.returncode != 0
    assert 'undefined function "no_such_function"' in result.stderr
