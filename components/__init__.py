"""Pulumi components that deploy what `aiscope.manifests` generates.

One ComponentResource per deployable unit (collector.py, tempo.py, loki.py,
prometheus.py, grafana.py) on a shared base (unit.py), composed by stack.py.
kube.py registers each plain Kubernetes object as a pulumi_kubernetes
resource; config_source.py reads and validates the running stack's config.
Nothing here decides what is deployed: the generators do, and `aiscope
render` writes the same objects as YAML.
"""
