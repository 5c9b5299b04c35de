"""Tail sampling: keep every trace worth looking at, and a share of the rest.

A trace is kept when any of these policies says so:

- a span ended in error;
- a safety filter flagged or blocked something (`ai.safety.verdict`), or a
  span names a safety category;
- a span reports `error.type: budget_exceeded` (refused for cost reasons,
  which services often report without an error status);
- the trace lasted longer than `sampling.latencyThresholdSeconds`;
- a span cost more than `sampling.costThresholdUsd` (`ai.cost.usd`, set by
  the gateway from the price table);
- otherwise, by ratio: `sampling.successRatio`, or the override of the
  trace's tenant, or of its route.

Overrides replace the default ratio, they do not add to it. Every trace
falls in exactly one ratio bucket: a tenant override applies when any span
names that tenant; a route override applies when a span names the route
and no overridden tenant; the default ratio applies only to traces that
match no override. Each bucket is an `and` of its membership test and a
probabilistic policy, so a tenant overridden to 1% is kept 1% of the time
even though the default ratio is higher. A tenant override wins over a route
override. (The probabilistic policies hash the trace id with one salt, so
the same trace id gets the same draw in every bucket.)
"""

from __future__ import annotations

from ..conventions import telemetry as t
from ..model import StackModel
from . import ottl, sizing


def tail_sampling_processor(model: StackModel) -> dict:
    sampling = model.settings.sampling
    buffer = sizing.trace_buffer(model)
    return {
        "decision_wait": f"{buffer.decision_wait_seconds}s",
        "num_traces": buffer.num_traces,
        "expected_new_traces_per_sec": sampling.expected_traces_per_second,
        "decision_cache": {
            "sampled_cache_size": buffer.decision_cache,
            "non_sampled_cache_size": buffer.decision_cache,
        },
        "policies": [*_keep_policies(model), *ratio_policies(model)],
    }


def _keep_policies(model: StackModel) -> list[dict]:
    sampling = model.settings.sampling
    violation = ottl.equals_any(
        ottl.key("span.attributes", t.SAFETY_VERDICT), ("flagged", "blocked")
    )
    cost = f"{ottl.key('span.attributes', t.COST_USD)} > {ottl.number(sampling.cost_threshold_usd)}"
    return [
        {"name": "errors", "type": "status_code", "status_code": {"status_codes": ["ERROR"]}},
        _ottl("safety-violations", violation, ottl.present("span.attributes", t.SAFETY_CATEGORY)),
        _string("budget-exceeded", t.ERROR_TYPE, [t.BUDGET_EXCEEDED]),
        {
            "name": "slow",
            "type": "latency",
            "latency": {"threshold_ms": round(sampling.latency_threshold_seconds * 1000)},
        },
        _ottl("costly", cost),
    ]


def ratio_policies(model: StackModel) -> list[dict]:
    sampling = model.settings.sampling
    tenants = sorted(sampling.tenant_overrides)
    routes = sorted(sampling.route_overrides)
    policies = [
        _and(
            "success-ratio",
            _probabilistic(sampling.success_ratio),
            *_none_of(t.TENANT, tenants),
            *_none_of(t.ROUTE, routes),
        )
    ]
    for tenant in tenants:
        policies.append(
            _and(
                f"tenant-override-{tenant}",
                _string("tenant", t.TENANT, [tenant]),
                _probabilistic(sampling.tenant_overrides[tenant]),
            )
        )
    for route in routes:
        policies.append(
            _and(
                f"route-override-{route}",
                _string("route", t.ROUTE, [route]),
                *_none_of(t.TENANT, tenants),
                _probabilistic(sampling.route_overrides[route]),
            )
        )
    return policies


def _none_of(attribute: str, values: list[str]) -> list[dict]:
    if not values:
        return []
    overridden = _string(f"overridden-{attribute}", attribute, values)
    return [
        {
            "name": f"not-overridden-{attribute}",
            "type": "not",
            "not": {"not_sub_policy": overridden},
        }
    ]


def _and(name: str, *policies: dict) -> dict:
    return {"name": name, "type": "and", "and": {"and_sub_policy": list(policies)}}


def _probabilistic(ratio: float) -> dict:
    percentage = round(ratio * 100, 6)
    return {
        "name": "ratio",
        "type": "probabilistic",
        "probabilistic": {"sampling_percentage": percentage},
    }


def _string(name: str, attribute: str, values: list[str]) -> dict:
    # Exact matching (no regex): tenant and route names are data, not patterns.
    return {
        "name": name,
        "type": "string_attribute",
        "string_attribute": {"key": attribute, "values": values},
    }


def _ottl(name: str, *span_conditions: str) -> dict:
    return {
        "name": name,
        "type": "ottl_condition",
        "ottl_condition": {"error_mode": "ignore", "span": list(span_conditions)},
    }
