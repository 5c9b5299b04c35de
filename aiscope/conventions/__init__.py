"""Every name aiscope emits, defined once.

Metric and label names, Kubernetes object names and ports, recording-rule
and alert names, dashboard UIDs and runbook paths are spelt here and
imported everywhere else, so a dashboard can never query a series the
collector does not produce. One module per area:

- kubernetes: object names, labels, ports, in-cluster URLs
- telemetry:  the metrics the collector derives and how Prometheus names them
- grafana:    data source UIDs, the dashboard folder, the admin Secret's keys
- backends:   config paths, data paths and file names of Tempo, Loki, Prometheus, Grafana
- endpoints:  the Pulumi stack outputs: collector OTLP endpoints, Grafana URL
"""
