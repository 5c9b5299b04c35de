"""Rule groups as the YAML files Prometheus loads, one per subsystem."""

from __future__ import annotations

import yaml

from .. import headers
from ..model import StackModel
from .decorate import alerting_rule, recording_rule
from .definitions import Alert, Group


class _RuleDumper(yaml.SafeDumper):
    """Multi-line expressions as literal blocks, so the file reads like the query."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_RuleDumper.add_representer(str, _string)


def group_document(group: Group, model: StackModel) -> dict:
    rules = [
        alerting_rule(rule, model) if isinstance(rule, Alert) else recording_rule(rule)
        for rule in group.rules
    ]
    interval = model.settings.alerting.evaluation_interval
    return {"groups": [{"name": group.name, "interval": interval, "rules": rules}]}


def rule_file_text(group: Group, model: StackModel) -> str:
    sources = ["telemetry-schema.yaml", f"Pulumi.{model.stack}.yaml", "aiscope/rules"]
    body = yaml.dump(
        group_document(group, model), Dumper=_RuleDumper, sort_keys=False, width=100_000
    )
    return headers.commented(sources) + body
