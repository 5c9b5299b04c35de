"""Per-environment stack settings: the `aiscope:` keys of `Pulumi.<stack>.yaml`.

One pydantic model holds every setting and its default, so the README's
settings table is generated from it and cannot drift. Keys are camelCase
because that is how Pulumi stack config is written
(`pulumi config set --path aiscope:sampling.successRatio 0.02`).
Secrets are not part of this model: they reach the program only as Pulumi
secret outputs (see secrets.py).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from .quantities import CPU_PATTERN, DURATION_PATTERN, MEMORY_PATTERN

DNS_LABEL = r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
IMAGE_REF = r"^[a-z0-9][a-z0-9./_-]*(:[0-9]+)?/?[a-z0-9./_-]*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$"
Ratio = Annotated[float, Field(ge=0, le=1)]
Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]


class _Settings(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
    )


class ResourceAmounts(_Settings):
    cpu: str = Field(pattern=CPU_PATTERN, description="CPU, for example 250m or 2")
    memory: str = Field(pattern=MEMORY_PATTERN, description="memory, for example 512Mi")


class Resources(_Settings):
    requests: ResourceAmounts
    limits: ResourceAmounts


class Storage(_Settings):
    size: str = Field(pattern=MEMORY_PATTERN, description="volume size, for example 20Gi")
    storage_class: str | None = Field(
        default=None, description="StorageClass name; the cluster default when unset"
    )


class Workload(_Settings):
    replicas: int = Field(
        default=1, ge=1, le=50, description="pod replicas (the agent runs one pod per node instead)"
    )
    resources: Resources
    storage: Storage | None = Field(
        default=None,
        description="persistent volume; used by the collector, Tempo, Loki, Prometheus",
    )


def _workload(cpu: tuple[str, str], memory: tuple[str, str], **extra) -> Workload:
    requests = ResourceAmounts(cpu=cpu[0], memory=memory[0])
    limits = ResourceAmounts(cpu=cpu[1], memory=memory[1])
    return Workload(resources=Resources(requests=requests, limits=limits), **extra)


class Components(_Settings):
    """Size of each deployable unit. Storage holds the collector's persistent queue."""

    collector: Workload = _workload(
        ("200m", "1"), ("512Mi", "1Gi"), replicas=2, storage=Storage(size="5Gi")
    )
    agent: Workload = _workload(("50m", "500m"), ("128Mi", "256Mi"))
    tempo: Workload = _workload(("250m", "1"), ("1Gi", "2Gi"), storage=Storage(size="20Gi"))
    loki: Workload = _workload(("250m", "1"), ("512Mi", "1Gi"), storage=Storage(size="20Gi"))
    prometheus: Workload = _workload(("250m", "1"), ("1Gi", "2Gi"), storage=Storage(size="20Gi"))
    grafana: Workload = _workload(("100m", "500m"), ("256Mi", "512Mi"))


class Images(_Settings):
    """Overrides of the pinned images, for a registry mirror. Unset means the pin."""

    collector: str | None = Field(
        default=None,
        pattern=IMAGE_REF,
        description="collector image; must stay at the pinned release",
    )
    tempo: str | None = Field(default=None, pattern=IMAGE_REF, description="Tempo image")
    loki: str | None = Field(default=None, pattern=IMAGE_REF, description="Loki image")
    prometheus: str | None = Field(default=None, pattern=IMAGE_REF, description="Prometheus image")
    grafana: str | None = Field(default=None, pattern=IMAGE_REF, description="Grafana image")


class Retention(_Settings):
    traces: str = Field(default="30d", pattern=DURATION_PATTERN, description="Tempo blocks")
    logs: str = Field(default="30d", pattern=DURATION_PATTERN, description="Loki chunks")
    metrics: str = Field(default="30d", pattern=DURATION_PATTERN, description="Prometheus TSDB")


class Ingress(_Settings):
    enabled: bool = Field(default=False, description="serve Grafana through an Ingress")
    host: str | None = Field(default=None, description="host name Grafana is served on")
    class_name: str | None = Field(default=None, description="IngressClass name")
    tls_secret_name: str | None = Field(default=None, description="Secret with the TLS certificate")


class Exposure(_Settings):
    service_type: Literal["ClusterIP", "NodePort", "LoadBalancer"] = Field(
        default="ClusterIP", description="type of the Grafana Service"
    )
    ingress: Ingress = Ingress()


class Sampling(_Settings):
    """Tail sampling: every error and outlier is kept, successes at a ratio."""

    success_ratio: float = Field(
        default=0.05, ge=0, le=1, description="share of successful, unremarkable traces kept"
    )
    tenant_overrides: dict[str, Ratio] = Field(default={}, description="success ratio per tenant")
    route_overrides: dict[str, Ratio] = Field(default={}, description="success ratio per route")
    latency_threshold_seconds: float = Field(
        default=5.0, gt=0, le=3600, description="traces slower than this are always kept"
    )
    cost_threshold_usd: float = Field(
        default=0.10, gt=0, description="traces costing more than this (USD) are always kept"
    )
    decision_wait_seconds: int = Field(
        default=10,
        ge=1,
        le=300,
        description="how long spans of a trace are buffered before deciding",
    )
    expected_traces_per_second: int = Field(
        default=100, ge=1, le=1_000_000, description="sizes the sampling buffer (num_traces)"
    )
    spans_per_trace: int = Field(
        default=8, ge=1, le=10_000, description="average spans per trace, for the memory estimate"
    )


class Redaction(_Settings):
    mode: Literal["denylist", "allowlist"] = Field(
        default="denylist",
        description="allowlist keeps only attributes declared in the schema",
    )
    blocked_tenants: list[str] = Field(default=[], description="tenants whose content is dropped")
    blocked_routes: list[str] = Field(default=[], description="routes whose content is dropped")


class Alerting(_Settings):
    error_rate_threshold: float = Field(
        default=0.05, gt=0, le=1, description="error ratio per route that pages"
    )
    latency_target_seconds: float = Field(default=2.0, gt=0, description="P95 target")
    route_latency_targets: dict[str, Positive] = Field(default={}, description="P95 per route")
    evaluation_interval: str = Field(
        default="1m", pattern=DURATION_PATTERN, description="rule evaluation interval"
    )
    missing_telemetry_after: str = Field(
        default="5m",
        pattern=DURATION_PATTERN,
        description="silence before telemetry counts as missing",
    )
    regions: list[str] = Field(default=[], description="regions expected to send telemetry")
    runbook_base_url: str = Field(
        default="https://github.com/aiscope/aiscope/blob/main/runbooks",
        pattern=r"^https?://\S+$",
        description="where alerts' runbook_url points; the runbooks/ folder as served",
    )


class Budgets(_Settings):
    tenants: dict[str, NonNegative] = Field(default={}, description="monthly USD budget per tenant")


class ModelPrice(_Settings):
    input_usd_per_million: float = Field(ge=0, description="USD per million input tokens")
    output_usd_per_million: float = Field(ge=0, description="USD per million output tokens")


class Pricing(_Settings):
    models: dict[str, ModelPrice] = Field(default={}, description="USD per million tokens")


class Settings(_Settings):
    """Everything under the `aiscope:` namespace of a stack file, except secrets."""

    namespace: str = Field(
        default="aiscope", pattern=DNS_LABEL, description="Kubernetes namespace of every object"
    )
    environment: str | None = Field(
        default=None, pattern=DNS_LABEL, description="environment label; the stack name if unset"
    )
    images: Images = Images()
    components: Components = Components()
    retention: Retention = Retention()
    exposure: Exposure = Exposure()
    sampling: Sampling = Sampling()
    redaction: Redaction = Redaction()
    alerting: Alerting = Alerting()
    budgets: Budgets = Budgets()
    pricing: Pricing = Pricing()
