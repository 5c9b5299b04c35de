"""The one table of container images the stack deploys.

Every image is pinned to an exact tag here and nowhere else. The collector
tag must equal the release in tools/otelcol/builder-config.yaml and the
Prometheus tag the module version in tools/prometheus/go.mod, because the
tests run binaries built from those; tests/test_pins.py proves they agree.
"""

from __future__ import annotations

IMAGES: dict[str, str] = {
    "collector": "otel/opentelemetry-collector-contrib:0.160.0",
    "tempo": "grafana/tempo:2.10.8",
    "loki": "grafana/loki:3.7.6",
    "prometheus": "prom/prometheus:v3.14.0",
    "grafana": "grafana/grafana:13.1.3",
}

COMPONENTS: tuple[str, ...] = tuple(IMAGES)


def image_tag(component: str) -> str:
    return IMAGES[component].rsplit(":", 1)[1]
