"""Prometheus recording and alerting rules of one stack.

recordings: the recorded series; families: the alerts, one module per kind
of trouble; groups: both arranged per subsystem; decorate: the final pass
adding severity, runbook and dashboard links; files: the YAML text.
"""

from __future__ import annotations

from ..model import StackModel
from .definitions import Alert, Group, Recording
from .files import rule_file_text
from .groups import rule_groups

__all__ = ["Alert", "Group", "Recording", "alerts", "rule_files", "rule_groups"]


def rule_files(model: StackModel) -> dict[str, str]:
    """File name -> YAML text of every rule file of the stack."""
    return {group.file: rule_file_text(group, model) for group in rule_groups(model)}


def alerts(model: StackModel) -> list[Alert]:
    return [alert for group in rule_groups(model) for alert in group.alerts]
