"""Every number in the collector configs that follows from the stack's settings.

Memory limiter. The limiter watches the Go heap, while the kernel kills the
pod on its whole resident set (heap, goroutine stacks, buffers not yet
returned to the OS), so the limit sits below the container's memory limit
by a headroom of a fifth of it, and at least 50 MiB. The spike limit (a
fifth of the limit) is how much the heap may grow between two checks; the
limiter starts refusing data, and forcing collections, at limit minus
spike. GOMEMLIMIT (set on the pod) makes the Go runtime collect harder as
the heap nears 80% of the container limit, before the limiter has to refuse.

Tail sampling. The processor holds every span of a trace until
`decision_wait` has passed since its first span. It must hold all traces
that start within that window: num_traces = expected traces per second x
decision wait x 2 (bursts, and traces whose late spans stretch the window).
Each span held costs about 1 KiB of heap (attributes, events, pdata
overhead), hence the memory estimate written at the top of the gateway
config; it must fit well within the memory limiter's limit. The decision
caches remember the verdict on four windows' worth of trace ids, so spans
that arrive after their trace was decided follow that decision.

Persistent queues. The gateway's volume holds one sending queue per
backend. Four fifths of the volume are shared by the three queues (the
rest is left for compaction and the file system), and each queued request
is a batch of at most BATCH_MAX_ITEMS items of about 1 KiB.

Derived series. The delta-to-cumulative processor keeps one running total
per series; MAX_DERIVED_SERIES bounds them per gateway replica, so neither
a label value that varies per request nor one tenant with many routes can
grow Prometheus's series count (or the gateway's memory) without bound.
Series beyond the bound are dropped and counted in the processor's metrics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import StackModel
from ..quantities import memory_bytes, memory_mib
from ..settings import Workload

MIB = 1024 * 1024
KIB_PER_SPAN = 1
MIN_HEADROOM_MIB = 50
HEADROOM_FRACTION = 0.2
SPIKE_FRACTION = 0.2
GOMEMLIMIT_FRACTION = 0.8
TRACE_BUFFER_SAFETY = 2
DECISION_CACHE_WINDOWS = 4
QUEUE_SHARE_OF_VOLUME = 0.8
BACKEND_QUEUES = 3
BATCH_ITEMS = 1024
BATCH_MAX_ITEMS = 2048
BATCH_TIMEOUT = "200ms"
MAX_DERIVED_SERIES = 20_000
DERIVED_SERIES_MAX_STALE = "1h"
IN_MEMORY_QUEUE_REQUESTS = 1000


@dataclass(frozen=True)
class MemoryLimits:
    container_mib: int
    limit_mib: int
    spike_limit_mib: int
    gomemlimit_mib: int


def memory_limits(workload: Workload) -> MemoryLimits:
    container = memory_mib(workload.resources.limits.memory)
    headroom = max(MIN_HEADROOM_MIB, math.ceil(container * HEADROOM_FRACTION))
    limit = max(container - headroom, 1)
    return MemoryLimits(
        container_mib=container,
        limit_mib=limit,
        spike_limit_mib=max(math.floor(limit * SPIKE_FRACTION), 1),
        gomemlimit_mib=math.floor(container * GOMEMLIMIT_FRACTION),
    )


def memory_limiter(workload: Workload) -> dict:
    limits = memory_limits(workload)
    return {
        "check_interval": "1s",
        "limit_mib": limits.limit_mib,
        "spike_limit_mib": limits.spike_limit_mib,
    }


def gomemlimit(workload: Workload) -> str:
    """The GOMEMLIMIT value for the pod's environment, e.g. `409MiB`."""
    return f"{memory_limits(workload).gomemlimit_mib}MiB"


@dataclass(frozen=True)
class TraceBuffer:
    decision_wait_seconds: int
    num_traces: int
    decision_cache: int
    memory_mib: float


def trace_buffer(model: StackModel) -> TraceBuffer:
    sampling = model.settings.sampling
    num_traces = (
        sampling.expected_traces_per_second * sampling.decision_wait_seconds * TRACE_BUFFER_SAFETY
    )
    memory = num_traces * sampling.spans_per_trace * KIB_PER_SPAN / 1024
    return TraceBuffer(
        decision_wait_seconds=sampling.decision_wait_seconds,
        num_traces=num_traces,
        decision_cache=num_traces * DECISION_CACHE_WINDOWS,
        memory_mib=memory,
    )


def queue_size(workload: Workload) -> int | None:
    """Requests each persistent queue holds; None when the gateway has no volume."""
    if workload.storage is None:
        return None
    share = memory_bytes(workload.storage.size) * QUEUE_SHARE_OF_VOLUME / BACKEND_QUEUES
    request_bytes = BATCH_MAX_ITEMS * KIB_PER_SPAN * 1024
    return max(int(share // request_bytes), 1)


def batch() -> dict:
    return {
        "send_batch_size": BATCH_ITEMS,
        "send_batch_max_size": BATCH_MAX_ITEMS,
        "timeout": BATCH_TIMEOUT,
    }


def gateway_comments(model: StackModel) -> list[str]:
    """The derivations, as comment lines for the top of the rendered gateway config."""
    collector = model.settings.components.collector
    limits = memory_limits(collector)
    buffer = trace_buffer(model)
    sampling = model.settings.sampling
    lines = [
        f"Memory limiter: container limit {limits.container_mib} MiB minus headroom"
        f" = limit_mib {limits.limit_mib}, spike_limit_mib {limits.spike_limit_mib};"
        f" GOMEMLIMIT {limits.gomemlimit_mib}MiB.",
        f"Tail sampling memory estimate: num_traces {buffer.num_traces}"
        f" (= {sampling.expected_traces_per_second} traces/s x {buffer.decision_wait_seconds} s"
        f" decision wait x {TRACE_BUFFER_SAFETY}) x {sampling.spans_per_trace} spans/trace"
        f" x ~{KIB_PER_SPAN} KiB/span = ~{buffer.memory_mib:.1f} MiB of heap"
        f" ({_share(buffer.memory_mib, limits.limit_mib)} of the memory limiter's limit).",
    ]
    lines.append(_queue_comment(collector))
    lines.append(
        f"Derived metrics: at most {MAX_DERIVED_SERIES} series per gateway replica;"
        f" a series idle for {DERIVED_SERIES_MAX_STALE} is forgotten."
    )
    return lines


def _share(part_mib: float, whole_mib: int) -> str:
    return f"{100 * part_mib / whole_mib:.0f}%"


def _queue_comment(collector: Workload) -> str:
    size = queue_size(collector)
    if size is None:
        return "Sending queues: in memory (the gateway has no volume); lost on restart."
    return (
        f"Sending queues: on the {collector.storage.size} volume, {size} requests of up to"
        f" {BATCH_MAX_ITEMS} items per backend ({int(QUEUE_SHARE_OF_VOLUME * 100)}% of the"
        f" volume shared by {BACKEND_QUEUES} queues)."
    )
