"""Stack models for the manifest, backend and render tests: the two example
stacks and a few setting variations, built the way `aiscope render` builds them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from aiscope.loading import load_schema, load_stack, validate_config
from aiscope.model import StackModel

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_STACKS = ("dev", "prod")

# Settings laid over an example stack's file: what each variation exercises.
VARIATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    # Past one gateway: router tier, autoscaler, disruption budgets; Grafana
    # behind a load balancer and a plain-HTTP ingress, two replicas; a replica
    # count Tempo cannot honour.
    "scaled-out": (
        "dev",
        {
            "aiscope:components": {
                "collector": {"replicas": 4},
                "grafana": {"replicas": 2},
                "tempo": {"replicas": 3},
            },
            "aiscope:exposure": {
                "serviceType": "LoadBalancer",
                "ingress": {"enabled": True, "host": "grafana.test"},
            },
        },
    ),
    # No volumes at all: every data directory becomes an emptyDir.
    "ephemeral": (
        "dev",
        {
            "aiscope:components": {
                name: {"storage": None} for name in ("collector", "tempo", "loki", "prometheus")
            },
        },
    ),
    # Images from a registry mirror; NodePort exposure; long retention in weeks.
    "mirrored": (
        "prod",
        {
            "aiscope:images": {
                "collector": "mirror.example:5000/otel/opentelemetry-collector-contrib:0.160.0",
                "grafana": "mirror.example:5000/grafana/grafana:13.1.3",
            },
            "aiscope:exposure": {"serviceType": "NodePort"},
            "aiscope:retention": {"traces": "2w", "logs": "36h", "metrics": "52w"},
        },
    ),
}


def example(stack: str) -> StackModel:
    return load_stack(PROJECT, stack)


def variation(name: str) -> StackModel:
    base, overrides = VARIATIONS[name]
    return with_settings(base, overrides)


def with_settings(stack: str, overrides: dict[str, Any]) -> StackModel:
    """The example stack `stack` with `overrides` (keys as in a stack file) merged in."""
    path = PROJECT / f"Pulumi.{stack}.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))["config"]
    settings, secrets, problems = validate_config(_merge(config, overrides), path.name)
    assert not problems, problems
    schema = load_schema(PROJECT / "telemetry-schema.yaml")
    return StackModel(stack=stack, schema=schema, settings=settings, secrets=secrets)


def all_models() -> Iterator[tuple[str, StackModel]]:
    for stack in EXAMPLE_STACKS:
        yield stack, example(stack)
    for name in VARIATIONS:
        yield name, variation(name)


def _merge(base: Any, override: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base.get(key), value)
    return merged
