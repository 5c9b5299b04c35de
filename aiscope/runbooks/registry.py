"""Which queries each alert's runbook offers."""

from __future__ import annotations

from collections.abc import Callable

from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..model import StackModel
from ..rules.families import pipeline as pipeline_family
from . import queries as q
from .queries import RunbookQuery

_FAILED_EXPORTS = tuple(pipeline_family.EXPORT_FAILED.values())


def runbook_queries(alert: str, models: list[StackModel]) -> list[RunbookQuery]:
    builders: dict[str, Callable[[], list[RunbookQuery]]] = {
        obs.ROUTE_LATENCY_HIGH: lambda: q.latency(_tightest_target(models)),
        obs.ROUTE_ERROR_RATE_HIGH: q.error_rate,
        obs.BUDGET_EXCEEDED_SPIKE: q.budget_spike,
        obs.SAFETY_VIOLATIONS_ABOVE_BASELINE: q.safety,
        obs.TENANT_SPEND_FORECAST_OVER_BUDGET: lambda: q.spend(_lowest_kept_cost(models)),
        obs.REGION_TELEMETRY_MISSING: q.region_missing,
        obs.SIGNAL_ABSENT: q.signal_absent,
        obs.COLLECTOR_REFUSING_DATA: lambda: q.pipeline(
            tuple(pipeline_family.REFUSED.values()), (obs.JOB, obs.RECEIVER)
        ),
        obs.COLLECTOR_EXPORT_FAILING: lambda: q.pipeline(_FAILED_EXPORTS, (obs.JOB, obs.EXPORTER)),
        obs.EXPORTER_QUEUE_NEARLY_FULL: lambda: q.pipeline(
            _FAILED_EXPORTS, (obs.JOB, obs.EXPORTER)
        ),
        obs.TRACES_DROPPED_BEFORE_SAMPLING: lambda: q.pipeline(
            (t.SAMPLING_DROPPED_TOO_EARLY, t.SAMPLING_DECISIONS), (obs.JOB,)
        ),
    }
    return builders[alert]()


def _tightest_target(models: list[StackModel]) -> float:
    """The lowest latency target of any stack and route: slower spans are worth a look."""
    targets = []
    for model in models:
        alerting = model.settings.alerting
        targets += [alerting.latency_target_seconds, *alerting.route_latency_targets.values()]
    return min(targets)


def _lowest_kept_cost(models: list[StackModel]) -> float:
    """Calls costing more than this are always kept by the tail sampler of every stack."""
    return min(model.settings.sampling.cost_threshold_usd for model in models)
