"""Questions the tests ask of what the sink received."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .otlp_sink import Log, OtlpSink, Point, Span


def spans_by_trace(spans: Iterable[Span]) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        grouped[span.trace_id].append(span)
    return grouped


def logs_by_trace(logs: Iterable[Log]) -> dict[str, list[Log]]:
    grouped: dict[str, list[Log]] = defaultdict(list)
    for log in logs:
        grouped[log.trace_id].append(log)
    return grouped


def _stream(point: Point) -> tuple:
    return (
        point.metric,
        tuple(sorted((k, json.dumps(v)) for k, v in point.attributes.items())),
        tuple(sorted((k, json.dumps(v)) for k, v in point.resource.items())),
    )


def latest(points: Iterable[Point], metric: str) -> dict[tuple, Point]:
    """The newest point of every series of a cumulative metric."""
    newest: dict[tuple, Point] = {}
    for point in points:
        if point.metric != metric:
            continue
        key = _stream(point)
        if key not in newest or point.time_ns >= newest[key].time_ns:
            newest[key] = point
    return newest


def total(
    points: Iterable[Point], metric: str, where: dict[str, str] | None = None, count: bool = False
) -> float:
    """Sum of the newest values (of histogram counts, with `count`) over the series whose
    attributes include `where`."""
    wanted = where or {}
    result = 0.0
    for point in latest(points, metric).values():
        if all(point.attributes.get(key) == value for key, value in wanted.items()):
            result += point.count if count else point.value
    return result


def everything_as_text(sink: OtlpSink) -> str:
    """Every attribute, event, body and resource the sink holds, as one JSON text."""
    parts: list[Any] = []
    for span in sink.spans:
        parts.append([span.name, span.attributes, span.events, span.resource])
    for log in sink.logs:
        parts.append([log.body, log.attributes, log.resource])
    for point in sink.points:
        parts.append([point.metric, point.attributes, point.resource])
    return json.dumps(parts, ensure_ascii=False)


def binomial_bounds(trials: int, ratio: float, sigmas: float = 4.5) -> tuple[float, float]:
    """Range a binomial count falls in except with probability ~1e-5 (normal approximation)."""
    mean = trials * ratio
    spread = sigmas * math.sqrt(trials * ratio * (1 - ratio))
    return mean - spread, mean + spread
