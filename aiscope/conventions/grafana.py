"""Names Grafana provisioning and dashboards share: data source UIDs, folders, secret keys.

Dashboards and alert rules refer to data sources by UID, so the UIDs are
fixed here rather than left for Grafana to invent; a dashboard built
against `PROMETHEUS_UID` finds its data source on every stack.
"""

from __future__ import annotations

PROMETHEUS_UID = "aiscope-prometheus"
LOKI_UID = "aiscope-loki"
TEMPO_UID = "aiscope-tempo"

PROMETHEUS_NAME = "Prometheus"
LOKI_NAME = "Loki"
TEMPO_NAME = "Tempo"

# The folder the provisioned dashboards land in.
DASHBOARD_FOLDER = "aiscope"
DASHBOARD_FOLDER_UID = "aiscope"

# Keys of the Secret kubernetes.GRAFANA_SECRET; the password comes from the
# Pulumi secret grafanaAdminPassword and never appears in a rendered file.
ADMIN_USER = "admin"
ADMIN_USER_KEY = "admin-user"
ADMIN_PASSWORD_KEY = "admin-password"

# The label that carries a trace id on exemplars (Prometheus's OTLP receiver
# writes this name, and Tempo's metrics generator is told to use it too) and
# the structured-metadata key Loki stores an OTLP log record's trace id under.
TRACE_ID_LABEL = "trace_id"

# The resource attribute `service.name` as Loki and Tempo's span metrics label it.
LOKI_SERVICE_LABEL = "service_name"
TEMPO_SERVICE_LABEL = "service"
