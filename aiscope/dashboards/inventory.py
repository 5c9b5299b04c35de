"""Every query a generated artifact runs, with the language it is written in.

`aiscope check` parses them with Grafana's and Prometheus' grammars, and the
tests run the PromQL against a real Prometheus. Dashboard queries contain
Grafana variables; `substitute` replaces them with concrete values first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

PROMQL, LOGQL, TRACEQL = "promql", "logql", "traceql"

_LANGUAGES = {"prometheus": PROMQL, "loki": LOGQL, "tempo": TRACEQL}


@dataclass(frozen=True)
class Query:
    lang: str
    text: str
    where: str  # file and panel or section, for error messages
    instant: bool = False
    # For a variable's `label_values(series, label)`: the label. `text` is then the
    # series selector, the PromQL part, answered by Prometheus' label values API.
    values_of: str = ""


def dashboard_queries(file: str, text: str) -> list[Query]:
    """The queries of every panel and template variable of a dashboard's JSON."""
    board = json.loads(text)
    found = [
        _variable_query(variable, f"{file}: variable {variable['name']}")
        for variable in board.get("templating", {}).get("list", [])
        if variable.get("type") == "query"
    ]
    for panel in board.get("panels", []):
        lang = _LANGUAGES.get(panel.get("datasource", {}).get("type", ""))
        for target in panel.get("targets", []):
            where = f"{file}: panel {panel['title']!r} query {target['refId']}"
            found.append(_target_query(lang, target, where))
    return found


def _variable_query(variable: dict, where: str) -> Query:
    call = label_values_call(variable["query"])
    if call is None:
        raise ValueError(
            f"{where}: expected label_values(series, label), got {variable['query']!r}"
        )
    return Query(PROMQL, call[0], where, values_of=call[1])


def _target_query(lang: str | None, target: dict, where: str) -> Query:
    text = target.get("query") if lang == TRACEQL else target.get("expr")
    if lang is None or not isinstance(text, str):
        raise ValueError(f"{where}: no query text for data source type {lang!r}")
    return Query(lang, text, where, instant=bool(target.get("instant")))


_VARIABLE = re.compile(r"\$(?:\{(\w+)(?::\w+)?\}|(\w+))")


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace `$var`, `${var}` and Grafana's `$__interval`-style variables with values.

    Raises KeyError naming a variable that has no value, so a new variable
    cannot slip past the tests unsubstituted.
    """

    def value(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        return values[name]

    return _VARIABLE.sub(value, text)


def label_values_call(text: str) -> tuple[str, str] | None:
    """`label_values(series, label)` -> (series, label); None for any other variable query."""
    match = re.fullmatch(r"label_values\((.*),\s*(\w+)\)", text.strip())
    return (match.group(1), match.group(2)) if match else None


# Values that stand in for the dashboards' variables when a query is checked
# outside Grafana: "All" for the label variables, Grafana's default windows.
CHECK_VALUES = {
    "env": ".*",
    "tenant": ".*",
    "route": ".*",
    "model": ".*",
    "trace_id": ".+",
    "__rate_interval": "5m",
    "__interval": "1m",
    "__range": "1h",
}

_FENCE = re.compile(r"^```(promql|logql|traceql)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def rule_queries(file: str, text: str) -> list[Query]:
    """The expression of every rule in a Prometheus rule file."""
    document = yaml.safe_load(text) or {}
    return [
        Query(PROMQL, rule["expr"], f"{file}: {rule.get('record') or rule.get('alert')}")
        for group in document.get("groups", [])
        for rule in group.get("rules", [])
    ]


def markdown_queries(file: str, text: str) -> list[Query]:
    """Fenced ```promql / ```logql / ```traceql blocks of a runbook."""
    return [
        Query(match.group(1), match.group(2).strip(), f"{file}: block {number}")
        for number, match in enumerate(_FENCE.finditer(text), start=1)
    ]


def committed_queries(project_dir: Path, generated_dirs: dict[str, str]) -> list[Query]:
    """Every query in the committed dashboards, rule files and runbooks.

    `generated_dirs` maps a folder to its kind: "dashboards", "rules" or "runbooks".
    """
    readers = {"dashboards": dashboard_queries, "rules": rule_queries, "runbooks": markdown_queries}
    suffixes = {"dashboards": ".json", "rules": ".yaml", "runbooks": ".md"}
    found = []
    for folder, kind in generated_dirs.items():
        for path in sorted((project_dir / folder).rglob(f"*{suffixes[kind]}")):
            relative = path.relative_to(project_dir).as_posix()
            found += readers[kind](relative, path.read_text(encoding="utf-8"))
    return found
