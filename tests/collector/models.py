"""Stack models for the collector tests: an example stack with settings laid over it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from aiscope.collector.endpoints import Endpoints
from aiscope.loading import load_schema, validate_config
from aiscope.model import StackModel
from aiscope.telemetry_schema import Attribute

from .otlp_sink import OtlpSink
from .ports import free_port

PROJECT = Path(__file__).resolve().parents[2]


def stack_model(stack: str = "dev", **overrides: Any) -> StackModel:
    """`Pulumi.<stack>.yaml` with `overrides` merged in (`sampling={...}` is `aiscope:sampling`)."""
    path = PROJECT / f"Pulumi.{stack}.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))["config"]
    for key, value in overrides.items():
        config[f"aiscope:{key}"] = _merge(config.get(f"aiscope:{key}"), value)
    settings, secrets, problems = validate_config(config, path.name)
    assert not problems, problems
    schema = load_schema(PROJECT / "telemetry-schema.yaml")
    return StackModel(stack=stack, schema=schema, settings=settings, secrets=secrets)


def with_attributes(model: StackModel, **attributes: dict[str, Any]) -> StackModel:
    """The model with more span attributes in its schema (`name={type:, pii:, ...}`)."""
    added = {name.replace("__", "."): Attribute(**spec) for name, spec in attributes.items()}
    schema = model.schema.model_copy(update={"attributes": {**model.schema.attributes, **added}})
    return dataclasses.replace(model, schema=schema)


def _merge(base: Any, override: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    return {**base, **{key: _merge(base.get(key), value) for key, value in override.items()}}


def loopback_endpoints(sink: OtlpSink | None, workdir: Path, **changes: Any) -> Endpoints:
    """Every address on 127.0.0.1 with fresh ports; backends are the sink; state in workdir."""
    backends = {
        "tempo_otlp_grpc": sink.grpc_endpoint if sink else "127.0.0.1:9",
        "loki_otlp_http": f"{sink.http_url if sink else 'http://127.0.0.1:9'}/otlp",
        "prometheus_otlp_metrics": (
            f"{sink.http_url if sink else 'http://127.0.0.1:9'}/api/v1/otlp/v1/metrics"
        ),
    }
    fields: dict[str, Any] = {
        **backends,
        "gateway_otlp_grpc": sink.grpc_endpoint if sink else "127.0.0.1:9",
        "gateway_headless": "otel-gateway-headless.test",
        "queue_dir": str(workdir / "queue"),
        "checkpoint_dir": str(workdir / "checkpoints"),
        "pod_logs_dir": str(workdir / "pods"),
        "kubernetes_api": False,
        "listen_host": "127.0.0.1",
        "otlp_grpc_port": free_port(),
        "otlp_http_port": free_port(),
        "metrics_port": free_port(),
        "health_port": free_port(),
    }
    fields.update(changes)
    return Endpoints(**fields)


def with_drop_and_truncate() -> StackModel:
    """The default model plus one attribute of each PII class the schema does not use yet."""
    return with_attributes(
        stack_model(),
        ai__debug__payload={
            "type": "string",
            "description": "d",
            "cardinality": "high",
            "pii": "drop",
            "aliases": ["debug_payload"],
        },
        ai__summary={
            "type": "string",
            "description": "s",
            "cardinality": "high",
            "pii": "truncate",
            "max_length": 50,
        },
    )
