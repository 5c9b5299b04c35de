"""A real Prometheus holding the synthetic scenario and one stack's recorded series.

Prometheus evaluates recording rules only from the moment it runs, so the
recorded history is backfilled with `promtool tsdb create-blocks-from rules`.
That tool evaluates every rule against the server's current data, so a rule
reading another recording has to wait for a later pass: rules are backfilled
in passes by dependency depth, restarting the server in between to load the
new blocks. The server finally starts with the stack's rule files loaded.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from aiscope.model import StackModel
from aiscope.rules import rule_files, rule_groups
from aiscope.rules.decorate import recording_rule
from aiscope.rules.definitions import Recording

from .prometheus_server import PrometheusServer, backfill_openmetrics, backfill_rules

MINUTE = 60
# The scenario ends at a fixed instant, so every run sees the same data.
END = 1768478400  # 2026-01-15T12:00:00Z
START = END - 120 * MINUTE
# Every series has stopped for this long: absence alerts hold here.
AFTER_OUTAGE = END + 15 * MINUTE
RECORDED_UNTIL = END + 20 * MINUTE


def recordings_by_depth(model: StackModel) -> list[list[Recording]]:
    """Recordings of the stack in passes: each pass reads only raw data and earlier passes."""
    recordings = [rule for group in rule_groups(model) for rule in group.recordings]
    names = {recording.name for recording in recordings}
    depth: dict[str, int] = {}
    for recording in recordings:
        reads = {name for name in names if re.search(rf"{re.escape(name)}\b", recording.expr)}
        level = 1 + max((depth[name] for name in reads if name in depth), default=-1)
        depth[recording.name] = max(depth.get(recording.name, 0), level)
    passes: list[list[Recording]] = [[] for _ in range(max(depth.values()) + 1)]
    for recording in recordings:
        passes[depth[recording.name]].append(recording)
    return passes


def _pass_file(model: StackModel, recordings: list[Recording], path: Path) -> Path:
    interval = model.settings.alerting.evaluation_interval
    rules = [recording_rule(recording) for recording in recordings]
    group = {"name": path.stem, "interval": interval, "rules": rules}
    path.write_text(yaml.safe_dump({"groups": [group]}, sort_keys=False))
    return path


def write_rule_files(model: StackModel, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in rule_files(model).items():
        (folder / name).write_text(text)
        paths.append(folder / name)
    return paths


def load(
    prometheus: Path,
    promtool: Path,
    model: StackModel,
    openmetrics: str,
    workdir: Path,
    window: tuple[float, float] = (START, RECORDED_UNTIL),
    extra_args: list[str] = (),
) -> PrometheusServer:
    """Backfill the scenario and the stack's recordings; return the server, started."""
    data = workdir / "data"
    backfill_openmetrics(promtool, openmetrics, data)

    for number, recordings in enumerate(recordings_by_depth(model)):
        rule_file = _pass_file(model, recordings, workdir / f"pass-{number}.yaml")
        blocks = workdir / f"blocks-{number}"
        with PrometheusServer(prometheus, data, extra_args=extra_args) as server:
            backfill_rules(promtool, server.url, rule_file, *window, blocks)
        for block in blocks.iterdir():
            shutil.move(str(block), data / block.name)

    rules = write_rule_files(model, workdir / "rules")
    server = PrometheusServer(prometheus, data, rules, extra_args=extra_args)
    server.start()
    return server
