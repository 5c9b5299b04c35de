"""A short, semantic summary of how generated files changed, for pull requests.

Reviewers see the regenerated dashboards, rule files and runbooks as diffs,
which are long and noisy (a threshold change rewrites a description, a
renamed label touches every query). This summary says what changed in
their terms: which alerts appeared, disappeared or changed expression,
duration or severity; which recording rules changed; which dashboard
panels were added, removed or re-queried; which runbooks changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml


def summarize(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """One line per semantic change between two sets of generated files."""
    lines: list[str] = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        lines += _describe(path, old, new)
    return lines


def _describe(path: str, old: str | None, new: str | None) -> list[str]:
    if path.endswith((".yaml", ".yml")) and path.startswith("alert-rules/"):
        return _rules_changes(path, _rules(old), _rules(new))
    if path.endswith(".json") and path.startswith("dashboards/"):
        return _dashboard_changes(path, old, new)
    if old is None:
        return [f"{path}: added"]
    if new is None:
        return [f"{path}: removed"]
    return [f"{path}: changed"]


def _rules(text: str | None) -> dict[str, dict[str, Any]]:
    """Rules of a rule file keyed by alert name, or record name plus static labels."""
    if not text:
        return {}
    rules: dict[str, dict[str, Any]] = {}
    for group in (yaml.safe_load(text) or {}).get("groups", []):
        for rule in group.get("rules", []):
            rules[_rule_key(rule)] = rule
    return rules


def _rule_key(rule: dict[str, Any]) -> str:
    if "alert" in rule:
        return f"alert {rule['alert']}"
    labels = ",".join(f"{k}={v}" for k, v in sorted((rule.get("labels") or {}).items()))
    return f"recording rule {rule['record']}" + (f"{{{labels}}}" if labels else "")


def _rules_changes(path: str, old: dict, new: dict) -> list[str]:
    lines = [f"{path}: {key} added" for key in new if key not in old]
    lines += [f"{path}: {key} removed" for key in old if key not in new]
    for key in (k for k in new if k in old):
        changed = [field for field in _rule_fields(old[key], new[key])]
        if changed:
            lines.append(f"{path}: {key} changed {', '.join(changed)}")
    return lines


def _rule_fields(old: dict, new: dict) -> Iterator[str]:
    if old.get("expr") != new.get("expr"):
        yield "expression"
    if old.get("for") != new.get("for"):
        yield f"for {old.get('for')} -> {new.get('for')}"
    old_severity = (old.get("labels") or {}).get("severity")
    new_severity = (new.get("labels") or {}).get("severity")
    if old_severity != new_severity:
        yield f"severity {old_severity} -> {new_severity}"
    if old.get("annotations") != new.get("annotations"):
        yield "annotations"


def _dashboard_changes(path: str, old: str | None, new: str | None) -> list[str]:
    if old is None:
        return [f"{path}: dashboard added"]
    if new is None:
        return [f"{path}: dashboard removed"]
    before, after = _panels(json.loads(old)), _panels(json.loads(new))

    lines = [f"{path}: panel '{title}' added" for title in after if title not in before]
    lines += [f"{path}: panel '{title}' removed" for title in before if title not in after]
    lines += [
        f"{path}: panel '{title}' queries changed"
        for title in after
        if title in before and before[title] != after[title]
    ]
    return lines or [f"{path}: layout or settings changed"]


def _panels(dashboard: dict[str, Any]) -> dict[str, list[str]]:
    """Panel title -> its query expressions, rows included."""
    panels: dict[str, list[str]] = {}
    for panel in _walk_panels(dashboard.get("panels", [])):
        targets = panel.get("targets") or []
        panels[panel.get("title", "")] = [_query_text(target) for target in targets]
    return panels


def _walk_panels(panels: list[dict]) -> Iterator[dict]:
    for panel in panels:
        yield panel
        yield from _walk_panels(panel.get("panels") or [])


def _query_text(target: dict[str, Any]) -> str:
    return str(target.get("expr") or target.get("query") or "")
