"""The gateway collector: OTLP in; normalized, redacted, measured, sampled; out to the backends.

Pipelines (the collector 0.160 module proxy serves no forward connector,
so one receiver feeds two trace pipelines instead of one pipeline feeding
another):

    traces/derive   otlp -> memory_limiter -> metric_inputs -> batch -> signal_to_metrics
    traces          otlp -> memory_limiter -> normalize -> redact -> content -> tail_sampling
                         -> batch -> Tempo
    metrics/derived signal_to_metrics -> derived_identity -> redact PII
                         -> delta_to_cumulative -> batch -> Prometheus
    metrics         otlp -> memory_limiter -> normalize -> redact -> content
                         -> delta_to_cumulative -> batch -> Prometheus
    logs            otlp -> memory_limiter -> normalize -> redact -> content -> batch -> Loki

The derive pipeline sees every span, before sampling; its spans are
measured and dropped, never exported, so it normalizes only what the
metrics read; the labels it produces are PII masked in metrics/derived.
Its batch processor hands the connector one batch at a time:
signal_to_metrics stamps each batch's deltas with the time it started
aggregating, and delta_to_cumulative drops a delta older than the last one
it added, so concurrent batches would lose counts.
Everything that is exported or queued to disk has passed the hashing,
masking and content processors first.
"""

from __future__ import annotations

import logging

from ..conventions import collector as names
from ..model import StackModel
from . import common, content, derived_metrics, exporters, normalize, redaction, sampling, sizing
from .endpoints import Endpoints, in_cluster

log = logging.getLogger(__name__)

NORMALIZE = "transform/normalize"
METRIC_INPUTS = "transform/metric_inputs"
HASH = "redaction/user_id"
PII = "redaction/pii"
CONTENT = "transform/content"
DERIVED_IDENTITY = "transform/derived_identity"
DERIVED_CUMULATIVE = "delta_to_cumulative/derived"
APP_CUMULATIVE = "delta_to_cumulative/apps"
BATCH = "batch"


def gateway_config(model: StackModel, endpoints: Endpoints | None = None) -> dict:
    endpoints = endpoints or in_cluster(model.namespace)
    processors = _processors(model)
    storage = _queue_storage(model, endpoints)
    config = {
        "extensions": common.extensions(endpoints, storage),
        "receivers": {names.OTLP_RECEIVER: common.otlp_receiver(endpoints)},
        "processors": processors,
        "connectors": {names.SPAN_METRICS_CONNECTOR: derived_metrics.connector(model)},
        "exporters": _exporters(model, endpoints, storage),
    }
    pipelines = _pipelines(redacting=[p for p in (HASH, PII, CONTENT) if p in processors])
    config["service"] = common.service(config["extensions"], endpoints, pipelines)
    log.debug("gateway config for stack %s: %d processors", model.stack, len(processors))
    return config


def gateway_config_comments(model: StackModel) -> list[str]:
    """Comment lines to write above the rendered gateway config (sizing derivations)."""
    return sizing.gateway_comments(model)


def _processors(model: StackModel) -> dict:
    schema = model.schema
    processors = {
        names.MEMORY_LIMITER: sizing.memory_limiter(model.settings.components.collector),
        NORMALIZE: normalize.normalize_processor(model),
        METRIC_INPUTS: derived_metrics.inputs_processor(model),
        HASH: redaction.hash_processor(schema),
        PII: redaction.pii_processor(schema),
        CONTENT: content.content_processor(model, restore_agent_hashes=True),
        names.TAIL_SAMPLING: sampling.tail_sampling_processor(model),
        DERIVED_IDENTITY: derived_metrics.identity_processor(),
        DERIVED_CUMULATIVE: derived_metrics.cumulative_processor(),
        APP_CUMULATIVE: derived_metrics.cumulative_processor(),
        BATCH: sizing.batch(),
    }
    # A schema without hashed attributes needs no hashing processor, and a
    # content policy with nothing to do is left out rather than run empty.
    if processors[HASH] is None:
        del processors[HASH]
    if len(processors[CONTENT]) == 1:
        del processors[CONTENT]
    return processors


def _queue_storage(model: StackModel, endpoints: Endpoints) -> dict[str, dict]:
    if sizing.queue_size(model.settings.components.collector) is None:
        return {}
    return {names.QUEUE_STORAGE: exporters.file_storage(endpoints.queue_dir)}


def _exporters(model: StackModel, endpoints: Endpoints, storage: dict) -> dict:
    size = sizing.queue_size(model.settings.components.collector)
    storage_id = names.QUEUE_STORAGE if storage else None
    return exporters.backend_exporters(
        endpoints, storage_id, size or sizing.IN_MEMORY_QUEUE_REQUESTS
    )


def _pipelines(redacting: list[str]) -> dict:
    otlp = [names.OTLP_RECEIVER]
    connector = [names.SPAN_METRICS_CONNECTOR]
    front = [names.MEMORY_LIMITER, NORMALIZE]
    derived = [DERIVED_IDENTITY, PII, DERIVED_CUMULATIVE, BATCH]
    return {
        "traces/derive": common.pipeline(
            otlp, [names.MEMORY_LIMITER, METRIC_INPUTS, BATCH], connector
        ),
        "traces": common.pipeline(
            otlp, [*front, *redacting, names.TAIL_SAMPLING, BATCH], [names.TEMPO_EXPORTER]
        ),
        "metrics/derived": common.pipeline(connector, derived, [names.PROMETHEUS_EXPORTER]),
        "metrics": common.pipeline(
            otlp, [*front, *redacting, APP_CUMULATIVE, BATCH], [names.PROMETHEUS_EXPORTER]
        ),
        "logs": common.pipeline(otlp, [*front, *redacting, BATCH], [names.LOKI_EXPORTER]),
    }
