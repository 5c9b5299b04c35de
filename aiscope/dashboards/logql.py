"""LogQL for the AI logs Loki stores, with label names from the conventions.

Loki indexes only a few resource attributes (service name among them); the
collector's log attributes (route, tenant, error code, trace id) arrive as
structured metadata, which a label filter after the stream selector reads.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..conventions import grafana
from ..rules.promql import Matcher

# Every stream has a service name; Loki wants one matcher that cannot match "".
ALL_SERVICES = Matcher(grafana.LOKI_SERVICE_LABEL, "=~", ".+")


def logs(filters: Sequence[Matcher], stream: Sequence[Matcher] = (ALL_SERVICES,)) -> str:
    """`{stream} | label op "value" | ...`: log lines whose metadata match every filter."""
    selector = "{" + ", ".join(str(m) for m in stream) + "}"
    return selector + "".join(f" | {matcher}" for matcher in filters)


def count_by(labels: Sequence[str], query: str, window: str) -> str:
    """Log lines per label value over a window: a metric query over `logs(...)`."""
    return f"sum by ({', '.join(labels)}) (count_over_time({query} [{window}]))"
