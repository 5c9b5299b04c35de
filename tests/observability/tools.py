"""The real tools these tests need, found the way `aiscope check` finds them.

A missing tool fails the test with what to run, never skips it: a green run
must mean the rules and queries met the real Prometheus and grammars.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aiscope.checks import (
    NODE_TOOLS_ENV,
    PROMETHEUS_ENV,
    PROMTOOL_ENV,
    find_node_tools,
    find_prometheus_binary,
)

PROJECT = Path(__file__).resolve().parents[2]


def promtool() -> Path:
    return _binary("promtool", PROMTOOL_ENV)


def prometheus() -> Path:
    return _binary("prometheus", PROMETHEUS_ENV)


def node_tools() -> Path:
    folder = find_node_tools(PROJECT)
    if folder is None:
        pytest.fail(
            f"the query grammars are missing: set {NODE_TOOLS_ENV} to a folder with "
            "parse-query.mjs and node_modules, or run `make node` (and have node on PATH)"
        )
    return folder


def _binary(name: str, env: str) -> Path:
    path = find_prometheus_binary(PROJECT, name)
    if path is None or not path.is_file():
        pytest.fail(
            f"{name} of Prometheus 3 is missing: set {env}, or run `make prometheus` "
            "(tools/build-prometheus.sh) to build it into the cache"
        )
    return path
