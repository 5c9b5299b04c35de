"""Fixtures shared by the observability tests: the stacks, the tools, a loaded Prometheus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aiscope.generate import load_all
from aiscope.model import StackModel

from . import loaded_prometheus, synthetic, tools
from .prometheus_server import PrometheusServer

PROJECT = tools.PROJECT


@pytest.fixture(scope="session")
def models() -> list[StackModel]:
    return load_all(PROJECT)


def scenario_shape(models: list[StackModel]) -> synthetic.Shape:
    """The default shape, sending from every region any stack expects."""
    regions = sorted({region for model in models for region in model.settings.alerting.regions})
    return synthetic.Shape(regions=tuple(regions))


@pytest.fixture(scope="session")
def scenario_openmetrics(models: list[StackModel]) -> str:
    scenario = synthetic.Scenario(
        scenario_shape(models), loaded_prometheus.START, loaded_prometheus.END
    )
    return synthetic.openmetrics(scenario)


@pytest.fixture(scope="session", params=["dev", "prod"])
def stack_prometheus(
    request: pytest.FixtureRequest,
    models: list[StackModel],
    scenario_openmetrics: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[StackModel, PrometheusServer]]:
    """A running Prometheus with the scenario and the stack's recordings and rule files."""
    model = next(model for model in models if model.stack == request.param)
    workdir = tmp_path_factory.mktemp(f"prometheus-{model.stack}")
    server = loaded_prometheus.load(
        tools.prometheus(), tools.promtool(), model, scenario_openmetrics, workdir
    )
    yield model, server
    server.stop()


def project_file(relative: str) -> Path:
    return PROJECT / relative
