"""The PromQL a panel runs, filtered by the dashboard's variables.

Panels read recorded series through `Queries`, which adds a matcher for each
dashboard variable the series can filter on. With `raw=True` the same panel
reads the collector's series directly, expanding every recording into its
expression; the benchmark compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..conventions import observability as obs
from ..rules import promql
from ..rules.promql import Matcher
from ..rules.recordings import Catalog
from .variables import filters

# `$__rate_interval` is Grafana's rate window for raw counters: at least four
# scrape intervals and never less than the panel's step.
RATE_INTERVAL = "$__rate_interval"
PER_MINUTE = 60
PER_HOUR = 3600
PER_DAY = 86400

# Prometheus promotes these resource attributes to labels of every OTLP series.
PROMOTED = (obs.ENV, obs.REGION)


@dataclass(frozen=True)
class Queries:
    catalog: Catalog
    raw: bool = False
    step: str = "1m"  # the rule interval; raw expansions take subqueries at this step

    def recorded(self, name: str, *extra: Matcher) -> str:
        """A recorded series (or, raw, its expression) filtered by the variables."""
        recording = self.catalog[name]
        return recording.ref([*extra, *filters(recording.labels)], self.raw)

    def collected(self, metric: str, labels: Sequence[str], *extra: Matcher) -> str:
        """A series as the collector sends it (no recording stands for it)."""
        return promql.selector(metric, [*extra, *filters([*labels, *PROMOTED])])


def scaled(expr: str, factor: int) -> str:
    """A per-second rate shown per minute, hour or day."""
    return f"{promql.parens(expr)} * {factor}"
