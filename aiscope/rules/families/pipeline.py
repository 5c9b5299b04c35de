"""The collector losing data: refusing it, failing to export it, or dropping it."""

from __future__ import annotations

from ...conventions import observability as obs
from ...conventions import telemetry as t
from ...model import StackModel
from .. import promql
from ..definitions import Alert, label_value
from ..recordings import RATE_WINDOW, Catalog

FAMILY = "pipeline"
SUBSYSTEM = "pipeline"  # the rule file and group its alerts join

SUSTAINED_EVALUATIONS = 5
QUEUE_FULL_RATIO = 0.8

REFUSED = {"traces": t.COLLECTOR_REFUSED_SPANS, "logs": t.COLLECTOR_REFUSED_LOGS}
EXPORT_FAILED = {
    "traces": t.COLLECTOR_EXPORT_FAILED_SPANS,
    "logs": t.COLLECTOR_EXPORT_FAILED_LOGS,
    "metrics": t.COLLECTOR_EXPORT_FAILED_METRICS,
}


def alerts(model: StackModel, catalog: Catalog) -> list[Alert]:
    return [
        *[_refusing(signal, metric) for signal, metric in REFUSED.items()],
        *[_export_failing(signal, metric) for signal, metric in EXPORT_FAILED.items()],
        _queue_nearly_full(),
        _dropped_before_sampling(),
    ]


def _rising(metric: str, labels: tuple[str, ...]) -> str:
    return promql.binary(promql.sum_by(labels, promql.rate(metric, RATE_WINDOW)), ">", "0")


def _refusing(signal: str, metric: str) -> Alert:
    return Alert(
        name=obs.COLLECTOR_REFUSING_DATA,
        expr=_rising(metric, (obs.JOB, obs.RECEIVER)),
        evaluations=SUSTAINED_EVALUATIONS,
        severity=obs.Severity.CRITICAL,
        summary="The collector refuses incoming telemetry.",
        description=(
            f"Receiver {label_value(obs.RECEIVER)} of {label_value(obs.JOB)} has refused "
            f"{signal} for {SUSTAINED_EVALUATIONS} evaluations in a row; "
            "senders retry, then drop."
        ),
        family=FAMILY,
        dashboard=obs.PIPELINE_HEALTH,
        labels_out=(obs.JOB, obs.RECEIVER),
        static_labels={obs.SIGNAL: signal},
    )


def _export_failing(signal: str, metric: str) -> Alert:
    return Alert(
        name=obs.COLLECTOR_EXPORT_FAILING,
        expr=_rising(metric, (obs.JOB, obs.EXPORTER)),
        evaluations=SUSTAINED_EVALUATIONS,
        severity=obs.Severity.CRITICAL,
        summary="The collector fails to export telemetry to a backend.",
        description=(
            f"Exporter {label_value(obs.EXPORTER)} of {label_value(obs.JOB)} has failed to "
            f"send {signal} for {SUSTAINED_EVALUATIONS} evaluations in a row."
        ),
        family=FAMILY,
        dashboard=obs.PIPELINE_HEALTH,
        labels_out=(obs.JOB, obs.EXPORTER),
        static_labels={obs.SIGNAL: signal},
    )


def _queue_nearly_full() -> Alert:
    fill = promql.binary(t.COLLECTOR_QUEUE_SIZE, "/", t.COLLECTOR_QUEUE_CAPACITY)
    by_queue = promql.aggregate("max", (obs.JOB, obs.EXPORTER, obs.DATA_TYPE), fill)
    return Alert(
        name=obs.EXPORTER_QUEUE_NEARLY_FULL,
        expr=promql.binary(by_queue, ">", f"{QUEUE_FULL_RATIO:g}"),
        evaluations=SUSTAINED_EVALUATIONS,
        severity=obs.Severity.WARNING,
        summary="An exporter's sending queue is nearly full.",
        description=(
            f"The {label_value(obs.DATA_TYPE)} queue of exporter {label_value(obs.EXPORTER)} "
            f"in {label_value(obs.JOB)} is more than {QUEUE_FULL_RATIO:.0%} full; once full, "
            "new data is dropped."
        ),
        family=FAMILY,
        dashboard=obs.PIPELINE_HEALTH,
        labels_out=(obs.JOB, obs.EXPORTER, obs.DATA_TYPE),
    )


def _dropped_before_sampling() -> Alert:
    return Alert(
        name=obs.TRACES_DROPPED_BEFORE_SAMPLING,
        expr=_rising(t.SAMPLING_DROPPED_TOO_EARLY, (obs.JOB,)),
        evaluations=3,
        severity=obs.Severity.WARNING,
        summary="Traces are dropped before the tail sampler decided on them.",
        description=(
            f"The tail sampler of {label_value(obs.JOB)} evicts traces before their decision: "
            "its buffer (sampling.expectedTracesPerSecond x decision wait) is too small."
        ),
        family=FAMILY,
        dashboard=obs.PIPELINE_HEALTH,
        labels_out=(obs.JOB,),
    )
