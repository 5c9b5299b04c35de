"""Template variables: environment, tenant, route and model, read from the request series.

Each variable lists the values of one label of the request counter (the one
series every AI call produces), narrowed by the environment chosen. A panel
filters on a variable only when the series it reads keeps that label; panel
descriptions say which variables do not apply.
"""

from __future__ import annotations

from collections.abc import Sequence

from grafana_foundation_sdk.builders import dashboard as builders
from grafana_foundation_sdk.models import dashboard as models

from ..conventions import observability as obs
from ..conventions import telemetry as t
from ..rules import promql
from ..rules.promql import Matcher
from .panels import PROMETHEUS

ALL = ".*"  # the value "All" stands for: no filtering, and no 200-value regex either
TRACE_ID_DEFAULT = ".+"

_LABELS = {
    obs.VAR_ENV: "Environment",
    obs.VAR_TENANT: "Tenant",
    obs.VAR_ROUTE: "Route",
    obs.VAR_MODEL: "Model",
}


def filters(labels: Sequence[str]) -> list[Matcher]:
    """A regex matcher `label=~"$var"` for each dashboard variable the series can filter on."""
    return [
        promql.regex(label, f"${var}")
        for var, label in obs.VARIABLE_LABELS.items()
        if label in labels
    ]


def values_query(var: str) -> str:
    """Grafana's `label_values(series, label)` for one variable's choices."""
    label = obs.VARIABLE_LABELS[var]
    narrowing = [] if var == obs.VAR_ENV else filters([obs.ENV])
    series = promql.selector(t.REQUESTS.prometheus_name, narrowing)
    return f"label_values({series}, {label})"


def label_variable(var: str) -> builders.QueryVariable:
    return (
        builders.QueryVariable(var)
        .label(_LABELS[var])
        .datasource(PROMETHEUS)
        .query(values_query(var))
        .refresh(models.VariableRefresh.ON_TIME_RANGE_CHANGED)
        .sort(models.VariableSort.ALPHABETICAL_ASC)
        .multi(True)
        .include_all(True)
        .all_value(ALL)
        .current(models.VariableOption(selected=True, text="All", value="$__all"))
    )


def trace_id_variable() -> builders.TextBoxVariable:
    return (
        builders.TextBoxVariable(obs.VAR_TRACE_ID)
        .label("Trace id")
        .description("Paste a trace id to follow one request's logs; .+ shows every line.")
        .default_value(TRACE_ID_DEFAULT)
        .current(
            models.VariableOption(selected=True, text=TRACE_ID_DEFAULT, value=TRACE_ID_DEFAULT)
        )
    )


def standard(*names: str) -> list[builders.QueryVariable]:
    return [label_variable(name) for name in names]
