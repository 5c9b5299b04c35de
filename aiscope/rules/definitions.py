"""What a recording rule, an alert and a rule group are before they become YAML.

A recording knows how to build its expression with extra label matchers
pushed down to the series it reads, either from the recorded series below it
(`raw=False`, what Prometheus evaluates) or all the way down to the collector's
series (`raw=True`). Dashboards use the first; the benchmark compares both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..conventions.observability import Severity
from . import promql
from .promql import Matcher

# (matchers pushed down, raw) -> PromQL
Build = Callable[[Sequence[Matcher], bool], str]


@dataclass(frozen=True)
class Recording:
    """One `record:` rule and the labels its series carries."""

    name: str
    labels: tuple[str, ...]
    build: Build
    # Settings recorded as series (targets, budgets) have no raw form and
    # carry their key as a static rule label.
    expandable: bool = True
    static_labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def expr(self) -> str:
        return self.build((), False)

    def ref(self, matchers: Sequence[Matcher] = (), raw: bool = False) -> str:
        """The series as an instant vector: its name, or its whole expression when raw."""
        self._check(matchers)
        if raw and self.expandable:
            return promql.parens(self.build(matchers, True))
        return promql.selector(self.name, matchers)

    def window(
        self, window: str, step: str, matchers: Sequence[Matcher] = (), raw: bool = False
    ) -> str:
        """The series as a range vector; raw, that takes a subquery at the rule interval."""
        self._check(matchers)
        if raw and self.expandable:
            return promql.subquery(self.build(matchers, True), window, step)
        return promql.range_of(promql.selector(self.name, matchers), window)

    def _check(self, matchers: Sequence[Matcher]) -> None:
        unknown = [m.label for m in matchers if m.label not in self.labels]
        if unknown:
            raise ValueError(f"{self.name} has no label {unknown[0]!r}; it keeps {self.labels}")


@dataclass(frozen=True)
class Alert:
    """An alerting rule before the final pass adds its links and severity label."""

    name: str
    expr: str
    # The condition must hold at this many consecutive evaluations; see decorate.py.
    evaluations: int
    severity: Severity
    summary: str
    # May use {{ $labels.<name> }} for the labels in `labels_out`: Prometheus fills
    # templates from the series the expression returns, not from static labels.
    description: str
    family: str  # the runbook template that explains it
    dashboard: str  # key of the dashboard to open
    labels_out: tuple[str, ...]  # labels every firing instance carries
    static_labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    """A rule group: evaluated in order, so recordings come before the alerts reading them."""

    name: str
    file: str
    rules: tuple[Recording | Alert, ...]

    @property
    def recordings(self) -> list[Recording]:
        return [rule for rule in self.rules if isinstance(rule, Recording)]

    @property
    def alerts(self) -> list[Alert]:
        return [rule for rule in self.rules if isinstance(rule, Alert)]


def label_value(label: str) -> str:
    """The alert-template placeholder Prometheus fills with an alert label's value."""
    return "{{ $labels." + label + " }}"
