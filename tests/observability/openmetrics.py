"""OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.

Samples of a family stay together under its TYPE line, and each series'
samples are in time order, as the backfiller requires.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

Labels = Mapping[str, str]


def _labels(labels: Labels, extra: str = "") -> str:
    pairs = [f'{name}="{value}"' for name, value in labels.items()]
    if extra:
        pairs.append(extra)
    return "{" + ",".join(pairs) + "}"


def _number(value: float) -> str:
    return repr(float(value))


class OpenMetricsWriter:
    def __init__(self, times: Sequence[int]) -> None:
        self.times = list(times)
        self._families: dict[str, tuple[str, list[str]]] = {}

    def _lines(self, family: str, kind: str) -> list[str]:
        if family not in self._families:
            self._families[family] = (kind, [])
        return self._families[family][1]

    def counter(self, name: str, labels: Labels, increment: Callable[[int], float]) -> None:
        """A counter series: `name` ends in _total; `increment(t)` is added at each time."""
        lines = self._lines(name.removesuffix("_total"), "counter")
        head, total = name + _labels(labels), 0.0
        for time in self.times:
            total += increment(time)
            lines.append(f"{head} {_number(total)} {time}")

    def gauge(self, name: str, labels: Labels, value: Callable[[int], float]) -> None:
        lines = self._lines(name, "gauge")
        head = name + _labels(labels)
        lines.extend(f"{head} {_number(value(time))} {time}" for time in self.times)

    def histogram(
        self,
        name: str,
        labels: Labels,
        bounds: Sequence[float],
        observe: Callable[[int], Sequence[float]],
    ) -> None:
        """A classic histogram; `observe(t)` gives new observations per bucket (not cumulative),
        the last entry for +Inf; sums use each bucket's upper bound (the last finite one for +Inf).
        """
        lines = self._lines(name, "histogram")
        les = [_number(bound) for bound in bounds] + ["+Inf"]
        heads = [f"{name}_bucket" + _labels(labels, f'le="{le}"') for le in les]
        counts, total_sum = [0.0] * len(les), 0.0
        for time in self.times:
            new = observe(time)
            for index, count in enumerate(new):
                counts[index] += count
                total_sum += count * bounds[min(index, len(bounds) - 1)]
            running = 0.0
            for head, count in zip(heads, counts, strict=True):
                running += count
                lines.append(f"{head} {_number(running)} {time}")
            lines.append(f"{name}_count{_labels(labels)} {_number(running)} {time}")
            lines.append(f"{name}_sum{_labels(labels)} {_number(total_sum)} {time}")

    def text(self) -> str:
        out = []
        for family, (kind, lines) in self._families.items():
            out.append(f"# TYPE {family} {kind}")
            out.extend(lines)
        out.append("# EOF")
        return "\n".join(out) + "\n"
