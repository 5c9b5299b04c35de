"""Tuning sampling must not redeploy anything but the collector.

`pulumi config set aiscope:sampling.successRatio 0.02` is the everyday way
to trade cost for detail; it has to change the gateway's config (and the
checksum annotation that rolls its pods) and nothing else.
"""

from __future__ import annotations

import copy

from aiscope.manifests import build_objects

from .models import stack_model

CHECKSUM_PREFIX = "checksum/"


def _objects(model) -> dict[tuple[str, str], dict]:
    built = build_objects(model)
    return {(o["kind"], o["metadata"]["name"]): o for items in built.values() for o in items}


def _without_checksums(obj: dict) -> dict:
    """A copy of the object without its pod template's checksum annotations."""
    obj = copy.deepcopy(obj)
    annotations = obj["spec"]["template"]["metadata"].get("annotations", {})
    for key in [k for k in annotations if k.startswith(CHECKSUM_PREFIX)]:
        del annotations[key]
    return obj


def test_changing_the_success_ratio_changes_only_the_gateway_config_and_its_checksum() -> None:
    before = _objects(stack_model("prod"))
    after = _objects(stack_model("prod", sampling={"successRatio": 0.5}))

    assert before.keys() == after.keys()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {("ConfigMap", "otel-gateway"), ("StatefulSet", "otel-gateway")}
    gateway = ("StatefulSet", "otel-gateway")
    assert _without_checksums(before[gateway]) == _without_checksums(after[gateway])
