"""The names dashboards and the collector agree on are the ones the schema declares."""

from __future__ import annotations

from pathlib import Path

from aiscope.conventions import observability, telemetry
from aiscope.loading import load_schema

SCHEMA = load_schema(Path(__file__).resolve().parent.parent / "telemetry-schema.yaml")


def test_every_label_of_a_derived_metric_is_a_declared_low_or_bounded_attribute() -> None:
    attributes = SCHEMA.all_attributes()

    for metric in telemetry.DERIVED_METRICS:
        for label in metric.labels:
            assert label in attributes, f"{metric.otel_name} labels by undeclared {label}"


def test_only_the_tenant_label_is_high_cardinality() -> None:
    # High-cardinality labels multiply series; the tenant is the one deliberate
    # exception and is capped by the collector's cardinality limit.
    attributes = SCHEMA.all_attributes()
    high = {
        label
        for metric in telemetry.DERIVED_METRICS
        for label in metric.labels
        if attributes[label].cardinality == "high"
    }

    assert high == {telemetry.TENANT}


def test_the_evaluation_score_gauge_is_declared_in_the_schema() -> None:
    declared = SCHEMA.metrics[observability.EVAL_SCORE.otel_name]

    assert declared.instrument == "gauge"
    assert tuple(declared.attributes) == observability.EVAL_SCORE.labels


def test_promoted_resource_attributes_are_declared() -> None:
    for attribute in telemetry.PROMOTED_RESOURCE_ATTRIBUTES:
        assert attribute in SCHEMA.resource_attributes
