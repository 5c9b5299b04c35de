"""Names inside the generated collector configs that other parts of aiscope see.

Component ids become the `exporter`, `processor` and `receiver` labels of
the collector's own metrics (scraped from :8888), so alert rules and the
collector dashboard select them by these names. The rest are values the
collector writes into telemetry: what an unknown label value becomes, the
text that replaces a blocklisted tenant's log body, the resource attribute
the agent stamps on what it has already redacted.
"""

from __future__ import annotations

# Exporters of the gateway, one per backend.
TEMPO_EXPORTER = "otlp_grpc/tempo"
LOKI_EXPORTER = "otlp_http/loki"
PROMETHEUS_EXPORTER = "otlp_http/prometheus"

# Exporters of the agent and the router, towards the gateway.
GATEWAY_EXPORTER = "otlp_grpc/gateway"
GATEWAY_LOAD_BALANCER = "load_balancing/gateway"

# Receivers.
OTLP_RECEIVER = "otlp"
POD_LOGS_RECEIVER = "file_log/pods"

# Processors whose metrics the collector dashboard and alerts read.
MEMORY_LIMITER = "memory_limiter"
TAIL_SAMPLING = "tail_sampling"
SPAN_METRICS_CONNECTOR = "signal_to_metrics"

# Extensions.
HEALTH_CHECK = "health_check"
QUEUE_STORAGE = "file_storage/queue"
CHECKPOINT_STORAGE = "file_storage/checkpoints"

# Value of a derived-metric label whose attribute is missing on the span, and
# of a label whose value is outside the set the schema or the price table allows.
UNKNOWN_LABEL_VALUE = "unknown"
OTHER_LABEL_VALUE = "other"

# What a log record of a blocklisted tenant or route carries instead of its body.
BLOCKED_LOG_BODY = "[content removed: tenant or route is on the redaction blocklist]"

# The agent stamps this resource attribute on logs it has redacted; the gateway
# then keeps the agent's user-id hash instead of hashing the hash again.
REDACTED_BY_ATTRIBUTE = "aiscope.redacted_by"
REDACTED_BY_AGENT = "otel-agent"
# Where the gateway parks such a hash while its own hashing runs.
PARKED_HASH_PREFIX = "aiscope.agent_hashed."

# Attributes kept in allow-list mode besides those the schema declares: what
# OpenTelemetry SDKs, the Kubernetes metadata processor and the log reader set,
# and the exception event fields (scanned for PII like everything else).
# Deliberately absent: process.* (command lines carry secrets) and http.*, db.*
# (URLs and queries carry user data).
ALLOWLIST_EXTRA_PATTERNS: tuple[str, ...] = (
    r"service\..+",
    r"telemetry\.sdk\..+",
    r"telemetry\.distro\..+",
    r"k8s\..+",
    r"container\..+",
    r"host\.name",
    r"host\.arch",
    r"os\.type",
    r"cloud\..+",
    r"exception\.(?:type|message|stacktrace|escaped)",
    r"code\..+",
    r"log\.iostream",
    r"log\.file\.path",
    r"logtag",
)
